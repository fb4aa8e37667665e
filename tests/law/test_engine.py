"""The engine's common parts: deferral, unknown codes, caps, council votes, cash, the regulation's added
requirements, and the verdict's JSON snapshot."""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction

import pytest

from app.law.catalogue import Cap, Citation, entry
from app.law.engine import (
    UnknownEntry,
    cap_limit,
    cap_report,
    cash_for,
    council_required_votes,
    council_threshold,
    effective_cap,
    judge,
)
from app.law.facts import ExclusionFact
from app.law.overlay import Overlay
from app.law.regimes import choose_regime
from app.law.verdict import VerdictResult
from app.models.enums import DisciplineMeasure, Rating, SubjectKind, Verdict
from tests.law.builders import (
    TODAY,
    choice,
    discipline,
    investigation,
    members,
    person,
    ratings,
    title,
    titles,
    unit,
    verdict,
)

GOOD = {"ratings": ratings(Rating.GOOD, 2024)}


# ---- deferral (152/2025 Art 4(4)) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exclusion", "no_discipline", "nothing_pending"),
    [
        (discipline(date(2023, 1, 1), date(2023, 12, 31)), "met", "met"),  # ended before the year
        (discipline(date(2025, 1, 1), None), "met", "met"),  # begins after the year
        (discipline(date(2023, 6, 1), date(2024, 1, 1)), "not_met", "met"),  # overlaps its first day
        (discipline(date(2024, 12, 31), None), "not_met", "met"),
        (investigation(date(2024, 5, 1), None), "met", "not_met"),  # pending
        (investigation(date(2024, 5, 1), date(2025, 2, 1)), "met", "not_met"),  # ends after the year
        (investigation(date(2024, 5, 1), date(2024, 9, 1)), "met", "met"),  # concluded within the year
        (investigation(date(2027, 1, 1), None), "met", "met"),  # begun after the judging date
    ],
)
def test_deferral(exclusion: ExclusionFact, no_discipline: str, nothing_pending: str) -> None:
    v = verdict(person(**GOOD, exclusions=(exclusion,)), "lao_dong_tien_tien", 2024, "R2025")
    got = {c.code: c.outcome for c in v.criteria[:2]}
    assert got == {"no_discipline": no_discipline, "nothing_pending": nothing_pending}
    failed = "not_met" in (no_discipline, nothing_pending)
    assert v.outcome is (Verdict.NOT_ELIGIBLE if failed else Verdict.ELIGIBLE)


def test_a_deferral_cites_and_names_the_exclusion() -> None:
    x = ExclusionFact(
        kind=discipline(date(2024, 3, 1), None).kind,
        starts_on=date(2024, 3, 1),
        ends_on=date(2025, 2, 28),
        measure=DisciplineMeasure.WARNING,
        id="kl-7",
    )
    c = verdict(person(**GOOD, exclusions=(x,)), "lao_dong_tien_tien", 2024, "R2025").criteria[0]
    assert c.summary_en == "Disciplined during 2024: discipline (warning) from 2024-03-01 to 2025-02-28."
    assert (
        c.summary_vi == "Đang thi hành kỷ luật trong năm 2024: kỷ luật cảnh cáo từ 01/03/2024 đến 28/02/2025."
    )
    assert [(e.kind, e.id) for e in c.evidence] == [("exclusion", "kl-7")]
    assert c.citation.text == "Nghị định 152/2025/NĐ-CP, khoản 4 Điều 4"


def test_r2016_has_no_general_deferral_only_the_ldtt_discipline_rule() -> None:
    pending = person(
        awards=titles("lao_dong_tien_tien", 2016), exclusions=(investigation(date(2016, 5, 1), None),)
    )
    v = verdict(pending, "giay_khen", 2016, "R2016")
    assert v.outcome is Verdict.NEEDS_JUDGEMENT


def test_unknown_code_raises() -> None:
    with pytest.raises(UnknownEntry):
        verdict(person(), "co_thi_dua_cap_bo", 2016, "R2016")
    assert issubclass(UnknownEntry, ValueError)


# ---- caps ------------------------------------------------------------------------------------------------

CAP_20 = Cap(share=Fraction(1, 5), of_code="co_thi_dua_bo", per="ministry", citation=Citation("x"))


@pytest.mark.parametrize(
    ("base", "values", "limit"),
    [
        (12, {}, 2),  # 2.4 → 2 (floor)
        (10, {}, 2),
        (3, {}, 1),  # 0.6 → 0, but at least 1 (cap_minimum)
        (0, {}, 0),
        (3, {"cap_minimum": 0}, 0),
        (12, {"cap_rounding": "ceil"}, 3),
    ],
)
def test_cap_limit(base: int, values: dict[str, object], limit: int) -> None:
    assert cap_limit(CAP_20, base_count=base, overlay=Overlay(values=values)) == limit


def test_cstdcs_cap_15_percent_of_ldtt_and_the_report() -> None:
    e = entry("R2016", "chien_si_thi_dua_co_so")
    assert e is not None
    cap = effective_cap(e, Overlay())
    assert cap is not None and cap.share == Fraction(3, 20)
    report = cap_report(cap, base_count=40, used=5, overlay=Overlay())
    assert (report.limit, report.used, report.remaining) == (6, 5, 1)
    assert cap_report(cap, base_count=40, used=8, overlay=Overlay()).remaining == 0


@pytest.mark.parametrize(
    ("regime", "values", "share"),
    [
        ("R2025", {}, None),  # no cap by default under the current law
        ("R2025", {"cstdcs_cap_share": 0.2}, Fraction(1, 5)),  # the ministry sets one
        ("R2017", {"cstdcs_cap_share": 0.1}, Fraction(1, 10)),  # tightens the law's 15%
        ("R2017", {"cstdcs_cap_share": 0.3}, Fraction(3, 20)),  # cannot loosen it
    ],
)
def test_effective_cstdcs_cap(regime: str, values: dict[str, object], share: Fraction | None) -> None:
    e = entry(regime, "chien_si_thi_dua_co_so")
    assert e is not None
    cap = effective_cap(e, Overlay(values=values))
    assert (None if cap is None else cap.share) == share
    if cap is not None:
        assert (cap.of_code, cap.per) == ("lao_dong_tien_tien", "unit")


def test_government_flag_cap_after_2023_is_a_setting() -> None:
    e = entry("R2025", "co_thi_dua_chinh_phu")
    assert e is not None
    raised = effective_cap(e, Overlay(values={"government_flag_cap_share": 0.3}))
    assert raised is not None and (raised.share, raised.per) == (Fraction(3, 10), "bloc_leaders")
    assert effective_cap(e, Overlay()) == e.cap


# ---- council ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "members_", "rounding", "votes"),
    [
        (Fraction(9, 10), 15, "ceil", 14),  # 13.5 → 14
        (Fraction(4, 5), 10, "ceil", 8),
        (Fraction(9, 10), 13, "ceil", 12),  # 11.7 → 12
        (Fraction(9, 10), 10, "ceil", 9),
        (Fraction(9, 10), 15, "floor", 13),
        (Fraction(4, 5), 0, "ceil", 0),
    ],
)
def test_council_required_votes(share: Fraction, members_: int, rounding: str, votes: int) -> None:
    assert council_required_votes(share, members_, rounding) == votes


def test_council_required_votes_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        council_required_votes(Fraction(3, 2), 10)
    with pytest.raises(ValueError):
        council_required_votes(Fraction(1, 2), 10, "round")


def _threshold(regime: str, code: str, overlay: Overlay) -> Fraction | None:
    e = entry(regime, code)
    assert e is not None
    found = council_threshold(e, overlay)
    return None if found is None else found[0]


LOW = Overlay(values={"council_thresholds": {"chien_si_thi_dua_cap_bo": 0.8, "co_thi_dua_bo": 0.75}})
HIGH = Overlay(values={"council_thresholds": {"chien_si_thi_dua_cap_bo": 0.95}})


@pytest.mark.parametrize(
    ("regime", "code", "overlay", "share"),
    [
        ("R2017", "chien_si_thi_dua_cap_bo", Overlay(), Fraction(9, 10)),
        ("R2017", "chien_si_thi_dua_cap_bo", LOW, Fraction(9, 10)),  # confirmed: cannot be lowered
        ("R2017", "chien_si_thi_dua_cap_bo", HIGH, Fraction(19, 20)),  # may be raised
        ("R2025", "chien_si_thi_dua_cap_bo", LOW, Fraction(4, 5)),  # R2025's 90% is a default only
        ("R2017", "co_thi_dua_bo", Overlay(), None),  # no national threshold
        ("R2017", "co_thi_dua_bo", LOW, Fraction(3, 4)),  # the ministry sets one
    ],
)
def test_council_threshold(regime: str, code: str, overlay: Overlay, share: Fraction | None) -> None:
    assert _threshold(regime, code, overlay) == share


# ---- cash ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decided", "code", "kind", "vnd"),
    [
        (date(2017, 2, 10), "co_thi_dua_bo", SubjectKind.UNIT, 18_760_000),  # 15.5 × 1,210,000
        (date(2017, 8, 1), "co_thi_dua_bo", SubjectKind.UNIT, 20_150_000),  # 15.5 × 1,300,000
        (date(2017, 10, 5), "co_thi_dua_bo", SubjectKind.UNIT, 10_400_000),  # 8.0 × 1,300,000
        (date(2017, 10, 5), "co_thi_dua_chinh_phu", SubjectKind.UNIT, 15_600_000),  # 12.0 × 1,300,000
        (date(2025, 8, 1), "bang_khen_bo_truong", SubjectKind.PERSON, 3_510_000),  # 1.5 × 2,340,000
        (date(2025, 8, 1), "bang_khen_bo_truong", SubjectKind.UNIT, 7_020_000),
        (date(2025, 8, 1), "lao_dong_tien_tien", SubjectKind.PERSON, 710_000),  # 702,000 rounded up
    ],
)
def test_cash_for_a_decision(decided: date, code: str, kind: SubjectKind, vnd: int) -> None:
    e = entry(choose_regime(decision_date=decided, today=TODAY).regime.code, code)
    assert e is not None
    cash = cash_for(e, subject_kind=kind, decision_date=decided)
    assert cash is not None and cash.amount_vnd == vnd


def test_no_cash_where_the_catalogue_has_none() -> None:
    e = entry("R2017", "ky_niem_chuong")
    assert (
        e is not None and cash_for(e, subject_kind=SubjectKind.PERSON, decision_date=date(2018, 1, 1)) is None
    )


# ---- the regulation's added requirements -----------------------------------------------------------------


def test_extra_requirements_add_a_chain() -> None:
    overlay = Overlay(
        values={
            "extra_requirements": {
                "co_thi_dua_bo": [{"title": "tap_the_lao_dong_xuat_sac", "consecutive_years": 2}]
            }
        },
        versions={"ministry": 3, "bloc:b1": 1},
    )
    without = unit(awards=titles("tap_the_lao_dong_xuat_sac", 2024))
    v = verdict(without, "co_thi_dua_bo", 2024, "R2025", overlay)
    extra = v.criteria[-1]
    assert (v.outcome, extra.code, extra.outcome) == (
        Verdict.NOT_ELIGIBLE,
        "extra_tap_the_lao_dong_xuat_sac",
        "not_met",
    )
    assert extra.citation.note == "bloc:b1 v1, ministry v3"
    with_ = unit(awards=titles("tap_the_lao_dong_xuat_sac", 2023, 2024))
    assert verdict(with_, "co_thi_dua_bo", 2024, "R2025", overlay).outcome is Verdict.NEEDS_JUDGEMENT


# ---- the verdict's snapshot ------------------------------------------------------------------------------


def test_as_dict_is_json_and_reads_back() -> None:
    subject = unit(
        awards=(title("co_thi_dua_bo", 2016, award_id="a-1"),),
        members={2016: members(10, 10, 8, 1)},
    )
    v = judge(
        subject,
        "co_thi_dua_chinh_phu",
        2016,
        choice=choose_regime(decision_date=date(2017, 10, 5), today=TODAY),
        overlay=Overlay(versions={"ministry": 3}),
    )
    data = v.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert list(data) == [
        "schema",
        "subject_kind",
        "subject_id",
        "code",
        "kind",
        "year",
        "outcome",
        "regime",
        "criteria",
        "overlay_versions",
    ]
    assert data["outcome"] == "needs_judgement"
    assert data["regime"]["code"] == "R2017" and data["regime"]["on"] == "2017-10-05"
    assert data["criteria"][0]["evidence"] == [
        {
            "kind": "award",
            "id": "a-1",
            "text_en": "Cờ thi đua của Bộ 2016 (decided)",
            "text_vi": "Cờ thi đua của Bộ năm 2016 (đã quyết định)",
        }
    ]
    assert VerdictResult.from_dict(data) == v


def test_failed_hard_lists_only_hard_failures() -> None:
    v = verdict(unit(), "co_thi_dua_chinh_phu", 2016, "R2017")
    assert [c.code for c in v.failed_hard()] == ["same_year_ministry_flag"]
    assert verdict(unit(), "co_thi_dua_chinh_phu", 2016, "R2016").failed_hard() == ()


def test_the_choice_is_kept_on_the_verdict() -> None:
    c = choice("R2016")
    v = judge(person(), "giay_khen", 2016, choice=c)
    assert v.regime is c and v.overlay_versions == {}
