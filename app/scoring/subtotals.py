"""The points per kind of criterion kept on each score sheet (``standard_centi``, ``bonus_centi``,
``penalty_centi``).

They always equal what the sheet's entries add up to under the campaign's current criteria tree:
every write of entries sets them in the same transaction (``app.scoring.sheets``, ``app.scoring.bulk``),
and replacing the tree recomputes them for every sheet of the campaign (``app.scoring.criteria``). The
ranking then reads one row per sheet instead of classifying and summing every entry.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Update, func, select, update

from app.models import Criterion, ScoreEntry, ScoreSheet
from app.scoring.tree import Totals

KINDS = ("standard", "bonus", "penalty")
COLUMNS = tuple(f"{kind}_centi" for kind in KINDS)


def values_of(totals: Totals) -> dict[str, int]:
    """The sheet columns for ``totals``."""
    return dict(zip(COLUMNS, (totals.standard, totals.bonus, totals.penalty), strict=True))


def totals_of(sheet: Any) -> Totals:
    """The stored subtotals of a sheet (an ORM object or a row with the three columns)."""
    return Totals(standard=sheet.standard_centi, bonus=sheet.bonus_centi, penalty=sheet.penalty_centi)


def recompute(campaign_id: str) -> Update:
    """One statement that sets every sheet of the campaign from its entries and the stored criteria
    (entries whose code the criteria no longer have count nothing). Each sheet gets a new version: its
    totals, part of its representation, may have changed, so its ETag must change too."""

    def of_kind(kind: str) -> Any:
        same_code = (Criterion.campaign_id == ScoreSheet.campaign_id) & (
            Criterion.code == ScoreEntry.criterion_code
        )
        return func.coalesce(
            select(func.sum(ScoreEntry.points_centi))
            .join(Criterion, same_code)
            .where(ScoreEntry.sheet_id == ScoreSheet.id, Criterion.kind == kind)
            .scalar_subquery(),
            0,
        )

    sums = {column: of_kind(kind) for kind, column in zip(KINDS, COLUMNS, strict=True)}
    return (
        update(ScoreSheet)
        .where(ScoreSheet.campaign_id == campaign_id)
        .values({**sums, "version": ScoreSheet.version + 1})
        .execution_options(synchronize_session=False)
    )
