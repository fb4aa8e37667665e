"""The council's counting rules, without a database: thresholds over ALL members, the quorum, the count."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from app.council import rules
from app.law.procedure import ProcedureRules
from app.law.regimes import UnknownRegime


@pytest.mark.parametrize(
    ("members", "share", "required"),
    [
        (15, Fraction(9, 10), 14),  # 13.5 → 14 (law.md §2.4's example)
        (15, Fraction(4, 5), 12),
        (14, Fraction(9, 10), 13),  # 12.6 → 13
        (10, Fraction(9, 10), 9),  # exact: no rounding up past it
        (13, Fraction(4, 5), 11),  # 10.4 → 11
    ],
)
def test_required_yes_is_the_share_of_all_members_rounded_up(
    members: int, share: Fraction, required: int
) -> None:
    assert rules.required_yes(members, share) == required


@pytest.mark.parametrize(("present", "required"), [(1, 1), (2, 2), (10, 6), (11, 6), (15, 8)])
def test_without_threshold_more_than_half_of_those_present(present: int, required: int) -> None:
    assert rules.majority_of_present(present) == required


@pytest.mark.parametrize(
    ("present", "members", "met"),
    [(10, 15, True), (9, 15, False), (4, 6, True), (3, 6, False), (0, 0, False)],
)
def test_quorum_is_two_thirds_of_all_members(present: int, members: int, met: bool) -> None:
    assert rules.quorum_met(present, members) is met
    assert rules.quorum_required(15) == 10


def test_the_quorum_share_and_the_rounding_are_settings() -> None:
    half = ProcedureRules(council_quorum=Fraction(1, 2))
    assert rules.quorum_met(8, 15, half) and not rules.quorum_met(7, 15, half)
    floor = ProcedureRules(vote_rounding="floor")
    assert rules.required_yes(15, Fraction(9, 10), floor) == 13
    assert (
        rules.requirement("chien_si_thi_dua_cap_bo", "R2024", members=15, present=15, rules=floor).required
        == 13
    )


@pytest.mark.parametrize(
    ("code", "regime", "share", "required"),
    [
        ("chien_si_thi_dua_cap_bo", "R2024", Fraction(9, 10), 14),
        ("chien_si_thi_dua_toan_quoc", "R2025", Fraction(9, 10), 14),
        ("co_thi_dua_bo", "R2024", Fraction(4, 5), 12),
        ("co_thi_dua_chinh_phu", "R2025", Fraction(4, 5), 12),
        ("chien_si_thi_dua_cap_bo", "R2017", Fraction(9, 10), 14),
        ("co_thi_dua_bo", "R2017", None, 6),  # 91/2017 names no share for the flags: majority of 11 present
        ("bang_khen_bo_truong", "R2024", None, 6),
    ],
)
def test_requirement_per_regime(code: str, regime: str, share: Fraction | None, required: int) -> None:
    need = rules.requirement(code, regime, members=15, present=11)
    assert (need.share, need.required) == (share, required)
    assert (need.citation is None) is (share is None)


def test_the_regime_is_the_proposals_else_the_one_in_force_that_day() -> None:
    assert rules.regime_for("R2017", date(2024, 12, 20)) == "R2017"
    assert rules.regime_for(None, date(2024, 12, 20)) == "R2024"
    assert rules.regime_for(None, date(2025, 12, 20)) == "R2025"
    with pytest.raises(UnknownRegime):
        rules.requirement("co_thi_dua_bo", "R1999", members=15, present=15)


def test_count_per_item_with_abstentions_and_omissions() -> None:
    ballots = [{"a": "yes", "b": "no"}, {"a": "yes"}, {"a": "no", "b": "abstain"}, {}]
    counted = rules.count([("a", 2), ("b", 1)], ballots)
    assert counted == [rules.ItemCount("a", 2, 1, 1, 2), rules.ItemCount("b", 0, 1, 3, 1)]
    assert [c.outcome for c in counted] == ["approved", "rejected"]
    assert rules.count([("a", 0)], []) == [rules.ItemCount("a", 0, 0, 0, 0)]


def test_choice_errors_name_what_is_not_on_the_agenda() -> None:
    assert rules.choice_errors({"a": "yes", "z": "no"}, ["a", "b"]) == [
        {"loc": ["body", "choices", "z"], "msg": "not on the session's agenda", "type": "not_on_agenda"}
    ]
    assert rules.share_text(Fraction(9, 10)) == "9/10" and rules.parse_share("4/5") == Fraction(4, 5)
