"""The dates people and their records carry: today in Vietnam, and the ranges a date may fall in."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator

from app.core.time import VN_TZ

FIRST_DAY = date(1945, 1, 1)  # the years the law's records cover (as the years of titles: 1945–2200)
LAST_DAY = date(2200, 12, 31)
FIRST_BIRTH_DATE = date(1900, 1, 1)


def vn_today() -> date:
    """Today's date in Vietnam, where employments start and transfers take effect."""
    return datetime.now(VN_TZ).date()


def record_day_problem(value: date) -> str | None:
    if not FIRST_DAY <= value <= LAST_DAY:
        return f"must be between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"
    return None


def birth_date_problem(value: date, *, today: date) -> str | None:
    if not FIRST_BIRTH_DATE <= value <= today:
        return f"must be between {FIRST_BIRTH_DATE.isoformat()} and today"
    return None


def _check_record_day(value: date) -> date:
    if problem := record_day_problem(value):
        raise ValueError(problem)
    return value


def _check_birth_date(value: date) -> date:
    if problem := birth_date_problem(value, today=vn_today()):
        raise ValueError(problem)
    return value


Day = Annotated[date, AfterValidator(_check_record_day)]
"""A date of a record (employment, recognition, exclusion): 1945-01-01 to 2200-12-31."""
BirthDate = Annotated[date, AfterValidator(_check_birth_date)]
"""A date of birth: 1900-01-01 to today."""
