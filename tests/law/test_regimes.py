"""Which legal regime governs a file (law.md section 1)."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from app.law.regimes import REGIMES, UnknownRegime, choose_regime, regime

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("decided", "code"),
    [
        (date(2014, 8, 20), "R2016"),
        (date(2017, 9, 30), "R2016"),
        (date(2017, 10, 1), "R2017"),
        (date(2023, 12, 31), "R2017"),
        (date(2024, 1, 1), "R2024"),
        (date(2025, 6, 30), "R2024"),
        (date(2025, 7, 1), "R2025"),
        (date(2040, 1, 1), "R2025"),
    ],
)
def test_the_decision_date_picks_the_regime_on_each_boundary(decided: date, code: str) -> None:
    choice = choose_regime(decision_date=decided, today=TODAY)
    assert (choice.regime.code, choice.basis, choice.on) == (code, "decision_date", decided)


def test_the_2016_demo() -> None:
    """Titles for 2016 decided by the ministry in February 2017 fall in R2016; the PM's Government flag
    signed in October 2017 in R2017; a file judged today, undecided, in R2025."""
    assert choose_regime(decision_date=date(2017, 2, 10), today=TODAY).regime.code == "R2016"
    assert choose_regime(decision_date=date(2017, 10, 5), today=TODAY).regime.code == "R2017"
    undecided = choose_regime(decision_date=None, today=TODAY)
    assert (undecided.regime.code, undecided.basis, undecided.on) == ("R2025", "evaluation_date", TODAY)


def test_a_file_lodged_before_a_switch_keeps_the_old_regime() -> None:
    """law.md's precedent: lodged 15/6/2025, handled in July 2025 under 98/2023 (R2024)."""
    choice = choose_regime(decision_date=date(2025, 7, 20), lodged_on=date(2025, 6, 15), today=TODAY)
    lodged = ("R2024", "lodged_before_switch", date(2025, 6, 15))
    assert (choice.regime.code, choice.basis, choice.on) == lodged
    assert "2025-06-15" in choice.reason_en and "15/06/2025" in choice.reason_vi


def test_the_setting_off_applies_the_decision_dates_regime() -> None:
    choice = choose_regime(
        decision_date=date(2025, 7, 20), lodged_on=date(2025, 6, 15), keep_old_procedure=False, today=TODAY
    )
    assert (choice.regime.code, choice.basis) == ("R2025", "decision_date")


def test_a_file_lodged_in_the_same_regime_is_judged_by_its_decision_date() -> None:
    choice = choose_regime(decision_date=date(2025, 8, 1), lodged_on=date(2025, 7, 2), today=TODAY)
    assert (choice.regime.code, choice.basis) == ("R2025", "decision_date")


def test_an_undecided_file_lodged_before_the_switch_keeps_the_old_regime() -> None:
    choice = choose_regime(decision_date=None, lodged_on=date(2025, 6, 30), today=TODAY)
    assert (choice.regime.code, choice.basis) == ("R2024", "lodged_before_switch")


@pytest.mark.parametrize(
    ("decided", "lodged", "today"),
    [
        (date(2014, 8, 19), None, TODAY),
        (None, None, date(2010, 1, 1)),
        (date(2015, 1, 5), date(2014, 1, 1), TODAY),
    ],
)
def test_a_date_before_20_8_2014_is_refused(decided: date | None, lodged: date | None, today: date) -> None:
    with pytest.raises(UnknownRegime):
        choose_regime(decision_date=decided, lodged_on=lodged, today=today)


def test_regimes_are_contiguous_and_looked_up_by_code() -> None:
    for before, after in itertools.pairwise(REGIMES):
        assert before.valid_to is not None
        assert (after.valid_from - before.valid_to).days == 1
    assert regime("R2025").valid_to is None
    assert regime("R2017").texts[1] == "Nghị định 91/2017/NĐ-CP"
    with pytest.raises(UnknownRegime):
        regime("R1999")
    assert issubclass(UnknownRegime, ValueError)
