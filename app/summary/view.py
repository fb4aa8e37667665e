"""The year's summary as plain data: what ``app.summary.service`` gathers and the JSON schema, the
workbook and the Word report are made from. No I/O, no ORM objects except the campaign row itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.blocs.service import MemberView
from app.models import Award, Campaign, MemberRole
from app.scoring.rank_rules import RankRow


@dataclass(frozen=True)
class UnitRef:
    unit_id: str
    unit_code: str
    unit_name: str


@dataclass(frozen=True)
class Signature:
    unit: UnitRef
    signatory_name: str
    signatory_position: str
    signed_at: datetime


@dataclass(frozen=True)
class PledgePart:
    """``status`` and ``title`` are None while the campaign has no pledge: then nobody has signed."""

    status: str | None
    title: str | None
    signed: list[Signature]
    unsigned: list[UnitRef]


@dataclass(frozen=True)
class ReceivedReport:
    """The latest version of one unit's report of one kind."""

    unit: UnitRef
    kind: str
    report_id: str
    version: int
    title: str
    submitted_at: datetime
    late: bool


@dataclass(frozen=True)
class MissingReport:
    """A member unit without any report of ``kind``; ``overdue`` once the deadline day has passed."""

    unit: UnitRef
    kind: str
    deadline: date | None
    overdue: bool


@dataclass(frozen=True)
class ReportsPart:
    received: list[ReceivedReport]
    missing: list[MissingReport]

    @property
    def late(self) -> list[ReceivedReport]:
        return [r for r in self.received if r.late]


@dataclass(frozen=True)
class CandidateResult:
    unit: UnitRef
    votes: int
    share: float
    passes: bool
    elected: bool
    tied: bool


@dataclass(frozen=True)
class SessionResult:
    electorate: int
    ballots_cast: int
    blank: int
    quorum_met: bool
    candidates: list[CandidateResult]
    elected: list[UnitRef]
    tied: list[UnitRef]
    unfilled_seats: int


@dataclass(frozen=True)
class SessionLine:
    """A ballot session of the campaign; ``result`` is None unless the reader may see it now."""

    id: str
    title_code: str
    title_name: str
    name: str | None
    status: str
    seats: int
    secret: bool
    runoff_of: str | None
    opened_at: datetime | None
    closed_at: datetime | None
    published_at: datetime | None
    result: SessionResult | None


@dataclass(frozen=True)
class AwardLine:
    award: Award
    id: str
    unit: UnitRef
    title_code: str
    """The title's code, or the form's for a form of commendation."""
    title_name: str
    year: int
    status: str
    campaign_id: str | None
    source_session_id: str | None
    decision_number: str | None
    decision_date: date | None
    revoked_reason: str | None
    created_at: datetime
    updated_at: datetime

    @property
    def cash_vnd(self) -> int:
        """What the award pays: nothing unless decided (a revoked award's money is recovered)."""
        return (self.award.cash_vnd or 0) if self.status == "decided" else 0


@dataclass(frozen=True)
class Summary:
    campaign: Campaign
    bloc_code: str
    bloc_name: str
    generated_at: datetime
    members: list[MemberView]
    pledge: PledgePart
    reports: ReportsPart
    ranking: list[RankRow]
    sessions: list[SessionLine] = field(default_factory=list)
    awards: list[AwardLine] = field(default_factory=list)

    @property
    def cash_total_vnd(self) -> int:
        """The cash of the decided awards."""
        return sum(a.cash_vnd for a in self.awards)

    @property
    def leader(self) -> MemberView | None:
        return next((m for m in self.members if m.role == MemberRole.LEADER), None)
