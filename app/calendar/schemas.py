"""Request and response models for the calendar of public holidays."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from app.calendar.service import Day
from app.core.literal import InlineEnum
from app.core.text import SINGLE_LINE, clean_text
from app.models import DayKind

Kind = InlineEnum[DayKind]
HolidayName = Annotated[str, BeforeValidator(clean_text), Field(min_length=1, max_length=200), SINGLE_LINE]
_KIND = (
    "`holiday`: a day off; `working_day`: a day worked (a Saturday of a swap, or a default holiday that "
    "does not apply)."
)


class HolidayWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: HolidayName = Field(
        examples=["Nghỉ bù Quốc khánh"], description="Vietnamese, at most 200 characters."
    )
    kind: Kind = Field(description=_KIND)


class HolidayRead(BaseModel):
    day: date
    name: str
    kind: str = Field(description=_KIND)
    source: Literal["default", "office"] = Field(
        description="`default`: the built-in table of Vietnamese public holidays; `office`: the office's "
        "own entry, which replaces the default one of its day."
    )
    confirmed: bool = Field(
        description="False for a default day the table could not confirm (e.g. Tết days not announced "
        "yet): check it and confirm or correct it with an office entry."
    )

    @classmethod
    def of(cls, day: Day) -> HolidayRead:
        return cls(
            day=day.day, name=day.name, kind=day.kind.value, source=day.source, confirmed=day.confirmed
        )


class HolidayList(BaseModel):
    year: int
    items: list[HolidayRead] = Field(
        description="Every day of the year that differs from an ordinary Monday-to-Friday week, by day."
    )


class WorkingDaysRead(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    from_: date = Field(alias="from", description="The day the period starts from (not counted).")
    days: int = Field(description="Working days in the period.")
    due: date = Field(
        description="The deadline: the `days`-th working day after `from` (`from` itself when `days` is 0)."
    )
