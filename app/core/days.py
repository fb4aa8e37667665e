"""The dates a request carries: written ``YYYY-MM-DD`` (not a timestamp number, not a date-time), in the
years the ministry's records span (1945–2200, as the years of titles). A date in year 1 or 9999 is a typing
error, and the day after 9999-12-31 does not exist."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

FIRST_DAY = date(1945, 1, 1)
LAST_DAY = date(2200, 12, 31)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(value: object) -> object:
    """Before pydantic reads a date: only ``YYYY-MM-DD`` text or a date (pydantic would otherwise take
    ``0`` for 1970-01-01 and a date-time at midnight for its day)."""
    if isinstance(value, str) and not _DATE.match(value):
        raise ValueError("must be a date written YYYY-MM-DD")
    if not isinstance(value, str | date) and value is not None:
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


def record_day_problem(value: date) -> str | None:
    if not FIRST_DAY <= value <= LAST_DAY:
        return f"must be between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"
    return None


def _within_records(value: date) -> date:
    if problem := record_day_problem(value):
        raise ValueError(problem)
    return value


# The years 1945-2200 in the document too, so a client (or a fuzzer) knows the bounds the server keeps.
YEARS_1945_2200 = r"^(194[5-9]|19[5-9][0-9]|2[01][0-9][0-9]|2200)-[0-9]{2}-[0-9]{2}$"
RecordDay = Annotated[
    date,
    BeforeValidator(iso_date),
    AfterValidator(_within_records),
    WithJsonSchema({"type": "string", "format": "date", "pattern": YEARS_1945_2200}),
]
"""A date of a record or a decision: ``YYYY-MM-DD``, 1945-01-01 to 2200-12-31."""
