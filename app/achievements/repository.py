"""The queries over a subject's records, and the plain facts the policies read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from app.achievements.subjects import Subject
from app.core.pagination import PageParams, paginate
from app.models import Achievement, Assessment, Exclusion, Person

Record = TypeVar("Record", Achievement, Assessment, Exclusion)
_MAX_ID_LENGTH = 64


def records_page(
    session: Session,
    model: type[Record],
    *,
    subject: Subject,
    page: PageParams,
    where: Sequence[ColumnElement[bool]] = (),
) -> tuple[Sequence[Record], str | None]:
    """A page of the subject's records of ``model``, in creation order."""
    stmt = select(model).where(subject.where(model), *where)
    return paginate(session, stmt, page, created_col=model.created_at, id_col=model.id)


def rating_of(
    session: Session, *, subject: Subject, year: int, for_update: bool = False
) -> Assessment | None:
    stmt = select(Assessment).where(subject.where(Assessment), Assessment.year == year)
    if for_update:
        stmt = stmt.with_for_update()
    return session.scalars(stmt).one_or_none()


@dataclass(frozen=True)
class RecordFacts:
    """Whose record it is, as plain columns, for the policies."""

    person_id: str | None
    unit_id: str | None
    subject_unit_id: str | None
    """The unit whose officers the record concerns: the unit's own, or the person's current unit."""

    @property
    def is_persons(self) -> bool:
        return self.person_id is not None


def record_facts(
    session: Session, model: type[Achievement] | type[Exclusion], record_id: str
) -> RecordFacts | None:
    if len(record_id) > _MAX_ID_LENGTH:
        return None
    stmt: Any = (
        select(model.person_id, model.unit_id, Person.unit_id.label("person_unit_id"))
        .outerjoin(Person, Person.id == model.person_id)
        .where(model.id == record_id)
    )
    row = session.execute(stmt).first()
    if row is None:
        return None
    subject_unit = row.person_unit_id if row.person_id is not None else row.unit_id
    return RecordFacts(person_id=row.person_id, unit_id=row.unit_id, subject_unit_id=subject_unit)
