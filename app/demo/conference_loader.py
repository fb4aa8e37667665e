"""Loads the year-end conference of 29/12/2016 (``app.demo.conference``) as history, the way the
conference's features store it: the conference (closed, with its conclusions), its guest, two delegates per
member unit all checked in (the unit's deputy head, and its emulation officer — the unit's voting delegate),
next year's leadership, then, once the ballots exist, the agenda that links them; and the paper count of the
ministry-flag ballot by its counting committee.

Idempotent: ``load`` writes nothing when the campaign has its year-end conference, ``agenda`` nothing when
the conference has its agenda. Next year's membership is not created: the leadership row is what the
membership draft is derived from.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.time import VN_TZ
from app.demo import conference, data, people
from app.models import (
    AgendaKind,
    Bloc,
    Campaign,
    Conference,
    ConferenceAgendaItem,
    ConferenceDelegate,
    ConferenceGuest,
    ConferenceKind,
    ConferenceLeadership,
    ConferenceStatus,
    CountingMember,
    CountingRole,
    LeadershipMethod,
    PaperCount,
    Unit,
    User,
    VotingSession,
)
from app.models.base import new_id
from app.voting.tally import TallyResult


def at(hour: int, minute: int = 0) -> datetime:
    """A time of the conference day, in Hanoi, as stored (UTC)."""
    day = conference.HELD_ON
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN_TZ).astimezone(UTC)


def _users(session: Session) -> dict[str, User]:
    wanted = [data.SECRETARIAT_USERNAME, *(data.officer_username(c) for c, *_ in data.UNITS)]
    return {u.username: u for u in session.scalars(select(User).where(User.username.in_(wanted)))}


def deputy_heads() -> dict[str, tuple[str, str]]:
    """Unit code → (full name, position) of the deputy head each unit sends: the roster's second person."""
    out = {}
    for code, *_ in data.UNITS:
        row = next(r for r in people.ROSTER if r[0] == f"CB-{code}-002")
        out[code] = (row[1], row[4])
    return out


def chair() -> str:
    name, _position = deputy_heads()[data.LEADER_CODE]
    return f"{name}, {conference.CHAIR_ROLE}"


def load(
    session: Session, *, campaign: Campaign, units: dict[str, Unit]
) -> tuple[Conference, dict[str, int]]:
    """The campaign's year-end conference, created with its guest, delegates and leadership if missing;
    and what was created, by kind."""
    existing = session.scalars(
        select(Conference).where(
            Conference.campaign_id == campaign.id, Conference.kind == ConferenceKind.YEAR_END
        )
    ).one_or_none()
    if existing is not None:
        return existing, {}
    users = _users(session)
    leader = users[data.officer_username(data.LEADER_CODE)]
    row = Conference(
        id=new_id(),
        campaign_id=campaign.id,
        kind=ConferenceKind.YEAR_END,
        title=conference.TITLE,
        held_on=conference.HELD_ON,
        place=conference.PLACE,
        chaired_by=chair(),
        status=ConferenceStatus.CLOSED,
        quorum_share=conference.QUORUM_SHARE,
        members_count=len(data.UNITS),
        opened_at=at(*conference.OPENS),
        closed_at=at(*conference.CLOSES),
        conclusions=conference.CONCLUSIONS,
        created_by=leader.id,
        created_at=at(9) - timedelta(days=14),
        updated_at=at(*conference.CLOSES),
    )
    session.add(row)
    session.flush()
    session.add(
        ConferenceGuest(
            id=new_id(),
            conference_id=row.id,
            full_name=conference.GUEST_NAME,
            position=conference.GUEST_POSITION,
            organisation=conference.GUEST_ORGANISATION,
            attended=True,
            speaks=True,
            created_at=row.created_at,
            updated_at=row.created_at,
        )
    )
    heads = deputy_heads()
    check_in_hour, check_in_minute = conference.CHECK_IN_FROM
    for i, (code, _name, short_name, *_rest) in enumerate(data.UNITS):
        arrived = at(check_in_hour, check_in_minute) + timedelta(minutes=i)
        officer = users[data.officer_username(code)]
        head_name, head_position = heads[code]
        for full_name, position, user, voting in (
            (head_name, f"{head_position}, {short_name}", None, False),
            (officer.full_name, f"{conference.OFFICER_POSITION}, {short_name}", officer, True),
        ):
            session.add(
                ConferenceDelegate(
                    id=new_id(),
                    conference_id=row.id,
                    unit_id=units[code].id,
                    full_name=full_name,
                    position=position,
                    user_id=user.id if user is not None else None,
                    voting=voting,
                    checked_in_at=arrived,
                    checked_in_by=leader.id,
                    created_at=row.created_at,
                    updated_at=arrived,
                )
            )
    bloc = session.get(Bloc, campaign.bloc_id)
    assert bloc is not None
    session.add(
        ConferenceLeadership(
            id=new_id(),
            conference_id=row.id,
            bloc_id=bloc.id,
            year=conference.LEADERSHIP_YEAR,
            method=LeadershipMethod(conference.LEADERSHIP_METHOD),
            leader_unit_id=units[conference.NEXT_LEADER_CODE].id,
            deputy_unit_id=units[conference.NEXT_DEPUTY_CODE].id,
            note=conference.LEADERSHIP_NOTE,
            recorded_by=leader.id,
            recorded_at=at(11, 40),
        )
    )
    session.flush()
    return row, {
        "conferences": 1,
        "conference_guests": 1,
        "conference_delegates": 2 * len(data.UNITS),
        "conference_leadership": 1,
    }


def _ballot_outcome(vs: VotingSession, names: dict[str, str]) -> str:
    result = TallyResult.from_stored(vs.result or {})
    votes = {c.unit_id: c.votes for c in result.candidates}
    elected = "; ".join(f"{names[u]} ({votes[u]}/{result.electorate} phiếu)" for u in result.elected)
    return f"Trúng cử: {elected}."


def agenda(
    session: Session, *, row: Conference, sessions: list[VotingSession], units: dict[str, Unit]
) -> int:
    """The conference's agenda, once its ballots exist (in the order of ``conference.AGENDA``, whose ballot
    items take ``sessions`` in turn); how many items were written."""
    if session.scalar(
        select(ConferenceAgendaItem.id).where(ConferenceAgendaItem.conference_id == row.id).limit(1)
    ):
        return 0
    names = {u.id: u.name for u in units.values()}
    ballots = iter(sessions)
    speakers = {"chair": chair(), "guest": f"{conference.GUEST_NAME}, {conference.GUEST_POSITION}"}
    leadership = (
        f"Khối trưởng năm {conference.LEADERSHIP_YEAR}: {units[conference.NEXT_LEADER_CODE].name}; Khối phó: "
        f"{units[conference.NEXT_DEPUTY_CODE].name}."
    )
    for position, (kind, title, speaker, outcome) in enumerate(conference.AGENDA, start=1):
        vs = next(ballots) if kind == "ballot" else None
        if vs is not None:
            outcome = _ballot_outcome(vs, names)
        elif kind == "leadership":
            outcome = leadership
        session.add(
            ConferenceAgendaItem(
                id=new_id(),
                conference_id=row.id,
                position=position,
                kind=AgendaKind(kind),
                title=title,
                speaker=speakers.get(speaker or "", speaker),
                voting_session_id=vs.id if vs is not None else None,
                outcome=outcome,
            )
        )
    session.flush()
    return len(conference.AGENDA)


def paper_count(counted: TallyResult, *, issued: int) -> dict[str, Any]:
    """The count of paper ballots that gives ``counted``, in the shared paper-count form (every ballot
    returned and valid, the blank one included; every candidate's votes, 0 too). Pure."""
    return {
        "issued": issued,
        "returned": counted.ballots_cast,
        "valid": counted.ballots_cast,
        "invalid": 0,
        "blank": counted.blank,
        "invalid_reasons": [],
        "votes": {c.unit_id: c.votes for c in counted.candidates},
    }


def count_on_paper(session: Session, vs: VotingSession) -> dict[str, int]:
    """The counting committee of a paper session and the two entries of its count (``vs.paper_count``)
    that agree; what was created, by kind."""
    paper: dict[str, Any] = dict(vs.paper_count or {})
    members = [
        CountingMember(
            id=new_id(),
            session_id=vs.id,
            position=position,
            full_name=name,
            title=title,
            role=CountingRole(role),
            created_at=vs.opened_at,
            updated_at=vs.opened_at,
        )
        for position, (name, title, role) in enumerate(conference.COUNTING_COMMITTEE, start=1)
    ]
    session.add_all(members)
    session.flush()
    for member, (hour, minute) in zip(members, conference.COUNT_ENTERED, strict=False):
        entered = at(hour, minute)
        session.add(
            PaperCount(
                id=new_id(),
                session_id=vs.id,
                member_id=member.id,
                issued=paper["issued"],
                returned=paper["returned"],
                valid=paper["valid"],
                invalid=paper["invalid"],
                blank=paper["blank"],
                invalid_reasons=list(paper["invalid_reasons"]),
                votes=dict(paper["votes"]),
                entered_at=entered,
                created_at=entered,
                updated_at=entered,
            )
        )
    session.flush()
    return {"counting_members": len(members), "paper_counts": len(conference.COUNT_ENTERED)}
