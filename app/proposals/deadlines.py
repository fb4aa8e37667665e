"""Each step's deadline in working days (``app.law.procedure.time_limit``), on the office's calendar of
public holidays (``app.calendar.service``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.calendar import service as calendar_service
from app.core.config import get_settings
from app.law import procedure
from app.law.regimes import choose_regime
from app.people.dates import vn_today


def today() -> date:
    """Today in Vietnam: the day a step starts and a deadline is judged."""
    return vn_today()


def due_on(session: Session, step: str, regime_code: str | None, start: date) -> date | None:
    """The last day of ``step`` started on ``start`` under ``regime_code`` (the regime in force on
    ``start`` when the file has none yet); None when the law sets the step no limit."""
    regime = regime_code or choose_regime(decision_date=None, today=start).regime.code
    rules = procedure.ProcedureRules.from_settings(get_settings())
    limit = procedure.time_limit(step, regime, rules)
    if limit.working_days is None:
        return None
    return calendar_service.due_date(session, start, limit.working_days)
