"""The scoring queries that are more than one-liners: criteria, score sheets and their entries, and the
ranking's two reads. (The bulk write's set-based statements stay in ``app.scoring.bulk``, the subtotals'
recomputation in ``app.scoring.subtotals``.)"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session

from app.core.pagination import PageParams, paginate
from app.models import BlocMember, Criterion, ScoreEntry, ScoreSheet, SheetStatus, Unit
from app.models.base import table_of
from app.scoring.sheet_rules import Scored

# ---- criteria -----------------------------------------------------------------------------------------


def criteria_of(session: Session, *, campaign_id: str) -> Sequence[Criterion]:
    """The campaign's criteria in their stored order."""
    return session.scalars(
        select(Criterion).where(Criterion.campaign_id == campaign_id).order_by(Criterion.position)
    ).all()


def any_sheet_submitted(session: Session, *, campaign_id: str) -> bool:
    """True once any sheet of the campaign has been submitted, even if since returned."""
    found = session.scalar(
        select(ScoreSheet.id)
        .where(
            ScoreSheet.campaign_id == campaign_id,
            or_(
                ScoreSheet.submitted_at.is_not(None),
                ScoreSheet.status.in_((SheetStatus.SUBMITTED, SheetStatus.RETURNED)),
            ),
        )
        .limit(1)
    )
    return found is not None


# ---- sheets -------------------------------------------------------------------------------------------


def sheet_of(
    session: Session, *, campaign_id: str, unit_id: str, stage: str, lock: bool
) -> ScoreSheet | None:
    stmt = select(ScoreSheet).where(
        ScoreSheet.campaign_id == campaign_id, ScoreSheet.unit_id == unit_id, ScoreSheet.stage == stage
    )
    if lock:
        # Re-read the row once locked: a concurrent writer's committed change is what we must check.
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return session.scalars(stmt).one_or_none()


def sheets_page(
    session: Session,
    *,
    page: PageParams,
    campaign_id: str,
    unit_id: str | None,
    stage: str | None,
    status: str | None,
) -> tuple[Sequence[ScoreSheet], str | None]:
    """The campaign's sheets matching the filters given, in creation order, a page at a time."""
    stmt = select(ScoreSheet).where(ScoreSheet.campaign_id == campaign_id)
    if unit_id is not None:
        stmt = stmt.where(ScoreSheet.unit_id == unit_id)
    if stage is not None:
        stmt = stmt.where(ScoreSheet.stage == stage)
    if status is not None:
        stmt = stmt.where(ScoreSheet.status == status)
    return paginate(session, stmt, page, created_col=ScoreSheet.created_at, id_col=ScoreSheet.id)


def entries_of(session: Session, *, sheet_id: str) -> Scored:
    """The sheet's points and notes by criterion code."""
    rows = session.execute(
        select(ScoreEntry.criterion_code, ScoreEntry.points_centi, ScoreEntry.note).where(
            ScoreEntry.sheet_id == sheet_id
        )
    )
    return {code: (centi, note) for code, centi, note in rows}


def delete_entries(session: Session, *, sheet_id: str, codes: Sequence[str]) -> None:
    session.execute(
        delete(ScoreEntry).where(ScoreEntry.sheet_id == sheet_id, ScoreEntry.criterion_code.in_(codes))
    )


def insert_entries(session: Session, *, sheet_id: str, entries: Scored) -> None:
    """One multi-row INSERT of the given (points, note) by criterion code."""
    session.execute(
        insert(table_of(ScoreEntry)),
        [
            {"sheet_id": sheet_id, "criterion_code": c, "points_centi": centi, "note": note}
            for c, (centi, note) in entries.items()
        ],
    )


# ---- ranking ------------------------------------------------------------------------------------------


def ranked_members(session: Session, *, bloc_id: str, year: int) -> Sequence[tuple[str, str, str]]:
    """(unit id, code, name) of the bloc-year's members."""
    return (
        session.execute(
            select(BlocMember.unit_id, Unit.code, Unit.name)
            .join(Unit, Unit.id == BlocMember.unit_id)
            .where(BlocMember.bloc_id == bloc_id, BlocMember.year == year)
        )
        .tuples()
        .all()
    )


def submitted_subtotals(
    session: Session, *, campaign_id: str, stages: Sequence[str]
) -> Sequence[tuple[str, str, int, int, int]]:
    """(unit id, stage, standard, bonus, penalty) of the campaign's submitted sheets of those stages, with
    the points per kind kept on each (``app.scoring.subtotals``): one indexed table, one row per sheet, no
    entry read.

    Why two statements (this and ``ranked_members``) and not a join of members and sheets: on PostgreSQL,
    with statistics taken while the sheets table was (nearly) empty, such joins got plans that rescan a
    table per row (2.5 s to 40 s for 1,000 units instead of 0.1 s; see docs/benchmarks.md). Two
    single-table reads have no such plan.
    """
    return (
        session.execute(
            select(
                ScoreSheet.unit_id,
                ScoreSheet.stage,
                ScoreSheet.standard_centi,
                ScoreSheet.bonus_centi,
                ScoreSheet.penalty_centi,
            ).where(
                ScoreSheet.campaign_id == campaign_id,
                ScoreSheet.status == SheetStatus.SUBMITTED,
                ScoreSheet.stage.in_(stages),
            )
        )
        .tuples()
        .all()
    )
