"""The year-end conference's two ballots of 2016, as published history: the ministry flag cast on paper and
counted by the counting committee (``app.demo.conference_loader``: no electronic ballot, nobody on record as
having voted electronically), the Government flag cast electronically and secret (ballots apart from who
voted); both counted by ``app.voting.tally`` from the demo's ballots (``app.demo.data``), and the four awards
they led to, decided. Idempotent: a published session of the title is left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.time import VN_TZ
from app.demo import conference_loader, data
from app.models import (
    Award,
    Ballot,
    BallotMethod,
    BallotVoter,
    Campaign,
    SessionCandidate,
    SessionElector,
    SessionStatus,
    Unit,
    User,
    VotingSession,
)
from app.models.base import new_id
from app.voting import receipts
from app.voting.tally import Rules, TallyResult, tally


def _count(counts: dict[str, int], what: str, n: int = 1) -> None:
    counts[what] = counts.get(what, 0) + n


@dataclass(frozen=True)
class Ballot2016:
    """One of the conference's ballots: what the demo writes and what the end-to-end test casts."""

    title_code: str
    name: str
    seats: int
    ballots: list[list[str]]  # unit codes, one list per delegate (delegate i: the officer of UNITS[i])
    opened_at: datetime
    closed_at: datetime
    published_at: datetime
    paper: bool = False  # cast on paper and counted by the counting committee (no electronic ballot)


MINISTRY_FLAG_BALLOT = Ballot2016(
    data.MINISTRY_FLAG,
    data.MINISTRY_FLAG_SESSION_NAME,
    data.MINISTRY_FLAG_SEATS,
    data.MINISTRY_FLAG_BALLOTS,
    conference_loader.at(9, 0),
    conference_loader.at(9, 30),
    conference_loader.at(10, 0),
    paper=True,
)
GOVERNMENT_FLAG_BALLOT = Ballot2016(
    data.GOVERNMENT_FLAG,
    data.GOVERNMENT_FLAG_SESSION_NAME,
    data.GOVERNMENT_FLAG_SEATS,
    data.GOVERNMENT_FLAG_BALLOTS,
    conference_loader.at(10, 15),
    conference_loader.at(10, 45),
    conference_loader.at(11, 0),
)


# ---- the 2016 election, as published history ----------------------------------------------------------


def _delegates(session: Session) -> list[User]:
    """The 16 officers, in the order of ``data.UNITS``: the electorate of both ballots."""
    by_name = {
        u.username: u
        for u in session.scalars(
            select(User).where(User.username.in_([data.officer_username(c) for c, *_ in data.UNITS]))
        )
    }
    return [by_name[data.officer_username(code)] for code, *_ in data.UNITS]


def load(
    session: Session, *, campaign: Campaign, units: dict[str, Unit], conference_id: str
) -> tuple[list[VotingSession], dict[str, int]]:
    """The conference's two ballots, in the order they were held, with the awards they led to (created if
    missing); and what was created, by kind."""
    counts: dict[str, int] = {}
    delegates = _delegates(session)
    leader = delegates[[c for c, *_ in data.UNITS].index(data.LEADER_CODE)]
    ministry = _published_session(
        session,
        campaign,
        MINISTRY_FLAG_BALLOT,
        candidates=[units[code].id for code, *_ in data.UNITS],
        delegates=delegates,
        created_by=leader.id,
        candidates_from=None,
        units=units,
        counts=counts,
        conference_id=conference_id,
    )
    government = _published_session(
        session,
        campaign,
        GOVERNMENT_FLAG_BALLOT,
        candidates=list(TallyResult.from_stored(ministry.result or {}).elected),
        delegates=delegates,
        created_by=leader.id,
        candidates_from={"session_id": ministry.id},
        units=units,
        counts=counts,
        conference_id=conference_id,
    )
    for vs in (ministry, government):
        _decided_awards(session, campaign, vs, counts)
    return [ministry, government], counts


def _published_session(
    session: Session,
    campaign: Campaign,
    ballot: Ballot2016,
    *,
    candidates: Sequence[str],
    delegates: Sequence[User],
    created_by: str,
    candidates_from: dict[str, str] | None,
    units: dict[str, Unit],
    counts: dict[str, int],
    conference_id: str,
) -> VotingSession:
    """A published session of the conference. On paper (``ballot.paper``): the counting committee's count
    of the paper ballots, and no electronic ballot nor any record of who voted; else the secret electronic
    ballots and who cast one."""
    existing = session.scalars(
        select(VotingSession).where(
            VotingSession.campaign_id == campaign.id,
            VotingSession.title_code == ballot.title_code,
            VotingSession.runoff_of.is_(None),
            VotingSession.status == SessionStatus.PUBLISHED,
        )
    ).first()
    if existing is not None:
        return existing
    choices = [[units[code].id for code in codes] for codes in ballot.ballots]
    rules = Rules(seats=ballot.seats)  # the defaults: more than half of the electorate, quorum one half
    counted = tally(candidates, len(delegates), choices, rules)
    vs = VotingSession(
        id=new_id(),
        campaign_id=campaign.id,
        title_code=ballot.title_code,
        name=ballot.name,
        seats=ballot.seats,
        max_choices=ballot.seats,
        threshold_share=rules.threshold_share,
        threshold_of=rules.threshold_of,
        threshold_inclusive=rules.threshold_inclusive,
        quorum=rules.quorum,
        secret=True,
        status="published",
        candidates_from=candidates_from,
        created_by=created_by,
        opened_at=ballot.opened_at,
        closed_at=ballot.closed_at,
        published_at=ballot.published_at,
        result=counted.as_dict(),
        created_at=ballot.opened_at - timedelta(minutes=30),
        updated_at=ballot.published_at,
        method=BallotMethod.PAPER if ballot.paper else BallotMethod.ELECTRONIC,
        conference_id=conference_id,
        paper_count=conference_loader.paper_count(counted, issued=len(delegates)) if ballot.paper else None,
    )
    session.add(vs)
    session.flush()
    for position, unit_id in enumerate(candidates):
        session.add(SessionCandidate(session_id=vs.id, unit_id=unit_id, position=position))
    for user in delegates:
        session.add(SessionElector(session_id=vs.id, user_id=user.id))
    if ballot.paper:
        for what, n in conference_loader.count_on_paper(session, vs).items():
            _count(counts, what, n)
        _count(counts, "voting_sessions")
        return vs
    for user in delegates:
        session.add(BallotVoter(session_id=vs.id, user_id=user.id))
    # Secret: no voter, no time, random ids; the receipts were never handed to anyone, only their hashes
    # exist (like every ballot's).
    for chosen in choices:
        session.add(
            Ballot(
                id=receipts.new_ballot_id(),
                session_id=vs.id,
                receipt_hash=receipts.receipt_hash(receipts.new_receipt()),
                choices=sorted(chosen),  # as app.voting.ballots stores them: nothing of the order chosen
            )
        )
    session.flush()
    _count(counts, "voting_sessions")
    _count(counts, "ballots", len(choices))
    return vs


def _decided_awards(session: Session, campaign: Campaign, vs: VotingSession, counts: dict[str, int]) -> None:
    number, day = data.AWARD_DECISIONS[vs.title_code]
    decided_on = date.fromisoformat(day)
    decided_at = datetime.combine(decided_on, time(9), tzinfo=VN_TZ).astimezone(UTC)
    held = set(
        session.scalars(
            select(Award.unit_id).where(Award.title_code == vs.title_code, Award.year == campaign.year)
        )
    )
    for unit_id in TallyResult.from_stored(vs.result or {}).elected:
        if unit_id in held:
            continue
        session.add(
            Award(
                id=new_id(),
                unit_id=unit_id,
                title_code=vs.title_code,
                year=campaign.year,
                status="decided",
                campaign_id=campaign.id,
                source_session_id=vs.id,
                decision_number=number,
                decision_date=decided_on,
                created_at=vs.published_at,
                updated_at=decided_at,
            )
        )
        _count(counts, "awards")
    session.flush()
