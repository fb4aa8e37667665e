"""Named positions in the feed (``OutboxMark``): how far the fan-out has gone, up to where events were pruned.

A mark is taken with its row locked for the caller's transaction, so the work it guards (a fan-out, a
prune) runs one at a time and the mark moves in the same commit as that work. On PostgreSQL a worker that
finds the row already locked skips the work (another worker is doing it) instead of waiting; on SQLite
the writing transaction (BEGIN IMMEDIATE) already excludes every other writer.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.models import OutboxMark
from app.models.base import table_of

FANOUT = "fanout"
PRUNED = "pruned"


def _ensure(session: Session, name: str) -> None:
    """Create the mark's row on first use (it is there every time after: no insert to wait on)."""
    if session.scalar(select(OutboxMark.name).where(OutboxMark.name == name)) is not None:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(table_of(OutboxMark)).values(name=name, seq=0).on_conflict_do_nothing())


def take(session: Session, name: str) -> OutboxMark | None:
    """The mark, locked until the caller's transaction ends; None when another transaction holds it."""
    _ensure(session, name)
    stmt = (
        select(OutboxMark)
        .where(OutboxMark.name == name)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    return session.scalars(stmt).one_or_none()


def read(session: Session, name: str) -> int:
    """The mark's position (0 before it was first set), without locking."""
    return int(session.scalar(select(OutboxMark.seq).where(OutboxMark.name == name)) or 0)
