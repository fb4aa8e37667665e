"""The counting minutes of a ballot session: the gathering of the plain data that ``app.voting.minutes``
renders, the queries through the repositories."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date

from sqlalchemy.orm import Session

from app.blocs import leadership
from app.core.principal import Principal
from app.core.time import VN_TZ
from app.counting import repository as counting_repository
from app.counting import result as counting_result
from app.counting.agreement import PaperEntry
from app.models import BallotMethod, Bloc, Campaign, CountingRole, Title, VotingSession
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
    paper, parts = _paper(vs, result)
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
                **parts.get(c.unit_id, {}),
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
        paper=paper,
        committee=_committee(session, vs),
    )


def _paper(
    vs: VotingSession, result: TallyResult
) -> tuple[minutes.PaperLines | None, dict[str, dict[str, int]]]:
    """A paper or mixed session's agreed count for the minutes, and (mixed) each candidate's paper and
    electronic votes: the electronic part is what the stored sum adds to the paper count."""
    if vs.paper_count is None or vs.method == BallotMethod.ELECTRONIC:
        return None, {}
    paper = PaperEntry.from_stored(vs.paper_count)
    lines = minutes.PaperLines(
        issued=paper.issued,
        returned=paper.returned,
        valid=paper.valid,
        invalid=paper.invalid,
        blank=paper.blank,
        invalid_reasons=list(paper.invalid_reasons),
    )
    if vs.method != BallotMethod.MIXED:
        return lines, {}
    electronic = counting_result.electronic_of(result, paper)
    lines = replace(lines, electronic_ballots=electronic.ballots, electronic_blank=electronic.blank)
    parts = {
        c.unit_id: {
            "paper_votes": paper.votes.get(c.unit_id, 0),
            "electronic_votes": electronic.votes[c.unit_id],
        }
        for c in result.candidates
    }
    return lines, parts


def _committee(session: Session, vs: VotingSession) -> list[minutes.CommitteeLine] | None:
    members = counting_repository.members(session, session_id=vs.id)
    return [
        minutes.CommitteeLine(full_name=m.full_name, title=m.title, head=m.role == CountingRole.HEAD)
        for m in members
    ] or None


def minutes_file(session: Session, *, principal: Principal, session_id: str) -> MinutesFile:
    """The session's minutes as a DOCX file, for a principal who may see its results."""
    vs = session.get(VotingSession, session_id) if len(session_id) <= 64 else None
    if vs is None:
        raise visibility.not_found()
    visibility.require_results(session, principal, vs)  # 409 when early (the policy hid it from non-readers)
    data = minutes_of(session, vs)
    return MinutesFile(filename=minutes.filename(data), content=minutes.render(data))
