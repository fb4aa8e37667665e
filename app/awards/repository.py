"""The awards' queries that are more than one-liners."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.pagination import PageParams, paginate, sort_enum, updated_since_utc
from app.models import Award, AwardMethod, AwardStatus, CommendationForm, Person, Title, Unit

# ``?sort=`` keys: awards not decided yet (no decision date) come last either way.
AWARD_SORTS = {"decision_date": Award.decision_date, "year": Award.year}
AwardSort = sort_enum("AwardSort", AWARD_SORTS)


def awards_page(
    session: Session,
    *,
    page: PageParams,
    year: int | None,
    unit_id: str | None,
    person_id: str | None,
    title_code: str | None,
    form_code: str | None,
    status: str | None,
    updated_since: datetime | None,
) -> tuple[Sequence[Award], str | None]:
    """The awards matching every filter given, in creation order, a page at a time."""
    stmt = select(Award)
    if year is not None:
        stmt = stmt.where(Award.year == year)
    if unit_id is not None:
        stmt = stmt.where(Award.unit_id == unit_id)
    if person_id is not None:
        stmt = stmt.where(Award.person_id == person_id)
    if title_code is not None:
        stmt = stmt.where(Award.title_code == title_code)
    if form_code is not None:
        stmt = stmt.where(Award.form_code == form_code)
    if status is not None:
        stmt = stmt.where(Award.status == status)
    if updated_since is not None:
        stmt = stmt.where(Award.updated_at >= updated_since_utc(updated_since))
    return paginate(session, stmt, page, created_col=Award.created_at, id_col=Award.id, sorts=AWARD_SORTS)


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
    """The unit's live award of the title that year (a revoked one frees its place)."""
    return session.scalar(
        select(Award.id).where(
            Award.unit_id == unit_id,
            Award.title_code == title_code,
            Award.year == year,
            Award.status != AwardStatus.REVOKED,
        )
    )


def live_award_id(
    session: Session,
    *,
    unit_id: str | None,
    person_id: str | None,
    title_code: str | None,
    form_code: str | None,
    year: int,
    method: str,
) -> str | None:
    """The subject's live award that the new one would duplicate: the same title and year, or the same form
    and year for regular achievements (the partial unique indexes hold the same rule)."""
    stmt = select(Award.id).where(Award.year == year, Award.status != AwardStatus.REVOKED)
    stmt = (
        stmt.where(Award.unit_id == unit_id)
        if unit_id is not None
        else stmt.where(Award.person_id == person_id)
    )
    if title_code is not None:
        stmt = stmt.where(Award.title_code == title_code)
    else:
        if method != AwardMethod.REGULAR:
            return None
        stmt = stmt.where(Award.form_code == form_code, Award.method == AwardMethod.REGULAR)
    return session.scalar(stmt.limit(1))


@dataclass(frozen=True)
class DisplayNames:
    units: dict[str, tuple[str, str]]
    people: dict[str, tuple[str, str]]
    person_units: dict[str, str | None]
    catalogue: dict[str, str]


def display_names(session: Session, awards: Sequence[Award]) -> DisplayNames:
    """(code, name) of the awards' units and people, and the names of their titles and forms."""
    unit_ids = {a.unit_id for a in awards if a.unit_id}
    person_ids = {a.person_id for a in awards if a.person_id}
    title_codes = {a.title_code for a in awards if a.title_code}
    form_codes = {a.form_code for a in awards if a.form_code}
    units = (
        {
            r.id: (r.code, r.name)
            for r in session.execute(select(Unit.id, Unit.code, Unit.name).where(Unit.id.in_(unit_ids)))
        }
        if unit_ids
        else {}
    )
    rows = (
        session.execute(
            select(Person.id, Person.code, Person.full_name, Person.unit_id).where(Person.id.in_(person_ids))
        ).all()
        if person_ids
        else []
    )
    people = {r.id: (r.code, r.full_name) for r in rows}
    person_units = {r.id: r.unit_id for r in rows}
    catalogue: dict[str, str] = {}
    if title_codes:
        catalogue.update(
            session.execute(select(Title.code, Title.name).where(Title.code.in_(title_codes))).tuples().all()
        )
    if form_codes:
        catalogue.update(
            session.execute(
                select(CommendationForm.code, CommendationForm.name).where(
                    CommendationForm.code.in_(form_codes)
                )
            )
            .tuples()
            .all()
        )
    return DisplayNames(units, people, person_units, catalogue)


def titles_held_rows(
    session: Session, *, unit_ids: Collection[str], year: int, statuses: Collection[str]
) -> list[tuple[str, str]]:
    """(unit id, title code) of the units' title awards of the year in one of ``statuses``."""
    rows = session.execute(
        select(Award.unit_id, Award.title_code).where(
            Award.unit_id.in_(list(unit_ids)), Award.year == year, Award.status.in_(statuses)
        )
    ).all()
    return [(unit_id, code) for unit_id, code in rows if unit_id is not None and code is not None]
