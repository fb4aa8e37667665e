"""The council's secret vote: casting a ballot, an absent member's written vote, turnout, and the seal at
the close.

The secrecy design is the ballot engine's (``app.voting.ballots``, docs/ballot-secrecy.md): *that* a member
voted (``CouncilVoter``: session and member, nothing else) and *what* the ballot said (``CouncilBallot``:
a random id, the session, the receipt's hash, the kind, the choices; no voter, no time; ``WITHOUT ROWID``
on SQLite) are two rows with nothing in common but the session. The close rewrites both tables' rows in
random order (``seal``) and the router scrubs the storage once the close has committed
(``app.voting.scrub``). Nothing here logs, audits or returns a choice or a receipt (the receipt goes back
once, to the voter, in the answer to the ballot).

One ballot per member is the ``council_voters`` primary key, not a check in Python: of any number of
concurrent ballots for one member, on any number of servers, exactly one inserts its row.

A written vote (an absent member's opinion in writing, entered by the secretary) is stored the same way,
as a ballot of kind ``written``: the secretary knows what it says (it is not secret by nature), the
database does not link it to the member any more than an electronic one.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import audit
from app.core.errors import Conflict, Forbidden, Invalid
from app.core.principal import Principal
from app.council import policies, repository, rules
from app.models import CouncilBallot, CouncilMember, CouncilSession, CouncilSessionStatus, CouncilVoter
from app.voting import receipts


def _session(session: Session, session_id: str, *, lock: str | None = None) -> CouncilSession:
    row = repository.get_session(session, session_id, lock=lock)
    if row is None:
        raise policies.session_not_found()
    return row


def _require_open(row: CouncilSession) -> None:
    if row.status != CouncilSessionStatus.OPEN:
        raise Conflict(
            f"The session is {row.status}; votes are accepted only while it is open.",
            code="session_not_open",
            detail_vi="Phiên họp không trong thời gian biểu quyết nên không nhận phiếu.",
            extra={"current_status": str(row.status)},
        )


def _check_choices(session: Session, row: CouncilSession, choices: Mapping[str, str]) -> None:
    agenda = [a.proposal_item_id for a in repository.agenda_items(session, row.id)]
    errors = rules.choice_errors(choices, agenda)
    if errors:
        raise Invalid(
            "The ballot names items that are not on the session's agenda.",
            code="not_on_agenda",
            detail_vi="Phiếu biểu quyết có nội dung không thuộc chương trình phiên họp.",
            errors=errors,
        )


def _store(
    session: Session, row: CouncilSession, member_id: str, choices: Mapping[str, str], kind: str
) -> str:
    """Mark the member as having voted (the primary key refuses a second time: 409), then store the ballot;
    returns its receipt."""
    try:
        with session.begin_nested():  # a savepoint, so the failed insert leaves the transaction usable
            session.add(CouncilVoter(session_id=row.id, member_id=member_id))
            session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "This member has already voted in this session.",
            code="already_voted",
            detail_vi="Thành viên này đã biểu quyết trong phiên họp.",
        ) from exc
    receipt = receipts.new_receipt()
    session.add(
        CouncilBallot(
            id=receipts.new_ballot_id(),
            session_id=row.id,
            receipt_hash=receipts.receipt_hash(receipt),
            kind=kind,
            choices={item_id: str(vote) for item_id, vote in sorted(choices.items())},
        )
    )
    session.flush()
    return receipt


def _member_of_user(session: Session, council_id: str, user_id: str) -> CouncilMember | None:
    return session.scalar(
        select(CouncilMember).where(CouncilMember.council_id == council_id, CouncilMember.user_id == user_id)
    )


def not_present() -> Forbidden:
    return Forbidden(
        "Only members marked present at the session (in person or by a substitute) vote here; an absent "
        "member's opinion in writing is entered by the secretary.",
        code="not_present",
        detail_vi="Chỉ thành viên có mặt tại phiên họp (hoặc có người dự thay) được biểu quyết; ý kiến bằng "
        "văn bản của thành viên vắng mặt do Thư ký Hội đồng nhập.",
    )


def cast(*, session: Session, principal: Principal, session_id: str, choices: Mapping[str, str]) -> str:
    """The member's ballot (or their substitute's, who votes for them with the member's account); returns
    the receipt. The status is read under the row's lock (FOR SHARE), which a close must wait for."""
    row = _session(session, session_id, lock="share")
    _require_open(row)
    member = _member_of_user(session, row.council_id, principal.id)
    present = repository.attendance(session, row.id).get(member.id) if member is not None else None
    if member is None or present is None or not present.present:
        raise not_present()
    _check_choices(session, row, choices)
    receipt = _store(session, row, member.id, choices, "electronic")
    # Names the session only: never the ballot, its receipt or its choices.
    audit.record(
        session,
        actor=principal.actor,
        action="council_session.ballot_cast",
        object_type="council_session",
        object_id=row.id,
    )
    return receipt


def record_written(
    *, session: Session, principal: Principal, session_id: str, member_id: str, choices: Mapping[str, str]
) -> str:
    """An absent member's written vote, entered by the secretary (or the secretariat)."""
    row = _session(session, session_id, lock="share")
    _require_open(row)
    line = repository.attendance(session, row.id).get(member_id) if len(member_id) <= 64 else None
    if line is None or line.present:
        raise Invalid(
            "A written vote is entered for a member the session counted as absent.",
            code="member_not_absent",
            detail_vi="Chỉ nhập phiếu bằng văn bản cho thành viên vắng mặt tại phiên họp.",
            errors=[
                {"loc": ["body", "member_id"], "msg": "not an absent member", "type": "member_not_absent"}
            ],
        )
    _check_choices(session, row, choices)
    receipt = _store(session, row, member_id, choices, "written")
    audit.record(
        session,
        actor=principal.actor,
        action="council_session.written_vote",
        object_type="council_session",
        object_id=row.id,
        details={"member_id": member_id},
    )
    return receipt


@dataclass(frozen=True)
class Turnout:
    members: int
    present: int
    voted: int
    written: int
    i_voted: bool


def turnout(*, session: Session, principal: Principal, session_id: str) -> Turnout:
    row = _session(session, session_id)
    attendance = repository.attendance(session, row.id)
    members = (
        row.members_count
        if row.members_count is not None
        else len(repository.current_members(session, row.council_id, row.held_on))
    )
    member = _member_of_user(session, row.council_id, principal.id) if principal.is_user else None
    return Turnout(
        members=members,
        present=sum(1 for a in attendance.values() if a.present),
        voted=repository.voter_count(session, row.id),
        written=repository.written_count(session, row.id),
        i_voted=member is not None and repository.has_voted(session, row.id, member.id),
    )


def seal(session: Session, session_id: str) -> None:
    """Rewrite the session's ``council_ballots`` and ``council_voters`` rows, each table in a fresh random
    order, in the closing transaction (docs/ballot-secrecy.md: afterwards every row carries the closing
    transaction's id and sits where a shuffle put it)."""
    repository.rewrite_ballots(session, session_id=session_id, shuffle=secrets.SystemRandom().shuffle)
