"""Request and response models for awards (khen thưởng)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from app.core.choices import all_of, exactly_one_of
from app.core.days import RecordDay
from app.core.literal import InlineEnum
from app.core.text import MULTI_LINE, SINGLE_LINE, clean_text
from app.models import Award, enums

AwardStatus = InlineEnum[enums.AwardStatus]
AwardMethod = InlineEnum[enums.AwardMethod]


_Clean = BeforeValidator(clean_text)
_Id = Annotated[str, Field(min_length=1, max_length=64)]
_Code = Annotated[str, Field(pattern=r"^[a-z0-9_]{1,64}$")]
Reason = Annotated[str, _Clean, Field(min_length=1, max_length=2000), MULTI_LINE]


class AwardCreate(BaseModel):
    """A proposal recorded by the secretariat: a title or a form, for a unit or a person, for a year."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=all_of(
            exactly_one_of("unit_id", "person_id"), exactly_one_of("title_code", "form_code")
        ),
    )

    unit_id: _Id | None = Field(default=None, description="The unit, for a collective award.")
    person_id: _Id | None = Field(default=None, description="The person, for an individual award.")
    title_code: _Code | None = Field(default=None, description="A title of the catalogue…")
    form_code: _Code | None = Field(default=None, description="…or a form of commendation.")
    year: int = Field(ge=1945, le=2200, description="The year of the achievement.")
    method: AwardMethod = Field(
        default=enums.AwardMethod.REGULAR,
        description="`regular` (công trạng, the year's work), `sudden` (đột xuất) or `thematic` (chuyên đề). "
        "Only regular awards count towards later regular ones.",
    )
    achievement: Annotated[str, _Clean, Field(min_length=1, max_length=4000), MULTI_LINE] | None = Field(
        default=None, description="What the subject achieved (tóm tắt thành tích)."
    )

    @model_validator(mode="after")
    def _one_of_each(self) -> Self:
        if (self.unit_id is None) == (self.person_id is None):
            raise ValueError("give exactly one of unit_id and person_id")
        if (self.title_code is None) == (self.form_code is None):
            raise ValueError("give exactly one of title_code and form_code")
        return self


class AwardDecide(BaseModel):
    """The decision that confers the title or form (quyết định khen thưởng)."""

    model_config = ConfigDict(extra="forbid")

    decision_number: Annotated[
        str, _Clean, Field(min_length=1, max_length=100, examples=["245/QĐ-BKHCN"]), SINGLE_LINE
    ] = Field(description="The decision's number, as written on it.")
    decision_date: RecordDay = Field(
        description="The decision's date, `YYYY-MM-DD`, 1945-01-01 to 2200-12-31.", examples=["2017-02-10"]
    )
    override_reason: Reason | None = Field(
        default=None,
        description="Decide although a hard criterion of the law is not met: why (recorded with the award "
        "and audited). Without it such a decision is refused with 422 `criteria_not_met`.",
    )


class AwardRevoke(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason = Field(description="Why the award is revoked; kept with the award.")


class Cash(BaseModel):
    """The cash reward: the base salary in force on the decision date × the regime's multiple, rounded up
    to the next 10,000 VND."""

    base_salary_vnd: int
    multiple: float = Field(description="The multiple of the base salary, e.g. 15.5.")
    amount_vnd: int


class AwardRead(BaseModel):
    id: str
    subject_kind: str = Field(description="unit | person (more may come).")
    unit_id: str | None = Field(description="The unit, for a collective award; null for a person's.")
    unit_code: str | None = Field(description="The unit's stable code, for other systems.")
    unit_name: str | None
    person_id: str | None = Field(description="The person, for an individual award; null for a unit's.")
    person_code: str | None
    person_name: str | None
    kind: str = Field(description="title | form (more may come).")
    title_code: str | None
    form_code: str | None
    name: str = Field(description="The title's or form's name.")
    year: int
    method: str = Field(description="regular | sudden | thematic (more may come).")
    status: str = Field(description="proposed | decided | revoked (more may come).")
    achievement: str | None
    campaign_id: str | None = Field(description="The campaign whose ballot proposed the award.")
    source_session_id: str | None = Field(description="The ballot session that proposed the award.")
    source_review_id: str | None = Field(description="The unit's year-end review that proposed the award.")
    decision_number: str | None
    decision_date: date | None
    regime: str | None = Field(
        description="The legal regime the decision was judged under (`R2016`, `R2017`, `R2024`, `R2025`)."
    )
    verdict: dict[str, Any] | None = Field(
        description="How the decision was judged, as it was at the time: the eligibility verdict with "
        "each criterion, its evidence and article, and the regulation versions read."
    )
    override_reason: str | None = Field(
        description="Why the award was decided although a hard criterion was not met."
    )
    cash: Cash | None = Field(description="The cash reward, once decided (null where the law gives none).")
    revoked_reason: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(
        cls,
        award: Award,
        *,
        name: str,
        unit: tuple[str, str] | None = None,
        person: tuple[str, str] | None = None,
    ) -> AwardRead:
        """``unit`` and ``person`` are (code, name) of the award's subject."""
        cash = None
        if award.cash_vnd is not None and award.base_salary_vnd is not None and award.cash_multiple_centi:
            cash = Cash(
                base_salary_vnd=award.base_salary_vnd,
                multiple=award.cash_multiple_centi / 100,
                amount_vnd=award.cash_vnd,
            )
        return cls(
            id=award.id,
            subject_kind="person" if award.person_id is not None else "unit",
            unit_id=award.unit_id,
            unit_code=unit[0] if unit else None,
            unit_name=unit[1] if unit else None,
            person_id=award.person_id,
            person_code=person[0] if person else None,
            person_name=person[1] if person else None,
            kind="form" if award.form_code is not None else "title",
            title_code=award.title_code,
            form_code=award.form_code,
            name=name,
            year=award.year,
            method=award.method,
            status=award.status,
            achievement=award.achievement,
            campaign_id=award.campaign_id,
            source_session_id=award.source_session_id,
            source_review_id=award.source_review_id,
            decision_number=award.decision_number,
            decision_date=award.decision_date,
            regime=award.regime_code,
            verdict=award.verdict,
            override_reason=award.override_reason,
            cash=cash,
            revoked_reason=award.revoked_reason,
            created_at=award.created_at,
            updated_at=award.updated_at,
        )
