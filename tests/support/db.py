"""Reading the database behind a test's back: audit events, the names responses embed, the statements a
block issues, and a second writer in a thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event, select

from app.core.audit_sealer import seal_pending
from app.models import AuditEvent, Title, Unit, User


def audit_events(
    session_factory: Any, action: str | None = None, object_id: str | None = None
) -> list[AuditEvent]:
    """The audit events with this ``action`` and/or about this ``object_id``, in chain order (sealed first,
    as a reader of the trail would)."""
    seal_pending(session_factory)
    query = select(AuditEvent).order_by(AuditEvent.seq)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    if object_id is not None:
        query = query.where(AuditEvent.object_id == object_id)
    with session_factory() as s:
        return list(s.scalars(query))


def unit_ref(session_factory: Any, unit_id: str) -> dict[str, str]:
    """``{"unit_id", "unit_code", "unit_name"}`` as responses embed a unit, read from its row."""
    with session_factory() as s:
        unit = s.get(Unit, unit_id)
        assert unit is not None
        return {"unit_id": unit_id, "unit_code": unit.code, "unit_name": unit.name}


def user_ref(session_factory: Any, user_id: str) -> dict[str, str]:
    """``{"user_id", "full_name"}`` as responses embed a user, read from its row."""
    with session_factory() as s:
        user = s.get(User, user_id)
        assert user is not None
        return {"user_id": user_id, "full_name": user.full_name}


def title_name(session_factory: Any, code: str) -> str:
    with session_factory() as s:
        title = s.get(Title, code)
        assert title is not None
        return title.name


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements ``engine`` sends while the block runs."""
    statements: list[str] = []

    def _count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", _count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", _count)


def in_thread(fn: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    """Start ``fn`` in a thread; its ``value`` or ``error`` lands in the returned dict once joined."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = fn()
        except Exception as exc:  # handed to the test thread
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome
