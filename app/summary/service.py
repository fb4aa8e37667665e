"""The bloc's year summary: the gathering of its parts. Read-only; no FastAPI here. Who may read it is the
route's policy (``app.summary.policies``).

Each part comes from the feature that owns it (the members from ``app.blocs``, the ranking from
``app.scoring.ranking``, the unsigned units and the report deadlines from the pledge's and the reports'
rules, result visibility from ``app.voting.visibility``) or from one set-based query of
``app.summary.repository``: a constant number of statements whatever the number of units or sessions
(whether the reader leads the bloc is asked once, not once per session).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from app.blocs import leadership
from app.blocs import service as blocs_service
from app.blocs.service import MemberView
from app.campaigns import access
from app.core.principal import Principal
from app.models import Award, Campaign, Pledge, PledgeSignature, VotingSession
from app.models.base import utcnow
from app.pledges import service as pledges_service
from app.reports import service as reports_service
from app.scoring.ranking import ranking
from app.summary import repository
from app.summary.view import (
    AwardLine,
    CandidateResult,
    MissingReport,
    PledgePart,
    ReceivedReport,
    ReportsPart,
    SessionLine,
    SessionResult,
    Signature,
    Summary,
    UnitRef,
)
from app.voting import visibility
from app.voting.tally import TallyResult


def summary(*, session: Session, principal: Principal, campaign_id: str) -> Summary:
    """The summary for a principal the route's policy admitted (``app.summary.policies``)."""
    campaign = access.get_campaign(session, campaign_id)
    # Whether the reader leads the bloc that year: what the sessions' result visibility asks.
    leads = leadership.is_leader(session, principal, campaign)
    bloc = blocs_service.get(session=session, bloc_id=campaign.bloc_id)
    members = blocs_service.members(session=session, bloc_id=campaign.bloc_id, year=campaign.year)
    pledge = repository.pledge_of(session, campaign.id)
    signatures = repository.signatures_of(session, pledge.id) if pledge is not None else []
    reports = repository.latest_reports(session, campaign.id)
    sessions = repository.sessions_of(session, campaign.id)
    awards = repository.awards_of(session, campaign)
    shown = {vs.id: _visible_result(session, principal, vs, leads=leads) for vs in sessions}

    names = _Units(members)
    names.fetch(
        session,
        [s.unit_id for s in signatures],
        [r[1] for r in reports],
        [a.unit_id for a in awards if a.unit_id is not None],
        (c.unit_id for result in shown.values() if result for c in result.candidates),
    )
    titles = repository.title_names(session, {vs.title_code for vs in sessions} | {_code(a) for a in awards})
    now = utcnow()
    return Summary(
        campaign=campaign,
        bloc_code=bloc.code,
        bloc_name=bloc.name,
        generated_at=now,
        members=members,
        pledge=_pledge_part(pledge, signatures, members, names),
        reports=_reports_part(campaign, reports, members, names, now=now),
        ranking=ranking(session, campaign),
        sessions=[_session_line(vs, shown[vs.id], titles, names) for vs in sessions],
        awards=[_award_line(a, titles, names) for a in awards],
    )


# ---- assembling ---------------------------------------------------------------------------------------


class _Units:
    """Unit id → ``UnitRef``: the members' from their list, any other's (a unit that has left the bloc since,
    which its activity normally forbids) fetched in one statement."""

    def __init__(self, members: Sequence[MemberView]) -> None:
        self._refs = {m.unit_id: UnitRef(m.unit_id, m.unit_code, m.unit_name) for m in members}

    def fetch(self, session: Session, *groups: Iterable[str]) -> None:
        wanted = {unit_id for group in groups for unit_id in group} - self._refs.keys()
        for unit_id, (code, name) in repository.units(session, wanted).items():
            self._refs[unit_id] = UnitRef(unit_id, code, name)

    def __call__(self, unit_id: str) -> UnitRef:
        return self._refs.get(unit_id) or UnitRef(unit_id, unit_id, unit_id)


def _by_code(members: Sequence[MemberView]) -> list[MemberView]:
    return sorted(members, key=lambda m: (m.unit_code, m.unit_id))


def _pledge_part(
    pledge: Pledge | None, signatures: Sequence[PledgeSignature], members: Sequence[MemberView], names: _Units
) -> PledgePart:
    by_code = [m.unit_id for m in _by_code(members)]
    return PledgePart(
        status=pledge.status if pledge is not None else None,
        title=pledge.title if pledge is not None else None,
        signed=[
            Signature(names(s.unit_id), s.signatory_name, s.signatory_position, s.signed_at)
            for s in signatures
        ],
        unsigned=[names(u) for u in pledges_service.unsigned(by_code, [s.unit_id for s in signatures])],
    )


def _reports_part(
    campaign: Campaign,
    rows: Sequence[tuple[str, str, str, int, str, datetime, bool]],
    members: Sequence[MemberView],
    names: _Units,
    *,
    now: datetime,
) -> ReportsPart:
    """Received: the latest version per unit and kind, by unit code then kind. Missing: each member and
    kind without any report, ``overdue`` once the kind's deadline day has ended (Vietnam time)."""
    kinds = reports_service.KINDS
    received = sorted(
        (
            ReceivedReport(names(unit_id), kind, report_id, version, title, submitted_at, late)
            for report_id, unit_id, kind, version, title, submitted_at, late in rows
        ),
        key=lambda r: (
            r.unit.unit_code,
            r.unit.unit_id,
            kinds.index(r.kind) if r.kind in kinds else len(kinds),
        ),
    )
    have = {(r.unit.unit_id, r.kind) for r in received}
    missing = []
    for member in _by_code(members):
        for kind in kinds:
            if (member.unit_id, kind) in have:
                continue
            deadline = reports_service.deadline_of(campaign, kind)
            overdue = reports_service.is_late(now, deadline)
            missing.append(MissingReport(names(member.unit_id), kind, deadline, overdue))
    return ReportsPart(received=received, missing=missing)


def _visible_result(
    session: Session, principal: Principal, vs: VotingSession, *, leads: bool
) -> TallyResult | None:
    if vs.result is None or not visibility.results_visible(session, principal, vs, leads=leads):
        return None
    return TallyResult.from_stored(vs.result)


def _session_result(result: TallyResult, names: _Units) -> SessionResult:
    tied = result.tied
    return SessionResult(
        electorate=result.electorate,
        ballots_cast=result.ballots_cast,
        blank=result.blank,
        quorum_met=result.quorum_met,
        candidates=[
            CandidateResult(
                unit=names(c.unit_id),
                votes=c.votes,
                share=c.share,
                passes=c.passes,
                elected=c.elected,
                tied=c.unit_id in tied,
            )
            for c in result.candidates
        ],
        elected=[names(u) for u in result.elected],
        tied=[names(u) for u in tied],
        unfilled_seats=result.unfilled_seats,
    )


def _session_line(
    vs: VotingSession, result: TallyResult | None, titles: dict[str, str], names: _Units
) -> SessionLine:
    return SessionLine(
        id=vs.id,
        title_code=vs.title_code,
        title_name=titles.get(vs.title_code, vs.title_code),
        name=vs.name,
        status=vs.status,
        seats=vs.seats,
        secret=vs.secret,
        runoff_of=vs.runoff_of,
        opened_at=vs.opened_at,
        closed_at=vs.closed_at,
        published_at=vs.published_at,
        result=_session_result(result, names) if result is not None else None,
    )


def _code(award: Award) -> str:
    return award.title_code or award.form_code or ""


def _award_line(award: Award, titles: dict[str, str], names: _Units) -> AwardLine:
    assert award.unit_id is not None  # the bloc's summary reads its units' awards only
    return AwardLine(
        award=award,
        id=award.id,
        unit=names(award.unit_id),
        title_code=_code(award),
        title_name=titles.get(_code(award), _code(award)),
        year=award.year,
        status=award.status,
        campaign_id=award.campaign_id,
        source_session_id=award.source_session_id,
        decision_number=award.decision_number,
        decision_date=award.decision_date,
        revoked_reason=award.revoked_reason,
        created_at=award.created_at,
        updated_at=award.updated_at,
    )
