"""Response models of the year's summary, built from ``app.summary.view``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from app.awards.schemas import AwardRead
from app.blocs.schemas import MemberRead
from app.campaigns.schemas import CampaignRead
from app.scoring.sheet_schemas import RankItem
from app.summary.view import (
    AwardLine,
    MissingReport,
    ReceivedReport,
    SessionLine,
    SessionResult,
    Signature,
    Summary,
    UnitRef,
)

SummaryFormat = Literal["json", "xlsx", "docx"]


class SummaryBloc(BaseModel):
    id: str
    code: str
    name: str


class SummaryUnit(BaseModel):
    unit_id: str
    unit_code: str
    unit_name: str

    @classmethod
    def of(cls, u: UnitRef) -> SummaryUnit:
        return cls(unit_id=u.unit_id, unit_code=u.unit_code, unit_name=u.unit_name)


class SummarySignature(SummaryUnit):
    signatory_name: str
    signatory_position: str
    signed_at: datetime

    @classmethod
    def of_signature(cls, s: Signature) -> SummarySignature:
        return cls(
            **SummaryUnit.of(s.unit).model_dump(),
            signatory_name=s.signatory_name,
            signatory_position=s.signatory_position,
            signed_at=s.signed_at,
        )


class SummaryPledge(BaseModel):
    status: str | None = Field(description="draft | open | closed; null while the campaign has no pledge.")
    title: str | None
    signed: list[SummarySignature] = Field(description="In signing order.")
    unsigned: list[SummaryUnit] = Field(description="The member units that have not signed, by unit code.")


class SummaryReceivedReport(SummaryUnit):
    kind: str = Field(description="mid_year | annual (more may come).")
    report_id: str
    version: int
    title: str
    submitted_at: datetime
    late: bool

    @classmethod
    def of_report(cls, r: ReceivedReport) -> SummaryReceivedReport:
        return cls(
            **SummaryUnit.of(r.unit).model_dump(),
            kind=r.kind,
            report_id=r.report_id,
            version=r.version,
            title=r.title,
            submitted_at=r.submitted_at,
            late=r.late,
        )


class SummaryMissingReport(SummaryUnit):
    kind: str
    deadline: date | None
    overdue: bool = Field(description="True once the deadline day has ended (Vietnam time).")

    @classmethod
    def of_missing(cls, m: MissingReport) -> SummaryMissingReport:
        return cls(**SummaryUnit.of(m.unit).model_dump(), kind=m.kind, deadline=m.deadline, overdue=m.overdue)


class SummaryReports(BaseModel):
    received: list[SummaryReceivedReport] = Field(
        description="The latest version of each unit's report of each kind, by unit code then kind."
    )
    missing: list[SummaryMissingReport] = Field(description="Each member unit and kind without any report.")
    late: list[SummaryReceivedReport] = Field(description="The received reports flagged late.")


class SummaryCandidate(SummaryUnit):
    votes: int
    share: float = Field(description="Votes divided by the threshold's base (electorate or ballots cast).")
    passes: bool
    elected: bool
    tied: bool


class SummarySessionResult(BaseModel):
    """The frozen tally; never who voted for whom, even for a session with `secret: false`."""

    electorate: int
    ballots_cast: int
    blank: int
    quorum_met: bool
    candidates: list[SummaryCandidate] = Field(description="In ballot order.")
    elected: list[str] = Field(description="Unit ids, most votes first.")
    elected_units: list[SummaryUnit] = Field(description="The elected units with their codes and names.")
    tied: list[str]
    tied_units: list[SummaryUnit] = Field(description="The tied units with their codes and names.")
    unfilled_seats: int

    @classmethod
    def of(cls, r: SessionResult) -> SummarySessionResult:
        return cls(
            electorate=r.electorate,
            ballots_cast=r.ballots_cast,
            blank=r.blank,
            quorum_met=r.quorum_met,
            candidates=[
                SummaryCandidate(
                    **SummaryUnit.of(c.unit).model_dump(),
                    votes=c.votes,
                    share=c.share,
                    passes=c.passes,
                    elected=c.elected,
                    tied=c.tied,
                )
                for c in r.candidates
            ],
            elected=[u.unit_id for u in r.elected],
            elected_units=[SummaryUnit.of(u) for u in r.elected],
            tied=[u.unit_id for u in r.tied],
            tied_units=[SummaryUnit.of(u) for u in r.tied],
            unfilled_seats=r.unfilled_seats,
        )


class SummarySession(BaseModel):
    id: str
    title_code: str
    title_name: str
    name: str | None
    status: str = Field(description="draft | open | closed | published | cancelled (more may come).")
    seats: int
    secret: bool
    runoff_of: str | None
    opened_at: datetime | None
    closed_at: datetime | None
    published_at: datetime | None
    result: SummarySessionResult | None = Field(
        description="Null until the session is counted, and whenever the reader may not see its results."
    )

    @classmethod
    def of(cls, s: SessionLine) -> SummarySession:
        return cls(
            id=s.id,
            title_code=s.title_code,
            title_name=s.title_name,
            name=s.name,
            status=s.status,
            seats=s.seats,
            secret=s.secret,
            runoff_of=s.runoff_of,
            opened_at=s.opened_at,
            closed_at=s.closed_at,
            published_at=s.published_at,
            result=SummarySessionResult.of(s.result) if s.result is not None else None,
        )


class SummaryAward(AwardRead):
    title_name: str = Field(description="The title's or form's name (as `name`).")

    @classmethod
    def of_line(cls, a: AwardLine) -> SummaryAward:
        read = AwardRead.of(a.award, name=a.title_name, unit=(a.unit.unit_code, a.unit.unit_name))
        return cls(**read.model_dump(), title_name=a.title_name)


class SummaryRead(BaseModel):
    campaign: CampaignRead
    bloc: SummaryBloc
    generated_at: datetime = Field(description="When the summary was read from the database.")
    members: list[MemberRead] = Field(description="The leader, the deputy, then the members by unit code.")
    pledge: SummaryPledge
    reports: SummaryReports
    ranking: list[RankItem] = Field(description="As `GET /campaigns/{id}/ranking` gives it.")
    sessions: list[SummarySession] = Field(description="The campaign's ballot sessions, in creation order.")
    awards: list[SummaryAward] = Field(
        description="The awards the campaign's sessions proposed, and the year's other awards to its member "
        "units; in creation order."
    )
    awards_cash_vnd: int = Field(
        description="The cash of the decided awards among `awards`, VND (a revoked award pays nothing)."
    )

    @classmethod
    def of(cls, s: Summary) -> SummaryRead:
        return cls(
            campaign=CampaignRead.of(s.campaign),
            bloc=SummaryBloc(id=s.campaign.bloc_id, code=s.bloc_code, name=s.bloc_name),
            generated_at=s.generated_at,
            members=[
                MemberRead(unit_id=m.unit_id, role=m.role, unit_code=m.unit_code, unit_name=m.unit_name)
                for m in s.members
            ],
            pledge=SummaryPledge(
                status=s.pledge.status,
                title=s.pledge.title,
                signed=[SummarySignature.of_signature(x) for x in s.pledge.signed],
                unsigned=[SummaryUnit.of(u) for u in s.pledge.unsigned],
            ),
            reports=SummaryReports(
                received=[SummaryReceivedReport.of_report(r) for r in s.reports.received],
                missing=[SummaryMissingReport.of_missing(m) for m in s.reports.missing],
                late=[SummaryReceivedReport.of_report(r) for r in s.reports.late],
            ),
            ranking=[RankItem.of(r) for r in s.ranking],
            sessions=[SummarySession.of(x) for x in s.sessions],
            awards=[SummaryAward.of_line(a) for a in s.awards],
            awards_cash_vnd=s.cash_total_vnd,
        )
