"""The paper count's rules without a database: one entry's validation (each error naming its field), two
entries compared, and the tally from counts (paper, and paper plus electronic ballots)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.counting.agreement import PaperEntry, agreement, validate
from app.counting.result import combined, electronic_of, electronic_part
from app.models import ThresholdBase
from app.voting.tally import Rules, tally, tally_counts

CANDIDATES = ["a", "b", "c"]
GOOD = PaperEntry(
    issued=10,
    returned=9,
    valid=8,
    invalid=1,
    blank=1,
    invalid_reasons=(("Gạch tên quá số đơn vị được bầu", 1),),
    votes={"a": 6, "b": 4, "c": 0},
)


def errors(e: PaperEntry, **over: int) -> list[tuple[list[object], str]]:
    found = validate(
        e,
        candidates=CANDIDATES,
        max_choices=over.get("max_choices", 2),
        electorate=over.get("electorate", 12),
        electronic=over.get("electronic", 0),
    )
    return [(x["loc"], x["type"]) for x in found]


def test_a_count_that_adds_up_is_valid() -> None:
    assert errors(GOOD) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"returned": 11, "valid": 10}, [(["body", "returned"], "returned_over_issued")]),
        ({"valid": 7}, [(["body", "valid"], "valid_invalid_returned")]),
        ({"blank": 9}, [(["body", "blank"], "blank_over_valid")]),
        ({"invalid_reasons": ()}, [(["body", "invalid_reasons"], "reasons_invalid")]),
        ({"votes": {"a": 9, "b": 0, "c": 0}}, [(["body", "votes", "a"], "votes_over_valid")]),
        ({"votes": {"a": 6, "b": 4}}, [(["body", "votes", "c"], "missing")]),
        (
            {"votes": {"a": 6, "b": 4, "c": 0, "z": 1}},
            [(["body", "votes", "z"], "unknown_candidate")],
        ),
        ({"votes": {"a": 8, "b": 8, "c": 1}}, [(["body", "votes"], "votes_over_choices")]),
    ],
)
def test_each_rule_names_its_field(change: dict[str, object], expected: list[object]) -> None:
    assert errors(replace(GOOD, **change)) == expected  # type: ignore[arg-type]


def test_the_ballots_issued_never_exceed_the_electorate() -> None:
    assert errors(GOOD, electorate=9) == [(["body", "issued"], "issued_over_electorate")]
    # mixed: the electronic ballots take their share of the electorate
    assert errors(GOOD, electorate=12, electronic=2) == []
    assert errors(GOOD, electorate=12, electronic=3) == [(["body", "issued"], "issued_over_electorate")]


def test_two_equal_entries_agree() -> None:
    other = replace(GOOD, invalid_reasons=(("Gạch tên quá số đơn vị được bầu", 1),), votes=dict(GOOD.votes))
    found = agreement([GOOD, other], CANDIDATES)
    assert found.as_dict() == {"agree": True, "entries": 2, "differences": []}


def test_one_entry_is_not_an_agreement() -> None:
    assert agreement([GOOD], CANDIDATES).as_dict() == {"agree": False, "entries": 1, "differences": []}
    assert agreement([], CANDIDATES).as_dict() == {"agree": False, "entries": 0, "differences": []}


def test_the_differences_name_each_field_with_each_entrys_value() -> None:
    other = replace(
        GOOD,
        valid=7,
        invalid=2,
        invalid_reasons=(("Gạch tên quá số đơn vị được bầu", 1), ("Phiếu rách", 1)),
        votes={"a": 5, "b": 4, "c": 0},
    )
    found = agreement([GOOD, other], CANDIDATES)
    assert found.as_dict() == {
        "agree": False,
        "entries": 2,
        "differences": [
            {"field": "valid", "values": [8, 7]},
            {"field": "invalid", "values": [1, 2]},
            {
                "field": "invalid_reasons",
                "values": [
                    [{"reason": "Gạch tên quá số đơn vị được bầu", "count": 1}],
                    [
                        {"reason": "Gạch tên quá số đơn vị được bầu", "count": 1},
                        {"reason": "Phiếu rách", "count": 1},
                    ],
                ],
            },
            {"field": "votes.a", "values": [6, 5]},
        ],
    }


def test_the_reasons_agree_in_any_order_and_split_or_not() -> None:
    a = replace(
        GOOD, invalid=3, valid=6, invalid_reasons=(("x", 1), ("y", 2)), votes={"a": 6, "b": 0, "c": 0}
    )
    b = replace(a, invalid_reasons=(("y", 1), ("x", 1), ("y", 1)))
    assert agreement([a, b], CANDIDATES).agree


def test_tally_counts_is_the_ballots_tally_for_the_same_numbers() -> None:
    ballots = [["a"], ["a", "b"], ["b"], [], ["a"]]
    rules = Rules(seats=1, threshold_of=ThresholdBase.CAST)
    by_ballots = tally(CANDIDATES, 6, ballots, rules)
    by_counts = tally_counts(CANDIDATES, 6, {"a": 3, "b": 2, "c": 0}, cast=5, blank=1, rules=rules)
    assert by_counts == by_ballots
    assert by_counts.elected == ["a"]  # 3 of 5 cast


def test_tally_counts_refuses_a_vote_for_someone_else() -> None:
    with pytest.raises(ValueError, match="not a candidate"):
        tally_counts(CANDIDATES, 6, {"z": 1}, cast=1, blank=0, rules=Rules(seats=1))


def test_paper_the_base_cast_is_the_valid_ballots() -> None:
    # 10 returned, 2 invalid: a's 5 votes are 5/8 of the valid ballots (passes), not 5/10 (would not)
    paper = PaperEntry(
        issued=10, returned=10, valid=8, invalid=2, invalid_reasons=(("Rách", 2),), votes={"a": 5, "b": 3}
    )
    rules = Rules(seats=1, threshold_of=ThresholdBase.CAST)
    result = combined(CANDIDATES, 12, paper, electronic_part([]), rules)
    assert (result.ballots_cast, result.blank, result.quorum_met) == (10, 0, True)
    assert result.elected == ["a"]
    assert [c.share for c in result.candidates] == [0.625, 0.375, 0.0]


def test_mixed_adds_the_electronic_ballots_to_the_paper_count() -> None:
    paper = PaperEntry(issued=3, returned=3, valid=3, invalid=0, blank=1, votes={"a": 1, "b": 1, "c": 0})
    electronic = electronic_part([["a"], ["a", "c"], []])
    result = combined(CANDIDATES, 8, paper, electronic, Rules(seats=1))
    assert (result.ballots_cast, result.blank) == (6, 2)
    assert [(c.unit_id, c.votes) for c in result.candidates] == [("a", 3), ("b", 1), ("c", 1)]
    assert result.elected == []  # 3 of an electorate of 8 is not above half
    back = electronic_of(result, paper)
    assert (back.ballots, back.blank, back.votes) == (3, 1, {"a": 2, "b": 0, "c": 1})
