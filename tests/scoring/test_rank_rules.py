"""The ranking's pure rules, without a database."""

from __future__ import annotations

import pytest

from app.scoring.rank_rules import RankRow, UnitScores, leading, parse_tie_break, rank
from app.scoring.tree import Totals


def unit(
    code: str, self_: tuple[int, int, int] | None = None, review: tuple[int, int, int] | None = None
) -> UnitScores:
    return UnitScores(
        unit_id=f"id-{code}",
        unit_code=code,
        unit_name=f"Vụ {code}",
        self_totals=Totals(*self_) if self_ else None,
        review_totals=Totals(*review) if review else None,
    )


def summary(rows: list[RankRow]) -> list[tuple[str, int | None, int | None, bool]]:
    return [(r.unit_code, r.rank, r.total_centi, r.tied) for r in rows]


def test_competition_ranks_and_ties() -> None:
    rows = rank(
        [
            unit("D", self_=(8000, 0, 0)),
            unit("B", self_=(9000, 0, 0)),
            unit("A", self_=(9500, 0, 0)),
            unit("C", self_=(9000, 0, 0)),
        ]
    )
    assert summary(rows) == [
        ("A", 1, 9500, False),
        ("B", 2, 9000, True),
        ("C", 2, 9000, True),
        ("D", 4, 8000, False),
    ]


def test_the_review_counts_where_submitted_else_the_self_score() -> None:
    rows = rank([unit("A", self_=(9900, 0, 0), review=(8000, 500, 100)), unit("B", self_=(8500, 0, 0))])
    a, b = rows
    assert (a.unit_code, a.rank, a.total_centi) == ("B", 1, 8500)
    assert (b.unit_code, b.rank, b.total_centi) == ("A", 2, 8400)
    # Subtotals come from the sheet that counts; both totals are shown.
    assert (b.standard_total_centi, b.bonus_total_centi, b.penalty_total_centi) == (8000, 500, 100)
    assert (b.self_total_centi, b.review_total_centi) == (9900, 8400)
    assert (a.self_total_centi, a.review_total_centi) == (8500, None)
    assert (a.standard_total_centi, a.bonus_total_centi, a.penalty_total_centi) == (8500, 0, 0)


def test_a_review_alone_counts() -> None:
    (row,) = rank([unit("A", review=(7000, 0, 0))])
    assert (row.rank, row.total_centi, row.self_total_centi, row.review_total_centi) == (1, 7000, None, 7000)


def test_units_without_a_submitted_sheet_come_last_unranked() -> None:
    rows = rank([unit("Z"), unit("B", self_=(100, 0, 0)), unit("A")])
    assert summary(rows) == [("B", 1, 100, False), ("A", None, None, False), ("Z", None, None, False)]
    assert rows[1] == RankRow(
        unit_id="id-A",
        unit_code="A",
        unit_name="Vụ A",
        rank=None,
        total_centi=None,
        self_total_centi=None,
        review_total_centi=None,
        standard_total_centi=None,
        bonus_total_centi=None,
        penalty_total_centi=None,
        tied=False,
    )


def test_a_total_of_zero_is_ranked_and_negative_totals_rank_below() -> None:
    rows = rank([unit("A", self_=(0, 0, 0)), unit("B", self_=(0, 0, 500)), unit("C")])
    assert summary(rows) == [("A", 1, 0, False), ("B", 2, -500, False), ("C", None, None, False)]


def test_tie_break_separates_equal_totals_higher_is_better() -> None:
    # Both total 90: A has 85 standard + 5 bonus, B 90 standard.
    units = [unit("A", self_=(8500, 500, 0)), unit("B", self_=(9000, 0, 0)), unit("C", self_=(8000, 0, 0))]
    assert summary(rank(units)) == [("A", 1, 9000, True), ("B", 1, 9000, True), ("C", 3, 8000, False)]
    assert summary(rank(units, ["standard_total"])) == [
        ("B", 1, 9000, False),
        ("A", 2, 9000, False),
        ("C", 3, 8000, False),
    ]
    assert summary(rank(units, ["bonus_total"])) == [
        ("A", 1, 9000, False),
        ("B", 2, 9000, False),
        ("C", 3, 8000, False),
    ]


def test_minus_means_lower_is_better_and_keys_apply_in_order() -> None:
    units = [
        unit("A", self_=(9500, 0, 500)),  # 90, penalty 5
        unit("B", self_=(9200, 0, 200)),  # 90, penalty 2
        unit("C", self_=(9200, 0, 200)),  # 90, penalty 2
        unit("D", self_=(9000, 0, 0)),  # 90, penalty 0
    ]
    assert summary(rank(units, ["-penalty_total"])) == [
        ("D", 1, 9000, False),
        ("B", 2, 9000, True),
        ("C", 2, 9000, True),
        ("A", 4, 9000, False),
    ]
    # The first key decides; the second only among units the first leaves equal.
    assert summary(rank(units, ["standard_total", "-penalty_total"])) == [
        ("A", 1, 9000, False),
        ("B", 2, 9000, True),
        ("C", 2, 9000, True),
        ("D", 4, 9000, False),
    ]


def test_tie_break_on_self_and_review_totals_missing_values_lose() -> None:
    units = [
        unit("A", self_=(9000, 0, 0), review=(8000, 0, 0)),
        unit("B", review=(8000, 0, 0)),  # no self sheet
        unit("C", self_=(9500, 0, 0), review=(8000, 0, 0)),
    ]
    assert summary(rank(units, ["self_total"])) == [
        ("C", 1, 8000, False),
        ("A", 2, 8000, False),
        ("B", 3, 8000, False),
    ]
    # Lower self score first, but a missing self score is still last.
    assert summary(rank(units, ["-self_total"])) == [
        ("A", 1, 8000, False),
        ("C", 2, 8000, False),
        ("B", 3, 8000, False),
    ]
    # No unit has a different review total: they stay tied.
    assert [r.rank for r in rank(units, ["review_total"])] == [1, 1, 1]


def test_ties_are_detected_after_the_tie_break_not_before() -> None:
    units = [unit("A", self_=(9000, 0, 0)), unit("B", self_=(9000, 0, 0)), unit("C", self_=(8000, 1000, 0))]
    rows = rank(units, ["standard_total"])
    assert summary(rows) == [("A", 1, 9000, True), ("B", 1, 9000, True), ("C", 3, 9000, False)]


def test_order_does_not_depend_on_input_order() -> None:
    units = [unit(c, self_=(s, 0, 0)) for c, s in [("E", 1), ("A", 5), ("C", 5), ("B", 5), ("D", 2)]]
    assert rank(units) == rank(list(reversed(units)))
    assert [r.unit_code for r in rank(units)] == ["A", "B", "C", "D", "E"]


def test_everyone_tied() -> None:
    rows = rank([unit(str(i), self_=(100, 0, 0)) for i in range(50)])
    assert {(r.rank, r.tied) for r in rows} == {(1, True)}


def test_empty() -> None:
    assert rank([]) == []


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ([], []),
        (["standard_total", "-penalty_total"], [("standard_total", True), ("penalty_total", False)]),
        (["-self_total", "review_total"], [("self_total", False), ("review_total", True)]),
        (["unknown", "-total", "bonus_total"], [("bonus_total", True)]),
    ],
)
def test_parse_tie_break(raw: list[str], parsed: list[tuple[str, bool]]) -> None:
    assert parse_tie_break(raw) == parsed


def test_leading_keeps_ties_across_the_cut_and_applies_min_total() -> None:
    rows = rank(
        [
            unit("A", self_=(9500, 0, 0)),
            unit("B", self_=(9000, 0, 0)),
            unit("C", self_=(9000, 0, 0)),
            unit("D", self_=(8000, 0, 0)),
            unit("E"),
        ]
    )
    assert [r.unit_code for r in leading(rows, top=1)] == ["A"]
    assert [r.unit_code for r in leading(rows, top=2)] == ["A", "B", "C"]
    assert [r.unit_code for r in leading(rows, top=3)] == ["A", "B", "C"]
    assert [r.unit_code for r in leading(rows, top=4)] == ["A", "B", "C", "D"]
    assert [r.unit_code for r in leading(rows, min_total_centi=9000)] == ["A", "B", "C"]
    assert [r.unit_code for r in leading(rows, top=2, min_total_centi=9100)] == ["A"]
    assert [r.unit_code for r in leading(rows)] == ["A", "B", "C", "D"]


def test_unit_scores_folds_the_two_queries() -> None:
    from app.scoring.ranking import unit_scores

    members = [("u1", "A", "Vụ A"), ("u2", "B", "Vụ B"), ("u3", "C", "Vụ C")]
    sheets = [
        ("u1", "self", 9000, 500, 0),
        ("u1", "review", 8000, 0, 100),
        ("u2", "self", 0, 0, 0),  # submitted with nothing scored
        ("outsider", "self", 1, 1, 1),  # not a member that year: ignored
    ]
    assert unit_scores(members, sheets) == [
        UnitScores("u1", "A", "Vụ A", self_totals=Totals(9000, 500, 0), review_totals=Totals(8000, 0, 100)),
        UnitScores("u2", "B", "Vụ B", self_totals=Totals(0, 0, 0)),
        UnitScores("u3", "C", "Vụ C"),
    ]
    assert summary(rank(unit_scores(members, sheets))) == [
        ("A", 1, 7900, False),
        ("B", 2, 0, False),
        ("C", None, None, False),
    ]
