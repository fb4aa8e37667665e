"""The legal grounds on which an award decision is revoked (law.md §5), as data with citations.

Law 06/2022 Art 93(2) a–d (in force from 1/1/2024); under the 2003 Law (Arts 96–97, the R2016 and R2017
regimes) fraud in declaring achievements only. The law-procedure helper's ``app.law.procedure.
revocation_grounds(regime)`` carries the same table; it was not on main when this was written, so the four
codes live here (the lead may point ``grounds_on`` at it once merged).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LAW_2022 = "Luật Thi đua, khen thưởng 06/2022/QH15"
LAW_2003 = "Luật Thi đua, khen thưởng 15/2003/QH11 (sửa đổi 2005, 2009, 2013)"
LAW_2022_FROM = date(2024, 1, 1)


@dataclass(frozen=True)
class Ground:
    code: str
    text_vi: str
    text_en: str
    citation: str


# (code, Vietnamese, English, point of Law 06/2022 Art 93(2))
_GROUNDS: tuple[tuple[str, str, str, str], ...] = (
    (
        "khai_gian_doi",
        "Gian dối trong việc kê khai công trạng, thành tích",
        "Fraud in declaring merits or achievements",
        "a",
    ),
    (
        "ho_so_gia",
        "Cung cấp thông tin sai sự thật hoặc làm giả hồ sơ, giấy tờ đề nghị khen thưởng",
        "False information or forged dossier papers",
        "b",
    ),
    (
        "sai_quy_trinh",
        "Thẩm định, xét duyệt, đề nghị khen thưởng trái pháp luật",
        "Appraisal, review or proposal made contrary to law",
        "c",
    ),
    (
        "vi_pham_trong_ky",
        "Có kết luận, quyết định, bản án của cơ quan có thẩm quyền về vi phạm của cá nhân, tập thể được khen "
        "thưởng dẫn đến không đủ tiêu chuẩn trong thời gian được xét khen thưởng",
        "A competent conclusion, decision or judgment that the awardee's violation means the criteria were "
        "not met in the period counted",
        "d",
    ),
)
CODES: tuple[str, ...] = tuple(g[0] for g in _GROUNDS)


def grounds_on(on: date) -> tuple[Ground, ...]:
    """The grounds in force on ``on`` (a revocation decision's date)."""
    if on >= LAW_2022_FROM:
        return tuple(
            Ground(code, vi, en, f"{LAW_2022}, điểm {point} khoản 2 Điều 93")
            for code, vi, en, point in _GROUNDS
        )
    code, vi, en, _ = _GROUNDS[0]
    return (Ground(code, vi, en, f"{LAW_2003}, Điều 96–97 (văn bản hợp nhất)"),)


def ground(code: str, on: date) -> Ground | None:
    return next((g for g in grounds_on(on) if g.code == code), None)


def any_ground(code: str) -> Ground | None:
    """The ground ``code`` whatever the date (for reading back a stored code)."""
    return ground(code, LAW_2022_FROM)
