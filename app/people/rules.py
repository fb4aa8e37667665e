"""Pure rules about people: who sees what of them, the words a gender may be written with, and when a
transfer may be dated. No database, no FastAPI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.core.principal import Principal
from app.core.text import fold
from app.models.enums import Gender

UNITS_READ = "units:read"

# What an import file or a person may give as gender: the API's words and the Vietnamese ones ("nữ"
# folds to "nu"; a file typed without diacritics says "nu" too).
_GENDER_WORDS = {"male": Gender.MALE, "nam": Gender.MALE, "female": Gender.FEMALE, "nu": Gender.FEMALE}


def gender_of(text: str) -> Gender | None:
    """``"Nữ"`` → ``Gender.FEMALE``; None for a word that names no gender."""
    return _GENDER_WORDS.get(fold(text))


def reads_every_person(principal: Principal) -> bool:
    """The secretariat, admins, observers and ``units:read`` clients read every unit's people; anyone else
    (an officer) only the people of his own unit."""
    return principal.has_role("admin", "secretariat", "observer") or principal.has_scope(UNITS_READ)


def sees_birth_dates(principal: Principal, unit_id: str | None) -> bool:
    """Birth dates are personal data: the admin, the secretariat and the officers of the person's own unit
    see them; observers and service clients see names, units and positions only."""
    if principal.has_role("admin", "secretariat"):
        return True
    return principal.has_role("officer") and unit_id is not None and principal.unit_id == unit_id


@dataclass(frozen=True)
class Period:
    unit_id: str
    started_on: date
    ended_on: date | None


def _error(field: str, msg: str, type_: str) -> dict[str, Any]:
    return {"loc": ["body", field], "msg": msg, "type": type_}


def transfer_problems(
    *, history: list[Period], to_unit_id: str, on: date, today: date
) -> list[dict[str, Any]]:
    """Why a transfer to ``to_unit_id`` from ``on`` may not be recorded (empty when it may).

    The current employment ends the day before ``on``, so ``on`` must come after the day it started; a
    person whose last employment has ended starts again after that end. A transfer is recorded when it
    happens, never ahead (the person's unit would otherwise say where they do not work yet)."""
    errors: list[dict[str, Any]] = []
    if on > today:
        errors.append(_error("on", f"must not be later than today ({today.isoformat()})", "date_future"))
    if not history:
        return errors
    last = max(history, key=lambda p: p.started_on)
    if last.ended_on is None:
        if last.unit_id == to_unit_id:
            errors.append(_error("unit_id", "the person already works in this unit", "same_unit"))
        if on <= last.started_on:
            msg = (
                f"must be after {last.started_on.isoformat()}, when the current employment began "
                "(it ends the day before)"
            )
            errors.append(_error("on", msg, "date_overlap"))
    elif on <= last.ended_on:
        msg = f"must be after {last.ended_on.isoformat()}, when the last employment ended"
        errors.append(_error("on", msg, "date_overlap"))
    return errors


def day_before(on: date) -> date:
    return on - timedelta(days=1)
