"""The dates people and their records carry: today in Vietnam, and the ranges a date may fall in."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

from app.core.days import RecordDay, iso_date
from app.core.time import VN_TZ

FIRST_BIRTH_DATE = date(1900, 1, 1)


def vn_today() -> date:
    """Today's date in Vietnam, where employments start and transfers take effect."""
    return datetime.now(VN_TZ).date()


def birth_date_problem(value: date, *, today: date) -> str | None:
    if not FIRST_BIRTH_DATE <= value <= today:
        return f"must be between {FIRST_BIRTH_DATE.isoformat()} and today"
    return None


def _check_birth_date(value: date) -> date:
    if problem := birth_date_problem(value, today=vn_today()):
        raise ValueError(problem)
    return value


Day = RecordDay
"""A date of a record (employment, recognition, exclusion): 1945-01-01 to 2200-12-31."""
# The document can hold the first year, not today: the years 1900-2099, and the description says the rest.
YEARS_1900_2099 = r"^(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}$"
BirthDate = Annotated[
    date,
    BeforeValidator(iso_date),
    AfterValidator(_check_birth_date),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": YEARS_1900_2099,
            "description": "1900-01-01 to today.",
        }
    ),
]
"""A date of birth: 1900-01-01 to today."""
