"""Forms of commendation (law.md 3): "one of" options, the per-year limit, orders."""

from __future__ import annotations

from datetime import date

import pytest

from app.law.engine import judge
from app.law.facts import Subject
from app.law.overlay import Overlay
from app.models.enums import AwardMethod, AwardStatus, Rating, RecognitionScope, Verdict
from tests.law.builders import (
    choice,
    form,
    initiative,
    investigation,
    outcomes,
    person,
    ratings,
    research,
    titles,
    unit,
    verdict,
)

BK_BO, BK_TTG = "bang_khen_bo_truong", "bang_khen_thu_tuong"
CSTDCS = "chien_si_thi_dua_co_so"
EXCELLENT_15_16 = ratings(Rating.EXCELLENT, 2015, 2016)
TWO_INITIATIVES = (initiative(2015), initiative(2016))


@pytest.mark.parametrize(
    ("regime", "subject", "verdict_"),
    [
        ("R2016", person(ratings=EXCELLENT_15_16, achievements=TWO_INITIATIVES), Verdict.ELIGIBLE),
        # one initiative only: the qualitative options remain for the council
        ("R2016", person(ratings=EXCELLENT_15_16, achievements=(initiative(2016),)), Verdict.NEEDS_JUDGEMENT),
        (
            "R2016",
            person(ratings=ratings(Rating.EXCELLENT, 2016), achievements=TWO_INITIATIVES),
            Verdict.NEEDS_JUDGEMENT,
        ),
        # MOST (TT 25/2025 Art 7): 2 consecutive CSTĐCS …
        ("R2025", person(awards=titles(CSTDCS, 2015, 2016)), Verdict.ELIGIBLE),
        # … or 2 years HTXSNV with 2 applied S&T tasks
        (
            "R2025",
            person(ratings=EXCELLENT_15_16, achievements=(research(2015), research(2016))),
            Verdict.ELIGIBLE,
        ),
        ("R2025", person(awards=titles(CSTDCS, 2014, 2016)), Verdict.NEEDS_JUDGEMENT),
        # collectives: 2 consecutive years HTXSNV (current) …
        ("R2025", unit(ratings=EXCELLENT_15_16), Verdict.ELIGIBLE),
        # … or TT LĐXS twice
        ("R2024", unit(awards=titles("tap_the_lao_dong_xuat_sac", 2015, 2016)), Verdict.ELIGIBLE),
        ("R2025", unit(ratings=ratings(Rating.GOOD, 2015, 2016)), Verdict.NEEDS_JUDGEMENT),
        # R2016 collectives: the criteria are not detailed in law.md
        ("R2016", unit(ratings=EXCELLENT_15_16), Verdict.NEEDS_JUDGEMENT),
    ],
)
def test_bang_khen_bo_truong(regime: str, subject: Subject, verdict_: Verdict) -> None:
    assert verdict(subject, BK_BO, 2016, regime).outcome is verdict_


def test_a_form_for_both_judges_each_subject_by_its_own_options() -> None:
    v_person = verdict(person(), BK_BO, 2016, "R2016")
    v_unit = verdict(unit(), BK_BO, 2016, "R2016")
    assert outcomes(v_person) == {"bk_options": "judgement", "once_per_year": "met"}
    assert outcomes(v_unit) == {"bk_collective": "judgement", "once_per_year": "met"}


def test_at_most_one_regular_bang_khen_of_a_level_a_year() -> None:
    good = {"ratings": EXCELLENT_15_16, "achievements": TWO_INITIATIVES}
    other = person(**good, awards=(form(BK_BO, 2016, award_id="bk1"),))
    v = verdict(other, BK_BO, 2016, "R2016")
    assert (v.outcome, outcomes(v)["once_per_year"]) == (Verdict.NOT_ELIGIBLE, "not_met")
    # the award being judged is left out when named
    assert judge(other, BK_BO, 2016, choice=choice("R2016"), award_id="bk1").outcome is Verdict.ELIGIBLE
    # a sudden one is separate
    sudden = person(**good, awards=(form(BK_BO, 2016, method=AwardMethod.SUDDEN),))
    assert verdict(sudden, BK_BO, 2016, "R2016").outcome is Verdict.ELIGIBLE
    # the setting may allow two
    two = Overlay(values={"forms_per_year": 2})
    assert verdict(other, BK_BO, 2016, "R2016", two).outcome is Verdict.ELIGIBLE


FIVE_EXCELLENT = ratings(Rating.EXCELLENT, 2012, 2013, 2014, 2015, 2016)
FIVE_INITIATIVES = tuple(initiative(y) for y in range(2012, 2017))


@pytest.mark.parametrize(
    ("regime", "subject", "verdict_"),
    [
        # R2016 (65/2014 Art 23): had a BK Bộ, then 5 years HTXSNV with 5 base-level initiatives
        (
            "R2016",
            person(awards=(form(BK_BO, 2011),), ratings=FIVE_EXCELLENT, achievements=FIVE_INITIATIVES),
            Verdict.ELIGIBLE,
        ),
        (  # the BK Bộ must come before the five years
            "R2016",
            person(awards=(form(BK_BO, 2013),), ratings=FIVE_EXCELLENT, achievements=FIVE_INITIATIVES),
            Verdict.NEEDS_JUDGEMENT,
        ),
        (  # a revoked BK Bộ does not count
            "R2016",
            person(
                awards=(form(BK_BO, 2011, AwardStatus.REVOKED),),
                ratings=FIVE_EXCELLENT,
                achievements=FIVE_INITIATIVES,
            ),
            Verdict.NEEDS_JUDGEMENT,
        ),
        # current (Law Art 73): had a BK Bộ and 5 years ≥ good with 3 CSTĐCS
        (
            "R2025",
            person(
                awards=(form(BK_BO, 2010), *titles(CSTDCS, 2012, 2014, 2016)),
                ratings=ratings(Rating.GOOD, 2012, 2013, 2014, 2015, 2016),
            ),
            Verdict.ELIGIBLE,
        ),
        (
            "R2025",
            person(
                awards=(form(BK_BO, 2010), *titles(CSTDCS, 2012, 2014)),
                ratings=ratings(Rating.GOOD, 2012, 2013, 2014, 2015, 2016),
            ),
            Verdict.NEEDS_JUDGEMENT,
        ),
        # collective: had a BK Bộ, then 5 years HTXSNV with 1 ministry flag
        (
            "R2016",
            unit(awards=(form(BK_BO, 2011), *titles("co_thi_dua_bo", 2014)), ratings=FIVE_EXCELLENT),
            Verdict.ELIGIBLE,
        ),
        ("R2025", unit(awards=(form(BK_BO, 2011),), ratings=FIVE_EXCELLENT), Verdict.NEEDS_JUDGEMENT),
    ],
)
def test_bang_khen_thu_tuong(regime: str, subject: Subject, verdict_: Verdict) -> None:
    assert verdict(subject, BK_TTG, 2016, regime).outcome is verdict_


def test_giay_khen_and_medal_need_the_council() -> None:
    assert outcomes(verdict(unit(), "giay_khen", 2025, "R2025")) == {
        "no_discipline": "met",
        "nothing_pending": "met",
        "merit": "judgement",
    }
    assert outcomes(verdict(person(), "ky_niem_chuong", 2016, "R2016")) == {"contribution": "judgement"}
    assert outcomes(verdict(unit(), "ky_niem_chuong", 2016, "R2016")) == {"subject_kind": "not_met"}


def test_labour_order_third_class_r2016_shape() -> None:
    had = (form(BK_TTG, 2011),)
    ministry = (initiative(2013, RecognitionScope.MINISTRY), initiative(2015, RecognitionScope.MINISTRY))
    met = person(awards=had, ratings=FIVE_EXCELLENT, achievements=ministry)
    assert verdict(met, "huan_chuong_lao_dong_hang_ba", 2016, "R2016").outcome is Verdict.ELIGIBLE
    unit_ok = unit(awards=(*had, *titles("co_thi_dua_bo", 2013, 2015)), ratings=FIVE_EXCELLENT)
    v = verdict(unit_ok, "huan_chuong_lao_dong_hang_ba", 2016, "R2016")
    assert (v.outcome, outcomes(v)) == (
        Verdict.NEEDS_JUDGEMENT,
        {"order_options": "judgement"},
    )  # founded ≥ 10y
    assert (
        outcomes(verdict(met, "huan_chuong_lao_dong_hang_ba", 2025, "R2025"))["council_judgement"]
        == "judgement"
    )


def test_orders_other_than_the_labour_third_class_need_the_council() -> None:
    v = verdict(person(exclusions=()), "huan_chuong_sao_vang", 2025, "R2025")
    assert (v.outcome, outcomes(v)["council_judgement"]) == (Verdict.NEEDS_JUDGEMENT, "judgement")
    assert verdict(person(), "huan_chuong_doc_lap_hang_nhi", 2016, "R2017").outcome is Verdict.NEEDS_JUDGEMENT


def test_a_form_is_deferred_by_a_pending_investigation() -> None:
    v = verdict(person(exclusions=(investigation(date(2025, 3, 1), None),)), "giay_khen", 2025, "R2025")
    assert [c.code for c in v.failed_hard()] == ["nothing_pending"]
