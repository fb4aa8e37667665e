"""The queries behind the statistics: the year's decided (and revoked) awards, the catalogue, and the
people, employments and units they name. Each is one statement (ids in chunks)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Award, AwardStatus, CommendationForm, Employment, Person, Title, Unit
from app.people.rules import Period

_IN_CHUNK = 500  # ids per IN (...) list: well inside every driver's parameter limit


@dataclass(frozen=True)
class AwardRow:
    id: str
    unit_id: str | None
    person_id: str | None
    title_code: str | None
    form_code: str | None
    method: str
    status: AwardStatus
    decision_date: date
    cash_vnd: int | None


@dataclass(frozen=True)
class CatalogueRow:
    code: str
    name: str
    level: str
    is_title: bool
    retired: bool


def _chunks(ids: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _IN_CHUNK):
        yield ordered[start : start + _IN_CHUNK]


def awards_decided_in(session: Session, *, first: date, last: date) -> list[AwardRow]:
    """Awards whose decision date falls in [first, last], decided or since revoked (a proposed award has
    no decision). In a stable order: decision date, then id."""
    stmt = (
        select(
            Award.id,
            Award.unit_id,
            Award.person_id,
            Award.title_code,
            Award.form_code,
            Award.method,
            Award.status,
            Award.decision_date,
            Award.cash_vnd,
        )
        .where(
            Award.decision_date.is_not(None),
            Award.decision_date >= first,
            Award.decision_date <= last,
            Award.status.in_((AwardStatus.DECIDED, AwardStatus.REVOKED)),
        )
        .order_by(Award.decision_date, Award.id)
    )
    return [
        AwardRow(
            id=r.id,
            unit_id=r.unit_id,
            person_id=r.person_id,
            title_code=r.title_code,
            form_code=r.form_code,
            method=str(r.method),
            status=AwardStatus(r.status),
            decision_date=r.decision_date,
            cash_vnd=r.cash_vnd,
        )
        for r in session.execute(stmt)
    ]


def catalogue(session: Session) -> list[CatalogueRow]:
    """Titles, then forms, each by code."""
    titles = session.execute(select(Title.code, Title.name, Title.level, Title.retired).order_by(Title.code))
    forms = session.execute(
        select(
            CommendationForm.code, CommendationForm.name, CommendationForm.level, CommendationForm.retired
        ).order_by(CommendationForm.code)
    )
    return [CatalogueRow(r.code, r.name, r.level, True, r.retired) for r in titles] + [
        CatalogueRow(r.code, r.name, r.level, False, r.retired) for r in forms
    ]


def genders(session: Session, *, person_ids: Collection[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in _chunks(person_ids):
        rows = session.execute(select(Person.id, Person.gender).where(Person.id.in_(chunk)))
        out.update({r.id: str(r.gender) for r in rows})
    return out


def employments(session: Session, *, person_ids: Collection[str]) -> dict[str, list[Period]]:
    """Each person's employments, oldest first."""
    out: dict[str, list[Period]] = {}
    for chunk in _chunks(person_ids):
        stmt = (
            select(Employment.person_id, Employment.unit_id, Employment.started_on, Employment.ended_on)
            .where(Employment.person_id.in_(chunk))
            .order_by(Employment.person_id, Employment.started_on, Employment.created_at, Employment.id)
        )
        for r in session.execute(stmt):
            out.setdefault(r.person_id, []).append(Period(r.unit_id, r.started_on, r.ended_on))
    return out


def units(session: Session, *, unit_ids: Collection[str]) -> dict[str, tuple[str, str]]:
    """Each unit's (code, name) by id."""
    out: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(unit_ids):
        rows = session.execute(select(Unit.id, Unit.code, Unit.name).where(Unit.id.in_(chunk)))
        out.update({r.id: (r.code, r.name) for r in rows})
    return out
