"""The ranking (xếp hạng) of a campaign's member units, computed from the submitted sheets.

The arithmetic over entries is done when they are written: each sheet keeps its points per kind of
criterion (``app.scoring.subtotals``). The ranking reads the bloc's members that year (every member
appears, scored or not) and the campaign's submitted sheets with those points; the pure rules in
``app.scoring.rank_rules`` then pick the sheet that counts, rank and detect ties. ``ranking`` is the
service other features reuse (the ballot's ``candidates_from: {"ranking": ...}``, the year's summary).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy.orm import Session

from app.campaigns import access
from app.core.documents import sheets
from app.core.text import formula_inert
from app.models import Campaign
from app.scoring import rank_rules, repository
from app.scoring.rank_rules import RankRow, UnitScores
from app.scoring.tree import Totals

COUNTED_STAGES = ("self", "review")
EXPORT_COLUMNS = (
    "rank",
    "unit_code",
    "unit_name",
    "total",
    "self_total",
    "review_total",
    "standard_total",
    "bonus_total",
    "penalty_total",
    "tied",
    "unit_id",
)


def unit_scores(
    members: Sequence[tuple[str, str, str]], sheets: Sequence[tuple[str, str, int, int, int]]
) -> list[UnitScores]:
    """One ``UnitScores`` per member from the two queries' rows (pure); sheets of units that are not
    members that year are ignored."""
    totals = {
        (unit_id, stage): Totals(standard=std, bonus=bonus, penalty=penalty)
        for unit_id, stage, std, bonus, penalty in sheets
    }
    return [
        UnitScores(
            unit_id,
            code,
            name,
            self_totals=totals.get((unit_id, "self")),
            review_totals=totals.get((unit_id, "review")),
        )
        for unit_id, code, name in members
    ]


def ranking(session: Session, campaign: Campaign) -> list[RankRow]:
    """The campaign's ranking: every member unit of the bloc that year, best first, unranked last.
    Two statements whatever the number of units: the members, and the submitted sheets with their
    points per kind."""
    members = repository.ranked_members(session, bloc_id=campaign.bloc_id, year=campaign.year)
    sheets = repository.submitted_subtotals(session, campaign_id=campaign.id, stages=COUNTED_STAGES)
    return rank_rules.rank(unit_scores(members, sheets), campaign.tie_break or ())


def read(*, session: Session, campaign_id: str) -> tuple[Campaign, list[RankRow]]:
    campaign = access.get_campaign(session, campaign_id)
    return campaign, ranking(session, campaign)


# ---- exports ------------------------------------------------------------------------------------------

EXPORT_NAME = "Xếp hạng thi đua"


def file_name(session: Session, campaign: Campaign, extension: str) -> str:
    return f"{access.file_stem(session, campaign, what=EXPORT_NAME)}.{extension}"


def _decimal(centi: int | None) -> Decimal | None:
    return None if centi is None else Decimal(centi).scaleb(-2)


def _cells(row: RankRow) -> list[object]:
    return [
        row.rank,
        row.unit_code,
        row.unit_name,
        _decimal(row.total_centi),
        _decimal(row.self_total_centi),
        _decimal(row.review_total_centi),
        _decimal(row.standard_total_centi),
        _decimal(row.bonus_total_centi),
        _decimal(row.penalty_total_centi),
        row.tied,
        row.unit_id,
    ]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 95.50 → "95.5", 100.00 → "100"
    return str(value)


def to_csv(rows: Sequence[RankRow]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Vietnamese names right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        # Text (codes, names, ids) kept text; numbers as numbers, negative ones included.
        writer.writerow([formula_inert(v) if isinstance(v, str) else _text(v) for v in _cells(row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


XLSX_KINDS = {
    "rank": sheets.Kind.INTEGER,
    "tied": sheets.Kind.BOOLEAN,
    **{c: sheets.Kind.POINTS for c in EXPORT_COLUMNS if c.endswith("total")},
}


def to_xlsx(rows: Sequence[RankRow], *, title: str = "Xếp hạng") -> bytes:
    """The CSV's columns in one sheet, in the shared layout (``app.core.documents.sheets``): points with
    two decimals, names as text."""
    columns = [sheets.Column(c, XLSX_KINDS.get(c, sheets.Kind.TEXT)) for c in EXPORT_COLUMNS]
    return sheets.workbook([sheets.Sheet(title, columns, [_cells(row) for row in rows])])
