"""The ranking (xếp hạng) of a campaign's member units, computed from the submitted sheets.

One aggregate statement does the arithmetic in the database: each submitted sheet's points per kind of
criterion. Two small ones read the bloc's members that year (every member appears, scored or not) and
the campaign's submitted sheets. The pure rules in ``app.scoring.rank_rules`` then pick the sheet that
counts, rank and detect ties. ``ranking`` is the
service other features reuse (the ballot's ``candidates_from: {"ranking": ...}``, the year's summary).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from app.blocs import leadership
from app.campaigns import access
from app.core.errors import Forbidden
from app.core.principal import Principal
from app.models import BlocMember, Campaign, Criterion, ScoreEntry, ScoreSheet, Unit
from app.scoring import rank_rules
from app.scoring.rank_rules import RankRow, UnitScores
from app.scoring.tree import Totals

RESULTS_READ = "results:read"
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
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _members_query(campaign: Campaign) -> Select[tuple[str, str, str]]:
    return (
        select(BlocMember.unit_id, Unit.code, Unit.name)
        .join(Unit, Unit.id == BlocMember.unit_id)
        .where(BlocMember.bloc_id == campaign.bloc_id, BlocMember.year == campaign.year)
    )


def _sheets_query(campaign: Campaign) -> Select[tuple[str, str, str]]:
    return select(ScoreSheet.id, ScoreSheet.unit_id, ScoreSheet.stage).where(
        ScoreSheet.campaign_id == campaign.id,
        ScoreSheet.status == "submitted",
        ScoreSheet.stage.in_(COUNTED_STAGES),
    )


def _sums_query(campaign: Campaign, sheet_ids: Sequence[str]) -> Select[tuple[str, Any, Any, Any]]:
    """(sheet id, standard, bonus, penalty) in centi-points: one pass over the sheets' entries, each
    classified by the kind of its criterion through a semi-join on the campaign's criteria.

    Why not one join of members, sheets, entries and criteria: on PostgreSQL, with statistics taken
    while the sheets table was (nearly) empty, such joins get plans that rescan a table per row (3 s to
    40 s for 1,000 units instead of 0.1 s; see docs/benchmarks.md). Entries filtered by a list of ids,
    with nothing to join them to, have no such plan on either database.
    """

    def of_kind(kind: str) -> Any:
        codes = select(Criterion.code).where(Criterion.campaign_id == campaign.id, Criterion.kind == kind)
        return func.sum(case((ScoreEntry.criterion_code.in_(codes), ScoreEntry.points_centi)))

    return (
        select(ScoreEntry.sheet_id, of_kind("standard"), of_kind("bonus"), of_kind("penalty"))
        .where(ScoreEntry.sheet_id.in_(sheet_ids))
        .group_by(ScoreEntry.sheet_id)
    )


def unit_scores(
    members: Sequence[tuple[str, str, str]],
    sheets: Sequence[tuple[str, str, str]],
    sums: Sequence[tuple[str, Any, Any, Any]],
) -> list[UnitScores]:
    """One ``UnitScores`` per member from the three queries' rows (pure). A submitted sheet without
    entries totals 0; sheets of units that are not members that year are ignored."""
    by_sheet = {sheet_id: (std, bonus, penalty) for sheet_id, std, bonus, penalty in sums}
    totals: dict[tuple[str, str], Totals] = {}
    for sheet_id, unit_id, stage in sheets:
        std, bonus, penalty = by_sheet.get(sheet_id, (0, 0, 0))
        totals[(unit_id, stage)] = Totals(
            standard=int(std or 0), bonus=int(bonus or 0), penalty=int(penalty or 0)
        )
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
    At most three statements whatever the number of units: the members, the submitted sheets, and the
    one aggregate over their entries."""
    members = session.execute(_members_query(campaign)).tuples().all()
    sheets = session.execute(_sheets_query(campaign)).tuples().all()
    sums = session.execute(_sums_query(campaign, [s[0] for s in sheets])).tuples().all() if sheets else []
    return rank_rules.rank(unit_scores(members, sheets, sums), campaign.tie_break or ())


def may_read(session: Session, principal: Principal, campaign: Campaign) -> bool:
    """Members of the bloc that year, the secretariat, observers, and clients with ``results:read``."""
    return principal.has_scope(RESULTS_READ) or leadership.may_read_bloc_private(session, principal, campaign)


def read(*, session: Session, principal: Principal, campaign_id: str) -> tuple[Campaign, list[RankRow]]:
    campaign = access.get_campaign(session, campaign_id)
    if not may_read(session, principal, campaign):
        raise Forbidden(
            "Only the bloc's members this year, the secretariat, observers and `results:read` clients may "
            "read the ranking.",
            detail_vi="Chỉ thành viên của khối trong năm, Thường trực Hội đồng, quan sát viên và hệ thống "
            "có quyền results:read được xem bảng xếp hạng.",
        )
    return campaign, ranking(session, campaign)


# ---- exports ------------------------------------------------------------------------------------------


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


def _inert(text: str) -> str:
    """A name a spreadsheet would run as a formula (``=…``, ``+…``, ``@…``) is quoted: exports are opened
    in spreadsheet programs, and unit names are typed by people."""
    return "'" + text if text[:1] in _FORMULA_STARTS else text


_FORMULA_STARTS = ("=", "+", "@", "\t", "\r")


def to_csv(rows: Sequence[RankRow]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Vietnamese names right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([_inert(_text(v)) for v in _cells(row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Sequence[RankRow], *, title: str = "Xếp hạng") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(EXPORT_COLUMNS))
    for row in rows:
        cells: list[object] = []
        for value in _cells(row):
            if isinstance(value, Decimal):
                value = float(value)
            elif isinstance(value, str) and value[:1] in _FORMULA_STARTS:
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text, never a formula
                value = cell
            cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
