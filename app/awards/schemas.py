"""Request and response models for awards (khen thưởng)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from app.core.literal import InlineEnum
from app.core.text import MULTI_LINE, SINGLE_LINE, clean_text
from app.models import Award, enums

AwardStatus = InlineEnum[enums.AwardStatus]


_Clean = BeforeValidator(clean_text)


class AwardDecide(BaseModel):
    """The decision that confers the title (quyết định khen thưởng)."""

    model_config = ConfigDict(extra="forbid")

    decision_number: Annotated[
        str, _Clean, Field(min_length=1, max_length=100, examples=["245/QĐ-BKHCN"]), SINGLE_LINE
    ] = Field(description="The decision's number, as written on it.")
    decision_date: date = Field(description="The decision's date, `YYYY-MM-DD`.", examples=["2017-02-10"])


class AwardRevoke(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, _Clean, Field(min_length=1, max_length=2000), MULTI_LINE] = Field(
        description="Why the award is revoked; kept with the award."
    )


class AwardRead(BaseModel):
    id: str
    unit_id: str
    unit_code: str = Field(description="The unit's stable code, for other systems.")
    unit_name: str
    title_code: str
    year: int
    status: str = Field(description="proposed | decided | revoked (more may come).")
    campaign_id: str | None = Field(description="The campaign whose ballot proposed the award.")
    source_session_id: str | None = Field(description="The ballot session that proposed the award.")
    decision_number: str | None
    decision_date: date | None
    revoked_reason: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, award: Award, *, unit_code: str, unit_name: str) -> AwardRead:
        return cls(
            id=award.id,
            unit_id=award.unit_id,
            unit_code=unit_code,
            unit_name=unit_name,
            title_code=award.title_code,
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
