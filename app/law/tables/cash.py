"""Cash multiples of the base salary, in hundredths (law.md sections 2.5 and 3), per regime.

code → regime → (individual, collective, citation). ``None``: no amount for that subject (or none in
law.md). An inferred or defaulted value carries ``confirmed=False`` and says why in its note.
"""

from __future__ import annotations

from app.law.spec import Citation
from app.law.tables.common import D42, D91, D98, D152, cite

Cash = tuple[int | None, int | None, Citation]

_INFERRED_2016 = cite(
    f"{D42} (mức tiền thưởng)",
    confirmed=False,
    note="inferred: unchanged by 91/2017 according to its change list [S73]",
)
_FLAGS_2016 = cite(f"{D42} (mức tiền thưởng)", note="cut by 91/2017 to 8.0 / 12.0 from 1/10/2017 [S73]")
_T2017 = cite(f"{D91}, Điều 69")
_T2024 = cite(f"{D98}, Điều 54")
_T2025 = cite(f"{D152}, Điều 50")


def _titles(ind: int | None, coll: int | None, r2016: Citation = _INFERRED_2016) -> dict[str, Cash]:
    return {
        "R2016": (ind, coll, r2016),
        "R2017": (ind, coll, _T2017),
        "R2024": (ind, coll, _T2024),
        "R2025": (ind, coll, _T2025),
    }


_FORMS_2017 = cite(f"{D91} (mức tiền thưởng Bằng khen, Giấy khen)", note="article number not in law.md [S47]")
_FORMS_2024 = cite(
    f"{D98}, Điều 58",
    confirmed=False,
    note="amounts for Bằng khen and Giấy khen not read; default as R2017",
)
_FORMS_2025 = cite(f"{D152}, Điều 54")
_FORMS_2016 = cite(f"{D42} (mức tiền thưởng)", confirmed=False, note="not in law.md; default as R2017")

CASH: dict[str, dict[str, Cash]] = {
    "chien_si_thi_dua_toan_quoc": _titles(450, None),
    "chien_si_thi_dua_cap_bo": _titles(300, None),
    "chien_si_thi_dua_co_so": _titles(100, None),
    "lao_dong_tien_tien": _titles(30, None),
    "tap_the_lao_dong_xuat_sac": _titles(None, 150),
    "tap_the_lao_dong_tien_tien": _titles(None, 80),
    "co_thi_dua_bo": {**_titles(None, 800), "R2016": (None, 1550, _FLAGS_2016)},
    "co_thi_dua_chinh_phu": {**_titles(None, 1200), "R2016": (None, 2450, _FLAGS_2016)},
    "giay_khen": {
        "R2016": (30, 60, _FORMS_2016),
        "R2017": (30, 60, cite(f"{D91}, Điều 73")),
        "R2024": (30, 60, _FORMS_2024),
        "R2025": (30, 60, _FORMS_2025),
    },
    "bang_khen_bo_truong": {
        "R2016": (100, 200, _FORMS_2016),
        "R2017": (100, 200, _FORMS_2017),
        "R2024": (100, 200, _FORMS_2024),
        "R2025": (150, 300, _FORMS_2025),
    },
    "bang_khen_thu_tuong": {
        "R2016": (
            150,
            300,
            cite(
                f"{D42} (mức tiền thưởng)",
                confirmed=False,
                note="individual 1.5 [S73]; collective 3.0 inferred as twice the individual",
            ),
        ),
        "R2017": (350, 700, _FORMS_2017),
        "R2024": (350, 700, _FORMS_2024),
        "R2025": (350, 700, _FORMS_2025),
    },
    "ky_niem_chuong": {
        "R2016": (None, None, cite("—", confirmed=False, note="no amount in law.md")),
        "R2017": (None, None, cite("—", confirmed=False, note="no amount in law.md")),
        "R2024": (60, None, cite(f"{D98}, Điều 58", note="at most 0.6; the ministry sets the amount [S82]")),
        "R2025": (60, None, cite(f"{D152}, Điều 54", note="at most 0.6; the ministry sets the amount")),
    },
}

# Orders: collective multiple in R2025 (152/2025 Art 51); an individual gets half in R2017/R2024 [S55,S49].
ORDERS_COLLECTIVE: dict[str, int] = {
    "huan_chuong_sao_vang": 9200,
    "huan_chuong_ho_chi_minh": 6100,
    "huan_chuong_doc_lap_hang_nhat": 3000,
    "huan_chuong_doc_lap_hang_nhi": 2500,
    "huan_chuong_doc_lap_hang_ba": 2100,
    "huan_chuong_lao_dong_hang_nhat": 1800,
    "huan_chuong_lao_dong_hang_nhi": 1500,
    "huan_chuong_lao_dong_hang_ba": 900,
}


def order_cash(code: str, regime: str) -> Cash:
    coll = ORDERS_COLLECTIVE[code]
    if regime == "R2016":
        return (None, None, cite(f"{D42} (mức tiền thưởng)", confirmed=False, note="not in law.md"))
    if regime == "R2025":
        note = "collective [S50]; individual = half, inferred from R2017/R2024"
        return (coll // 2, coll, cite(f"{D152}, Điều 51", confirmed=False, note=note))
    doc = D91 if regime == "R2017" else D98
    note = "individual [S55,S49]; collective = twice the individual, inferred from R2025"
    return (coll // 2, coll, cite(f"{doc} (mức tiền thưởng Huân chương)", confirmed=False, note=note))


def cash(code: str, regime: str) -> Cash:
    if code in ORDERS_COLLECTIVE:
        return order_cash(code, regime)
    return CASH[code][regime]
