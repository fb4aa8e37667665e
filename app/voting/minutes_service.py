"""The counting minutes of a ballot session: the gathering of the plain data that ``app.voting.minutes``
renders, the queries through the repositories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date

from sqlalchemy.orm import Session

from app.blocs import leadership
from app.core.principal import Principal
from app.core.time import VN_TZ
from app.models import Bloc, Campaign, Title, VotingSession
from app.units import repository as units_repository
from app.voting import minutes, visibility
from app.voting.tally import TallyResult

COUNCIL_NAME = "Hội đồng Thi đua – Khen thưởng"


@dataclass(frozen=True)
class MinutesFile:
    filename: str
    content: bytes


def _local_date(vs: VotingSession) -> date:
    at = vs.closed_at or vs.published_at
    # The minutes carry the date the delegates saw: Vietnam's, not UTC's.
    return (at or vs.updated_at).astimezone(UTC).astimezone(VN_TZ).date()


def minutes_of(session: Session, vs: VotingSession) -> minutes.Minutes:
    """The plain data of a closed session's minutes: its frozen result, with names instead of ids."""
    result = TallyResult.from_stored(vs.result or {})
    campaign = session.get(Campaign, vs.campaign_id) if vs.campaign_id else None
    bloc = session.get(Bloc, campaign.bloc_id) if campaign else None
    title = session.get(Title, vs.title_code)
    held_on = _local_date(vs)
    ids = {c.unit_id for c in result.candidates}
    leader_id = (
        leadership.leader_unit_id(session, bloc_id=campaign.bloc_id, year=campaign.year) if campaign else None
    )
    if leader_id:
        ids.add(leader_id)
    names = units_repository.names_by_id(session, unit_ids=ids)
    tied = result.tied
    return minutes.Minutes(
        bloc_name=bloc.name if bloc else COUNCIL_NAME,
        title_name=title.name if title else vs.title_code,
        year=campaign.year if campaign else held_on.year,
        held_on=held_on,
        seats=vs.seats,
        electorate=result.electorate,
        ballots_cast=result.ballots_cast,
        blank=result.blank,
        quorum_met=result.quorum_met,
        candidates=[
            minutes.CandidateLine(
                unit_name=names.get(c.unit_id, c.unit_id),
                votes=c.votes,
                share=c.share,
                elected=c.elected,
                tied=c.unit_id in tied,
            )
            for c in result.candidates
        ],
        elected=[names.get(u, u) for u in result.elected],
        tied=[names.get(u, u) for u in tied],
        unfilled_seats=result.unfilled_seats,
        threshold_share=vs.threshold_share,
        threshold_of=vs.threshold_of,
        threshold_inclusive=vs.threshold_inclusive,
        quorum=vs.quorum,
        secret=vs.secret,
        session_name=vs.name,
        runoff=vs.runoff_of is not None,
        leader_unit_name=names.get(leader_id) if leader_id else None,
    )


def minutes_file(session: Session, *, principal: Principal, session_id: str) -> MinutesFile:
    """The session's minutes as a DOCX file, for a principal who may see its results."""
    vs = session.get(VotingSession, session_id) if len(session_id) <= 64 else None
    if vs is None:
        raise visibility.not_found()
    visibility.require_results(session, principal, vs)  # 409 when early (the policy hid it from non-readers)
    data = minutes_of(session, vs)
    return MinutesFile(filename=minutes.filename(data), content=minutes.render(data))
