"""The ballot sessions' queries that are more than one-liners: candidates, electorates and the session
list. (The ballots' own statements are ``app.voting.ballots``'s; see there.)"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import ColumnElement, Row, bindparam, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from app.core.pagination import PageParams, paginate
from app.models import (
    Ballot,
    BallotUnitVoter,
    BallotVoter,
    Conference,
    SessionCandidate,
    SessionElector,
    SessionStatus,
    Unit,
    User,
    VotingSession,
)
from app.voting import unit_delegates


def candidate_ids(session: Session, *, session_id: str) -> list[str]:
    """The session's candidate units in ballot order."""
    return list(
        session.scalars(
            select(SessionCandidate.unit_id)
            .where(SessionCandidate.session_id == session_id)
            .order_by(SessionCandidate.position)
        )
    )


def _per_unit(session: Session, session_id: str) -> VotingSession | None:
    vs = session.get(VotingSession, session_id)
    return vs if vs is not None and vs.one_delegate_per_unit else None


def elector_count(session: Session, *, session_id: str) -> int:
    """The size of the electorate: its delegates, or its units (a one-delegate-per-unit session)."""
    if (vs := _per_unit(session, session_id)) is not None:
        return unit_delegates.size(session, vs)
    return session.scalar(_ELECTOR_COUNT, {"session_id": session_id}) or 0


# Built once (building a statement per request costs more than running it): the turnout is polled by every
# live watcher every second.
_ELECTOR_COUNT = (
    select(func.count())
    .select_from(SessionElector)
    .where(SessionElector.session_id == bindparam("session_id"))
)
_VOTER_COUNT = (
    select(func.count()).select_from(BallotVoter).where(BallotVoter.session_id == bindparam("session_id"))
)
_UNIT_VOTER_COUNT = (
    select(func.count())
    .select_from(BallotUnitVoter)
    .where(BallotUnitVoter.session_id == bindparam("session_id"))
)


def candidate_rows(
    session: Session, *, session_ids: Collection[str]
) -> Sequence[Row[tuple[str, str, str, str]]]:
    """(session id, unit id, unit code, unit name) of the sessions' candidates, by session then ballot
    order (the names read along: a response names every unit it lists)."""
    return session.execute(_CANDIDATES, {"ids": list(session_ids)}).all()


# Built once (building a statement per request costs more than running it).
_CANDIDATES = (
    select(SessionCandidate.session_id, SessionCandidate.unit_id, Unit.code, Unit.name)
    .join(Unit, Unit.id == SessionCandidate.unit_id)
    .where(SessionCandidate.session_id.in_(bindparam("ids", expanding=True)))
    .order_by(SessionCandidate.session_id, SessionCandidate.position)
)


def conference_titles(session: Session, conference_ids: Collection[str | None]) -> dict[str, str]:
    """The titles of these conferences, by id."""
    ids = [c for c in conference_ids if c is not None]
    if not ids:
        return {}
    rows = session.execute(select(Conference.id, Conference.title).where(Conference.id.in_(ids))).all()
    return {cid: title for cid, title in rows}


def elector_rows(session: Session, *, session_ids: Collection[str]) -> Sequence[Row[tuple[str, str, str]]]:
    """(session id, user id, full name) of the sessions' electors, by session then user id."""
    return session.execute(_ELECTORS, {"ids": list(session_ids)}).all()


_ELECTORS = (
    select(SessionElector.session_id, SessionElector.user_id, User.full_name)
    .join(User, User.id == SessionElector.user_id)
    .where(SessionElector.session_id.in_(bindparam("ids", expanding=True)))
    .order_by(SessionElector.session_id, SessionElector.user_id)
)


def replace_members(
    session: Session, *, session_id: str, candidate_ids: Sequence[str], electorate: Sequence[str]
) -> None:
    """Replace the session's candidates (in this order) and electorate."""
    session.execute(delete(SessionCandidate).where(SessionCandidate.session_id == session_id))
    session.execute(delete(SessionElector).where(SessionElector.session_id == session_id))
    session.execute(
        insert(SessionCandidate),
        [{"session_id": session_id, "unit_id": u, "position": i} for i, u in enumerate(candidate_ids)],
    )
    if electorate:  # none in a one-delegate-per-unit session (an empty insert would write a blank row)
        session.execute(
            insert(SessionElector), [{"session_id": session_id, "user_id": u} for u in electorate]
        )


def sessions_page(
    session: Session,
    *,
    page: PageParams,
    readable: ColumnElement[bool] | None,
    campaign_id: str | None,
    status: str | None,
    elector_id: str | None,
) -> tuple[Sequence[VotingSession], str | None]:
    """The sessions matching ``readable`` and every filter given (``elector_id``: those the user may vote
    in), in creation order, a page at a time."""
    stmt = select(VotingSession)
    if readable is not None:
        stmt = stmt.where(readable)
    if campaign_id is not None:
        stmt = stmt.where(VotingSession.campaign_id == campaign_id)
    if status is not None:
        stmt = stmt.where(VotingSession.status == status)
    if elector_id is not None:
        mine = select(SessionElector.session_id).where(SessionElector.user_id == elector_id)
        stmt = stmt.where(or_(VotingSession.id.in_(mine), unit_delegates.sessions_of_delegate(elector_id)))
    return paginate(session, stmt, page, created_col=VotingSession.created_at, id_col=VotingSession.id)


def live_runoff_id(session: Session, *, session_id: str) -> str | None:
    """The session's runoff that is not cancelled, if any."""
    return session.scalar(
        select(VotingSession.id).where(
            VotingSession.runoff_of == session_id, VotingSession.status != SessionStatus.CANCELLED
        )
    )


def voter_count(session: Session, *, session_id: str) -> int:
    """How many electors have cast a ballot in the session (units, in a one-delegate-per-unit session)."""
    counted = _UNIT_VOTER_COUNT if _per_unit(session, session_id) is not None else _VOTER_COUNT
    return session.scalar(counted, {"session_id": session_id}) or 0


def open_ballot_rows(session: Session, *, session_id: str) -> Sequence[Row[tuple[str | None, list[str]]]]:
    """(voter id, choices) of the session's ballots that name their voter, by voter id."""
    return session.execute(
        select(Ballot.voter_id, Ballot.choices)
        .where(Ballot.session_id == session_id, Ballot.voter_id.is_not(None))
        .order_by(Ballot.voter_id)
    ).all()
