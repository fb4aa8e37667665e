"""Request and response models for campaigns and registrations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from app.core import text
from app.core.days import RecordDay
from app.core.literal import InlineEnum
from app.core.numbers import INTEGRAL
from app.core.patch import refuse_null
from app.core.text import MULTI_LINE, SINGLE_LINE, clean_text
from app.eligibility.schemas import VerdictRead
from app.models import Campaign, enums

TIE_BREAK_KEYS = ("standard_total", "bonus_total", "penalty_total", "self_total", "review_total")
MAX_TIE_BREAK = len(TIE_BREAK_KEYS)
MAX_TARGETS = 50

CampaignStatus = InlineEnum[enums.CampaignStatus]


IsoDate = RecordDay
Id = Annotated[str, Field(min_length=1, max_length=64)]
Year = Annotated[int, Field(strict=True, ge=1945, le=2200, examples=[2016]), INTEGRAL]
CampaignTitle = Annotated[text.Name, Field(examples=["Phong trào thi đua năm 2016"])]
Theme = Annotated[
    str,
    BeforeValidator(clean_text),
    Field(
        max_length=500,
        examples=["Nâng cao trách nhiệm – Phối hợp hiệu quả"],
        description="The slogan (chủ đề thi đua); it may span several years. An empty string clears it.",
    ),
    SINGLE_LINE,
]

TIE_BREAK_DESCRIPTION = (
    "How the ranking separates units with equal totals: an ordered list of at most 5 keys from "
    "`standard_total`, `bonus_total`, `penalty_total`, `self_total`, `review_total`, each at most once. "
    "A key alone means higher is better; a key prefixed `-` means lower is better. Example: "
    '`["standard_total", "-penalty_total"]`: among equal totals the unit with more standard points ranks '
    "first, and if those are equal too, the unit with fewer penalty points. Units equal on every key stay "
    "tied. `[]` (the default): ties are reported as ties."
)
TIE_BREAK_KEYS = ("standard_total", "bonus_total", "penalty_total", "self_total", "review_total")
TieBreakKey = Annotated[str, Field(pattern=rf"^-?({'|'.join(TIE_BREAK_KEYS)})$")]
TieBreak = Annotated[
    list[TieBreakKey],
    Field(
        max_length=MAX_TIE_BREAK,
        description=TIE_BREAK_DESCRIPTION,
        examples=[["standard_total", "-penalty_total"]],
        # "Each at most once", with or without its "-", in the document too: no key twice, and never
        # both a key and its "-" form.
        json_schema_extra={
            "uniqueItems": True,
            "allOf": [
                {"not": {"allOf": [{"contains": {"const": key}}, {"contains": {"const": f"-{key}"}}]}}
                for key in TIE_BREAK_KEYS
            ],
        },
    ),
]


class Deadlines(BaseModel):
    """The campaign's deadlines (dates, `YYYY-MM-DD`, from 1945-01-01 to 2200-12-31); `null` when not set."""

    model_config = ConfigDict(extra="forbid")

    mid_year_report: IsoDate | None = Field(default=None, description="Mid-year reports (sơ kết) are due.")
    annual_report: IsoDate | None = Field(default=None, description="Annual reports (tổng kết) are due.")
    scoring: IsoDate | None = Field(default=None, description="Score sheets are due.")

    @model_validator(mode="after")
    def _mid_year_first(self) -> Deadlines:
        if deadline_order_problem(self.mid_year_report, self.annual_report):
            raise ValueError("mid_year_report must not be after annual_report")
        return self


def deadline_order_problem(mid_year: date | None, annual: date | None) -> bool:
    return mid_year is not None and annual is not None and mid_year > annual


class CampaignCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bloc_id: Id
    year: Year
    title: CampaignTitle
    theme: Theme | None = None
    deadlines: Deadlines | None = None


class CampaignUpdate(BaseModel):
    """Only the fields sent change. `deadlines` merges: only the dates sent change, a `null` date clears it,
    and `"deadlines": null` clears all three. `status` moves only from `active` to `closed`; closing is
    final in v1 (reopening is a secretariat decision outside the API)."""

    model_config = ConfigDict(extra="forbid")

    title: CampaignTitle | None = None
    theme: Theme | None = Field(default=None, description="`null` or an empty string clears it.")
    deadlines: Deadlines | None = None
    tie_break: TieBreak | None = None
    status: CampaignStatus | None = Field(default=None, description="`closed` closes the campaign for good.")

    _not_null = field_validator("title", "tie_break", "status")(refuse_null)

    @field_validator("tie_break")
    @classmethod
    def _distinct_keys(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            keys = [k.removeprefix("-") for k in value]
            if len(set(keys)) != len(keys):
                raise ValueError("each key may appear once (with or without '-')")
        return value

    def changes(self) -> dict[str, Any]:
        """The fields sent; ``deadlines`` as only the dates sent (or None: clear all three)."""
        out: dict[str, Any] = {name: getattr(self, name) for name in self.model_fields_set}
        if self.deadlines is not None:
            out["deadlines"] = self.deadlines.model_dump(exclude_unset=True)
        return out


class DeadlinesRead(BaseModel):
    mid_year_report: date | None
    annual_report: date | None
    scoring: date | None


class CampaignRead(BaseModel):
    id: str
    bloc_id: str
    year: int
    title: str
    theme: str | None
    deadlines: DeadlinesRead
    tie_break: list[str] = Field(description=TIE_BREAK_DESCRIPTION)
    status: str = Field(description="active | closed (more may come).")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, campaign: Campaign) -> CampaignRead:
        return cls(
            id=campaign.id,
            bloc_id=campaign.bloc_id,
            year=campaign.year,
            title=campaign.title,
            theme=campaign.theme,
            deadlines=DeadlinesRead(
                mid_year_report=campaign.mid_year_report_deadline,
                annual_report=campaign.annual_report_deadline,
                scoring=campaign.scoring_deadline,
            ),
            tie_break=list(campaign.tie_break or []),
            status=campaign.status,
            created_at=campaign.created_at,
            updated_at=campaign.updated_at,
        )


# ---- registrations ------------------------------------------------------------------------------------

Target = Annotated[str, BeforeValidator(clean_text), Field(min_length=1, max_length=1000), MULTI_LINE]


class RegistrationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_id: Id
    title_code: Annotated[str, Field(min_length=1, max_length=64, examples=["co_thi_dua_bo"])]
    targets: Annotated[
        list[Target],
        Field(
            max_length=MAX_TARGETS,
            description="What the unit commits to achieve for this title "
            "(at most 50, each 1–1000 characters).",
            examples=[["Hoàn thành 100% nhiệm vụ được giao"]],
        ),
    ] = Field(default_factory=list)


class RegistrationRead(BaseModel):
    id: str
    campaign_id: str
    unit_id: str
    unit_code: str
    unit_name: str
    title_code: str
    title_name: str = Field(description="The title's name.")
    targets: list[str]
    created_at: datetime
    verdict: VerdictRead | None = Field(
        default=None,
        description="The law's verdict on the unit for the title and the campaign's year, as of today "
        "(docs/eligibility.md); null for a title the law in force has no rules for.",
    )
