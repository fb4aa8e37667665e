"""The awards' queries that are more than one-liners."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from app.core.pagination import PageParams, paginate, updated_since_utc
from app.models import Award, Unit


def awards_page(
    session: Session,
    *,
    page: PageParams,
    year: int | None,
    unit_id: str | None,
    title_code: str | None,
    status: str | None,
    updated_since: datetime | None,
) -> tuple[Sequence[Award], str | None]:
    """The awards matching every filter given, in creation order, a page at a time."""
    stmt = select(Award)
    if year is not None:
        stmt = stmt.where(Award.year == year)
    if unit_id is not None:
        stmt = stmt.where(Award.unit_id == unit_id)
    if title_code is not None:
        stmt = stmt.where(Award.title_code == title_code)
    if status is not None:
        stmt = stmt.where(Award.status == status)
    if updated_since is not None:
        stmt = stmt.where(Award.updated_at >= updated_since_utc(updated_since))
    return paginate(session, stmt, page, created_col=Award.created_at, id_col=Award.id)


def active_unit_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Unit).where(Unit.active.is_(True))) or 0


def holding_count(
    session: Session,
    *,
    statuses: Collection[str],
    title_code: str,
    year: int,
    unit_ids: Collection[str] | None,
) -> int:
    """How many awards of the title and year are in one of ``statuses``, among ``unit_ids`` when given."""
    taken = select(func.count()).select_from(Award).where(Award.status.in_(statuses))
    if unit_ids is not None:
        taken = taken.where(Award.unit_id.in_(unit_ids))
    return session.scalar(taken.where(Award.title_code == title_code, Award.year == year)) or 0


def award_id_of(session: Session, *, unit_id: str, title_code: str, year: int) -> str | None:
    """The unit's award of the title that year, whatever its status."""
    return session.scalar(
        select(Award.id).where(Award.unit_id == unit_id, Award.title_code == title_code, Award.year == year)
    )


def titles_held_rows(
    session: Session, *, unit_ids: Collection[str], year: int, statuses: Collection[str]
) -> Sequence[Row[tuple[str, str]]]:
    """(unit id, title code) of the units' awards of the year in one of ``statuses``."""
    return session.execute(
        select(Award.unit_id, Award.title_code).where(
            Award.unit_id.in_(list(unit_ids)), Award.year == year, Award.status.in_(statuses)
        )
    ).all()
