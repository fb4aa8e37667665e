"""Pure ranking rules: which sheet counts, competition ranks, tie-breaks and ties. No I/O.

Points are integer hundredths ("centi-points") throughout, as in ``app.scoring.tree``. The service
(``app.scoring.ranking``) feeds these functions the sums it computed in the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.scoring.tree import Totals

# The keys a campaign's ``tie_break`` may name; "-key" means lower is better, "key" higher is better.
TIE_BREAK_KEYS = ("standard_total", "bonus_total", "penalty_total", "self_total", "review_total")


@dataclass(frozen=True)
class UnitScores:
    """A member unit and the totals of its submitted sheets (None: no submitted sheet of that stage)."""

    unit_id: str
    unit_code: str
    unit_name: str
    self_totals: Totals | None = None
    review_totals: Totals | None = None


@dataclass(frozen=True)
class RankRow:
    """One line of the ranking. Every ``*_centi`` is in hundredths of a point; None when not scored."""

    unit_id: str
    unit_code: str
    unit_name: str
    rank: int | None
    total_centi: int | None
    self_total_centi: int | None
    review_total_centi: int | None
    standard_total_centi: int | None
    bonus_total_centi: int | None
    penalty_total_centi: int | None
    tied: bool


def parse_tie_break(tie_break: Iterable[str]) -> list[tuple[str, bool]]:
    """``["standard_total", "-penalty_total"]`` → ``[("standard_total", True), ("penalty_total", False)]``
    (key, higher is better). Keys outside ``TIE_BREAK_KEYS`` are ignored: the campaign's input schema
    refuses them, so one could only come from an older version of the rules."""
    parsed = []
    for raw in tie_break:
        key = raw.removeprefix("-")
        if key in TIE_BREAK_KEYS:
            parsed.append((key, not raw.startswith("-")))
    return parsed


def _values(unit: UnitScores) -> dict[str, int | None]:
    """The row's numbers: the review counts where one was submitted, else the self score."""
    counted = unit.review_totals or unit.self_totals
    return {
        "total": counted.total if counted else None,
        "self_total": unit.self_totals.total if unit.self_totals else None,
        "review_total": unit.review_totals.total if unit.review_totals else None,
        "standard_total": counted.standard if counted else None,
        "bonus_total": counted.bonus if counted else None,
        "penalty_total": counted.penalty if counted else None,
    }


def _order_key(
    values: dict[str, int | None], rules: Sequence[tuple[str, bool]]
) -> tuple[tuple[bool, int], ...]:
    """Smaller is better: the total first, then each tie-break key. A missing value (no self or no
    review sheet) is worse than any value, whichever direction the key runs."""
    parts = [(False, -(values["total"] or 0))]
    for key, higher_is_better in rules:
        value = values[key]
        parts.append((value is None, 0 if value is None else (-value if higher_is_better else value)))
    return tuple(parts)


def _rank_row(unit: UnitScores, values: dict[str, int | None], rank: int | None, tied: bool) -> RankRow:
    return RankRow(
        unit_id=unit.unit_id,
        unit_code=unit.unit_code,
        unit_name=unit.unit_name,
        rank=rank,
        total_centi=values["total"],
        self_total_centi=values["self_total"],
        review_total_centi=values["review_total"],
        standard_total_centi=values["standard_total"],
        bonus_total_centi=values["bonus_total"],
        penalty_total_centi=values["penalty_total"],
        tied=tied,
    )


def rank(units: Iterable[UnitScores], tie_break: Iterable[str] = ()) -> list[RankRow]:
    """Competition ranks (1, 2, 2, 4) by total, equal totals separated by ``tie_break``.

    Units equal on the total and on every tie-break key share a rank and are ``tied``. Units without a
    submitted sheet come last with ``rank`` None. Rows of equal rank, and the unranked ones, are in
    unit-code order, so the list never depends on the order the rows arrived in.
    """
    rules = parse_tie_break(tie_break)
    scored, unscored = [], []
    for unit in units:
        values = _values(unit)
        if values["total"] is None:
            unscored.append((unit.unit_code, unit.unit_id, unit, values))
        else:
            scored.append((_order_key(values, rules), unit.unit_code, unit.unit_id, unit, values))
    scored.sort(key=lambda item: item[:3])
    rows: list[RankRow] = []
    position = 0
    for i, (key, _code, _id, unit, values) in enumerate(scored):
        same_as_previous = i > 0 and scored[i - 1][0] == key
        same_as_next = i + 1 < len(scored) and scored[i + 1][0] == key
        if not same_as_previous:
            position = i + 1
        rows.append(_rank_row(unit, values, position, same_as_previous or same_as_next))
    unscored.sort(key=lambda item: item[:2])
    rows.extend(_rank_row(unit, values, None, False) for _code, _id, unit, values in unscored)
    return rows


def leading(
    rows: Iterable[RankRow], *, top: int | None = None, min_total_centi: int | None = None
) -> list[RankRow]:
    """The ranked rows within the first ``top`` ranks and at or above ``min_total_centi``, best first.

    With competition ranks, "top 3" keeps every unit whose rank is at most 3, so a tie across the
    boundary keeps all the tied units (ranks 1, 2, 2 and top 2 give three units): the cut never
    separates units the ranking could not separate.
    """
    return [
        r
        for r in rows
        if r.rank is not None
        and r.total_centi is not None
        and (top is None or r.rank <= top)
        and (min_total_centi is None or r.total_centi >= min_total_centi)
    ]
