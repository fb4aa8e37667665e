"""A review's count as pure functions: the threshold over the whole electorate, yes/no/blank per candidate,
the stored form, and the order a decision takes the candidates in."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.reviews.tally import (
    ReviewTally,
    Threshold,
    choice_errors,
    decision_order,
    required_votes,
    tally,
)

A, B, C = "A", "B", "C"
EIGHTY = Threshold(share=0.8, inclusive=True)  # Decree 98/2023 Art 30(7): at least 80% of all members
HALF = Threshold(share=0.5, inclusive=False)  # the default: more than half of the electorate


@pytest.mark.parametrize(
    ("share", "inclusive", "electorate", "required"),
    [
        (0.8, True, 5, 4),  # exactly 4.0: no rounding
        (0.8, True, 6, 5),  # 4.8 → 5
        (0.8, True, 15, 12),
        (0.9, True, 15, 14),  # law.md 2.4's example: 13.5 → 14
        (0.5, False, 6, 4),  # more than 3
        (0.5, False, 5, 3),  # more than 2.5
        (0.5, False, 1, 1),
        (0.0, True, 7, 1),  # never fewer than one yes
        (0.0, False, 7, 1),
        (0.8, True, 0, 0),  # nobody to vote: nobody can pass
        (2 / 3, True, 3, 2),  # a stored 2/3 is 2/3, not a hair below
        (2 / 3, True, 6, 4),
        (2 / 3, False, 6, 5),
    ],
)
def test_required_votes(share: float, inclusive: bool, electorate: int, required: int) -> None:
    assert required_votes(share, electorate, inclusive=inclusive) == required


def test_required_votes_takes_exact_fractions_and_refuses_nonsense() -> None:
    assert required_votes(Fraction(4, 5), 10, inclusive=True) == 8
    with pytest.raises(ValueError):
        required_votes(1.0, 5, inclusive=True)
    with pytest.raises(ValueError):
        required_votes(0.5, -1, inclusive=False)


def test_eighty_percent_of_all_five_electors() -> None:
    # 5 electors, 4 voted: A has 4 yes (passes), B 3 yes and 1 no, C left out by everyone.
    ballots = [{A: "yes", B: "yes"}, {A: "yes", B: "yes"}, {A: "yes", B: "no"}, {A: "yes", B: "yes"}]
    r = tally([A, B, C], 5, ballots, EIGHTY)
    assert (r.electorate, r.ballots_cast, r.required) == (5, 4, 4)
    assert [(c.person_id, c.yes, c.no, c.blank, c.passed) for c in r.candidates] == [
        (A, 4, 0, 0, True),
        (B, 3, 1, 0, False),
        (C, 0, 0, 4, False),
    ]
    assert r.passed == [A]


def test_the_threshold_counts_absent_electors_as_not_yes() -> None:
    # 3 of 3 ballots cast say yes, but the electorate is 5: 3 < 4.
    r = tally([A], 5, [{A: "yes"}] * 3, EIGHTY)
    assert r.candidates[0].yes == 3 and not r.candidates[0].passed
    # The default: more than half of 5 = 3.
    assert tally([A], 5, [{A: "yes"}] * 3, HALF).passed == [A]
    assert tally([A], 6, [{A: "yes"}] * 3, HALF).passed == []


def test_blank_ballots_count_as_cast() -> None:
    r = tally([A, B], 3, [{}, {}, {A: "no"}], HALF)
    assert r.ballots_cast == 3
    assert [(c.yes, c.no, c.blank) for c in r.candidates] == [(0, 1, 2), (0, 0, 3)]


def test_a_bad_ballot_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        tally([A], 2, [{B: "yes"}], HALF)
    with pytest.raises(ValueError):
        tally([A], 2, [{A: "maybe"}], HALF)
    with pytest.raises(ValueError):
        tally([A], 1, [{}, {}], HALF)


def test_choice_errors_name_each_unknown_candidate() -> None:
    assert choice_errors({A: "yes", B: "no"}, {A, B}) == []
    assert choice_errors({}, {A}) == []
    errors = choice_errors({A: "yes", "X": "no"}, {A})
    assert errors == [
        {
            "loc": ["body", "choices", "X"],
            "msg": "X is not a candidate of this review",
            "type": "unknown_candidate",
        }
    ]


def test_the_stored_form_reads_back_equal() -> None:
    r = tally([A, B], 4, [{A: "yes", B: "no"}, {A: "yes"}, {A: "yes"}], EIGHTY)
    stored = r.as_dict()
    assert stored == {
        "electorate": 4,
        "ballots_cast": 3,
        "required": 4,
        "candidates": [
            {"person_id": A, "yes": 3, "no": 0, "blank": 0, "passed": False},
            {"person_id": B, "yes": 0, "no": 1, "blank": 2, "passed": False},
        ],
    }
    assert ReviewTally.from_stored(stored) == r


def test_the_decision_takes_the_most_backed_first_then_ballot_order() -> None:
    ballots = [{A: "yes", B: "yes", C: "yes"}, {B: "yes", C: "yes"}, {B: "yes", C: "yes"}, {A: "yes"}]
    r = tally([A, B, C], 4, ballots, HALF)  # A 2 (fails: needs 3), B 3, C 3
    assert r.passed == [B, C]
    assert decision_order(r) == [B, C]
    r = tally(
        [A, B, C], 3, [{A: "yes", C: "yes"}, {A: "yes", B: "yes", C: "yes"}, {B: "yes", C: "yes"}], HALF
    )
    assert decision_order(r) == [C, A, B]


@given(
    electorate=st.integers(min_value=1, max_value=40),
    share=st.sampled_from([0.0, 0.5, 0.66, 0.8, 0.9]),
    inclusive=st.booleans(),
    data=st.data(),
)
def test_properties(electorate: int, share: float, inclusive: bool, data: st.DataObject) -> None:
    candidates = [A, B, C]
    cast = data.draw(st.integers(min_value=0, max_value=electorate))
    ballots = data.draw(
        st.lists(
            st.dictionaries(st.sampled_from(candidates), st.sampled_from(["yes", "no"])),
            min_size=cast,
            max_size=cast,
        )
    )
    threshold = Threshold(share=share, inclusive=inclusive)
    r = tally(candidates, electorate, ballots, threshold)
    exact = Fraction(str(share)) * electorate
    for c in r.candidates:
        assert c.yes + c.no + c.blank == cast
        # passing means the yes votes reach the share of ALL electors (strictly, unless inclusive)
        reaches = Fraction(c.yes) >= exact if inclusive else Fraction(c.yes) > exact
        assert c.passed == (reaches and c.yes >= 1)
    assert set(decision_order(r)) == set(r.passed)
    assert ReviewTally.from_stored(r.as_dict()) == r
