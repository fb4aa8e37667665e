"""The feed's order: ``seq`` is given to events after their transaction commits, never at insert, so it
is commit order and a reader past position N never misses an event that commits later.

A row's id is taken when it is inserted; on PostgreSQL transactions commit concurrently, so a transaction
that took id 7 may commit after one that took id 8, and a reader that had read up to 8 would skip 7 for
ever. So positions are given by the sealer, to the events it can see (committed ones), above every position
given before. Sealers take turns under an advisory lock, and each one's statement starts after the one
before it committed, so the positions only grow: an event that commits after a reader's position was given
is sealed later, above it.

SQLite has one writer at a time: an event's row id (AUTOINCREMENT, never reused) is taken while its
transaction holds the write lock, so ids are already in commit order and ``seq`` is the id.
"""

from __future__ import annotations

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from app.core.db import drain
from app.models import Event

_LOCK_KEY = 0x7468696475610018  # "thidua" + 0x18: only the sealer takes this lock
BATCH = 5000


def seal(session: Session) -> int:
    """Give feed positions to the committed events that have none; the number given. The caller commits
    (on PostgreSQL the advisory lock is held until then)."""
    if session.get_bind().dialect.name != "postgresql":
        result = session.execute(update(Event).where(Event.seq.is_(None)).values(seq=Event.id))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]  # a CursorResult
    # Held until the caller commits: the next sealer's statement then sees these positions.
    session.execute(select(func.pg_advisory_xact_lock(_LOCK_KEY)))
    result = session.execute(
        text(
            """
            WITH base AS (SELECT coalesce(max(seq), 0) AS top FROM events),
            next AS (
                SELECT e.id, base.top + row_number() OVER (ORDER BY e.id) AS seq
                FROM events e, base
                WHERE e.seq IS NULL
                ORDER BY e.id
                LIMIT :batch
            )
            UPDATE events SET seq = next.seq FROM next WHERE events.id = next.id
            """
        ),
        {"batch": BATCH},
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]  # a CursorResult


def seal_pending(factory: sessionmaker[Session]) -> int:
    """Seal every committed event still without a position, in transactions of their own; the number
    sealed. Looks first, so that with nothing to seal no lock is taken."""
    return drain(factory, select(Event.id).where(Event.seq.is_(None)), seal)


def sealed_through(session: Session) -> int:
    """The last position given (0 when none)."""
    return int(session.execute(select(func.coalesce(func.max(Event.seq), 0))).scalar_one())
