"""The units' queries that are more than one-liners, for this feature and the ones that name units."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.core.pagination import PageParams, paginate, sort_enum, updated_since_utc
from app.core.text import fold
from app.models import Unit

_LIKE_ESCAPE = "\\"


@dataclass(frozen=True)
class UnitFilter:
    q: str | None = None
    code: str | None = None
    active: bool | None = None
    updated_since: datetime | None = None


def like_pattern(needle: str) -> str:
    """``%needle%`` with the LIKE wildcards in ``needle`` taken literally (escape character ``\\``)."""
    escaped = (
        needle.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2)
        .replace("%", _LIKE_ESCAPE + "%")
        .replace("_", _LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"


def _filtered(flt: UnitFilter) -> Select[tuple[Unit]]:
    stmt = select(Unit)
    if flt.q is not None:
        # search_text is folded the same way (lower-case ASCII), so a plain LIKE behaves alike on
        # SQLite and PostgreSQL. Every word must match, in any order ("khoa hoc vu" finds "Vụ Khoa học").
        for word in fold(flt.q).split():
            stmt = stmt.where(Unit.search_text.like(like_pattern(word), escape=_LIKE_ESCAPE))
    if flt.code is not None:
        stmt = stmt.where(Unit.code == flt.code)
    if flt.active is not None:
        stmt = stmt.where(Unit.active.is_(flt.active))
    if flt.updated_since is not None:
        stmt = stmt.where(Unit.updated_at >= updated_since_utc(flt.updated_since))
    return stmt


# ``?sort=`` keys. The name sorts by its folded form (search_text starts with it): case and diacritics
# aside, as people read a list, and the same on every database.
UNIT_SORTS = {"code": Unit.code, "name": Unit.search_text}
UnitSort = sort_enum("UnitSort", UNIT_SORTS)


def units_page(session: Session, *, flt: UnitFilter, page: PageParams) -> tuple[Sequence[Unit], str | None]:
    return paginate(
        session, _filtered(flt), page, created_col=Unit.created_at, id_col=Unit.id, sorts=UNIT_SORTS
    )


def names_by_id(session: Session, *, unit_ids: Collection[str]) -> dict[str, str]:
    """Each unit's name by its id; no statement at all for no ids."""
    if not unit_ids:
        return {}
    return {u.id: u.name for u in session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))}
