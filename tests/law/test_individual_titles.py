"""Individual titles (law.md 2.1): each criterion with passing and failing subjects, per regime."""

from __future__ import annotations

from datetime import date

import pytest

from app.law.facts import AchievementFact, HeldAward, RatingFact, Subject
from app.law.overlay import Overlay
from app.models.enums import AwardMethod, AwardStatus, DisciplineMeasure, Rating, RecognitionScope, Verdict
from tests.law.builders import (
    discipline,
    initiative,
    investigation,
    outcomes,
    person,
    ratings,
    research,
    title,
    titles,
    verdict,
)

LDTT, CSTDCS, CSTD_BO, CSTD_TQ = (
    "lao_dong_tien_tien",
    "chien_si_thi_dua_co_so",
    "chien_si_thi_dua_cap_bo",
    "chien_si_thi_dua_toan_quoc",
)
GOOD_2016 = {"ratings": ratings(Rating.GOOD, 2016), "employments": ((date(2010, 1, 1), None),)}
OLD_LDTT_MET = {"rating": "met", "worked_months": "met", "absent_days": "met", "no_discipline": "met"}
NEW_LDTT_MET = {
    "no_discipline": "met",
    "nothing_pending": "met",
    "rating": "met",
    "worked_months": "met",
    "absent_days": "met",
}


# ---- Lao động tiên tiến ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "subject", "verdict_", "criteria"),
    [
        ("R2016", person(**GOOD_2016), Verdict.ELIGIBLE, OLD_LDTT_MET),
        (
            "R2016",
            person(ratings=ratings(Rating.COMPLETED, 2016)),
            Verdict.NOT_ELIGIBLE,
            OLD_LDTT_MET | {"rating": "not_met"},
        ),
        ("R2016", person(), Verdict.NOT_ELIGIBLE, OLD_LDTT_MET | {"rating": "not_met"}),  # no rating recorded
        (  # recruited 1/3: exactly 10 months
            "R2016",
            person(ratings=ratings(Rating.GOOD, 2016), employments=((date(2016, 3, 1), None),)),
            Verdict.ELIGIBLE,
            OLD_LDTT_MET,
        ),
        (  # recruited 1/4: 9 months
            "R2016",
            person(ratings=ratings(Rating.GOOD, 2016), employments=((date(2016, 4, 1), None),)),
            Verdict.NOT_ELIGIBLE,
            OLD_LDTT_MET | {"worked_months": "not_met"},
        ),
        (  # two periods in two units add up: Jan–May and Jul–Dec = 11 months
            "R2016",
            person(
                ratings=ratings(Rating.GOOD, 2016),
                employments=((date(2015, 1, 1), date(2016, 5, 31)), (date(2016, 7, 1), None)),
            ),
            Verdict.ELIGIBLE,
            OLD_LDTT_MET,
        ),
        (
            "R2016",
            person(ratings=(RatingFact(2016, Rating.GOOD, absent_days=40),)),
            Verdict.NOT_ELIGIBLE,
            OLD_LDTT_MET | {"absent_days": "not_met"},
        ),
        (
            "R2016",
            person(ratings=(RatingFact(2016, Rating.GOOD, absent_days=39),)),
            Verdict.ELIGIBLE,
            OLD_LDTT_MET,
        ),
        (
            "R2016",
            person(**GOOD_2016, exclusions=(discipline(date(2016, 10, 1), date(2017, 3, 31)),)),
            Verdict.NOT_ELIGIBLE,
            OLD_LDTT_MET | {"no_discipline": "not_met"},
        ),
        ("R2025", person(**GOOD_2016), Verdict.ELIGIBLE, NEW_LDTT_MET),
        (
            "R2025",
            person(**GOOD_2016, exclusions=(investigation(date(2016, 11, 1), None),)),
            Verdict.NOT_ELIGIBLE,
            NEW_LDTT_MET | {"nothing_pending": "not_met"},
        ),
        (
            "R2024",
            person(ratings=ratings(Rating.GOOD, 2016), employments=((date(2016, 6, 1), None),)),
            Verdict.NOT_ELIGIBLE,
            NEW_LDTT_MET | {"worked_months": "not_met"},
        ),
    ],
)
def test_lao_dong_tien_tien(
    regime: str, subject: Subject, verdict_: Verdict, criteria: dict[str, str]
) -> None:
    v = verdict(subject, LDTT, 2016, regime)
    assert (v.outcome, outcomes(v)) == (verdict_, criteria)


def test_the_setting_turns_the_r2016_exclusions_off_in_later_regimes() -> None:
    late = person(
        ratings=(RatingFact(2024, Rating.GOOD, absent_days=60),), employments=((date(2024, 9, 1), None),)
    )
    assert verdict(late, LDTT, 2024, "R2025").outcome is Verdict.NOT_ELIGIBLE
    off = Overlay(values={"lao_dong_tien_tien_exclusions_current_regime": False}, versions={"ministry": 2})
    v = verdict(late, LDTT, 2024, "R2025", off)
    assert (v.outcome, outcomes(v)) == (Verdict.ELIGIBLE, NEW_LDTT_MET)
    months = next(c for c in v.criteria if c.code == "worked_months")
    assert (
        months.summary_en
        == "Not applied: the regulation turns it off (lao_dong_tien_tien_exclusions_current_regime)."
    )
    assert [e.kind for e in months.evidence] == ["setting"]


def test_the_setting_does_not_touch_r2016() -> None:
    off = Overlay(values={"lao_dong_tien_tien_exclusions_current_regime": False})
    v = verdict(
        person(ratings=ratings(Rating.GOOD, 2016), employments=((date(2016, 6, 1), None),)),
        LDTT,
        2016,
        "R2016",
        off,
    )
    assert outcomes(v)["worked_months"] == "not_met"


# ---- Chiến sĩ thi đua cơ sở ------------------------------------------------------------------------------

LDTT_2016 = title(LDTT, 2016, AwardStatus.PROPOSED)


@pytest.mark.parametrize(
    ("regime", "subject", "verdict_", "criteria"),
    [
        (
            "R2016",
            person(awards=(LDTT_2016,), achievements=(initiative(2016),)),
            Verdict.ELIGIBLE,
            {"holds_lao_dong_tien_tien": "met", "initiative_scope": "met"},
        ),
        (  # an applied research work is enough
            "R2017",
            person(awards=(LDTT_2016,), achievements=(research(2016),)),
            Verdict.ELIGIBLE,
            {"holds_lao_dong_tien_tien": "met", "initiative_scope": "met"},
        ),
        (  # HTXSNV is not an alternative before 2024
            "R2016",
            person(awards=(LDTT_2016,), ratings=ratings(Rating.EXCELLENT, 2016)),
            Verdict.NOT_ELIGIBLE,
            {"holds_lao_dong_tien_tien": "met", "initiative_scope": "not_met"},
        ),
        (  # an initiative not applied, or of another year, does not count
            "R2016",
            person(awards=(LDTT_2016,), achievements=(initiative(2016, applied=False), initiative(2015))),
            Verdict.NOT_ELIGIBLE,
            {"holds_lao_dong_tien_tien": "met", "initiative_scope": "not_met"},
        ),
        (
            "R2016",
            person(awards=(title(LDTT, 2016, AwardStatus.REVOKED),), achievements=(initiative(2016),)),
            Verdict.NOT_ELIGIBLE,
            {"holds_lao_dong_tien_tien": "not_met", "initiative_scope": "met"},
        ),
        (  # current Law: HTXSNV is enough
            "R2025",
            person(awards=(LDTT_2016,), ratings=ratings(Rating.EXCELLENT, 2016)),
            Verdict.ELIGIBLE,
            {
                "no_discipline": "met",
                "nothing_pending": "met",
                "holds_lao_dong_tien_tien": "met",
                "initiative_or_excellent": "met",
            },
        ),
        (
            "R2025",
            person(awards=(LDTT_2016,), ratings=ratings(Rating.GOOD, 2016)),
            Verdict.NOT_ELIGIBLE,
            {
                "no_discipline": "met",
                "nothing_pending": "met",
                "holds_lao_dong_tien_tien": "met",
                "initiative_or_excellent": "not_met",
            },
        ),
    ],
)
def test_chien_si_thi_dua_co_so(
    regime: str, subject: Subject, verdict_: Verdict, criteria: dict[str, str]
) -> None:
    v = verdict(subject, CSTDCS, 2016, regime)
    assert (v.outcome, outcomes(v)) == (verdict_, criteria)


def test_one_of_lists_each_option_in_evidence() -> None:
    v = verdict(person(awards=(LDTT_2016,), ratings=ratings(Rating.EXCELLENT, 2016)), CSTDCS, 2016, "R2025")
    c = next(c for c in v.criteria if c.code == "initiative_or_excellent")
    assert c.summary_en == "Met by the option “rated excellent”."
    assert c.summary_vi == "Đạt theo phương án “hoàn thành xuất sắc nhiệm vụ”."
    assert [e.text_en.split(":")[0] for e in c.evidence if e.kind == "option"] == [
        "Option “rated excellent”",
        "Option “initiative”",
        "Option “research”",
    ]


# ---- consecutive chains: CSTĐ cấp Bộ ---------------------------------------------------------------------

MINISTRY_INITIATIVE = (initiative(2015, RecognitionScope.MINISTRY),)
BO_MET = {"consecutive_cstdcs": "met", "initiative_scope": "met", "outstanding": "judgement"}


@pytest.mark.parametrize(
    ("awards", "achievements", "verdict_", "chain"),
    [
        (titles(CSTDCS, 2014, 2015, 2016), MINISTRY_INITIATIVE, Verdict.NEEDS_JUDGEMENT, "met"),
        (  # a proposed award counts
            (title(CSTDCS, 2014), title(CSTDCS, 2015), title(CSTDCS, 2016, AwardStatus.PROPOSED)),
            MINISTRY_INITIATIVE,
            Verdict.NEEDS_JUDGEMENT,
            "met",
        ),
        (
            titles(CSTDCS, 2013, 2014, 2016),
            MINISTRY_INITIATIVE,
            Verdict.NOT_ELIGIBLE,
            "not_met",
        ),  # 2015 missing
        (  # a revoked award breaks the chain
            (title(CSTDCS, 2014), title(CSTDCS, 2015, AwardStatus.REVOKED), title(CSTDCS, 2016)),
            MINISTRY_INITIATIVE,
            Verdict.NOT_ELIGIBLE,
            "not_met",
        ),
        (  # a sudden award does not count toward a regular one
            (title(CSTDCS, 2014), title(CSTDCS, 2015, method=AwardMethod.SUDDEN), title(CSTDCS, 2016)),
            MINISTRY_INITIATIVE,
            Verdict.NOT_ELIGIBLE,
            "not_met",
        ),
        (  # nor does a thematic one
            (title(CSTDCS, 2014), title(CSTDCS, 2015, method=AwardMethod.THEMATIC), title(CSTDCS, 2016)),
            MINISTRY_INITIATIVE,
            Verdict.NOT_ELIGIBLE,
            "not_met",
        ),
        (  # R2016: considered in the year of the 3rd CSTĐCS, so a chain ending the year before fails
            titles(CSTDCS, 2013, 2014, 2015),
            MINISTRY_INITIATIVE,
            Verdict.NOT_ELIGIBLE,
            "not_met",
        ),
    ],
)
def test_cstd_cap_bo_chain(
    awards: tuple[HeldAward, ...], achievements: tuple[AchievementFact, ...], verdict_: Verdict, chain: str
) -> None:
    v = verdict(person(awards=awards, achievements=achievements), CSTD_BO, 2016, "R2016")
    assert (v.outcome, outcomes(v)) == (verdict_, BO_MET | {"consecutive_cstdcs": chain})


def test_a_chain_says_which_years_break_it() -> None:
    awards = (title(CSTDCS, 2014), title(CSTDCS, 2015, AwardStatus.REVOKED, award_id="a15"))
    v = verdict(person(awards=awards), CSTD_BO, 2016, "R2016")
    chain = v.criteria[0]
    assert (
        chain.summary_en
        == "Needs Chiến sĩ thi đua cơ sở in each year of 2014–2016: 2015 revoked, 2016 missing."
    )
    assert chain.summary_vi == (
        "Cần đạt Chiến sĩ thi đua cơ sở liên tục các năm 2014–2016: năm 2015 đã bị hủy bỏ, năm 2016 không có."
    )
    assert [(e.kind, e.id) for e in chain.evidence] == [("award", None), ("award", "a15")]


def test_cstd_cap_bo_needs_a_ministry_scope_initiative_in_the_three_years() -> None:
    base = {"awards": titles(CSTDCS, 2014, 2015, 2016)}
    for achievements, outcome in [
        ((initiative(2016),), "not_met"),  # unit scope only
        ((initiative(2013, RecognitionScope.MINISTRY),), "not_met"),  # before the period
        ((research(2014, RecognitionScope.NATIONAL),), "met"),
        ((initiative(2016, RecognitionScope.MINISTRY, applied=False),), "not_met"),
    ]:
        v = verdict(person(**base, achievements=achievements), CSTD_BO, 2016, "R2025")
        assert outcomes(v)["initiative_scope"] == outcome, achievements


# ---- CSTĐ toàn quốc: "conferred after the year of the 2nd CSTĐ cấp Bộ" -----------------------------------

NATIONAL = (initiative(2015, RecognitionScope.NATIONAL),)


@pytest.mark.parametrize(
    ("years", "regime", "chain"),
    [
        ((2015, 2016), "R2016", "met"),  # the 2nd in the award year, decided 10/2/2017: after it
        ((2014, 2015), "R2016", "met"),  # the 2nd the year before
        ((2013, 2014), "R2016", "not_met"),  # too old
        ((2014, 2016), "R2016", "not_met"),  # not consecutive
        ((2015, 2016), "R2025", "met"),  # undecided: the decision date is not known yet
    ],
)
def test_cstd_toan_quoc_chain(years: tuple[int, int], regime: str, chain: str) -> None:
    v = verdict(person(awards=titles(CSTD_BO, *years), achievements=NATIONAL), CSTD_TQ, 2016, regime)
    assert outcomes(v)["consecutive_cstd_bo"] == chain
    assert outcomes(v)["initiative_scope"] == "met"


def test_cstd_toan_quoc_decided_in_the_year_of_the_2nd_is_too_early() -> None:
    """Award year 2017 with the 2nd CSTĐ cấp Bộ in 2017, decided 10/2/2017 (R2016): not after 2017."""
    v = verdict(person(awards=titles(CSTD_BO, 2016, 2017), achievements=NATIONAL), CSTD_TQ, 2017, "R2016")
    chain = v.criteria[0]
    assert chain.outcome == "not_met"
    assert "decided 2017-02-10, not after 2017" in chain.summary_en


def test_discipline_blocks_every_title_under_the_current_law() -> None:
    subject = person(
        awards=titles(CSTD_BO, 2015, 2016),
        achievements=NATIONAL,
        exclusions=(discipline(date(2016, 1, 1), date(2016, 6, 30), DisciplineMeasure.WARNING),),
    )
    v = verdict(subject, CSTD_TQ, 2016, "R2025")
    assert v.outcome is Verdict.NOT_ELIGIBLE
    assert [c.code for c in v.failed_hard()] == ["no_discipline"]
