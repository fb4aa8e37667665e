"""Request and response models for score sheets, bulk scoring and the ranking."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from app.core.literal import InlineEnum
from app.core.text import MULTI_LINE, clean_text
from app.models import enums
from app.scoring.rank_rules import RankRow
from app.scoring.tree import from_centi, to_centi

MAX_ENTRIES = 1000
MAX_BULK_SHEETS = 2000
MAX_NOTE = 2000
# Far above any real item (totals of 100 or 1000 are common) and far below what the integer column holds.
MAX_POINTS = 1_000_000

Stage = Literal["self", "review"]
SheetStatus = InlineEnum[enums.SheetStatus]
ExportFormat = Literal["json", "csv", "xlsx"]

STAGE_DESCRIPTION = (
    "`self`: the unit scores itself (an officer of that unit, or a service client with `scores:write` bound "
    "to it; the secretariat may too). `review`: the leader or the secretariat scores it, never for the "
    "reviewer's own unit. More stages may come."
)


Note = Annotated[
    str,
    BeforeValidator(clean_text),
    Field(max_length=MAX_NOTE, description="Evidence or remarks; an empty string stores no note."),
    MULTI_LINE,
]


class EntryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    criterion: str = Field(min_length=1, max_length=32, examples=["1.1"], description="An item's code.")
    points: float = Field(
        strict=True,  # a JSON number: "9.5" or true are not points
        ge=0,
        le=MAX_POINTS,
        examples=[9.5],
        description="A number: at least 0, at most 2 decimals, within the item.",
        # Documented, not checked by pydantic (float remainders): ``_two_decimals`` checks it exactly.
        json_schema_extra={"multipleOf": 0.01},
    )
    note: Note | None = None

    @field_validator("points")
    @classmethod
    def _two_decimals(cls, value: float) -> float:
        to_centi(value)  # ValueError: negative, not finite or more than 2 decimals
        return value


class SheetPut(BaseModel):
    """The whole sheet: the entries sent replace the stored ones (an item left out is unscored)."""

    model_config = ConfigDict(extra="forbid")

    entries: list[EntryIn] = Field(max_length=MAX_ENTRIES)


class ReturnBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[
        str,
        BeforeValidator(clean_text),
        Field(min_length=1, max_length=MAX_NOTE, examples=["Thiếu minh chứng cho tiêu chí 2.3."]),
        MULTI_LINE,
    ]


class EntryRead(BaseModel):
    criterion: str
    points: float
    note: str | None


class SheetTotals(BaseModel):
    total: float = Field(description="standard + bonus − penalty")
    standard_total: float
    bonus_total: float
    penalty_total: float


class SheetSummary(SheetTotals):
    """A sheet without its entries."""

    id: str
    campaign_id: str
    unit_id: str
    unit_code: str
    unit_name: str
    stage: str = Field(description="self | review (more may come).")
    status: str = Field(description="draft | submitted | returned (more may come).")
    return_reason: str | None = Field(description="Why it was last returned; cleared when resubmitted.")
    submitted_at: datetime | None = Field(description="When it was submitted; null unless `submitted`.")
    updated_at: datetime


class SheetRead(SheetSummary):
    entries: list[EntryRead] = Field(description="In the order of the criteria.")


class BulkSheetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_id: str = Field(min_length=1, max_length=64)
    entries: list[EntryIn] = Field(max_length=MAX_ENTRIES)


class BulkWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stage: Stage = Field(description=STAGE_DESCRIPTION)
    sheets: list[BulkSheetIn] = Field(
        min_length=1,
        max_length=MAX_BULK_SHEETS,
        description=f"At most {MAX_BULK_SHEETS} sheets, one per unit; each replaces that unit's entries.",
    )
    submit: bool = Field(default=False, description="Also submit (lock) every sheet written.")


class BulkSheetResult(BaseModel):
    unit_id: str
    unit_code: str
    unit_name: str
    status: str
    total: float
    changed: bool = Field(description="False when the request changed nothing stored for this sheet.")


class BulkResult(BaseModel):
    sheets: list[BulkSheetResult] = Field(description="In the order of the request.")


class RankItem(BaseModel):
    unit_id: str
    unit_code: str
    unit_name: str
    rank: int | None = Field(description="Competition rank (1, 2, 2, 4); null without a submitted sheet.")
    total: float | None = Field(description="The review total where a review was submitted, else self.")
    self_total: float | None
    review_total: float | None
    standard_total: float | None = Field(description="Of the sheet that counts.")
    bonus_total: float | None
    penalty_total: float | None
    tied: bool = Field(description="True while the unit shares its rank with another.")

    @classmethod
    def of(cls, row: RankRow) -> RankItem:
        return cls(
            unit_id=row.unit_id,
            unit_code=row.unit_code,
            unit_name=row.unit_name,
            rank=row.rank,
            total=points(row.total_centi),
            self_total=points(row.self_total_centi),
            review_total=points(row.review_total_centi),
            standard_total=points(row.standard_total_centi),
            bonus_total=points(row.bonus_total_centi),
            penalty_total=points(row.penalty_total_centi),
            tied=row.tied,
        )


class RankingRead(BaseModel):
    campaign_id: str
    tie_break: list[str]
    items: list[RankItem]


def points(centi: int | None) -> float | None:
    return None if centi is None else from_centi(centi)
