"""The change feed's events of ballot sessions (``app.events``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.events import outbox, payloads
from app.models import Title, Unit, VotingSession
from app.voting.tally import TallyResult


def emit_published(session: Session, vs: VotingSession) -> None:
    """The feed's ``voting_session.published``: who was elected, never a ballot nor a voter."""
    assert vs.published_at is not None
    result = TallyResult.from_stored(vs.result or {})
    elected = list(result.elected) if result.quorum_met else []
    units = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(elected)))}
    title = session.get(Title, vs.title_code)
    data = payloads.VotingSessionPublished(
        id=vs.id,
        campaign_id=vs.campaign_id,
        title_code=vs.title_code,
        title_name=title.name if title is not None else None,
        name=vs.name,
        seats=vs.seats,
        electorate=result.electorate,
        ballots_cast=result.ballots_cast,
        quorum_met=result.quorum_met,
        elected=[
            payloads.ElectedUnit(
                unit_id=u,
                unit_code=units[u].code if u in units else None,
                unit_name=units[u].name if u in units else None,
            )
            for u in elected
        ],
        published_at=vs.published_at,
    )
    outbox.emit(session, data, object_id=vs.id, object_version=vs.version)
