"""The base salary table and cash rounding (law.md section 6)."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from app.law.salary import BASE_SALARY, UnknownSalary, base_salary_on, cash_amount


@pytest.mark.parametrize(
    ("on", "vnd"),
    [
        (date(2013, 7, 1), 1_150_000),
        (date(2016, 4, 30), 1_150_000),
        (date(2016, 5, 1), 1_210_000),
        (date(2017, 6, 30), 1_210_000),
        (date(2017, 7, 1), 1_300_000),
        (date(2018, 7, 1), 1_390_000),
        (date(2019, 7, 1), 1_490_000),
        (date(2023, 6, 30), 1_490_000),
        (date(2023, 7, 1), 1_800_000),
        (date(2024, 6, 30), 1_800_000),
        (date(2024, 7, 1), 2_340_000),
        (date(2026, 12, 6), 2_340_000),
    ],
)
def test_base_salary_on_each_boundary(on: date, vnd: int) -> None:
    assert base_salary_on(on).vnd == vnd


def test_before_the_table_is_refused_and_the_table_is_contiguous() -> None:
    with pytest.raises(UnknownSalary):
        base_salary_on(date(2013, 6, 30))
    for before, after in itertools.pairwise(BASE_SALARY):
        assert before.valid_to is not None and (after.valid_from - before.valid_to).days == 1


@pytest.mark.parametrize(
    ("multiple_centi", "base", "vnd"),
    [
        (1550, 1_210_000, 18_760_000),  # Cờ Bộ, R2016, before 1/7/2017: 18,755,000 rounded up
        (1550, 1_300_000, 20_150_000),  # Cờ Bộ, R2016, 1/7–30/9/2017
        (800, 1_300_000, 10_400_000),  # Cờ Bộ from 1/10/2017
        (30, 2_340_000, 710_000),  # LĐTT 0.3 × 2,340,000 = 702,000
        (450, 2_340_000, 10_530_000),  # CSTĐ toàn quốc: exact
        (0, 2_340_000, 0),
        (1, 1, 10_000),  # any part of 10,000 rounds up
    ],
)
def test_cash_is_rounded_up_to_ten_thousand(multiple_centi: int, base: int, vnd: int) -> None:
    assert cash_amount(multiple_centi=multiple_centi, base_vnd=base) == vnd


def test_cash_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        cash_amount(multiple_centi=-1, base_vnd=1)
    with pytest.raises(ValueError):
        cash_amount(multiple_centi=1, base_vnd=1, round_to=0)
