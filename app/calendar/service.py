"""The calendar of public holidays the procedure's time limits are counted on: the default Vietnamese table
(``app.core.holidays_vn``, code) with the office's corrections (table ``public_holidays``) on top, day by
day. An office entry replaces the default one of its day: ``holiday`` adds a day off, ``working_day`` makes
a day worked (a Saturday of a swap, or a default holiday that does not apply to the office).

Other features count deadlines through ``due_date`` and ``overdue`` (or ``holidays`` and
``working_weekend_days`` with ``app.core.workdays``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.calendar import repository
from app.core import audit, workdays
from app.core.errors import Conflict, NotFound
from app.core.holidays_vn import default_days
from app.law.procedure import Limit
from app.models import DayKind, PublicHoliday
from app.models.base import utcnow

Source = Literal["default", "office"]
# A period of n working days never spans more calendar days than this (Tết, plus weekends, plus margin).
_SPAN_DAYS_PER_WORKING_DAY = 2
_SPAN_MARGIN_DAYS = 31


@dataclass(frozen=True)
class Day:
    """One day of the merged calendar that differs from an ordinary week."""

    day: date
    name: str
    kind: DayKind
    source: Source
    confirmed: bool


def office_day(row: PublicHoliday) -> Day:
    return Day(row.day, row.name, row.kind, "office", True)


def calendar(session: Session, start: date, end: date) -> tuple[Day, ...]:
    """The merged calendar from ``start`` to ``end``, both included, by day."""
    merged = {
        d.day: Day(d.day, d.name, DayKind(d.kind), "default", d.confirmed) for d in default_days(start, end)
    }
    for row in repository.between(session, start, end):
        merged[row.day] = office_day(row)
    return tuple(merged[d] for d in sorted(merged))


def holidays(session: Session, start: date, end: date) -> frozenset[date]:
    """The days off from ``start`` to ``end``, both included (weekends aside)."""
    return frozenset(d.day for d in calendar(session, start, end) if d.kind is DayKind.HOLIDAY)


def working_weekend_days(session: Session, start: date, end: date) -> frozenset[date]:
    """The Saturdays and Sundays worked from ``start`` to ``end``, both included."""
    return frozenset(
        d.day for d in calendar(session, start, end) if d.kind is DayKind.WORKING_DAY and d.day.weekday() >= 5
    )


def _span_end(start: date, n: int) -> date:
    return date.fromordinal(
        min(start.toordinal() + n * _SPAN_DAYS_PER_WORKING_DAY + _SPAN_MARGIN_DAYS, date.max.toordinal())
    )


def due_date(session: Session, start: date, n: int) -> date:
    """The deadline of a period of ``n`` working days from ``start`` on the merged calendar."""
    end = _span_end(start, n)
    off, worked = holidays(session, start, end), working_weekend_days(session, start, end)
    due = workdays.add_working_days(start, n, off, worked)
    if due > end:  # an office that declared weeks of holidays: count again over the real span
        off, worked = holidays(session, start, due), working_weekend_days(session, start, due)
        due = workdays.add_working_days(start, n, off, worked)
    return due


def overdue(session: Session, started: date, limit: Limit | int | None, today: date) -> bool:
    """Whether a step begun on ``started`` with ``limit`` working days is past its deadline on ``today``
    (the deadline day itself is still in time). A step without a limit is never overdue."""
    days = limit.working_days if isinstance(limit, Limit) else limit
    if days is None:
        return False
    return today > due_date(session, started, days)


# ---- the office's entries --------------------------------------------------------------------------------


def year_days(session: Session, year: int) -> tuple[Day, ...]:
    return calendar(session, date(year, 1, 1), date(year, 12, 31))


def put(*, session: Session, actor: audit.Actor, day: date, name: str, kind: DayKind) -> tuple[Day, bool]:
    """Create or replace the office's entry for ``day``; True when created. Writing what is stored changes
    nothing (no audit event)."""
    row = repository.get(session, day)
    if row is not None and row.name == name and row.kind is kind:
        return office_day(row), False
    created = row is None
    before = None if row is None else {"name": row.name, "kind": row.kind.value}
    try:
        with session.begin_nested():
            if row is None:
                row = PublicHoliday(day=day, name=name, kind=kind)
                session.add(row)
            else:
                row.name, row.kind, row.created_at = name, kind, utcnow()
    except IntegrityError as exc:  # another request created the day's entry at the same time
        raise Conflict(
            "The day's entry was written by another request at the same time; read it and try again.",
            code="concurrent_update",
            detail_vi="Ngày này vừa được một yêu cầu khác ghi; hãy đọc lại rồi thử lại.",
        ) from exc
    audit.record(
        session,
        actor=actor,
        action="public_holiday.set",
        object_type="public_holiday",
        object_id=day.isoformat(),
        details={"name": name, "kind": kind.value, "before": before},
    )
    return office_day(row), created


def delete(*, session: Session, actor: audit.Actor, day: date) -> None:
    """Remove the office's entry for ``day``: the default table applies to it again."""
    row = repository.get(session, day)
    if row is None:
        raise NotFound(
            "The office has no calendar entry for this day.",
            detail_vi="Cơ quan chưa khai báo ngày này trong lịch nghỉ.",
        )
    audit.record(
        session,
        actor=actor,
        action="public_holiday.delete",
        object_type="public_holiday",
        object_id=day.isoformat(),
        details={"name": row.name, "kind": row.kind.value},
    )
    session.delete(row)
    session.flush()
