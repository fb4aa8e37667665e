"""Each step's deadline in working days, on the office's calendar of public holidays.

Being wired: the time limits (``app.law.procedure.time_limit``) and the calendar (``app.core.workdays``,
``app.calendar.service.holidays``) land from the law-procedure branch; until then no deadline is set.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.people.dates import vn_today


def today() -> date:
    """Today in Vietnam: the day a step starts and a deadline is judged."""
    return vn_today()


def due_on(session: Session, step: str, regime_code: str | None, start: date) -> date | None:
    """The last day of ``step`` started on ``start`` under ``regime_code`` (None: no limit)."""
    del session, step, regime_code, start
    return None
