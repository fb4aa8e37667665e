"""Vietnam's public holidays as data: the default calendar the working-day limits are counted on.

Statutory days off (Labour Code 2012 Art 115 to 2020; Labour Code 2019 Art 112 from 2021): Tết Dương lịch
(1/1); Tết Nguyên đán, 5 days (the Prime Minister's yearly announcement says which); Giỗ Tổ Hùng Vương
(10/3 lunar); 30/4; 1/5; Quốc khánh 2/9 and, from 2021, one day beside it (Art 112(1)(đ)). A holiday on a
weekend gives the next working day off (nghỉ bù, Art 115(3) / Art 112(3)). The public sector also swaps days:
a weekday off against a working Saturday (``W``), announced each year.

Source of the table: the Vietnam calendar of python-holidays 0.108 ("holidays", Vacanza team, MIT;
``holidays/countries/vietnam.py``), which applies those rules on its Vietnamese lunisolar table and lists the
announced swaps (Official Dispatch 6519/VPCP-KGVX 2018; 2450/VPCP-KGVX 2024; Announcement 6150/TB-BLĐTBXH
2024; the 2026 National Day announcement). The lunar days are the Vietnamese calendar's (UTC+7): Tết 2016 =
8 Feb, 2017 = 28 Jan, 2024 = 10 Feb, 2025 = 29 Jan, 2026 = 17 Feb; Hùng Kings' day 10/3 lunar. The weekdays
off at Tết agree with the announced breaks where we know them (2017: 26/1–1/2; 2025: 25/1–2/2).

``confirmed=False`` (shown as unconfirmed): the 2014–2015 swaps (no announcement cited), the days of Tết 2027
(not yet announced: the statutory rule applied to the lunar dates), and Vietnam Cultural Day 24/11 from 2026
(Resolution 80-NQ/TW as python-holidays cites it; not a Labour Code day). The office corrects the calendar
through ``/api/v1/calendar/holidays`` (table ``public_holidays``), which overrides this table day by day.
Saturdays and Sundays are listed when they are holidays, for the record; they are days off anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

DayKindName = Literal["holiday", "working_day"]

FIRST_YEAR = 2014
LAST_YEAR = 2027


@dataclass(frozen=True)
class DefaultDay:
    day: date
    name: str  # Vietnamese, NFC
    kind: DayKindName
    confirmed: bool = True


def H(day: str, name: str, *, confirmed: bool = True) -> DefaultDay:
    """A day off."""
    return DefaultDay(date.fromisoformat(day), name, "holiday", confirmed)


def W(day: str, name: str, *, confirmed: bool = True) -> DefaultDay:
    """A Saturday worked in exchange for a weekday off."""
    return DefaultDay(date.fromisoformat(day), name, "working_day", confirmed)


DEFAULT_DAYS: tuple[DefaultDay, ...] = (
    # 2014
    H("2014-01-01", "Tết Dương lịch"),
    H("2014-01-29", "Tết Nguyên đán (29 Tết)"),
    H("2014-01-30", "Tết Nguyên đán (30 Tết)"),
    H("2014-01-31", "Tết Nguyên đán (mùng 1)"),
    H("2014-02-01", "Tết Nguyên đán (mùng 2)"),
    H("2014-02-02", "Tết Nguyên đán (mùng 3)"),
    H("2014-02-03", "Tết Nguyên đán (mùng 4)"),
    H("2014-02-04", "Tết Nguyên đán (mùng 5)"),
    H("2014-04-09", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    W("2014-04-26", "Làm bù cho ngày nghỉ 02/05/2014", confirmed=False),
    H("2014-04-30", "Ngày Chiến thắng (30/4)"),
    H("2014-05-01", "Ngày Quốc tế Lao động (1/5)"),
    H("2014-05-02", "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2014)", confirmed=False),
    H("2014-09-01", "Nghỉ hoán đổi (làm bù thứ Bảy 06/09/2014)", confirmed=False),
    H("2014-09-02", "Quốc khánh (2/9)"),
    W("2014-09-06", "Làm bù cho ngày nghỉ 01/09/2014", confirmed=False),
    W("2014-12-27", "Làm bù cho ngày nghỉ 02/01/2015", confirmed=False),
    # 2015
    H("2015-01-01", "Tết Dương lịch"),
    H("2015-01-02", "Nghỉ hoán đổi (làm bù thứ Bảy 27/12/2014)", confirmed=False),
    W("2015-02-14", "Làm bù cho ngày nghỉ 16/02/2015", confirmed=False),
    H("2015-02-16", "Nghỉ hoán đổi (làm bù thứ Bảy 14/02/2015)", confirmed=False),
    H("2015-02-17", "Tết Nguyên đán (29 Tết)"),
    H("2015-02-18", "Tết Nguyên đán (30 Tết)"),
    H("2015-02-19", "Tết Nguyên đán (mùng 1)"),
    H("2015-02-20", "Tết Nguyên đán (mùng 2)"),
    H("2015-02-21", "Tết Nguyên đán (mùng 3)"),
    H("2015-02-22", "Tết Nguyên đán (mùng 4)"),
    H("2015-02-23", "Tết Nguyên đán (mùng 5)"),
    W("2015-04-25", "Làm bù cho ngày nghỉ 29/04/2015", confirmed=False),
    H("2015-04-28", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    H("2015-04-29", "Nghỉ hoán đổi (làm bù thứ Bảy 25/04/2015)", confirmed=False),
    H("2015-04-30", "Ngày Chiến thắng (30/4)"),
    H("2015-05-01", "Ngày Quốc tế Lao động (1/5)"),
    H("2015-09-02", "Quốc khánh (2/9)"),
    # 2016
    H("2016-01-01", "Tết Dương lịch"),
    H("2016-02-07", "Tết Nguyên đán (30 Tết)"),
    H("2016-02-08", "Tết Nguyên đán (mùng 1)"),
    H("2016-02-09", "Tết Nguyên đán (mùng 2)"),
    H("2016-02-10", "Tết Nguyên đán (mùng 3)"),
    H("2016-02-11", "Tết Nguyên đán (mùng 4)"),
    H("2016-02-12", "Tết Nguyên đán (mùng 5)"),
    H("2016-04-16", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    H("2016-04-18", "Giỗ Tổ Hùng Vương (10/3 âm lịch) (nghỉ bù)"),
    H("2016-04-30", "Ngày Chiến thắng (30/4)"),
    H("2016-05-01", "Ngày Quốc tế Lao động (1/5)"),
    H("2016-05-02", "Ngày Chiến thắng (30/4) (nghỉ bù)"),
    H("2016-05-03", "Ngày Quốc tế Lao động (1/5) (nghỉ bù)"),
    H("2016-09-02", "Quốc khánh (2/9)"),
    # 2017
    H("2017-01-01", "Tết Dương lịch"),
    H("2017-01-02", "Tết Dương lịch (nghỉ bù)"),
    H("2017-01-26", "Tết Nguyên đán (29 Tết)"),
    H("2017-01-27", "Tết Nguyên đán (30 Tết)"),
    H("2017-01-28", "Tết Nguyên đán (mùng 1)"),
    H("2017-01-29", "Tết Nguyên đán (mùng 2)"),
    H("2017-01-30", "Tết Nguyên đán (mùng 3)"),
    H("2017-01-31", "Tết Nguyên đán (mùng 4)"),
    H("2017-02-01", "Tết Nguyên đán (mùng 5)"),
    H("2017-04-06", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    H("2017-04-30", "Ngày Chiến thắng (30/4)"),
    H("2017-05-01", "Ngày Quốc tế Lao động (1/5)"),
    H("2017-05-02", "Ngày Chiến thắng (30/4) (nghỉ bù)"),
    H("2017-09-02", "Quốc khánh (2/9)"),
    H("2017-09-04", "Quốc khánh (nghỉ bù)"),
    # 2018
    H("2018-01-01", "Tết Dương lịch"),
    H("2018-02-14", "Tết Nguyên đán (29 Tết)"),
    H("2018-02-15", "Tết Nguyên đán (30 Tết)"),
    H("2018-02-16", "Tết Nguyên đán (mùng 1)"),
    H("2018-02-17", "Tết Nguyên đán (mùng 2)"),
    H("2018-02-18", "Tết Nguyên đán (mùng 3)"),
    H("2018-02-19", "Tết Nguyên đán (mùng 4)"),
    H("2018-02-20", "Tết Nguyên đán (mùng 5)"),
    H("2018-04-25", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    H("2018-04-30", "Ngày Chiến thắng (30/4)"),
    H("2018-05-01", "Ngày Quốc tế Lao động (1/5)"),
    H("2018-09-02", "Quốc khánh (2/9)"),
    H("2018-09-03", "Quốc khánh (nghỉ bù)"),
    H("2018-12-31", "Nghỉ hoán đổi (làm bù thứ Bảy 05/01/2019)"),
    # 2019
    H("2019-01-01", "Tết Dương lịch"),
    W("2019-01-05", "Làm bù cho ngày nghỉ 31/12/2018"),
    H("2019-02-04", "Tết Nguyên đán (30 Tết)"),
    H("2019-02-05", "Tết Nguyên đán (mùng 1)"),
    H("2019-02-06", "Tết Nguyên đán (mùng 2)"),
    H("2019-02-07", "Tết Nguyên đán (mùng 3)"),
    H("2019-02-08", "Tết Nguyên đán (mùng 4)"),
    H("2019-04-14", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    H("2019-04-15", "Giỗ Tổ Hùng Vương (10/3 âm lịch) (nghỉ bù)"),
    H("2019-04-29", "Nghỉ hoán đổi (làm bù thứ Bảy 04/05/2019)"),
    H("2019-04-30", "Ngày Chiến thắng (30/4)"),
    H("2019-05-01", "Ngày Quốc tế Lao động (1/5)"),
    W("2019-05-04", "Làm bù cho ngày nghỉ 29/04/2019"),
    H("2019-09-02", "Quốc khánh (2/9)"),
    # 2020
    H("2020-01-01", "Tết Dương lịch"),
    H("2020-01-23", "Tết Nguyên đán (29 Tết)"),
    H("2020-01-24", "Tết Nguyên đán (30 Tết)"),
    H("2020-01-25", "Tết Nguyên đán (mùng 1)"),
    H("2020-01-26", "Tết Nguyên đán (mùng 2)"),
    H("2020-01-27", "Tết Nguyên đán (mùng 3)"),
    H("2020-01-28", "Tết Nguyên đán (mùng 4)"),
    H("2020-01-29", "Tết Nguyên đán (mùng 5)"),
    H("2020-04-02", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    H("2020-04-30", "Ngày Chiến thắng (30/4)"),
    H("2020-05-01", "Ngày Quốc tế Lao động (1/5)"),
    H("2020-09-02", "Quốc khánh (2/9)"),
    # 2021
    H("2021-01-01", "Tết Dương lịch"),
    H("2021-02-10", "Tết Nguyên đán (29 Tết)"),
    H("2021-02-11", "Tết Nguyên đán (30 Tết)"),
    H("2021-02-12", "Tết Nguyên đán (mùng 1)"),
    H("2021-02-13", "Tết Nguyên đán (mùng 2)"),
    H("2021-02-14", "Tết Nguyên đán (mùng 3)"),
    H("2021-02-15", "Tết Nguyên đán (mùng 4)"),
    H("2021-02-16", "Tết Nguyên đán (mùng 5)"),
    H("2021-04-21", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    H("2021-04-30", "Ngày Chiến thắng (30/4)"),
    H("2021-05-01", "Ngày Quốc tế Lao động (1/5)"),
    H("2021-05-03", "Ngày Quốc tế Lao động (1/5) (nghỉ bù)"),
    H("2021-09-02", "Quốc khánh (2/9)"),
    H("2021-09-03", "Quốc khánh (ngày liền kề 2/9)"),
    # 2022
    H("2022-01-01", "Tết Dương lịch"),
    H("2022-01-03", "Tết Dương lịch (nghỉ bù)"),
    H("2022-01-31", "Tết Nguyên đán (30 Tết)"),
    H("2022-02-01", "Tết Nguyên đán (mùng 1)"),
    H("2022-02-02", "Tết Nguyên đán (mùng 2)"),
    H("2022-02-03", "Tết Nguyên đán (mùng 3)"),
    H("2022-02-04", "Tết Nguyên đán (mùng 4)"),
    H("2022-04-10", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    H("2022-04-11", "Giỗ Tổ Hùng Vương (10/3 âm lịch) (nghỉ bù)"),
    H("2022-04-30", "Ngày Chiến thắng (30/4)"),
    H("2022-05-01", "Ngày Quốc tế Lao động (1/5)"),
    H("2022-05-02", "Ngày Chiến thắng (30/4) (nghỉ bù)"),
    H("2022-05-03", "Ngày Quốc tế Lao động (1/5) (nghỉ bù)"),
    H("2022-09-01", "Quốc khánh (ngày liền kề 2/9)"),
    H("2022-09-02", "Quốc khánh (2/9)"),
    # 2023
    H("2023-01-01", "Tết Dương lịch"),
    H("2023-01-02", "Tết Dương lịch (nghỉ bù)"),
    H("2023-01-20", "Tết Nguyên đán (29 Tết)"),
    H("2023-01-21", "Tết Nguyên đán (30 Tết)"),
    H("2023-01-22", "Tết Nguyên đán (mùng 1)"),
    H("2023-01-23", "Tết Nguyên đán (mùng 2)"),
    H("2023-01-24", "Tết Nguyên đán (mùng 3)"),
    H("2023-01-25", "Tết Nguyên đán (mùng 4)"),
    H("2023-01-26", "Tết Nguyên đán (mùng 5)"),
    H("2023-04-29", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    H("2023-04-30", "Ngày Chiến thắng (30/4)"),
    H("2023-05-01", "Ngày Quốc tế Lao động (1/5)"),
    H("2023-05-02", "Giỗ Tổ Hùng Vương (10/3 âm lịch) (nghỉ bù)"),
    H("2023-05-03", "Ngày Chiến thắng (30/4) (nghỉ bù)"),
    H("2023-09-01", "Quốc khánh (ngày liền kề 2/9)"),
    H("2023-09-02", "Quốc khánh (2/9)"),
    H("2023-09-04", "Quốc khánh (nghỉ bù)"),
    # 2024
    H("2024-01-01", "Tết Dương lịch"),
    H("2024-02-08", "Tết Nguyên đán (29 Tết)"),
    H("2024-02-09", "Tết Nguyên đán (30 Tết)"),
    H("2024-02-10", "Tết Nguyên đán (mùng 1)"),
    H("2024-02-11", "Tết Nguyên đán (mùng 2)"),
    H("2024-02-12", "Tết Nguyên đán (mùng 3)"),
    H("2024-02-13", "Tết Nguyên đán (mùng 4)"),
    H("2024-02-14", "Tết Nguyên đán (mùng 5)"),
    H("2024-04-18", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    H("2024-04-29", "Nghỉ hoán đổi (làm bù thứ Bảy 04/05/2024)"),
    H("2024-04-30", "Ngày Chiến thắng (30/4)"),
    H("2024-05-01", "Ngày Quốc tế Lao động (1/5)"),
    W("2024-05-04", "Làm bù cho ngày nghỉ 29/04/2024"),
    H("2024-09-02", "Quốc khánh (2/9)"),
    H("2024-09-03", "Quốc khánh (ngày liền kề 2/9)"),
    # 2025
    H("2025-01-01", "Tết Dương lịch"),
    H("2025-01-27", "Tết Nguyên đán (29 Tết)"),
    H("2025-01-28", "Tết Nguyên đán (30 Tết)"),
    H("2025-01-29", "Tết Nguyên đán (mùng 1)"),
    H("2025-01-30", "Tết Nguyên đán (mùng 2)"),
    H("2025-01-31", "Tết Nguyên đán (mùng 3)"),
    H("2025-02-01", "Tết Nguyên đán (mùng 4)"),
    H("2025-04-07", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    W("2025-04-26", "Làm bù cho ngày nghỉ 02/05/2025"),
    H("2025-04-30", "Ngày Chiến thắng (30/4)"),
    H("2025-05-01", "Ngày Quốc tế Lao động (1/5)"),
    H("2025-05-02", "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)"),
    H("2025-09-01", "Quốc khánh (ngày liền kề 2/9)"),
    H("2025-09-02", "Quốc khánh (2/9)"),
    # 2026
    H("2026-01-01", "Tết Dương lịch"),
    H("2026-02-16", "Tết Nguyên đán (30 Tết)"),
    H("2026-02-17", "Tết Nguyên đán (mùng 1)"),
    H("2026-02-18", "Tết Nguyên đán (mùng 2)"),
    H("2026-02-19", "Tết Nguyên đán (mùng 3)"),
    H("2026-02-20", "Tết Nguyên đán (mùng 4)"),
    H("2026-04-26", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    H("2026-04-27", "Giỗ Tổ Hùng Vương (10/3 âm lịch) (nghỉ bù)"),
    H("2026-04-30", "Ngày Chiến thắng (30/4)"),
    H("2026-05-01", "Ngày Quốc tế Lao động (1/5)"),
    W("2026-08-22", "Làm bù cho ngày nghỉ 31/08/2026"),
    H("2026-08-31", "Nghỉ hoán đổi (làm bù thứ Bảy 22/08/2026)"),
    H("2026-09-01", "Quốc khánh (ngày liền kề 2/9)"),
    H("2026-09-02", "Quốc khánh (2/9)"),
    H("2026-11-24", "Ngày Văn hóa Việt Nam", confirmed=False),
    # 2027
    H("2027-01-01", "Tết Dương lịch"),
    H("2027-02-04", "Tết Nguyên đán (29 Tết)", confirmed=False),
    H("2027-02-05", "Tết Nguyên đán (30 Tết)", confirmed=False),
    H("2027-02-06", "Tết Nguyên đán (mùng 1)", confirmed=False),
    H("2027-02-07", "Tết Nguyên đán (mùng 2)", confirmed=False),
    H("2027-02-08", "Tết Nguyên đán (mùng 3)", confirmed=False),
    H("2027-02-09", "Tết Nguyên đán (mùng 4)", confirmed=False),
    H("2027-02-10", "Tết Nguyên đán (mùng 5)", confirmed=False),
    H("2027-04-16", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    H("2027-04-30", "Ngày Chiến thắng (30/4)"),
    H("2027-05-01", "Ngày Quốc tế Lao động (1/5)"),
    H("2027-05-03", "Ngày Quốc tế Lao động (1/5) (nghỉ bù)"),
    H("2027-09-02", "Quốc khánh (2/9)"),
    H("2027-09-03", "Quốc khánh (ngày liền kề 2/9)"),
    H("2027-11-24", "Ngày Văn hóa Việt Nam", confirmed=False),
)

BY_DAY: dict[date, DefaultDay] = {d.day: d for d in DEFAULT_DAYS}


def default_days(start: date, end: date) -> tuple[DefaultDay, ...]:
    """The table's days from ``start`` to ``end``, both included, by date."""
    return tuple(d for d in DEFAULT_DAYS if start <= d.day <= end)
