"""The council's vote thresholds (law.md section 2.4): share of ALL council members, per regime and code.

``R2016`` has no threshold in law.md: default as ``R2017`` [unconfirmed]. ``R2025``: not in Decree 152/2025
as read: default as ``R2024`` [unconfirmed]. No national threshold for the other items.
"""

from __future__ import annotations

from fractions import Fraction

from app.law.spec import Citation
from app.law.tables.common import D91, D98, D152, cite

Threshold = tuple[Fraction, Citation]

_NINETY = Fraction(9, 10)
_EIGHTY = Fraction(4, 5)

_R2017 = cite(f"{D91}, khoản 8 Điều 45", note="secret ballot at the ministry council; one source [S45]")
_R2016 = cite(
    "Nghị định 65/2014/NĐ-CP (không quy định)",
    confirmed=False,
    note="no threshold found for R2016; default as R2017 (91/2017 Art 45(8))",
)
_R2024 = cite(f"{D98}, khoản 7 Điều 30", note="one source [S46]; same 90/80 split in TT 01/2024/TT-TANDTC")
_R2025 = cite(
    D152, confirmed=False, note="not found in Decree 152/2025; default as R2024 (98/2023 Art 30(7))"
)

THRESHOLDS: dict[str, dict[str, Threshold]] = {
    "R2016": {
        "chien_si_thi_dua_cap_bo": (_NINETY, _R2016),
        "chien_si_thi_dua_toan_quoc": (_NINETY, _R2016),
    },
    "R2017": {
        "chien_si_thi_dua_cap_bo": (_NINETY, _R2017),
        "chien_si_thi_dua_toan_quoc": (_NINETY, _R2017),
    },
    "R2024": {
        "chien_si_thi_dua_toan_quoc": (_NINETY, _R2024),
        "chien_si_thi_dua_cap_bo": (_NINETY, _R2024),
        "chien_si_thi_dua_co_so": (_EIGHTY, _R2024),
        "co_thi_dua_bo": (_EIGHTY, _R2024),
        "co_thi_dua_chinh_phu": (_EIGHTY, _R2024),
    },
    "R2025": {
        "chien_si_thi_dua_toan_quoc": (_NINETY, _R2025),
        "chien_si_thi_dua_cap_bo": (_NINETY, _R2025),
        "chien_si_thi_dua_co_so": (_EIGHTY, _R2025),
        "co_thi_dua_bo": (_EIGHTY, _R2025),
        "co_thi_dua_chinh_phu": (_EIGHTY, _R2025),
    },
}


def threshold(code: str, regime: str) -> tuple[Fraction | None, Citation | None]:
    found = THRESHOLDS[regime].get(code)
    return (None, None) if found is None else found
