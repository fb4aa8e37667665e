"""The conference's minutes: gathers the conference, its guests, attendance, agenda with the ballots'
frozen results (``app.voting.tally.TallyResult.from_stored``), the year report adopted and next year's
leadership into the plain data ``app.conferences.minutes`` renders. Counts and elected units only: no
ballot, and nothing that says who voted how."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.campaigns import access
from app.conferences import attendance, errors, minutes, people, repository, service
from app.models import (
    Bloc,
    Conference,
    ConferenceStatus,
    SessionStatus,
    Title,
    VotingSession,
    YearReport,
)
from app.voting.tally import TallyResult

COUNTED = (SessionStatus.CLOSED, SessionStatus.PUBLISHED)


@dataclass(frozen=True)
class MinutesFile:
    content: bytes
    filename: str


def _ballot(session: Session, session_id: str | None) -> minutes.Ballot | None:
    found = session.get(VotingSession, session_id) if session_id else None
    if found is None or found.status not in COUNTED or found.result is None:
        return None
    result = TallyResult.from_stored(found.result)
    votes = {c.unit_id: c.votes for c in result.candidates}
    names = repository.unit_names(session, set(result.elected))
    title = session.get(Title, found.title_code)
    return minutes.Ballot(
        name=found.name or (title.name if title is not None else found.title_code),
        electorate=result.electorate,
        cast=result.ballots_cast,
        elected=tuple(minutes.Elected(names.get(u, u), votes.get(u, 0)) for u in result.elected),
    )


def _leadership(session: Session, conference: Conference) -> minutes.NextLeadership | None:
    row = repository.leadership(session, conference.id)
    if row is None:
        return None
    ids = {row.leader_unit_id} | ({row.deputy_unit_id} if row.deputy_unit_id else set())
    names = repository.unit_names(session, ids)
    return minutes.NextLeadership(
        year=row.year,
        leader=names.get(row.leader_unit_id, ""),
        deputy=names.get(row.deputy_unit_id) if row.deputy_unit_id else None,
        method=str(row.method),
        note=row.note,
    )


def _delegate_line(v: people.DelegateView) -> str:
    d = v.delegate
    return f"{d.full_name} ({d.position})" if d.position else d.full_name


def minutes_of(session: Session, conference: Conference) -> minutes.ConferenceMinutes:
    campaign = access.get_campaign(session, conference.campaign_id)
    bloc = session.get(Bloc, campaign.bloc_id)
    seen = attendance.attendance(session, conference)
    report_version = session.scalar(
        select(YearReport.adopted_version).where(YearReport.campaign_id == campaign.id)
    )
    return minutes.ConferenceMinutes(
        bloc=bloc.name if bloc is not None else "",
        ministry=None,
        kind=str(conference.kind),
        title=conference.title,
        year=campaign.year,
        held_on=conference.held_on,
        place=conference.place,
        chair=conference.chaired_by or "",
        secretary="",
        guests=tuple(
            minutes.Guest(g.full_name, g.position, g.organisation)
            for g in repository.guests(session, conference.id)
        ),
        units=tuple(
            minutes.UnitLine(
                name=u.unit.name,
                present=u.present,
                delegates=tuple(_delegate_line(d) for d in u.delegates if d.delegate.checked_in_at),
            )
            for u in seen.units
        ),
        members=seen.quorum.members,
        quorum_share=str(seen.quorum.share),
        quorum_required=seen.quorum.required,
        items=tuple(
            minutes.Item(
                kind=str(i.kind),
                title=i.title,
                speaker=i.speaker,
                outcome=i.outcome,
                ballot=_ballot(session, i.voting_session_id),
            )
            for i in repository.agenda(session, conference.id)
        ),
        year_report_version=report_version,
        leadership=_leadership(session, conference),
        conclusions=conference.conclusions,
    )


def minutes_file(*, session: Session, conference_id: str) -> MinutesFile:
    conference = service.load(session, conference_id)
    if conference.status not in (ConferenceStatus.OPEN, ConferenceStatus.CLOSED):
        raise errors.not_open(conference, "open or closed")
    m = minutes_of(session, conference)
    return MinutesFile(minutes.render(m), minutes.filename(m))
