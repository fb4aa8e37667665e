"""Reading the database behind a test's back: audit events, the statements a block issues, and a second
writer in a thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event, select

from app.models import AuditEvent


def audit_events(
    session_factory: Any, action: str | None = None, object_id: str | None = None
) -> list[AuditEvent]:
    """The audit events with this ``action`` and/or about this ``object_id``, oldest first."""
    query = select(AuditEvent).order_by(AuditEvent.seq)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    if object_id is not None:
        query = query.where(AuditEvent.object_id == object_id)
    with session_factory() as s:
        return list(s.scalars(query))


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
