"""Pure rules over a subject's records: what makes an exclusion or a rating whole. No database."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.models.enums import DisciplineMeasure, ExclusionKind, SubjectKind


def _error(field: str, msg: str, type_: str) -> dict[str, Any]:
    return {"loc": ["body", field], "msg": msg, "type": type_}


def exclusion_problems(
    *, kind: ExclusionKind, measure: DisciplineMeasure | None, starts_on: date, ends_on: date | None
) -> list[dict[str, Any]]:
    """Why an exclusion may not be stored (empty when it may): a disciplinary measure names its measure
    and nothing else does; a period ends on or after its first day."""
    errors: list[dict[str, Any]] = []
    if kind == ExclusionKind.DISCIPLINE and measure is None:
        errors.append(_error("measure", "a discipline names its measure", "missing"))
    elif kind != ExclusionKind.DISCIPLINE and measure is not None:
        errors.append(_error("measure", f"only a discipline has a measure, not {kind.value!r}", "extra"))
    if ends_on is not None and ends_on < starts_on:
        msg = f"must be on or after starts_on ({starts_on.isoformat()})"
        errors.append(_error("ends_on", msg, "date_order"))
    return errors


def rating_problems(*, subject: SubjectKind, absent_days: int | None) -> list[dict[str, Any]]:
    """Working days absent are a person's, never a unit's."""
    if subject == SubjectKind.UNIT and absent_days is not None:
        return [_error("absent_days", "a unit's rating has no absent days", "extra")]
    return []
