"""What a live stream reads at each poll: a session's turnout, a conference's attendance and its sessions'
turnout. Counts only (``app.voting.repository`` counts units for one-delegate-per-unit sessions)."""

from __future__ import annotations

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session

from app.blocs import leadership
from app.live.events import ConferenceView, SessionTurnout
from app.models import Campaign, Conference, ConferenceAgendaItem, ConferenceDelegate, VotingSession
from app.voting import repository as voting_repository

_MAX_ID_LENGTH = 64


def _turnout(session: Session, vs: VotingSession) -> SessionTurnout:
    return SessionTurnout(
        session_id=vs.id,
        name=vs.name,
        status=str(vs.status),
        electorate=voting_repository.elector_count(session, session_id=vs.id),
        voted=voting_repository.voter_count(session, session_id=vs.id),
    )


def session_turnout(session: Session, session_id: str) -> SessionTurnout | None:
    vs = session.get(VotingSession, session_id) if len(session_id) <= _MAX_ID_LENGTH else None
    return None if vs is None else _turnout(session, vs)


def _members(session: Session, conference: Conference) -> int:
    if conference.members_count is not None:  # frozen when it opened
        return conference.members_count
    campaign = session.get(Campaign, conference.campaign_id)
    if campaign is None:
        return 0
    return len(leadership.member_unit_ids(session, bloc_id=campaign.bloc_id, year=campaign.year))


def _present(session: Session, conference_id: str) -> int:
    """Units with at least one checked-in delegate."""
    return int(
        session.scalar(
            select(func.count(func.distinct(ConferenceDelegate.unit_id))).where(
                ConferenceDelegate.conference_id == conference_id,
                ConferenceDelegate.checked_in_at.is_not(None),
            )
        )
        or 0
    )


def conference_sessions(session: Session, conference_id: str) -> list[VotingSession]:
    """The conference's ballot sessions, held at it or on its agenda, in creation order."""
    ids = union(
        select(VotingSession.id).where(VotingSession.conference_id == conference_id),
        select(ConferenceAgendaItem.voting_session_id).where(
            ConferenceAgendaItem.conference_id == conference_id,
            ConferenceAgendaItem.voting_session_id.is_not(None),
        ),
    ).subquery()
    return list(
        session.scalars(
            select(VotingSession)
            .where(VotingSession.id.in_(select(ids.c[0])))
            .order_by(VotingSession.created_at, VotingSession.id)
        )
    )


def conference_view(session: Session, conference_id: str) -> ConferenceView | None:
    conference = session.get(Conference, conference_id) if len(conference_id) <= _MAX_ID_LENGTH else None
    if conference is None:
        return None
    return ConferenceView(
        conference_id=conference.id,
        status=str(conference.status),
        members=_members(session, conference),
        present=_present(session, conference.id),
        sessions=tuple(_turnout(session, vs) for vs in conference_sessions(session, conference.id)),
    )
