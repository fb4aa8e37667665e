"""The catalogue's data against law.md sections 2.2–2.5 and 3: codes, cash, thresholds, caps, citations."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

import pytest

from app.law.catalogue import CriterionSpec, Entry, OneOf, entries, entry
from app.law.regimes import UnknownRegime
from app.models.enums import FormSubject

REGIMES = ("R2016", "R2017", "R2024", "R2025")
TITLES = {
    "lao_dong_tien_tien": FormSubject.INDIVIDUAL,
    "chien_si_thi_dua_co_so": FormSubject.INDIVIDUAL,
    "chien_si_thi_dua_cap_bo": FormSubject.INDIVIDUAL,
    "chien_si_thi_dua_toan_quoc": FormSubject.INDIVIDUAL,
    "tap_the_lao_dong_tien_tien": FormSubject.COLLECTIVE,
    "tap_the_lao_dong_xuat_sac": FormSubject.COLLECTIVE,
    "co_thi_dua_bo": FormSubject.COLLECTIVE,
    "co_thi_dua_chinh_phu": FormSubject.COLLECTIVE,
}
# The forms the database seeds (migration 0006), with their subject.
FORMS = {
    "giay_khen": FormSubject.BOTH,
    "bang_khen_bo_truong": FormSubject.BOTH,
    "bang_khen_thu_tuong": FormSubject.BOTH,
    "ky_niem_chuong": FormSubject.INDIVIDUAL,
    "huan_chuong_lao_dong_hang_ba": FormSubject.BOTH,
    "huan_chuong_lao_dong_hang_nhi": FormSubject.BOTH,
    "huan_chuong_lao_dong_hang_nhat": FormSubject.BOTH,
    "huan_chuong_doc_lap_hang_ba": FormSubject.BOTH,
    "huan_chuong_doc_lap_hang_nhi": FormSubject.BOTH,
    "huan_chuong_doc_lap_hang_nhat": FormSubject.BOTH,
    "huan_chuong_ho_chi_minh": FormSubject.BOTH,
    "huan_chuong_sao_vang": FormSubject.BOTH,
}


def _get(regime: str, code: str) -> Entry:
    e = entry(regime, code)
    assert e is not None, (regime, code)
    return e


def _walk(specs: tuple[CriterionSpec, ...]) -> Iterator[CriterionSpec]:
    for s in specs:
        yield s
        if isinstance(s, OneOf):
            for option in s.options:
                yield from _walk(option.parts)


@pytest.mark.parametrize("regime", REGIMES)
def test_every_regime_has_every_title_and_form_for_its_subject(regime: str) -> None:
    got = {e.code: (e.kind, e.subject) for e in entries(regime)}
    want = {code: ("title", s) for code, s in TITLES.items()} | {
        code: ("form", s) for code, s in FORMS.items()
    }
    assert got == want


@pytest.mark.parametrize("regime", REGIMES)
def test_every_criterion_is_cited_and_worded_in_both_languages(regime: str) -> None:
    for e in entries(regime):
        assert e.criteria, e.code
        assert e.basis is not None and e.basis.text
        for s in _walk(e.criteria):
            assert s.citation.text and s.rule_en and s.rule_vi, (e.code, s.code)
            assert s.citation.confirmed or s.citation.note, (e.code, s.code)  # an unconfirmed one says why


def test_unknown_codes_and_regimes() -> None:
    assert entry("R2025", "co_thi_dua_cap_bo") is None  # law.md's name; the product says co_thi_dua_bo
    assert entry("R2025", "bang_khen_cap_bo") is None
    with pytest.raises(UnknownRegime):
        entry("R2030", "giay_khen")
    with pytest.raises(UnknownRegime):
        entries("R2030")


# (code, regime, individual, collective, confirmed) — law.md 2.5 and 3
CASH = [
    ("co_thi_dua_bo", "R2016", None, 1550, True),
    ("co_thi_dua_bo", "R2017", None, 800, True),
    ("co_thi_dua_bo", "R2024", None, 800, True),
    ("co_thi_dua_bo", "R2025", None, 800, True),
    ("co_thi_dua_chinh_phu", "R2016", None, 2450, True),
    ("co_thi_dua_chinh_phu", "R2017", None, 1200, True),
    ("co_thi_dua_chinh_phu", "R2025", None, 1200, True),
    ("chien_si_thi_dua_toan_quoc", "R2016", 450, None, False),
    ("chien_si_thi_dua_toan_quoc", "R2025", 450, None, True),
    ("chien_si_thi_dua_cap_bo", "R2017", 300, None, True),
    ("chien_si_thi_dua_co_so", "R2016", 100, None, False),
    ("chien_si_thi_dua_co_so", "R2024", 100, None, True),
    ("lao_dong_tien_tien", "R2016", 30, None, False),
    ("lao_dong_tien_tien", "R2025", 30, None, True),
    ("tap_the_lao_dong_xuat_sac", "R2016", None, 150, False),
    ("tap_the_lao_dong_xuat_sac", "R2017", None, 150, True),
    ("tap_the_lao_dong_tien_tien", "R2024", None, 80, True),
    ("bang_khen_thu_tuong", "R2016", 150, 300, False),
    ("bang_khen_thu_tuong", "R2017", 350, 700, True),
    ("bang_khen_thu_tuong", "R2024", 350, 700, False),
    ("bang_khen_thu_tuong", "R2025", 350, 700, True),
    ("bang_khen_bo_truong", "R2016", 100, 200, False),
    ("bang_khen_bo_truong", "R2017", 100, 200, True),
    ("bang_khen_bo_truong", "R2024", 100, 200, False),
    ("bang_khen_bo_truong", "R2025", 150, 300, True),
    ("giay_khen", "R2017", 30, 60, True),
    ("giay_khen", "R2025", 30, 60, True),
    ("ky_niem_chuong", "R2025", 60, None, True),
    ("ky_niem_chuong", "R2017", None, None, False),
    ("huan_chuong_lao_dong_hang_ba", "R2025", 450, 900, False),
    ("huan_chuong_sao_vang", "R2024", 4600, 9200, False),
    ("huan_chuong_ho_chi_minh", "R2017", 3050, 6100, False),
    ("huan_chuong_doc_lap_hang_ba", "R2025", 1050, 2100, False),
    ("huan_chuong_doc_lap_hang_nhat", "R2016", None, None, False),
]


@pytest.mark.parametrize(("code", "regime", "individual", "collective", "confirmed"), CASH)
def test_cash_multiples(
    code: str, regime: str, individual: int | None, collective: int | None, confirmed: bool
) -> None:
    e = _get(regime, code)
    assert (e.cash_individual_centi, e.cash_collective_centi) == (individual, collective)
    assert e.cash_citation.confirmed is confirmed


def test_inferred_r2016_cash_says_inferred() -> None:
    note = _get("R2016", "lao_dong_tien_tien").cash_citation.note
    assert note is not None and note.startswith("inferred")
    assert _get("R2017", "lao_dong_tien_tien").cash_citation.text == "Nghị định 91/2017/NĐ-CP, Điều 69"
    assert _get("R2025", "co_thi_dua_bo").cash_citation.text == "Nghị định 152/2025/NĐ-CP, Điều 50"


# (regime, code, threshold, confirmed) — law.md 2.4; None: no national threshold
THRESHOLDS = [
    ("R2016", "chien_si_thi_dua_cap_bo", Fraction(9, 10), False),
    ("R2016", "co_thi_dua_bo", None, None),
    ("R2017", "chien_si_thi_dua_cap_bo", Fraction(9, 10), True),
    ("R2017", "chien_si_thi_dua_toan_quoc", Fraction(9, 10), True),
    ("R2017", "chien_si_thi_dua_co_so", None, None),
    ("R2017", "co_thi_dua_chinh_phu", None, None),
    ("R2024", "chien_si_thi_dua_toan_quoc", Fraction(9, 10), True),
    ("R2024", "chien_si_thi_dua_co_so", Fraction(4, 5), True),
    ("R2024", "co_thi_dua_bo", Fraction(4, 5), True),
    ("R2024", "co_thi_dua_chinh_phu", Fraction(4, 5), True),
    ("R2024", "lao_dong_tien_tien", None, None),
    ("R2025", "chien_si_thi_dua_cap_bo", Fraction(9, 10), False),
    ("R2025", "co_thi_dua_chinh_phu", Fraction(4, 5), False),
]


@pytest.mark.parametrize(("regime", "code", "share", "confirmed"), THRESHOLDS)
def test_council_thresholds(regime: str, code: str, share: Fraction | None, confirmed: bool | None) -> None:
    e = _get(regime, code)
    assert e.council_threshold == share
    assert (None if e.threshold_citation is None else e.threshold_citation.confirmed) is confirmed


# (regime, code, share, of, per, confirmed) — law.md 2.1, 2.3
CAPS = [
    ("R2016", "chien_si_thi_dua_co_so", Fraction(15, 100), "lao_dong_tien_tien", "unit", True),
    ("R2017", "chien_si_thi_dua_co_so", Fraction(15, 100), "lao_dong_tien_tien", "unit", True),
    ("R2017", "co_thi_dua_chinh_phu", Fraction(1, 5), "co_thi_dua_bo", "ministry", True),
    ("R2024", "co_thi_dua_chinh_phu", Fraction(1, 5), "co_thi_dua_bo", "bloc_leaders", False),
    ("R2025", "co_thi_dua_chinh_phu", Fraction(1, 5), "co_thi_dua_bo", "bloc_leaders", False),
]


@pytest.mark.parametrize(("regime", "code", "share", "of", "per", "confirmed"), CAPS)
def test_caps(regime: str, code: str, share: Fraction, of: str, per: str, confirmed: bool) -> None:
    cap = _get(regime, code).cap
    assert cap is not None
    assert (cap.share, cap.of_code, cap.per, cap.citation.confirmed) == (share, of, per, confirmed)


@pytest.mark.parametrize(
    ("regime", "code"),
    [
        ("R2016", "co_thi_dua_chinh_phu"),
        ("R2024", "chien_si_thi_dua_co_so"),
        ("R2025", "chien_si_thi_dua_co_so"),
    ],
)
def test_no_cap_where_law_md_found_none(regime: str, code: str) -> None:
    assert _get(regime, code).cap is None


def test_cap_citations_name_their_texts() -> None:
    caps = {r: _get(r, "chien_si_thi_dua_co_so").cap for r in ("R2016", "R2017")}
    assert {r: c.citation.text for r, c in caps.items() if c is not None} == {
        "R2016": "Thông tư 07/2014/TT-BNV, Điều 5",
        "R2017": "Nghị định 91/2017/NĐ-CP, khoản 3 Điều 9",
    }


@pytest.mark.parametrize(
    ("regime", "criteria"),
    [
        ("R2016", ["rating", "worked_months", "absent_days", "no_discipline"]),
        ("R2017", ["rating", "worked_months", "absent_days", "no_discipline"]),
        ("R2025", ["no_discipline", "nothing_pending", "rating", "worked_months", "absent_days"]),
    ],
)
def test_the_deferral_rule_comes_with_the_current_law(regime: str, criteria: list[str]) -> None:
    assert [s.code for s in _get(regime, "lao_dong_tien_tien").criteria] == criteria


def test_tt_ldxs_discipline_clause_only_under_the_old_law() -> None:
    old = [s.code for s in _get("R2016", "tap_the_lao_dong_xuat_sac").criteria]
    new = [s.code for s in _get("R2025", "tap_the_lao_dong_xuat_sac").criteria]
    assert "members_no_warning" in old and "members_no_warning" not in new
