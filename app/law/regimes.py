"""The legal regimes (law.md section 1) and which one governs a file.

The regime in force on the award decision date governs criteria and cash; the year of achievement does not
select it (98/2023; 152/2025 Art 49(1); 91/2017's multiples applied to decisions from 1/10/2017). A file
not decided yet is judged under the regime in force on the evaluation date. Exception (a precedent, law.md
section 1: a file lodged 15/6/2025 handled in July 2025 under 98/2023, citing 152/2025 Art 60(3)): a file
lodged before a switch keeps the old regime, while the setting ``keep_old_procedure_for_lodged_files`` is on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Basis = Literal["decision_date", "lodged_before_switch", "evaluation_date"]


class UnknownRegime(ValueError):
    """No regime the catalogue holds covers the date (before 20/8/2014), or the code is unknown."""


@dataclass(frozen=True)
class Regime:
    code: str
    name_vi: str
    name_en: str
    valid_from: date
    valid_to: date | None  # inclusive; None: in force
    texts: tuple[str, ...]

    def covers(self, d: date) -> bool:
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)


_LAW_2003 = "Luật Thi đua, khen thưởng 15/2003/QH11 (sửa đổi 2005, 2009, 2013)"
_LAW_2022 = "Luật Thi đua, khen thưởng 06/2022/QH15"

REGIMES: tuple[Regime, ...] = (
    Regime(
        code="R2016",
        name_vi="Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Nghị định 65/2014/NĐ-CP",
        name_en="Law 15/2003 as amended in 2013, Decree 65/2014",
        valid_from=date(2014, 8, 20),
        valid_to=date(2017, 9, 30),
        texts=(
            _LAW_2003,
            "Nghị định 42/2010/NĐ-CP (sửa đổi bởi Nghị định 39/2012/NĐ-CP, bãi bỏ một phần bởi 65/2014)",
            "Nghị định 65/2014/NĐ-CP",
            "Thông tư 07/2014/TT-BNV",
        ),
    ),
    Regime(
        code="R2017",
        name_vi="Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Nghị định 91/2017/NĐ-CP",
        name_en="Law 15/2003 as amended in 2013, Decree 91/2017",
        valid_from=date(2017, 10, 1),
        valid_to=date(2023, 12, 31),
        texts=(_LAW_2003, "Nghị định 91/2017/NĐ-CP", "Thông tư 12/2019/TT-BNV"),
    ),
    Regime(
        code="R2024",
        name_vi="Luật Thi đua, khen thưởng 2022, Nghị định 98/2023/NĐ-CP",
        name_en="Law 06/2022, Decree 98/2023",
        valid_from=date(2024, 1, 1),
        valid_to=date(2025, 6, 30),
        texts=(_LAW_2022, "Nghị định 98/2023/NĐ-CP", "Thông tư 01/2024/TT-BNV"),
    ),
    Regime(
        code="R2025",
        name_vi="Luật Thi đua, khen thưởng 2022, Nghị định 152/2025/NĐ-CP",
        name_en="Law 06/2022, Decree 152/2025",
        valid_from=date(2025, 7, 1),
        valid_to=None,
        texts=(
            _LAW_2022,
            "Nghị định 152/2025/NĐ-CP",
            "Thông tư 15/2025/TT-BNV",
            "Thông tư 25/2025/TT-BKHCN",
        ),
    ),
)


@dataclass(frozen=True)
class RegimeChoice:
    """The regime a verdict was judged under, and why: shown on every verdict."""

    regime: Regime
    basis: Basis
    on: date
    reason_en: str
    reason_vi: str


def regime(code: str) -> Regime:
    for r in REGIMES:
        if r.code == code:
            return r
    raise UnknownRegime(f"unknown legal regime {code!r}")


def regime_on(d: date) -> Regime:
    for r in REGIMES:
        if r.covers(d):
            return r
    raise UnknownRegime(f"no legal regime in the catalogue covers {d.isoformat()} (it starts 2014-08-20)")


def vi_date(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def choose_regime(
    *,
    decision_date: date | None,
    lodged_on: date | None = None,
    keep_old_procedure: bool = True,
    today: date,
) -> RegimeChoice:
    """The regime for a file: the one in force on the decision date, or today when not decided yet; a file
    lodged before the switch to that regime keeps the regime it was lodged under (``keep_old_procedure``)."""
    on = decision_date or today
    chosen = regime_on(on)
    if keep_old_procedure and lodged_on is not None and lodged_on < chosen.valid_from:
        old = regime_on(lodged_on)
        return RegimeChoice(
            regime=old,
            basis="lodged_before_switch",
            on=lodged_on,
            reason_en=(
                f"The file was lodged on {lodged_on.isoformat()}, before {chosen.code} took effect on "
                f"{chosen.valid_from.isoformat()}: a file lodged before a switch keeps the regime it was "
                f"lodged under, {old.code} (setting keep_old_procedure_for_lodged_files; precedent "
                "citing Decree 152/2025 Art 60(3))."
            ),
            reason_vi=(
                f"Hồ sơ nộp ngày {vi_date(lodged_on)}, trước khi {chosen.code} có hiệu lực "
                f"({vi_date(chosen.valid_from)}): hồ sơ nộp trước thời điểm chuyển đổi tiếp tục được xét "
                f"theo chế độ khi nộp, {old.code} (thiết lập keep_old_procedure_for_lodged_files; tiền lệ "
                "viện dẫn khoản 3 Điều 60 Nghị định 152/2025/NĐ-CP)."
            ),
        )
    if decision_date is not None:
        return RegimeChoice(
            regime=chosen,
            basis="decision_date",
            on=decision_date,
            reason_en=(
                f"Decided on {decision_date.isoformat()}: the regime in force on the decision date, "
                f"{chosen.code}, governs the criteria and the cash."
            ),
            reason_vi=(
                f"Quyết định ngày {vi_date(decision_date)}: áp dụng chế độ pháp lý có hiệu lực vào ngày "
                f"quyết định, {chosen.code}, cho tiêu chuẩn và mức tiền thưởng."
            ),
        )
    return RegimeChoice(
        regime=chosen,
        basis="evaluation_date",
        on=today,
        reason_en=(
            f"Not decided yet: judged under the regime in force on the evaluation date "
            f"{today.isoformat()}, {chosen.code}."
        ),
        reason_vi=(
            f"Chưa có quyết định: xét theo chế độ pháp lý có hiệu lực vào ngày xét {vi_date(today)}, "
            f"{chosen.code}."
        ),
    )
