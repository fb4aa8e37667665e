"""Request and response models of the bloc's year report, its versions, comparisons and contributions.
Every name starts with ``YearReport`` (model names are unique across the app)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from app.core.text import MULTI_LINE, SINGLE_LINE, clean_text
from app.models import ContributionKind, ContributionStatus, ReportSectionKey
from app.year_reports import rules

_Clean = BeforeValidator(clean_text)

YearReportTitle = Annotated[
    str,
    _Clean,
    Field(
        min_length=1,
        max_length=300,
        examples=["Báo cáo tổng kết công tác thi đua năm 2016 của Khối thi đua cơ quan Bộ"],
    ),
    SINGLE_LINE,
]
Heading = Annotated[
    str,
    _Clean,
    Field(
        min_length=1, max_length=rules.MAX_HEADING, examples=["Kết quả thực hiện công tác thi đua năm 2016"]
    ),
    SINGLE_LINE,
]
Body = Annotated[
    str,
    _Clean,
    Field(
        max_length=rules.MAX_BODY,
        description="The section's text; each non-blank line is a paragraph. May be empty in a draft.",
    ),
    MULTI_LINE,
]
Note = Annotated[str, _Clean, Field(max_length=rules.MAX_NOTE), MULTI_LINE]
ContributionText = Annotated[
    str,
    _Clean,
    Field(
        min_length=1,
        max_length=rules.MAX_CONTRIBUTION,
        examples=["Đề nghị bổ sung kết quả phối hợp tổ chức Hội thi tìm hiểu pháp luật."],
    ),
    MULTI_LINE,
]
Reply = Annotated[
    str,
    _Clean,
    Field(min_length=1, max_length=rules.MAX_REPLY, examples=["Khối trưởng tiếp thu, bổ sung vào báo cáo."]),
    MULTI_LINE,
]


class YearReportSectionWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: ReportSectionKey
    heading: Heading
    body: Body = ""


class YearReportPut(BaseModel):
    """The whole text: the three sections `results`, `evaluation`, `direction`, each once, in that order
    (422 otherwise, from the service: a rule across the items, which the schema does not express)."""

    model_config = ConfigDict(extra="forbid")

    title: YearReportTitle
    sections: list[YearReportSectionWrite] = Field(min_length=3, max_length=3)
    note: Note | None = Field(default=None, description="What changed, in the drafter's words.")


class YearReportAdopt(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, le=rules.MAX_VERSION, description="The version the conference adopted.")
    conference_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="The conference (of this campaign) that adopted it.",
    )


class YearReportContributionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_id: str = Field(min_length=1, max_length=64, description="The member unit that contributes.")
    section_key: ReportSectionKey
    kind: ContributionKind = Field(description="`comment` (góp ý) or `addition` (a text to add).")
    text: ContributionText


class YearReportAccept(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reply: Reply | None = None
    text: ContributionText | None = Field(
        default=None,
        description="For an addition: the text to append, as the leader edited it (default: the member's). "
        "Refused for a comment.",
    )


class YearReportDecline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reply: Reply


# ---- responses ------------------------------------------------------------------------------------------


class YearReportSection(BaseModel):
    key: str = Field(description="results | evaluation | direction (more may come).")
    heading: str
    body: str


class YearReportAppliedContribution(BaseModel):
    """The accepted addition a version applied."""

    id: str
    unit_id: str
    unit_code: str
    unit_name: str


class YearReportVersionSummary(BaseModel):
    number: int
    note: str | None
    contribution: YearReportAppliedContribution | None = Field(
        description="The accepted addition that made this version, if one did."
    )
    created_at: datetime
    created_by: str | None
    created_by_name: str | None
    adopted: bool = Field(description="Whether this is the version the conference adopted.")


class YearReportVersionRead(YearReportVersionSummary):
    sections: list[YearReportSection]


class YearReportRead(BaseModel):
    id: str
    campaign_id: str
    title: str
    status: str = Field(description="drafting | adopted (more may come).")
    current_version: int
    adopted_version: int | None
    adopted_at: datetime | None
    adopted_conference_id: str | None
    adopted_conference_name: str | None = Field(description="The adopting conference's title.")
    text_version: int = Field(
        description="The version whose sections are shown: the adopted one once adopted, else the current."
    )
    sections: list[YearReportSection]
    versions: list[YearReportVersionSummary] = Field(description="Every version, oldest first, without text.")
    pending_contributions: int
    created_at: datetime
    updated_at: datetime


class YearReportParagraphChange(BaseModel):
    change: Literal["added", "removed"]
    text: str
    position: int = Field(description="1-based: in the newer text for `added`, in the older for `removed`.")


class YearReportSectionDiff(BaseModel):
    key: str
    heading_from: str | None
    heading_to: str | None
    unchanged: bool = Field(description="Same heading and same paragraphs.")
    unchanged_paragraphs: int
    added: list[str] = Field(description="The paragraphs added, in the newer text's order.")
    removed: list[str] = Field(description="The paragraphs removed, in the older text's order.")
    changes: list[YearReportParagraphChange] = Field(description="Every change, in reading order.")


class YearReportComparison(BaseModel):
    from_version: int
    to_version: int
    unchanged: bool = Field(description="No section changed.")
    sections: list[YearReportSectionDiff]


class YearReportContributionRead(BaseModel):
    id: str
    campaign_id: str
    unit_id: str
    unit_code: str
    unit_name: str
    section_key: str
    kind: str = Field(description="comment | addition (more may come).")
    text: str
    based_on_version: int
    status: str = Field(description="pending | accepted | declined (more may come).")
    reply: str | None
    answered_by: str | None
    answered_by_name: str | None
    answered_at: datetime | None
    applied_in_version: int | None
    created_by: str | None
    created_by_name: str | None
    created_at: datetime


ContributionStatusFilter = ContributionStatus
