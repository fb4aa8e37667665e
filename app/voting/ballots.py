"""Casting ballots, turnout, receipt checks, and what the close of a session needs from the ballots.

Secrecy (docs/ballot-secrecy.md): *that* a delegate voted (``BallotVoter``; for a unit, also
``BallotUnitVoter``) and *what* was chosen
(``Ballot``) are two rows with nothing in common but the session. A ballot of a secret session has a
random id, no voter, no time; only the hash of its receipt is stored. Nothing here logs, audits or
returns a choice or a receipt (the receipt goes back once, to the voter, in the answer to the ballot).

One ballot per delegate is the ``ballot_voters`` primary key, not a check in Python: of any number of
concurrent ballots by one delegate, on any number of servers, exactly one inserts its row.

Functions for the sessions' service (``app.voting.service``), which calls them while it holds the
session row locked for its close: ``all_choices``, ``seal``, ``non_secret_ballots``.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Executable, bindparam, delete, exists, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.core import audit
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.principal import Principal
from app.models import (
    Ballot,
    BallotMethod,
    BallotUnitVoter,
    BallotVoter,
    SessionCandidate,
    SessionElector,
    SessionStatus,
    VotingSession,
)
from app.models.base import table_of
from app.voting import receipts, repository, unit_delegates, visibility

_MAX_ID_LENGTH = 64


# ---- pure rules ---------------------------------------------------------------------------------------


def choice_errors(
    choices: Sequence[str], candidates: Collection[str], max_choices: int
) -> list[dict[str, Any]]:
    """What is wrong with a ballot's choices, as validation error entries naming each bad entry.

    An empty list is a valid (blank) ballot.
    """
    errors: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, unit_id in enumerate(choices):
        loc = ["body", "choices", index]
        if unit_id in seen:
            errors.append(
                {"loc": loc, "msg": f"{unit_id} is chosen more than once", "type": "duplicate_choice"}
            )
        elif unit_id not in candidates:
            errors.append(
                {
                    "loc": loc,
                    "msg": f"{unit_id} is not a candidate of this session",
                    "type": "unknown_candidate",
                }
            )
        seen.add(unit_id)
    if len(choices) > max_choices:
        errors.append(
            {
                "loc": ["body", "choices"],
                "msg": f"a ballot approves at most {max_choices} candidate(s); this one has {len(choices)}",
                "type": "too_many_choices",
            }
        )
    return errors


# ---- loading and permissions ---------------------------------------------------------------------------


def _get(session: Session, session_id: str) -> VotingSession | None:
    return session.get(VotingSession, session_id) if len(session_id) <= _MAX_ID_LENGTH else None


def _session(session: Session, session_id: str) -> VotingSession:
    """The session the route's policy (``app.voting.policies``) admitted the principal to; 404 only if it
    vanished since."""
    vs = _get(session, session_id)
    if vs is None:
        raise visibility.not_found()
    return vs


# Built once (building a statement per request costs more than running it). FOR SHARE (PostgreSQL) locks
# the session's row: the close takes FOR UPDATE, so it waits for the ballots in flight and a ballot that
# arrives during the close waits for it, then sees the new status. SQLite ignores the clause; its write
# transactions run one at a time anyway (BEGIN IMMEDIATE). The caller's listing in the electorate comes
# along, read as a plain read (as visibility.is_elector reads it).
_FOR_SHARE_LISTED = (
    select(
        VotingSession,
        exists()
        .where(SessionElector.session_id == VotingSession.id, SessionElector.user_id == bindparam("user_id"))
        .label("listed"),
    )
    .where(VotingSession.id == bindparam("session_id"))
    .with_for_update(read=True, of=VotingSession)
)


def _has_voted(session: Session, session_id: str, user_id: str) -> bool:
    return session.get(BallotVoter, (session_id, user_id)) is not None


# ---- casting -------------------------------------------------------------------------------------------


def cast(*, session: Session, principal: Principal, session_id: str, choices: Sequence[str]) -> str:
    """Record the principal's ballot; returns the receipt (shown once, stored only as a hash).

    The route's policy has admitted the principal as a delegate of the session. The electorate is read
    again under the lock: it may change while the session is a draft, and the policy read it before."""
    # The session FOR SHARE, and whether the caller is listed in its electorate, in one statement.
    found = (
        session.execute(
            _FOR_SHARE_LISTED,
            {"session_id": session_id, "user_id": principal.id if principal.is_user else None},
            execution_options={"populate_existing": True},  # re-read under the lock
        ).first()
        if len(session_id) <= _MAX_ID_LENGTH
        else None
    )
    if found is None:
        raise visibility.not_found()
    vs, listed = found
    # One delegate per unit: the unit whose vote the caller holds at this moment (a substitution may
    # have moved it since the policy looked).
    unit_id = unit_delegates.elector_unit(session, principal, vs) if vs.one_delegate_per_unit else None
    admitted = unit_id is not None if vs.one_delegate_per_unit else principal.is_user and bool(listed)
    if not admitted:
        raise Forbidden(
            "You are not in this session's electorate.",
            code="not_in_electorate",
            detail_vi="Bạn không có tên trong danh sách đại biểu của phiên bỏ phiếu này.",
        )
    if vs.method == BallotMethod.PAPER:  # counted by its committee (app.counting); mixed takes both
        raise Conflict(
            "This session votes on paper ballots, counted by its counting committee; it takes no "
            "electronic ballot.",
            code="paper_session",
            detail_vi="Phiên này bỏ phiếu bằng phiếu giấy do Ban kiểm phiếu kiểm; không nhận phiếu điện tử.",
        )
    if vs.status != SessionStatus.OPEN:
        raise Conflict(
            f"The session is {vs.status}; ballots are accepted only while it is open.",
            code="session_not_open",
            detail_vi="Phiên bỏ phiếu không ở trạng thái đang mở nên không nhận phiếu.",
            extra={"session_status": vs.status},
        )
    candidates = set(session.scalars(_CANDIDATES, {"session_id": vs.id}))
    errors = choice_errors(choices, candidates, vs.max_choices)
    if errors:
        raise Invalid(
            "The ballot's choices are not valid: " + "; ".join(e["msg"] for e in errors) + ".",
            detail_vi="Lựa chọn trên phiếu không hợp lệ "
            "(không phải ứng viên, bị trùng lặp hoặc vượt quá số được chọn).",
            errors=errors,
        )
    _mark_voted(session, vs.id, principal.id, unit_id=unit_id)
    receipt = receipts.new_receipt()
    session.execute(
        _INSERT_BALLOT,
        {
            "id": receipts.new_ballot_id(),
            "session_id": vs.id,
            "receipt_hash": receipts.receipt_hash(receipt),
            "choices": sorted(choices),
            "voter_id": None if vs.secret else principal.id,
        },
    )
    # Names the session only: never the ballot, its receipt or its choices.
    audit.record(
        session, actor=principal.actor, action="ballot.cast", object_type="voting_session", object_id=vs.id
    )
    return receipt


def _mark_voted(session: Session, session_id: str, user_id: str, *, unit_id: str | None = None) -> None:
    """Insert the delegate's ``BallotVoter`` row (and, voting for a unit, the unit's ``BallotUnitVoter``
    first); their primary keys refuse a second ballot (409), for the unit even after a substitution. The
    inserts skip a row that exists (ON CONFLICT DO NOTHING) rather than fail, so the transaction stays
    usable without a savepoint; the 409 then rolls the whole request back."""
    dialect = session.get_bind().dialect.name
    if unit_id is not None and not _inserted(
        session, _INSERT_IF_ABSENT[dialect, "unit"], {"session_id": session_id, "unit_id": unit_id}
    ):
        raise _already_voted()
    if not _inserted(
        session, _INSERT_IF_ABSENT[dialect, "user"], {"session_id": session_id, "user_id": user_id}
    ):
        raise _already_voted()


def _inserted(session: Session, statement: Executable, params: dict[str, str]) -> bool:
    return session.execute(statement, params).first() is not None  # RETURNING: a row only when inserted


def _already_voted() -> Conflict:
    return Conflict(
        "You have already cast your ballot in this session.",
        code="already_voted",
        detail_vi="Bạn đã bỏ phiếu trong phiên này.",
    )


# Built once (building a statement per request costs more than running it).
_CANDIDATES = select(SessionCandidate.unit_id).where(SessionCandidate.session_id == bindparam("session_id"))
_INSERT_BALLOT = insert(table_of(Ballot))
_INSERT_IF_ABSENT = {
    (dialect, kind): module.insert(table_of(model))
    .on_conflict_do_nothing()
    .returning(table_of(model).c.session_id)
    for dialect, module in (("sqlite", sqlite), ("postgresql", postgresql))
    for kind, model in (("unit", BallotUnitVoter), ("user", BallotVoter))
}


# ---- turnout and receipts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turnout:
    electorate: int
    voted: int
    i_voted: bool


def turnout(*, session: Session, principal: Principal, session_id: str) -> Turnout:
    vs = _session(session, session_id)
    electorate = repository.elector_count(session, session_id=vs.id)
    voted = repository.voter_count(session, session_id=vs.id)
    i_voted = principal.is_user and _has_voted(session, vs.id, principal.id)
    return Turnout(electorate=int(electorate or 0), voted=int(voted or 0), i_voted=i_voted)


def _not_closed(vs: VotingSession) -> Conflict:
    if vs.status == SessionStatus.CANCELLED:
        return Conflict(
            "The session was cancelled; its ballots were not counted.",
            code="session_not_closed",
            detail_vi="Phiên bỏ phiếu đã bị hủy; các phiếu không được kiểm.",
            extra={"session_status": vs.status},
        )
    return Conflict(
        "The session is not closed yet; receipts are checked once the count is done.",
        code="session_not_closed",
        detail_vi="Phiên bỏ phiếu chưa kết thúc; mã biên nhận được kiểm tra sau khi kiểm phiếu.",
        extra={"session_status": vs.status},
    )


def _unknown_receipt() -> NotFound:
    return NotFound(
        "No ballot of this session has this receipt.", detail_vi="Không có phiếu nào với mã biên nhận này."
    )


def check_receipt(*, session: Session, principal: Principal, session_id: str, receipt: str) -> bool:
    """Whether the ballot with this receipt was counted (always True when the answer is not an error).

    The route's policy has let through the session's readers and whoever presents a receipt of one of its
    ballots (the receipt is the capability); the session does not exist for anyone else. So everyone here
    learns whether it is closed before the receipt is looked at; a reader with a receipt that is not one
    of the session's gets 404. The answer never says anything about the ballot's content.
    """
    vs = _session(session, session_id)
    if vs.status not in visibility.COUNTED:
        raise _not_closed(vs)
    ballot_session_id = (
        session.scalar(select(Ballot.session_id).where(Ballot.receipt_hash == receipts.receipt_hash(receipt)))
        if receipts.well_formed(receipt)
        else None
    )
    if ballot_session_id != vs.id:
        raise _unknown_receipt()
    return True


# ---- for the close, the tally and the results ----------------------------------------------------------


def all_choices(session: Session, session_id: str) -> list[list[str]]:
    """Every ballot's choices (a blank ballot is ``[]``), in the ballots' random-id order."""
    rows = session.scalars(select(Ballot.choices).where(Ballot.session_id == session_id).order_by(Ballot.id))
    return [list(choices) for choices in rows]


def non_secret_ballots(session: Session, session_id: str) -> list[dict[str, Any]]:
    """``[{"user_id", "choices"}]`` of a session with ``secret=false``, by user id; ``[]`` if secret."""
    vs = session.get(VotingSession, session_id)
    if vs is None or vs.secret:
        return []
    rows = repository.open_ballot_rows(session, session_id=session_id)
    return [{"user_id": voter_id, "choices": list(choices)} for voter_id, choices in rows]


def seal(session: Session, session_id: str) -> None:
    """Rewrite the session's ``ballots`` and ``ballot_voters`` rows, each table in a fresh random order.

    Called in the closing transaction, with the session row locked FOR UPDATE. While the session was open
    each delegate's ``BallotVoter`` and ``Ballot`` rows were written by the same transaction, so the storage
    could link them (PostgreSQL ``xmin`` and ``ctid``, SQLite rowid and page order). Afterwards every row of
    both tables carries the closing transaction's id and sits where a shuffle put it. The copies the storage
    keeps of the open period (SQLite's WAL, PostgreSQL's dead row versions) are removed once the close has
    committed (``app.voting.scrub``).
    """
    rng = secrets.SystemRandom()
    voters = [
        {"session_id": session_id, "user_id": user_id}
        for user_id in session.scalars(
            select(BallotVoter.user_id).where(BallotVoter.session_id == session_id)
        )
    ]
    unit_voters = [
        {"session_id": session_id, "unit_id": unit_id}
        for unit_id in session.scalars(
            select(BallotUnitVoter.unit_id).where(BallotUnitVoter.session_id == session_id)
        )
    ]
    ballots = [
        dict(row._mapping)
        for row in session.execute(
            select(Ballot.id, Ballot.session_id, Ballot.receipt_hash, Ballot.choices, Ballot.voter_id).where(
                Ballot.session_id == session_id
            )
        )
    ]
    rng.shuffle(voters)
    rng.shuffle(unit_voters)
    rng.shuffle(ballots)
    for obj in list(session.identity_map.values()):  # the rows below replace any loaded copies
        if isinstance(obj, Ballot | BallotVoter | BallotUnitVoter) and obj.session_id == session_id:
            session.expunge(obj)
    session.execute(
        delete(BallotVoter)
        .where(BallotVoter.session_id == session_id)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        delete(BallotUnitVoter)
        .where(BallotUnitVoter.session_id == session_id)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        delete(Ballot).where(Ballot.session_id == session_id).execution_options(synchronize_session=False)
    )
    # Multi-row inserts keep the order of the parameter list on both databases.
    if voters:
        session.execute(insert(table_of(BallotVoter)), voters)
    if unit_voters:
        session.execute(insert(table_of(BallotUnitVoter)), unit_voters)
    if ballots:
        session.execute(insert(table_of(Ballot)), ballots)
