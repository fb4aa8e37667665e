"""Request and response models for a subject's records: achievements (initiatives, research works),
exclusions (discipline, investigations, complaints) and yearly ratings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from app.achievements.subjects import SubjectLabel
from app.core.literal import InlineEnum
from app.core.numbers import INTEGRAL
from app.core.patch import PatchBody, refuse_null
from app.core.text import MULTI_LINE, SINGLE_LINE, clean_text
from app.models import enums
from app.people.dates import Day

_Clean = BeforeValidator(clean_text)

Year = Annotated[int, Field(ge=1945, le=2200, examples=[2016])]
Title = Annotated[
    str,
    _Clean,
    Field(min_length=1, max_length=500, examples=["Số hóa hồ sơ thi đua, khen thưởng của Bộ"]),
    SINGLE_LINE,
]
RecognisedBy = Annotated[
    str,
    _Clean,
    Field(max_length=300, examples=["Hội đồng Khoa học Bộ"], description="An empty string clears it."),
    SINGLE_LINE,
]
DecisionNumber = Annotated[
    str,
    _Clean,
    Field(max_length=100, examples=["245/QĐ-BKHCN"], description="An empty string clears it."),
    SINGLE_LINE,
]
Note = Annotated[str, _Clean, Field(max_length=2000, description="An empty string clears it."), MULTI_LINE]
AchievementKind = InlineEnum[enums.AchievementKind]
RecognitionScope = InlineEnum[enums.RecognitionScope]
ExclusionKind = InlineEnum[enums.ExclusionKind]
DisciplineMeasure = InlineEnum[enums.DisciplineMeasure]
Rating = InlineEnum[enums.Rating]

_KIND = "`initiative` (sáng kiến) or `research` (đề tài, nhiệm vụ khoa học và công nghệ)."
_SCOPE = "Where it was recognised: `unit`, `ministry` or `national`."
_APPLIED = "Research: accepted and applied; an initiative is recognised only once applied."
_MEASURE = (
    "Required for a `discipline`, and only then: `reprimand` (khiển trách), `warning` (cảnh cáo), "
    "`salary_reduction` (hạ bậc lương), `demotion` (giáng chức), `dismissal_from_post` (cách chức), "
    "`dismissal` (buộc thôi việc)."
)
_EXCLUSION_KIND = (
    "`discipline` (kỷ luật), `investigation` (đang bị điều tra, thanh tra, kiểm tra) or `complaint` "
    "(đơn thư khiếu nại, tố cáo đang xác minh)."
)


class _SubjectRead(BaseModel):
    """Whose record it is: a person or a unit, with the code and name beside the id."""

    subject: str = Field(description="person | unit: which of the two ids is set.")
    person_id: str | None
    person_code: str | None
    person_name: str | None
    unit_id: str | None = Field(
        description="Set for a unit's own record (a person's record names the person)."
    )
    unit_code: str | None
    unit_name: str | None


# ---- achievements --------------------------------------------------------------------------------------


class AchievementCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: AchievementKind = Field(description=_KIND)
    title: Title
    year: Year = Field(description="The year of the achievement.")
    scope: RecognitionScope = Field(description=_SCOPE)
    applied: bool = Field(default=True, description=_APPLIED)
    recognised_by: RecognisedBy | None = None
    decision_number: DecisionNumber | None = None
    recognised_on: Day | None = Field(default=None, description="The recognition's date, `YYYY-MM-DD`.")


class AchievementUpdate(PatchBody):
    """Only the fields sent change."""

    kind: AchievementKind | None = None
    title: Title | None = None
    year: Year | None = None
    scope: RecognitionScope | None = None
    applied: bool | None = None
    recognised_by: RecognisedBy | None = None
    decision_number: DecisionNumber | None = None
    recognised_on: Day | None = Field(default=None, description="`null` clears it.")

    _not_null = field_validator("kind", "title", "year", "scope", "applied")(refuse_null)


class AchievementRead(_SubjectRead):
    id: str
    kind: str = Field(description="initiative | research (more may come).")
    title: str
    year: int
    scope: str = Field(description="unit | ministry | national (more may come).")
    applied: bool
    recognised_by: str | None
    decision_number: str | None
    recognised_on: date | None
    created_at: datetime
    updated_at: datetime


# ---- exclusions ----------------------------------------------------------------------------------------


class ExclusionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ExclusionKind = Field(description=_EXCLUSION_KIND)
    measure: DisciplineMeasure | None = Field(default=None, description=_MEASURE)
    starts_on: Day = Field(description="The first day, `YYYY-MM-DD`.")
    ends_on: Day | None = Field(
        default=None, description="The last day (on or after `starts_on`); null while it lasts."
    )
    decision_number: DecisionNumber | None = None
    note: Note | None = None


class ExclusionUpdate(PatchBody):
    """Only the fields sent change; the result must still be whole (a discipline's measure, the period)."""

    kind: ExclusionKind | None = None
    measure: DisciplineMeasure | None = Field(default=None, description="`null` clears it. " + _MEASURE)
    starts_on: Day | None = None
    ends_on: Day | None = Field(default=None, description="`null`: it has not ended.")
    decision_number: DecisionNumber | None = None
    note: Note | None = None

    _not_null = field_validator("kind", "starts_on")(refuse_null)


class ExclusionRead(_SubjectRead):
    id: str
    kind: str = Field(description="discipline | investigation | complaint (more may come).")
    measure: str | None = Field(
        description="reprimand | warning | salary_reduction | demotion | dismissal_from_post | dismissal "
        "(more may come); set for a discipline only."
    )
    starts_on: date
    ends_on: date | None
    decision_number: str | None
    note: str | None
    created_at: datetime
    updated_at: datetime


# ---- ratings -------------------------------------------------------------------------------------------


class RatingPut(BaseModel):
    """The whole rating of one year: fields left out are cleared."""

    model_config = ConfigDict(extra="forbid")

    rating: Rating = Field(
        description="`excellent` (hoàn thành xuất sắc nhiệm vụ), `good` (hoàn thành tốt nhiệm vụ), "
        "`completed` (hoàn thành nhiệm vụ) or `not_completed` (không hoàn thành nhiệm vụ)."
    )
    absent_days: Annotated[int, Field(strict=True, ge=0, le=366), INTEGRAL] | None = Field(
        default=None,
        description="A person's working days absent that year; never a unit's.",
    )
    note: Note | None = None


class RatingRead(_SubjectRead):
    id: str
    year: int
    rating: str = Field(description="excellent | good | completed | not_completed (more may come).")
    absent_days: int | None
    note: str | None
    created_at: datetime
    updated_at: datetime


# ---- building responses --------------------------------------------------------------------------------

R = TypeVar("R", bound=_SubjectRead)
_SUBJECT_FIELDS = frozenset(_SubjectRead.model_fields)


def read_of(schema: type[R], record: object, subject: SubjectLabel) -> R:
    """``schema`` of ``record`` (a stored row), with its subject's fields."""
    fields = {name: getattr(record, name) for name in schema.model_fields if name not in _SUBJECT_FIELDS}
    return schema(**fields, **subject.fields())
