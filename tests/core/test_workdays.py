"""Working days and the default calendar of Vietnamese public holidays (pure, no database)."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest

from app.core.holidays_vn import BY_DAY, DEFAULT_DAYS, FIRST_YEAR, LAST_YEAR, default_days
from app.core.workdays import MAX_DAYS, add_working_days, is_working_day, working_days_between

HOLIDAYS = frozenset(d.day for d in DEFAULT_DAYS if d.kind == "holiday")
WORKED = frozenset(d.day for d in DEFAULT_DAYS if d.kind == "working_day")


def D(text: str) -> date:
    return date.fromisoformat(text)


# ---- the arithmetic ------------------------------------------------------------------------------------


def test_weekends_are_not_working_days_unless_worked() -> None:
    assert is_working_day(D("2016-12-30"), ())  # Friday
    assert not is_working_day(D("2016-12-31"), ())  # Saturday
    assert not is_working_day(D("2017-01-01"), ())  # Sunday
    assert not is_working_day(D("2016-12-30"), {D("2016-12-30")})
    assert is_working_day(D("2025-04-26"), (), {D("2025-04-26")})  # a Saturday worked in a swap


def test_counting_starts_the_day_after() -> None:
    assert add_working_days(D("2016-12-26"), 0, ()) == D("2016-12-26")
    assert add_working_days(D("2016-12-26"), 1, ()) == D("2016-12-27")  # Monday → Tuesday
    assert add_working_days(D("2016-12-30"), 1, ()) == D("2017-01-02")  # Friday → Monday
    assert add_working_days(D("2016-12-31"), 1, ()) == D("2017-01-02")  # received on a Saturday
    assert add_working_days(D("2016-12-26"), 5, ()) == D("2017-01-02")


def test_twenty_working_days_from_30_december_2016_skip_tet_2017() -> None:
    # 2/1/2017 is New Year's compensatory day off; Tết Đinh Dậu (28/1) gives 26, 27, 30, 31/1 and 1/2.
    assert add_working_days(D("2016-12-30"), 20, HOLIDAYS, WORKED) == D("2017-02-06")
    assert add_working_days(D("2016-12-30"), 20, ()) == D("2017-01-27")  # without holidays
    assert working_days_between(D("2016-12-30"), D("2017-02-06"), HOLIDAYS, WORKED) == 20


def test_a_worked_saturday_counts() -> None:
    # 2025: Saturday 26/4 worked for Friday 2/5; 30/4 and 1/5 are holidays.
    assert add_working_days(D("2025-04-25"), 1, HOLIDAYS, WORKED) == D("2025-04-26")
    assert add_working_days(D("2025-04-25"), 3, HOLIDAYS, WORKED) == D("2025-04-29")
    assert add_working_days(D("2025-04-25"), 4, HOLIDAYS, WORKED) == D("2025-05-05")
    assert add_working_days(D("2025-04-25"), 4, HOLIDAYS) == D("2025-05-06")  # the swap not known


def test_between_is_the_inverse_of_add() -> None:
    start = D("2023-12-15")
    for n in range(0, 60):
        due = add_working_days(start, n, HOLIDAYS, WORKED)
        assert working_days_between(start, due, HOLIDAYS, WORKED) == n
        assert is_working_day(due, HOLIDAYS, WORKED) or n == 0
    assert working_days_between(D("2017-02-06"), D("2016-12-30"), HOLIDAYS, WORKED) == -20
    assert working_days_between(D("2017-02-06"), D("2017-02-06"), HOLIDAYS) == 0


def test_absurd_periods_are_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(D("2020-01-01"), -1, ())
    with pytest.raises(ValueError):
        add_working_days(D("2020-01-01"), MAX_DAYS + 1, ())


# ---- the default calendar ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "tet"),
    [
        (2014, "2014-01-31"),
        (2015, "2015-02-19"),
        (2016, "2016-02-08"),
        (2017, "2017-01-28"),
        (2018, "2018-02-16"),
        (2019, "2019-02-05"),
        (2020, "2020-01-25"),
        (2021, "2021-02-12"),
        (2022, "2022-02-01"),
        (2023, "2023-01-22"),
        (2024, "2024-02-10"),
        (2025, "2025-01-29"),
        (2026, "2026-02-17"),
        (2027, "2027-02-06"),
    ],
)
def test_tet_is_the_first_day_of_the_lunar_year(year: int, tet: str) -> None:
    assert BY_DAY[D(tet)].name == "Tết Nguyên đán (mùng 1)"
    tet_days = [d for d in default_days(date(year, 1, 1), date(year, 3, 31)) if "Nguyên đán" in d.name]
    weekdays = [d for d in tet_days if d.day.weekday() < 5]
    # five statutory days, weekend ones moved to weekdays (Labour Code Art 115(3) / 112(3)); 2015 had a
    # swap on top (Saturday 14/2 worked for Monday 16/2), listed apart
    assert len(weekdays) == 5, [d.day.isoformat() for d in tet_days]


HUNG_KINGS = {
    2014: "2014-04-09",
    2015: "2015-04-28",
    2016: "2016-04-16",
    2017: "2017-04-06",
    2018: "2018-04-25",
    2019: "2019-04-14",
    2020: "2020-04-02",
    2021: "2021-04-21",
    2022: "2022-04-10",
    2023: "2023-04-29",
    2024: "2024-04-18",
    2025: "2025-04-07",
    2026: "2026-04-26",
    2027: "2027-04-16",
}


def test_the_hung_kings_day_is_10_3_lunar() -> None:
    for day in HUNG_KINGS.values():
        assert BY_DAY[D(day)].name == "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
    # on a Saturday or Sunday the next working day is off
    assert BY_DAY[D("2016-04-18")].name == "Giỗ Tổ Hùng Vương (10/3 âm lịch) (nghỉ bù)"
    assert BY_DAY[D("2026-04-27")].name == "Giỗ Tổ Hùng Vương (10/3 âm lịch) (nghỉ bù)"


def test_fixed_holidays_every_year_and_the_second_national_day_from_2021() -> None:
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for month, day in ((1, 1), (4, 30), (5, 1), (9, 2)):
            assert date(year, month, day) in HOLIDAYS, (year, month, day)
        beside = [d for d in default_days(date(year, 8, 31), date(year, 9, 3)) if "liền kề" in d.name]
        assert len(beside) == (1 if year >= 2021 else 0), year


def test_compensatory_days_follow_weekend_holidays() -> None:
    assert D("2017-01-02") in HOLIDAYS  # 1/1/2017 a Sunday
    assert {D("2016-05-02"), D("2016-05-03")} <= HOLIDAYS  # 30/4 and 1/5/2016 a weekend
    assert D("2017-09-04") in HOLIDAYS  # 2/9/2017 a Saturday


def test_the_table_is_well_formed() -> None:
    assert len(BY_DAY) == len(DEFAULT_DAYS)  # one entry per day
    assert [d.day for d in DEFAULT_DAYS] == sorted(d.day for d in DEFAULT_DAYS)
    assert {d.day.year for d in DEFAULT_DAYS} == set(range(FIRST_YEAR, LAST_YEAR + 1))
    for d in DEFAULT_DAYS:
        assert d.name == unicodedata.normalize("NFC", d.name) and 0 < len(d.name) <= 200
        if d.kind == "working_day":
            assert d.day.weekday() == 5, d  # a worked Saturday
    unconfirmed = {d.day.isoformat() for d in DEFAULT_DAYS if not d.confirmed}
    assert "2027-02-05" in unconfirmed and "2026-11-24" in unconfirmed and "2017-01-27" not in unconfirmed


def test_a_year_of_working_days() -> None:
    # 2017: 260 weekdays, 10 of them holidays (2/1; 26, 27, 30, 31/1 and 1/2; 6/4; 1/5, 2/5; 4/9) → 250.
    assert working_days_between(D("2016-12-31"), D("2017-12-31"), HOLIDAYS, WORKED) == 250
    assert sum(1 for i in range(365) if (D("2017-01-01") + timedelta(days=i)).weekday() < 5) == 260
