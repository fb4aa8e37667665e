"""A subject's history written straight into the database: people and their employment, awards, ratings,
initiatives and exclusions, for tests of verdicts and decisions that need years of facts."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from app.models import Achievement, Assessment, Award, Employment, Exclusion, Person
from app.models.base import new_id


def _add(session_factory: Any, *rows: Any) -> None:
    with session_factory() as s:
        s.add_all(rows)
        s.commit()


def person(
    session_factory: Any,
    unit_id: str,
    *,
    full_name: str = "Nguyễn Văn An",
    gender: str = "male",
    started_on: date = date(2010, 1, 1),
    code: str | None = None,
) -> str:
    """A person working in ``unit_id`` since ``started_on``; returns the id."""
    person_id = new_id()
    _add(
        session_factory,
        Person(
            id=person_id,
            code=code or f"P-{uuid.uuid4().hex[:8]}",
            full_name=full_name,
            gender=gender,
            unit_id=unit_id,
            search_text=full_name.lower(),
        ),
    )
    _add(session_factory, Employment(person_id=person_id, unit_id=unit_id, started_on=started_on))
    return person_id


def award(
    session_factory: Any,
    *,
    code: str,
    year: int,
    person_id: str | None = None,
    unit_id: str | None = None,
    status: str = "decided",
    form: bool = False,
    method: str = "regular",
    decision_date: date | None = None,
) -> str:
    row = Award(
        id=new_id(),
        person_id=person_id,
        unit_id=unit_id,
        title_code=None if form else code,
        form_code=code if form else None,
        year=year,
        status=status,
        method=method,
        decision_number=f"{year}/QĐ" if status != "proposed" else None,
        decision_date=decision_date or (date(year + 1, 2, 1) if status != "proposed" else None),
    )
    _add(session_factory, row)
    return row.id


def titles(session_factory: Any, person_id: str, code: str, years: list[int], **kw: Any) -> None:
    for year in years:
        award(session_factory, code=code, year=year, person_id=person_id, **kw)


def rating(
    session_factory: Any,
    *,
    year: int,
    rating: str,
    person_id: str | None = None,
    unit_id: str | None = None,
    absent_days: int | None = None,
) -> None:
    _add(
        session_factory,
        Assessment(person_id=person_id, unit_id=unit_id, year=year, rating=rating, absent_days=absent_days),
    )


def initiative(
    session_factory: Any,
    *,
    year: int,
    scope: str,
    person_id: str | None = None,
    unit_id: str | None = None,
    kind: str = "initiative",
) -> str:
    row = Achievement(
        id=new_id(),
        person_id=person_id,
        unit_id=unit_id,
        kind=kind,
        title=f"Sáng kiến năm {year}",
        year=year,
        scope=scope,
        applied=True,
        recognised_by="Hội đồng sáng kiến",
        recognised_on=date(year, 11, 30),
    )
    _add(session_factory, row)
    return row.id


def discipline(
    session_factory: Any, *, person_id: str, starts_on: date, ends_on: date | None, measure: str = "warning"
) -> str:
    row = Exclusion(
        id=new_id(),
        person_id=person_id,
        kind="discipline",
        measure=measure,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _add(session_factory, row)
    return row.id
