"""Request and response models for units' emulation reports (báo cáo công tác thi đua).

The input limits live here, in the schema, so they are enforced before anything is read from the
database and published in the OpenAPI document for the scripts that submit reports.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StringConstraints

from app.core.literal import InlineEnum
from app.core.text import MULTI_LINE, SINGLE_LINE, clean_text
from app.models import enums

MAX_SECTIONS = 50
MAX_BODY_CHARS = 100_000
MAX_METRICS = 100
METRIC_NAME_PATTERN = r"^[A-Za-z0-9_.-]+$"

ReportKind = InlineEnum[enums.ReportKind]


_Clean = BeforeValidator(clean_text)

Title = Annotated[
    str,
    _Clean,
    Field(
        min_length=1,
        max_length=300,
        examples=["Báo cáo công tác thi đua, khen thưởng năm 2016"],
    ),
    SINGLE_LINE,
]
Heading = Annotated[
    str,
    _Clean,
    Field(min_length=1, max_length=300, examples=["I. Kết quả thực hiện nhiệm vụ"]),
    SINGLE_LINE,
]
Body = Annotated[
    str,
    _Clean,
    Field(
        max_length=MAX_BODY_CHARS,
        description="Plain text, at most 100,000 characters (after NFC); line breaks and tabs are kept.",
    ),
    MULTI_LINE,
]
MetricName = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=METRIC_NAME_PATTERN)]
# Integers stay integers; other numbers must be finite (no NaN or infinities); booleans and strings
# are refused rather than coerced.
MetricValue = StrictInt | Annotated[float, Field(allow_inf_nan=False, strict=True)]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")

    heading: Heading
    body: Body


class ReportCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_id: str = Field(min_length=1, max_length=64, description="The member unit the report is for.")
    kind: ReportKind = Field(description="`mid_year` (sơ kết) or `annual` (tổng kết).")
    title: Title
    sections: list[Section] = Field(min_length=1, max_length=MAX_SECTIONS)
    metrics: dict[MetricName, MetricValue] = Field(
        default_factory=dict,
        max_length=MAX_METRICS,
        description="At most 100 named figures; names are 1..100 characters of `A-Z a-z 0-9 _ . -`, "
        "values finite numbers.",
        examples=[{"documents_issued": 152, "completion_rate": 98.5}],
    )


class SectionRead(BaseModel):
    # No limits on what is read back: a stored version stays readable if the input limits change.
    heading: str
    body: str


class ReportRead(BaseModel):
    id: str = Field(description="This version's id; every submission has its own.")
    campaign_id: str
    unit_id: str
    unit_code: str
    unit_name: str
    kind: str = Field(description="mid_year | annual (more may come).")
    version: int = Field(description="1 for the unit's first report of this kind in the campaign, then 2, …")
    title: str
    sections: list[SectionRead]
    metrics: dict[str, int | float]
    submitted_at: datetime
    late: bool = Field(
        description="Submitted after the campaign's deadline for this kind: after the end of the deadline "
        "day in Vietnam (Asia/Ho_Chi_Minh, UTC+07:00). Late reports are accepted and flagged. Always "
        "false when the campaign sets no deadline for the kind."
    )
    submitted_by_kind: str = Field(description="`user` (an officer) or `client` (a service client).")
