"""Changing a stored row: which fields differ, the flush that may meet a concurrent writer, the audit event.

Every "change these fields" use case (units, blocs, titles…) follows the same rules: changing nothing writes
nothing (no new version, no audit event); a row another request changed meanwhile is 409
``concurrent_update``; the event records each changed field as ``[old, new]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.core import audit
from app.core.errors import Conflict

Diff = dict[str, list[Any]]


def diff_of(obj: object, changes: Mapping[str, Any]) -> Diff:
    """field -> ``[old, new]`` for the fields of ``changes`` whose value differs from ``obj``'s."""
    return {
        field: [getattr(obj, field), value]
        for field, value in changes.items()
        if getattr(obj, field) != value
    }


def apply(obj: object, diff: Diff) -> None:
    for field, (_old, new) in diff.items():
        setattr(obj, field, new)


def concurrent_update(what: str, what_vi: str) -> Conflict:
    """``what``/``what_vi``: the resource in lower case, e.g. "unit" / "đơn vị"."""
    return Conflict(
        f"The {what} was changed by another request; reload it and retry.",
        code="concurrent_update",
        detail_vi=f"{what_vi[:1].upper()}{what_vi[1:]} vừa bị thay đổi bởi một yêu cầu khác; "
        "hãy tải lại và thử lại.",
    )


def flush(session: Session, *, what: str, what_vi: str) -> None:
    """Flush; a version counter that moved since the row was read is 409 ``concurrent_update``."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise concurrent_update(what, what_vi) from exc


def record(
    session: Session,
    actor: audit.Actor,
    diff: Diff,
    *,
    object_type: str,
    object_id: str,
    code: str,
    what_vi: str,
) -> None:
    """Flush the applied ``diff`` and record the ``<object_type>.update`` event."""
    flush(session, what=object_type, what_vi=what_vi)
    audit.record(
        session,
        actor=actor,
        action=f"{object_type}.update",
        object_type=object_type,
        object_id=object_id,
        details={"code": code, "changes": diff},
    )
