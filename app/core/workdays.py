"""Working days (ngày làm việc): the unit of the procedure's time limits.

A working day is Monday to Friday, not a public holiday; a Saturday or Sunday the public sector works in
exchange for a weekday off (``working_weekend_days``) is one too. Pure: the caller passes the holidays
(``app.calendar.service`` merges the default table with the office's). A period of n working days "from"
a day ends on the n-th working day after it: the day itself never counts, whether it is a working day or
not (a dossier received on a Saturday has its first day on Monday).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

_DAY = timedelta(days=1)
MAX_DAYS = 10_000  # ~40 years of working days: a bound against a runaway loop on absurd input


def is_working_day(d: date, holidays: Collection[date], working_weekend_days: Collection[date] = ()) -> bool:
    if d.weekday() >= 5:
        return d in working_weekend_days
    return d not in holidays


def add_working_days(
    start: date, n: int, holidays: Collection[date], working_weekend_days: Collection[date] = ()
) -> date:
    """The deadline: the ``n``-th working day after ``start`` (``start`` itself when ``n`` is 0)."""
    if not 0 <= n <= MAX_DAYS:
        raise ValueError(f"n must be between 0 and {MAX_DAYS}")
    d = start
    left = n
    while left:
        d += _DAY
        if is_working_day(d, holidays, working_weekend_days):
            left -= 1
    return d


def working_days_between(
    a: date, b: date, holidays: Collection[date], working_weekend_days: Collection[date] = ()
) -> int:
    """The working days d with a < d <= b; negative (the count of b < d <= a) when b is before a. So
    ``working_days_between(a, add_working_days(a, n, h), h) == n``."""
    if b < a:
        return -working_days_between(b, a, holidays, working_weekend_days)
    count = 0
    d = a + _DAY
    while d <= b:
        if is_working_day(d, holidays, working_weekend_days):
            count += 1
        d += _DAY
    return count
