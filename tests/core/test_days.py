"""Dates a request carries are written YYYY-MM-DD and fall in the years of the ministry's records
(1945–2200): a number is not a date, and a decision of year 1 or 9999 is a typing error, refused with 422
rather than judged by a law that did not exist."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from app.awards.schemas import AwardDecide
from app.core.days import RecordDay
from app.people.schemas import PersonCreate
from app.regulations.schemas import RegulationWrite
from app.reviews.schemas import ReviewDecide


class _Holder(BaseModel):
    day: RecordDay


@pytest.mark.parametrize("value", ["2016-12-29", date(2016, 12, 29), "1945-01-01", "2200-12-31"])
def test_a_record_day_is_iso_text_or_a_date_within_the_records_years(value: Any) -> None:
    assert _Holder(day=value).day in (date(2016, 12, 29), date(1945, 1, 1), date(2200, 12, 31))


@pytest.mark.parametrize(
    "value",
    [0, "0", 1482969600, True, 2016.5, "29/12/2016", "2016-12-29T00:00:00", "0001-01-01", "9999-12-31"],
)
def test_anything_else_is_refused(value: Any) -> None:
    with pytest.raises(ValidationError):
        _Holder(day=value)


@pytest.mark.parametrize(
    ("model", "field", "others"),
    [
        (AwardDecide, "decision_date", {"decision_number": "245/QĐ-BKHCN"}),
        (ReviewDecide, "decision_date", {"decision_number": "12/QĐ-VP"}),
        (RegulationWrite, "effective_from", {"values": {}}),
    ],
)
@pytest.mark.parametrize("bad", ["0001-01-01", "9999-12-31", 0])
def test_decision_dates_outside_the_records_years_are_refused(
    model: type[BaseModel], field: str, others: dict[str, Any], bad: Any
) -> None:
    model.model_validate({**others, field: "2017-02-10"})  # the control
    with pytest.raises(ValidationError) as caught:
        model.model_validate({**others, field: bad})
    assert [e["loc"] for e in caught.value.errors()] == [(field,)]


def test_a_number_is_not_a_birth_date() -> None:
    with pytest.raises(ValidationError):
        PersonCreate.model_validate({"code": "CB9", "full_name": "Lê An", "unit_id": "u", "birth_date": 0})
