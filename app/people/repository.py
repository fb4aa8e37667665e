"""The people's queries that are more than one-liners, for this feature and the ones that name people."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from app.core.pagination import PageParams, paginate, sort_enum, updated_since_utc
from app.core.text import fold
from app.models import Employment, Person, Unit
from app.units.repository import like_pattern

_LIKE_ESCAPE = "\\"
_IN_CHUNK = 500  # ids or codes per IN (...) list: well inside every driver's parameter limit


@dataclass(frozen=True)
class PeopleFilter:
    q: str | None = None
    code: str | None = None
    unit_id: str | None = None
    active: bool | None = None
    updated_since: datetime | None = None
    within_units: frozenset[str] | None = None
    """The units whose people the caller may read (None: every unit's)."""


@dataclass(frozen=True)
class UnitLabel:
    code: str
    name: str


def _filtered(flt: PeopleFilter) -> Select[tuple[Person]]:
    stmt = select(Person)
    if flt.within_units is not None:
        stmt = stmt.where(Person.unit_id.in_(sorted(flt.within_units)))
    if flt.q is not None:
        # As units: search_text is folded alike, every word must match, in any order.
        for word in fold(flt.q).split():
            stmt = stmt.where(Person.search_text.like(like_pattern(word), escape=_LIKE_ESCAPE))
    if flt.code is not None:
        stmt = stmt.where(Person.code == flt.code)
    if flt.unit_id is not None:
        stmt = stmt.where(Person.unit_id == flt.unit_id)
    if flt.active is not None:
        stmt = stmt.where(Person.active.is_(flt.active))
    if flt.updated_since is not None:
        stmt = stmt.where(Person.updated_at >= updated_since_utc(flt.updated_since))
    return stmt


# ``?sort=`` keys. The name sorts by its folded form (search_text starts with it), as units' names do.
PERSON_SORTS = {"name": Person.search_text, "code": Person.code}
PersonSort = sort_enum("PersonSort", PERSON_SORTS)


def people_page(
    session: Session, *, flt: PeopleFilter, page: PageParams
) -> tuple[Sequence[Person], str | None]:
    return paginate(
        session, _filtered(flt), page, created_col=Person.created_at, id_col=Person.id, sorts=PERSON_SORTS
    )


def people_of_unit(session: Session, *, unit_id: str) -> Sequence[Person]:
    """Everyone whose current unit is ``unit_id``, in creation order (the export)."""
    stmt = select(Person).where(Person.unit_id == unit_id).order_by(Person.created_at, Person.id)
    return session.scalars(stmt).all()


def person_by_code(session: Session, *, code: str, for_update: bool = False) -> Person | None:
    stmt = select(Person).where(Person.code == code)
    if for_update:
        stmt = stmt.with_for_update()
    return session.scalars(stmt).one_or_none()


def people_by_codes(session: Session, *, codes: Collection[str]) -> dict[str, Person]:
    """The people with these codes, locked for the import that changes them."""
    found: dict[str, Person] = {}
    ordered = sorted(set(codes))
    for start in range(0, len(ordered), _IN_CHUNK):
        chunk = ordered[start : start + _IN_CHUNK]
        stmt = select(Person).where(Person.code.in_(chunk)).order_by(Person.code).with_for_update()
        found.update((p.code, p) for p in session.scalars(stmt))
    return found


def unit_labels(session: Session, *, unit_ids: Collection[str | None]) -> dict[str, UnitLabel]:
    """Each unit's code and name by its id; no statement at all for no ids."""
    ids = sorted({u for u in unit_ids if u is not None})
    if not ids:
        return {}
    rows = session.execute(select(Unit.id, Unit.code, Unit.name).where(Unit.id.in_(ids)))
    return {row.id: UnitLabel(code=row.code, name=row.name) for row in rows}


def employments_of(session: Session, *, person_id: str) -> list[Employment]:
    stmt = (
        select(Employment)
        .where(Employment.person_id == person_id)
        .order_by(Employment.started_on, Employment.created_at, Employment.id)
    )
    return list(session.scalars(stmt))


def open_employment(session: Session, *, person_id: str) -> Employment | None:
    stmt = select(Employment).where(Employment.person_id == person_id, Employment.ended_on.is_(None))
    return session.scalars(stmt.order_by(Employment.started_on.desc()).limit(1)).first()


def open_employments(session: Session, *, person_ids: Collection[str]) -> dict[str, Employment]:
    """The open employment of each of these people (by person id), locked with them for the import."""
    found: dict[str, Employment] = {}
    ordered = sorted(set(person_ids))
    for start in range(0, len(ordered), _IN_CHUNK):
        chunk = ordered[start : start + _IN_CHUNK]
        stmt = (
            select(Employment)
            .where(Employment.person_id.in_(chunk), Employment.ended_on.is_(None))
            .order_by(Employment.person_id)
            .with_for_update()
        )
        found.update((e.person_id, e) for e in session.scalars(stmt))
    return found


def unit_on(session: Session, *, person_id: str, on: date) -> str | None:
    stmt = (
        select(Employment.unit_id)
        .where(
            Employment.person_id == person_id,
            Employment.started_on <= on,
            or_(Employment.ended_on.is_(None), Employment.ended_on >= on),
        )
        .order_by(Employment.started_on.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()
