"""The base salary (mức lương cơ sở) by period (law.md section 6), and cash as a rounded multiple of it.

Cash = multiple × the base salary in force on the award decision date, rounded up to the next 10,000 VND
(152/2025 Art 49; same wording in 98/2023). Multiples are kept in hundredths (15.5 → 1550) so the
arithmetic is exact integers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


class UnknownSalary(ValueError):
    """No base salary in the table for the date (before 1/7/2013)."""


@dataclass(frozen=True)
class SalaryStep:
    valid_from: date
    valid_to: date | None  # inclusive; None: in force
    vnd: int
    decree: str


BASE_SALARY: tuple[SalaryStep, ...] = (
    SalaryStep(date(2013, 7, 1), date(2016, 4, 30), 1_150_000, "Nghị định 66/2013/NĐ-CP"),
    SalaryStep(date(2016, 5, 1), date(2017, 6, 30), 1_210_000, "Nghị định 47/2016/NĐ-CP"),
    SalaryStep(date(2017, 7, 1), date(2018, 6, 30), 1_300_000, "Nghị định 47/2017/NĐ-CP"),
    SalaryStep(date(2018, 7, 1), date(2019, 6, 30), 1_390_000, "Nghị định 72/2018/NĐ-CP"),
    SalaryStep(date(2019, 7, 1), date(2023, 6, 30), 1_490_000, "Nghị định 38/2019/NĐ-CP"),
    SalaryStep(date(2023, 7, 1), date(2024, 6, 30), 1_800_000, "Nghị định 24/2023/NĐ-CP"),
    SalaryStep(date(2024, 7, 1), None, 2_340_000, "Nghị định 73/2024/NĐ-CP, khoản 2 Điều 3"),
)


def base_salary_on(d: date) -> SalaryStep:
    for step in BASE_SALARY:
        if step.valid_from <= d and (step.valid_to is None or d <= step.valid_to):
            return step
    raise UnknownSalary(f"no base salary in the table for {d.isoformat()} (it starts 2013-07-01)")


def cash_amount(*, multiple_centi: int, base_vnd: int, round_to: int = 10_000) -> int:
    """``multiple_centi``/100 × ``base_vnd``, rounded up to a multiple of ``round_to``."""
    if multiple_centi < 0 or base_vnd < 0 or round_to <= 0:
        raise ValueError("the multiple and the base salary must not be negative, round_to must be positive")
    hundredths = multiple_centi * base_vnd  # the amount × 100
    unit = 100 * round_to
    return -(-hundredths // unit) * round_to
