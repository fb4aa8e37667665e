"""Who decides a title or a form, whether it needs a public consultation, and the regime a file is judged
under: the proposals' questions to the law (``app.law.procedure``, ``app.law.regimes``), in the terms the
rest of ``app.proposals`` uses."""

from __future__ import annotations

from datetime import date

from app.core.config import get_settings
from app.law import procedure
from app.law.procedure import UnknownCode as UnknownCode
from app.law.regimes import choose_regime


def current_regime(today: date) -> str:
    """The regime a file lodged today is judged under (a draft has no regime of its own yet)."""
    return choose_regime(decision_date=None, today=today).regime.code


def decided_by(code: str, regime_code: str) -> str:
    """``minister``, ``prime_minister``, ``president`` or ``unit_head``."""
    return str(procedure.decided_by(code, regime_code))


def needs_consultation(code: str, regime_code: str) -> bool:
    rules = procedure.ProcedureRules.from_settings(get_settings())
    return procedure.needs_consultation(code, regime_code, rules) is not None
