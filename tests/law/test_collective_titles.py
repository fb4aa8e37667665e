"""Collective titles (law.md 2.2, 2.3): members' shares, ratings, and whether the Government flag needs
the same year's ministry flag, per regime."""

from __future__ import annotations

from fractions import Fraction

import pytest

from app.law.facts import HeldAward, MembersFact, RatingFact
from app.law.overlay import Overlay
from app.models.enums import AwardStatus, Rating, Verdict
from tests.law.builders import members, outcomes, person, ratings, title, unit, verdict

TT_LDTT, TT_LDXS, CO_BO, CO_CP = (
    "tap_the_lao_dong_tien_tien",
    "tap_the_lao_dong_xuat_sac",
    "co_thi_dua_bo",
    "co_thi_dua_chinh_phu",
)
DEFER = {"no_discipline": "met", "nothing_pending": "met"}


# ---- Tập thể lao động tiên tiến --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "fact", "rating", "verdict_", "criteria"),
    [
        (
            "R2016",
            members(20, 20, 11),
            Rating.GOOD,
            Verdict.ELIGIBLE,
            {"tasks_completed_well": "met", "members_ldtt_share": "met", "members_no_warning": "met"},
        ),
        (  # exactly half is not "more than 50%"
            "R2016",
            members(20, 20, 10),
            Rating.GOOD,
            Verdict.NOT_ELIGIBLE,
            {"tasks_completed_well": "met", "members_ldtt_share": "not_met", "members_no_warning": "met"},
        ),
        (
            "R2017",
            members(20, 20, 11, warned=1),
            Rating.EXCELLENT,
            Verdict.NOT_ELIGIBLE,
            {"tasks_completed_well": "met", "members_ldtt_share": "met", "members_no_warning": "not_met"},
        ),
        (  # no rating: the council judges "tasks completed well"
            "R2016",
            members(20, 20, 11),
            None,
            Verdict.NEEDS_JUDGEMENT,
            {"tasks_completed_well": "judgement", "members_ldtt_share": "met", "members_no_warning": "met"},
        ),
        (  # a rating below "good" answers it
            "R2016",
            members(20, 20, 11),
            Rating.COMPLETED,
            Verdict.NOT_ELIGIBLE,
            {"tasks_completed_well": "not_met", "members_ldtt_share": "met", "members_no_warning": "met"},
        ),
        (
            "R2025",
            members(20, 20, 14),
            Rating.GOOD,
            Verdict.ELIGIBLE,
            DEFER | {"tasks_completed_well": "met", "members_ldtt_share": "met", "members_no_warning": "met"},
        ),
        (  # 65% < 70% (the R2024+ default)
            "R2024",
            members(20, 20, 13),
            Rating.GOOD,
            Verdict.NOT_ELIGIBLE,
            DEFER
            | {"tasks_completed_well": "met", "members_ldtt_share": "not_met", "members_no_warning": "met"},
        ),
    ],
)
def test_tap_the_lao_dong_tien_tien(
    regime: str, fact: MembersFact, rating: Rating | None, verdict_: Verdict, criteria: dict[str, str]
) -> None:
    rated = () if rating is None else (RatingFact(2016, rating),)
    v = verdict(unit(members={2016: fact}, ratings=rated), TT_LDTT, 2016, regime)
    assert (v.outcome, outcomes(v)) == (verdict_, criteria)


def test_the_members_share_is_a_setting_under_the_current_law() -> None:
    subject = unit(members={2025: members(20, 20, 13)}, ratings=ratings(Rating.GOOD, 2025))
    lower = Overlay(values={"tt_ldtt_min_ldtt_share": 0.6})
    v = verdict(subject, TT_LDTT, 2025, "R2025", lower)
    share = next(c for c in v.criteria if c.code == "members_ldtt_share")
    assert (v.outcome, share.outcome) == (Verdict.ELIGIBLE, "met")
    assert share.summary_en == "13 of 20 members (65%) Lao động tiên tiến; needs at least 60%."
    assert share.summary_vi == "13/20 cá nhân (65%) đạt Lao động tiên tiến; cần từ 60%."
    assert [(e.kind, e.id) for e in share.evidence] == [
        ("members", None),
        ("setting", "tt_ldtt_min_ldtt_share"),
    ]
    assert not share.citation.confirmed


def test_no_members_figures_is_not_met() -> None:
    v = verdict(unit(ratings=ratings(Rating.GOOD, 2016)), TT_LDTT, 2016, "R2016")
    assert outcomes(v)["members_ldtt_share"] == "not_met"
    assert v.criteria[1].summary_en == "No members' figures recorded for 2016."


# ---- Tập thể lao động xuất sắc ---------------------------------------------------------------------------

LDXS_OLD = {
    "rated_excellent": "met",
    "members_all_completed": "met",
    "members_ldtt_share": "met",
    "members_cstdcs": "met",
    "members_no_warning": "met",
    "solidarity": "judgement",
}


@pytest.mark.parametrize(
    ("fact", "rating", "failed"),
    [
        (members(10, 10, 7, cstdcs=1), Rating.EXCELLENT, None),
        (members(10, 10, 7, cstdcs=1), Rating.GOOD, "rated_excellent"),
        (members(10, 9, 7, cstdcs=1), Rating.EXCELLENT, "members_all_completed"),
        (members(10, 10, 6, cstdcs=1), Rating.EXCELLENT, "members_ldtt_share"),
        (members(10, 10, 7, cstdcs=0), Rating.EXCELLENT, "members_cstdcs"),
        (members(10, 10, 7, cstdcs=1, warned=1), Rating.EXCELLENT, "members_no_warning"),
    ],
)
def test_tap_the_lao_dong_xuat_sac_r2016(fact: MembersFact, rating: Rating, failed: str | None) -> None:
    v = verdict(unit(members={2016: fact}, ratings=(RatingFact(2016, rating),)), TT_LDXS, 2016, "R2016")
    expected = LDXS_OLD | ({} if failed is None else {failed: "not_met"})
    assert outcomes(v) == expected
    assert v.outcome is (Verdict.NEEDS_JUDGEMENT if failed is None else Verdict.NOT_ELIGIBLE)


def test_tap_the_lao_dong_xuat_sac_current_law_has_no_members_discipline_clause() -> None:
    subject = unit(
        members={2025: members(10, 10, 7, cstdcs=1, warned=1)}, ratings=ratings(Rating.EXCELLENT, 2025)
    )
    v = verdict(subject, TT_LDXS, 2025, "R2025")
    assert v.outcome is Verdict.NEEDS_JUDGEMENT
    assert "members_no_warning" not in outcomes(v)


# ---- Cờ thi đua của Bộ -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "citation"),
    [
        ("R2017", "Nghị định 91/2017/NĐ-CP, Điều 12"),
        ("R2025", "Luật TĐKT 06/2022/QH15, Điều 26"),
    ],
)
def test_the_ministry_flag_is_the_blocs_judgement(regime: str, citation: str) -> None:
    v = verdict(unit(), CO_BO, 2024, regime)
    leader = next(c for c in v.criteria if c.code == "bloc_leader")
    assert (v.outcome, leader.outcome, leader.citation.text) == (
        Verdict.NEEDS_JUDGEMENT,
        "judgement",
        citation,
    )


# ---- Cờ thi đua của Chính phủ: the same year's ministry flag, per regime (law.md 2.3) ----------------------


@pytest.mark.parametrize(
    ("regime", "held", "flag", "verdict_"),
    [
        # R2016, 65/2014 Art 6(1): meets the standard; the decision need not exist → judgement without it
        ("R2016", (), "judgement", Verdict.NEEDS_JUDGEMENT),
        ("R2016", (title(CO_BO, 2016),), "met", Verdict.NEEDS_JUDGEMENT),
        # R2017, 91/2017 Art 11(1): among the bloc leaders with the ministry flag → hard
        ("R2017", (), "not_met", Verdict.NOT_ELIGIBLE),
        ("R2017", (title(CO_BO, 2016, AwardStatus.PROPOSED),), "met", Verdict.NEEDS_JUDGEMENT),
        ("R2017", (title(CO_BO, 2016, AwardStatus.REVOKED),), "not_met", Verdict.NOT_ELIGIBLE),
        ("R2017", (title(CO_BO, 2015),), "not_met", Verdict.NOT_ELIGIBLE),  # another year's flag
        # R2024/R2025, Law 06/2022 Art 25(1): among the same year's bloc leaders → hard
        ("R2024", (), "not_met", Verdict.NOT_ELIGIBLE),
        ("R2025", (), "not_met", Verdict.NOT_ELIGIBLE),
        ("R2025", (title(CO_BO, 2016),), "met", Verdict.NEEDS_JUDGEMENT),
    ],
)
def test_government_flag_and_the_same_years_ministry_flag(
    regime: str, held: tuple[HeldAward, ...], flag: str, verdict_: Verdict
) -> None:
    v = verdict(unit(awards=held), CO_CP, 2016, regime)
    assert (v.outcome, outcomes(v)["same_year_ministry_flag"], outcomes(v)["most_outstanding"]) == (
        verdict_,
        flag,
        "judgement",
    )


def test_government_flag_citations_per_regime() -> None:
    cited = {
        r: next(c for c in verdict(unit(), CO_CP, 2016, r).criteria if c.code == "same_year_ministry_flag")
        for r in ("R2016", "R2017", "R2025")
    }
    assert {r: c.citation.text for r, c in cited.items()} == {
        "R2016": "Nghị định 65/2014/NĐ-CP, khoản 1 Điều 6",
        "R2017": "Nghị định 91/2017/NĐ-CP, khoản 1 Điều 11",
        "R2025": "Luật TĐKT 06/2022/QH15, khoản 1 Điều 25",
    }
    assert cited["R2016"].hard and cited["R2016"].summary_en.endswith("; the council judges.")


def test_a_person_cannot_hold_a_collective_title() -> None:
    v = verdict(person(), CO_CP, 2016, "R2025")
    assert v.outcome is Verdict.NOT_ELIGIBLE
    assert [(c.code, c.outcome, c.hard) for c in v.criteria] == [("subject_kind", "not_met", True)]
    assert (
        v.criteria[0].summary_en == "Cờ thi đua của Chính phủ is for a collective; Nguyễn Thị An is a person."
    )
    assert v.criteria[0].summary_vi == "Cờ thi đua của Chính phủ dành cho tập thể; Nguyễn Thị An là cá nhân."
    assert v.criteria[0].citation.text == "Luật TĐKT 06/2022/QH15, khoản 1 Điều 25"


def test_a_unit_cannot_hold_an_individual_title() -> None:
    v = verdict(unit(), "lao_dong_tien_tien", 2016, "R2016")
    assert [(c.code, c.outcome) for c in v.criteria] == [("subject_kind", "not_met")]
    assert v.criteria[0].summary_en == "Lao động tiên tiến is for an individual; Vụ Tổ chức cán bộ is a unit."


def test_shares_are_exact_fractions() -> None:
    """2/3 of members against a 2/3 threshold is exactly equal, not 0.666…"""
    subject = unit(members={2025: members(3, 3, 2)}, ratings=ratings(Rating.GOOD, 2025))
    v = verdict(subject, TT_LDTT, 2025, "R2025", Overlay(values={"tt_ldtt_min_ldtt_share": "2/3"}))
    assert outcomes(v)["members_ldtt_share"] == "met"
    assert Overlay(values={"tt_ldtt_min_ldtt_share": "2/3"}).share("tt_ldtt_min_ldtt_share") == Fraction(2, 3)
