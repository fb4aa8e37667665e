"""The ministry's commendation statistics for a year: the use case. No FastAPI here.

Reads the awards whose decision date falls in the year (decided, or decided and since revoked), turns each
into a ``Fact`` (its code's kind, the subject, the person's gender and unit on the decision date, the
method, the cash) and hands them to the pure modules: ``aggregate`` (totals and breakdowns) and
``report_forms`` (the sheets of Circular 02/2023/TT-BNV). Only the awards table is read: whatever records
a decision (``POST /awards/{id}/decide`` today, the decisions register later) sets the award's status and
decision date, and that is all the statistics need.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from app.law.catalogue import all_codes
from app.models import AwardStatus
from app.models.base import utcnow
from app.statistics import repository
from app.statistics.aggregate import (
    Breakdowns,
    CodeInfo,
    Fact,
    Kind,
    Subject,
    UnitRef,
    breakdowns,
    unit_on,
)
from app.statistics.levels import level_of
from app.statistics.report_forms import ReportForm, ministry_form, state_form


@dataclass(frozen=True)
class CommendationStatistics:
    year: int
    first_day: date
    last_day: date
    breakdowns: Breakdowns
    forms: tuple[ReportForm, ...]
    generated_at: datetime


def catalogue(session: Session) -> dict[str, CodeInfo]:
    """Every title and form by code, with its statistics level, in the law catalogue's order (then the
    others by code). A code both a title and a form (Bằng khen was a title before it became a form) is the
    entry still in use."""
    rank = {code: i for i, code in enumerate(all_codes())}
    out: dict[str, CodeInfo] = {}
    for row in sorted(repository.catalogue(session), key=lambda r: (rank.get(r.code, len(rank)), r.code)):
        known = out.get(row.code)
        if known is not None and (row.retired or not known.retired):
            continue
        out[row.code] = CodeInfo(
            code=row.code,
            name=row.name,
            kind=Kind.TITLE if row.is_title else Kind.FORM,
            level=level_of(row.code, row.level),
            retired=row.retired,
        )
    return out


def facts(session: Session, *, first: date, last: date) -> list[Fact]:
    rows = repository.awards_decided_in(session, first=first, last=last)
    people = {r.person_id for r in rows if r.person_id is not None}
    genders = repository.genders(session, person_ids=people)
    periods = repository.employments(session, person_ids=people)
    unit_of: dict[str, str | None] = {}
    for r in rows:
        if r.person_id is not None:
            unit_of[r.id] = unit_on(periods.get(r.person_id, []), r.decision_date)
        else:
            unit_of[r.id] = r.unit_id
    labels = repository.units(session, unit_ids={u for u in unit_of.values() if u is not None})
    out = []
    for r in rows:
        unit_id = unit_of[r.id]
        label = labels.get(unit_id) if unit_id is not None else None
        out.append(
            Fact(
                code=r.title_code or r.form_code or "",
                kind=Kind.TITLE if r.title_code is not None else Kind.FORM,
                subject=Subject.COLLECTIVE if r.unit_id is not None else Subject.INDIVIDUAL,
                method=r.method,
                revoked=r.status is AwardStatus.REVOKED,
                cash_vnd=r.cash_vnd,
                unit=UnitRef(unit_id, *label) if unit_id is not None and label is not None else None,
                gender=genders.get(r.person_id) if r.person_id is not None else None,
            )
        )
    return out


def commendations(*, session: Session, year: int) -> CommendationStatistics:
    """The statistics of ``year``: the awards decided from 1 January to 31 December of it."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    codes = catalogue(session)
    year_facts = facts(session, first=first, last=last)
    return CommendationStatistics(
        year=year,
        first_day=first,
        last_day=last,
        breakdowns=breakdowns(year_facts, codes),
        forms=(state_form(year_facts, codes), ministry_form(year_facts, codes)),
        generated_at=utcnow(),
    )
