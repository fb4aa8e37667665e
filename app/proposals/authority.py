"""Who decides a title or a form, and whether it needs a public consultation: a stand-in.

TEMPORARY SHIM, to be switched over by the lead once ``app.law.procedure`` (branch ``law-procedure``) is on
main: ``decided_by`` becomes ``str(procedure.decided_by(code, regime_code))`` and ``needs_consultation``
becomes ``procedure.needs_consultation(code, regime_code) is not None``. Until then both read the
catalogue's level of the entry (unit → the unit's head, ministry → the minister, government → the Prime
Minister, state → the President) and law.md §4 step 11 (the national emulation soldier and the orders are
publicly consulted). The rest of ``app.proposals`` calls only these two functions and ``current_regime``.
"""

from __future__ import annotations

from datetime import date

from app.law import catalogue
from app.law.regimes import choose_regime


class UnknownCode(ValueError):
    """The regime has no rule for this title or form (``app.law.procedure.UnknownCode`` once switched)."""


_BY_LEVEL = {
    "unit": "unit_head",
    "ministry": "minister",
    "government": "prime_minister",
    "state": "president",
}
_CONSULTED = frozenset({"chien_si_thi_dua_toan_quoc"})


def current_regime(today: date) -> str:
    """The regime a file lodged today is judged under (a draft has no regime of its own yet)."""
    return choose_regime(decision_date=None, today=today).regime.code


def decided_by(code: str, regime_code: str) -> str:
    """``minister``, ``prime_minister``, ``president`` or ``unit_head``."""
    found = catalogue.entry(regime_code, code)
    if found is None:
        raise UnknownCode(code)
    return _BY_LEVEL[found.level]


def needs_consultation(code: str, regime_code: str) -> bool:
    found = catalogue.entry(regime_code, code)
    if found is None:
        raise UnknownCode(code)
    return code in _CONSULTED or found.level == "state"
