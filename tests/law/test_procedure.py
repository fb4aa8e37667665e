"""The procedure's rules (law.md 2.4, 4, 5) as pure functions: exact values and their citations."""

from __future__ import annotations

from fractions import Fraction

import pytest

from app.core.config import Settings
from app.law import procedure as p
from app.law.catalogue import all_codes
from app.law.procedure import Authority, DocType, ProcedureRules, Step
from app.law.regimes import UnknownRegime
from app.law.tables.common import REGIME_CODES
from app.law.tables.council import threshold

CURRENT = ("R2024", "R2025")
OLD = ("R2016", "R2017")
ORDERS = (
    "huan_chuong_sao_vang",
    "huan_chuong_ho_chi_minh",
    "huan_chuong_doc_lap_hang_nhat",
    "huan_chuong_doc_lap_hang_nhi",
    "huan_chuong_doc_lap_hang_ba",
    "huan_chuong_lao_dong_hang_nhat",
    "huan_chuong_lao_dong_hang_nhi",
    "huan_chuong_lao_dong_hang_ba",
)
ANH_HUNG = ("anh_hung_lao_dong", "anh_hung_luc_luong_vu_trang_nhan_dan")


# ---- time limits ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("regime", REGIME_CODES)
def test_the_time_limit_of_each_step(regime: str) -> None:
    days = {step.value: p.time_limit(step, regime).working_days for step in Step}
    assert days == {
        "appraisal": 20,
        "consultation": 10,
        "council": None,
        "signing": None,
        "forwarded": 20,
        "return_fix": 10,
    }


def test_the_appraisal_and_return_limits_are_unconfirmed_settings() -> None:
    appraisal = p.time_limit("appraisal", "R2025")
    assert appraisal.citation.text == "Quyết định 638/QĐ-BNV năm 2025; Thông tư 25/2025/TT-BKHCN, Điều 22"
    assert appraisal.citation.confirmed is False
    assert "procedure_appraisal_days" in (appraisal.citation.note or "")
    fix = p.time_limit(Step.RETURN_FIX, "R2016")
    assert fix.citation.confirmed is False and "not in law.md" in (fix.citation.note or "")


def test_the_settings_replace_the_defaults() -> None:
    rules = ProcedureRules(appraisal_days=15, consultation_days=7, return_fix_days=5)
    assert p.time_limit("appraisal", "R2025", rules).working_days == 15
    assert p.time_limit("return_fix", "R2025", rules).working_days == 5
    limit = p.needs_consultation("huan_chuong_lao_dong_hang_ba", "R2017", rules)
    assert limit is not None and limit.working_days == 7


def test_the_rules_are_read_from_the_settings() -> None:
    settings = Settings(
        procedure_appraisal_days=25,
        procedure_consultation_days=12,
        procedure_return_fix_days=8,
        council_quorum_share="3/4",  # type: ignore[arg-type]  # as the environment gives it
        council_vote_rounding="floor",
    )
    assert ProcedureRules.from_settings(settings) == ProcedureRules(25, 12, 8, Fraction(3, 4), "floor")
    assert ProcedureRules.from_settings(Settings()) == p.DEFAULT_RULES


def test_forwarded_upward_lists_the_home_affairs_stages() -> None:
    limit = p.time_limit("forwarded", "R2025")
    assert [(s.code, s.working_days) for s in limit.stages] == [
        ("home_affairs_return", 5),
        ("home_affairs_appraisal", 20),
        ("decision_forwarding", 10),
    ]
    assert limit.citation.text == "Quyết định 311/QĐ-BNV năm 2025" and limit.citation.confirmed
    assert p.time_limit("forwarded", "R2024").citation.confirmed is False  # published for R2025
    assert p.time_limit("forwarded", "R2016").citation.confirmed is False


def test_an_unknown_step_or_regime_is_refused() -> None:
    with pytest.raises(ValueError, match="'voting'"):
        p.time_limit("voting", "R2025")
    with pytest.raises(UnknownRegime):
        p.time_limit("appraisal", "R2030")


# ---- public consultation -------------------------------------------------------------------------------


@pytest.mark.parametrize("regime", REGIME_CODES)
def test_anh_hung_titles_always_need_consultation(regime: str) -> None:
    for code in ANH_HUNG:
        limit = p.needs_consultation(code, regime)
        assert limit is not None and limit.working_days == 10


def test_the_anh_hung_consultation_cites_the_decree_of_the_regime() -> None:
    r2025 = p.needs_consultation("anh_hung_lao_dong", "R2025")
    r2024 = p.needs_consultation("anh_hung_lao_dong", "R2024")
    assert r2025 is not None and r2025.citation.text == "Nghị định 152/2025/NĐ-CP, khoản 2 Điều 44"
    assert r2024 is not None and r2024.citation.text == "Nghị định 98/2023/NĐ-CP, khoản 1 Điều 46"
    assert r2025.citation.confirmed and r2024.citation.confirmed


@pytest.mark.parametrize("regime", REGIME_CODES)
@pytest.mark.parametrize("code", ["chien_si_thi_dua_toan_quoc", *ORDERS])
def test_national_fighter_and_orders_are_disclosed(regime: str, code: str) -> None:
    limit = p.needs_consultation(code, regime)
    assert limit is not None and limit.working_days == 10
    if regime == "R2017":
        assert limit.citation.text == "Nghị định 91/2017/NĐ-CP, khoản 10 Điều 45; Thông tư 12/2019/TT-BNV"
        assert limit.citation.confirmed
    else:
        assert limit.citation.confirmed is False


@pytest.mark.parametrize("regime", REGIME_CODES)
@pytest.mark.parametrize(
    "code",
    [
        "co_thi_dua_bo",
        "co_thi_dua_chinh_phu",
        "bang_khen_bo_truong",
        "bang_khen_thu_tuong",
        "chien_si_thi_dua_cap_bo",
        "lao_dong_tien_tien",
        "giay_khen",
    ],
)
def test_flags_and_certificates_of_merit_need_no_consultation(regime: str, code: str) -> None:
    assert p.needs_consultation(code, regime) is None


def test_an_unknown_code_is_refused() -> None:
    with pytest.raises(p.UnknownCode, match="'huy_chuong_thu'"):
        p.needs_consultation("huy_chuong_thu", "R2025")
    with pytest.raises(p.UnknownCode):
        p.decided_by("co_thi_dua_cap_bo", "R2025")  # the catalogue's code is co_thi_dua_bo


# ---- who decides ---------------------------------------------------------------------------------------

DECIDES = {
    "lao_dong_tien_tien": Authority.UNIT_HEAD,
    "chien_si_thi_dua_co_so": Authority.UNIT_HEAD,
    "tap_the_lao_dong_tien_tien": Authority.UNIT_HEAD,
    "giay_khen": Authority.UNIT_HEAD,
    "co_thi_dua_bo": Authority.MINISTER,
    "chien_si_thi_dua_cap_bo": Authority.MINISTER,
    "tap_the_lao_dong_xuat_sac": Authority.MINISTER,
    "bang_khen_bo_truong": Authority.MINISTER,
    "ky_niem_chuong": Authority.MINISTER,
    "co_thi_dua_chinh_phu": Authority.PRIME_MINISTER,
    "chien_si_thi_dua_toan_quoc": Authority.PRIME_MINISTER,
    "bang_khen_thu_tuong": Authority.PRIME_MINISTER,
    **dict.fromkeys(ORDERS, Authority.PRESIDENT),
    **dict.fromkeys(ANH_HUNG, Authority.PRESIDENT),
}


@pytest.mark.parametrize("regime", REGIME_CODES)
def test_who_decides_each_title_and_form(regime: str) -> None:
    assert {code: p.decided_by(code, regime) for code in DECIDES} == DECIDES
    forwarded = {code for code in DECIDES if p.forwarded_upward(code, regime)}
    assert forwarded == {
        "co_thi_dua_chinh_phu",
        "chien_si_thi_dua_toan_quoc",
        "bang_khen_thu_tuong",
        *ORDERS,
        *ANH_HUNG,
    }


def test_every_catalogue_code_has_a_decider() -> None:
    assert {code: p.decided_by(code, "R2025") for code in all_codes()}.keys() == set(all_codes())


def test_a_form_the_catalogue_added_is_decided_by_its_levels_authority() -> None:
    assert [p.authority_for_level(level) for level in ("unit", "ministry", "government", "state")] == [
        Authority.UNIT_HEAD,
        Authority.MINISTER,
        Authority.PRIME_MINISTER,
        Authority.PRESIDENT,
    ]
    with pytest.raises(ValueError, match="'province'"):
        p.authority_for_level("province")


def test_the_unit_heads_authority_is_cited_per_regime() -> None:
    assert p.decider("giay_khen", "R2025")[1].text == "Luật TĐKT 06/2022/QH15, khoản 1 Điều 80"
    assert p.decider("giay_khen", "R2016")[1].text == "Nghị định 65/2014/NĐ-CP, điểm b khoản 2 Điều 26"
    assert p.decider("co_thi_dua_bo", "R2025")[1].confirmed is False  # the Law's article is unconfirmed


# ---- the dossier ---------------------------------------------------------------------------------------


def _types(reqs: tuple[p.Requirement, ...]) -> list[str]:
    return [r.doc_type.value for r in reqs]


BASE = ["submission", "achievement_report", "review_minutes"]


@pytest.mark.parametrize(
    "code", ["chien_si_thi_dua_co_so", "chien_si_thi_dua_cap_bo", "chien_si_thi_dua_toan_quoc"]
)
def test_fighter_titles_need_the_initiatives_certification(code: str) -> None:
    reqs = p.required_documents(code, "title", "regular", "R2025")
    assert _types(reqs) == [*BASE, "initiative_certification"]
    assert reqs[0].citation.text == "Luật TĐKT 06/2022/QH15, khoản 1 Điều 84"


@pytest.mark.parametrize("code", ["co_thi_dua_bo", "co_thi_dua_chinh_phu", "lao_dong_tien_tien"])
def test_other_titles_need_the_three_documents(code: str) -> None:
    assert _types(p.required_documents(code, "title", "regular", "R2024")) == BASE


def test_a_form_for_a_sudden_or_scientific_achievement_needs_its_certification() -> None:
    assert _types(p.required_documents("bang_khen_bo_truong", "form", "regular", "R2025")) == BASE
    assert _types(p.required_documents("bang_khen_bo_truong", "form", "thematic", "R2025")) == BASE
    sudden = p.required_documents("bang_khen_bo_truong", "form", "sudden", "R2025")
    assert _types(sudden) == [*BASE, "achievement_certification"]
    assert sudden[0].citation.text == "Luật TĐKT 06/2022/QH15, khoản 2 Điều 84"
    scientific = p.required_documents("bang_khen_thu_tuong", "form", "regular", "R2025", scientific=True)
    assert _types(scientific) == [*BASE, "achievement_certification"]


def test_before_law_06_2022_the_same_dossier_is_a_default() -> None:
    reqs = p.required_documents("chien_si_thi_dua_cap_bo", "title", "regular", "R2016")
    assert _types(reqs) == [*BASE, "initiative_certification"]
    assert all(r.citation.confirmed is False for r in reqs)


def test_the_ministry_may_set_the_base_level_dossier_under_152() -> None:
    note = p.required_documents("giay_khen", "form", "regular", "R2025")[0].citation.note or ""
    assert "Điều 6" in note


def test_the_documents_are_named_in_both_languages_and_missing_ones_listed() -> None:
    assert p.DOC_NAMES[DocType.SUBMISSION] == ("Tờ trình đề nghị khen thưởng", "Submission (proposal letter)")
    assert set(p.DOC_NAMES) == set(DocType)
    reqs = p.required_documents("chien_si_thi_dua_co_so", "title", "regular", "R2025")
    missing = p.missing_documents(reqs, ["submission", "review_minutes"])
    assert [(m.doc_type.value, m.name_en) for m in missing] == [
        ("achievement_report", "Achievement report"),
        ("initiative_certification", "Certification of the initiative or research"),
    ]
    assert missing[0].name_vi == "Báo cáo thành tích"


def test_bad_kind_or_method_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        p.required_documents("giay_khen", "medal", "regular", "R2025")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="method"):
        p.required_documents("giay_khen", "form", "yearly", "R2025")  # type: ignore[arg-type]


# ---- the council ---------------------------------------------------------------------------------------


def _ballot(regime: str) -> set[str]:
    return {code for code in DECIDES if p.council_needs_ballot(code, regime) is not None}


def test_items_voted_by_secret_ballot_per_regime() -> None:
    r2017 = {"chien_si_thi_dua_cap_bo", "chien_si_thi_dua_toan_quoc", *ANH_HUNG}
    r2024 = {*r2017, "chien_si_thi_dua_co_so", "co_thi_dua_bo", "co_thi_dua_chinh_phu"}
    assert _ballot("R2016") == _ballot("R2017") == r2017
    assert _ballot("R2024") == r2024
    assert _ballot("R2025") == {*r2024, "bang_khen_thu_tuong", *ORDERS}


def test_the_ballots_citations() -> None:
    r2024 = p.council_needs_ballot("co_thi_dua_bo", "R2024")
    assert r2024 is not None and r2024.text == "Nghị định 98/2023/NĐ-CP, khoản 7 Điều 30"
    r2016 = p.council_needs_ballot("chien_si_thi_dua_cap_bo", "R2016")
    assert r2016 is not None and r2016.confirmed is False
    most = p.council_needs_ballot("huan_chuong_lao_dong_hang_ba", "R2025")
    assert most is not None and most.text == "Thông tư 25/2025/TT-BKHCN, Điều 23" and most.confirmed
    assert p.council_needs_ballot("bang_khen_bo_truong", "R2025") is None


def test_the_quorum_is_two_thirds_confirmed_only_in_r2025() -> None:
    for regime in REGIME_CODES:
        assert p.council_quorum(regime).share == Fraction(2, 3)
    assert p.council_quorum("R2025").citation.confirmed
    assert not p.council_quorum("R2017").citation.confirmed
    changed = p.council_quorum("R2025", ProcedureRules(council_quorum=Fraction(3, 4)))
    assert changed.share == Fraction(3, 4) and changed.citation.confirmed is False


def test_the_thresholds_are_the_council_tables() -> None:
    for regime in REGIME_CODES:
        for code in DECIDES:
            assert p.council_threshold(code, regime) == threshold(code, regime)
    assert p.council_threshold("co_thi_dua_bo", "R2025")[0] == Fraction(4, 5)


@pytest.mark.parametrize(
    ("members", "share", "rounding", "expected"),
    [
        (15, Fraction(9, 10), "ceil", 14),  # law.md's example: 13.5 → 14
        (15, Fraction(9, 10), "floor", 13),
        (15, Fraction(9, 10), "half_up", 14),
        (15, Fraction(4, 5), "ceil", 12),  # exact
        (13, Fraction(4, 5), "ceil", 11),  # 10.4
        (13, Fraction(4, 5), "half_up", 10),
        (13, Fraction(2, 3), "ceil", 9),  # 8.67
        (9, Fraction(2, 3), "ceil", 6),
        (0, Fraction(2, 3), "ceil", 0),
    ],
)
def test_required_yes(members: int, share: Fraction, rounding: p.Rounding, expected: int) -> None:
    assert p.required_yes(members, share, rounding) == expected


def test_quorum_met_counts_all_members() -> None:
    assert p.quorum_met(9, 13, Fraction(2, 3))
    assert not p.quorum_met(8, 13, Fraction(2, 3))


def test_required_yes_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        p.required_yes(-1, Fraction(1, 2))
    with pytest.raises(ValueError):
        p.required_yes(10, Fraction(3, 2))
    with pytest.raises(ValueError):
        p.required_yes(10, Fraction(1, 2), "bankers")  # type: ignore[arg-type]


# ---- revocation ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("regime", CURRENT)
def test_law_06_2022_has_four_grounds(regime: str) -> None:
    grounds = p.revocation_grounds(regime)
    assert [(g.code, g.citation.text) for g in grounds] == [
        ("khai_gian_doi", "Luật TĐKT 06/2022/QH15, điểm a khoản 2 Điều 93"),
        ("ho_so_gia", "Luật TĐKT 06/2022/QH15, điểm b khoản 2 Điều 93"),
        ("sai_quy_trinh", "Luật TĐKT 06/2022/QH15, điểm c khoản 2 Điều 93"),
        ("vi_pham_trong_ky", "Luật TĐKT 06/2022/QH15, điểm d khoản 2 Điều 93"),
    ]
    assert grounds[0].text_en == "Fraud in declaring merits or achievements"
    assert grounds[0].text_vi == "Gian dối trong việc kê khai công trạng, thành tích"


@pytest.mark.parametrize("regime", OLD)
def test_the_2003_law_has_fraud_only(regime: str) -> None:
    grounds = p.revocation_grounds(regime)
    assert [g.code for g in grounds] == ["khai_gian_doi"]
    assert grounds[0].citation.text == "Luật TĐKT 15/2003/QH11 (sửa đổi 2013), Điều 96–97 (văn bản hợp nhất)"
