"""The reports' queries that are more than one-liners."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.core.pagination import PageParams, paginate
from app.models import Report


def next_version(session: Session, *, campaign_id: str, unit_id: str, kind: str) -> int:
    """The version the unit's next report of this kind in the campaign gets."""
    current = session.scalar(
        select(func.max(Report.version)).where(
            Report.campaign_id == campaign_id, Report.unit_id == unit_id, Report.kind == kind
        )
    )
    return int(current or 0) + 1


def reports_page(
    session: Session,
    *,
    page: PageParams,
    campaign_id: str,
    unit_id: str | None,
    kind: str | None,
    all_versions: bool,
) -> tuple[Sequence[Report], str | None]:
    """The campaign's reports (only each unit's and kind's latest unless ``all_versions``), in submission
    order, a page at a time."""
    stmt = _filtered(campaign_id, unit_id=unit_id, kind=kind, all_versions=all_versions)
    return paginate(session, stmt, page, created_col=Report.submitted_at, id_col=Report.id)


def _filtered(
    campaign_id: str, *, unit_id: str | None, kind: str | None, all_versions: bool
) -> Select[tuple[Report]]:
    def narrow(stmt: Select[Any], table: Any) -> Select[Any]:
        stmt = stmt.where(table.campaign_id == campaign_id)
        if unit_id is not None:
            stmt = stmt.where(table.unit_id == unit_id)
        if kind is not None:
            stmt = stmt.where(table.kind == kind)
        return stmt

    stmt = narrow(select(Report), Report)
    if all_versions:
        return stmt
    latest = narrow(
        select(Report.unit_id, Report.kind, func.max(Report.version).label("version")), Report
    ).group_by(Report.unit_id, Report.kind)
    newest = latest.subquery("newest")
    return stmt.join(
        newest,
        (Report.unit_id == newest.c.unit_id)
        & (Report.kind == newest.c.kind)
        & (Report.version == newest.c.version),
    )
