"""The feed's order: ``seq`` given to committed events in commit order, so that a reader past position N
never misses an event that commits later (it is given a position above every one given before).

SQLite has one writer at a time: an event's row id (AUTOINCREMENT, never reused) is taken while its
transaction holds the write lock, so ids are in commit order and ``seq`` is the id.

PostgreSQL commits concurrently, so ids are not in commit order: a transaction that took id 7 may commit
after one that took id 8. Each event records its transaction's id (``xid``); the sealer gives positions only
to the events of transactions older than the oldest one still running (``pg_snapshot_xmin``): those have
all ended, so no event can appear later below the positions given. Sealers take turns under an advisory
lock; one that finds the lock taken leaves the work to the one holding it.
"""

from __future__ import annotations

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from app.models import Event

_LOCK_KEY = 0x7468696475610018  # "thidua" + 0x18: only the sealer takes this lock
BATCH = 5000


def seal(session: Session) -> int:
    """Give feed positions to the committed events that have none; the number given. The caller commits
    (on PostgreSQL the advisory lock is held until then)."""
    if session.get_bind().dialect.name != "postgresql":
        result = session.execute(update(Event).where(Event.seq.is_(None)).values(seq=Event.id))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]  # a CursorResult
    if not session.execute(select(func.pg_try_advisory_xact_lock(_LOCK_KEY))).scalar_one():
        return 0
    result = session.execute(
        text(
            """
            WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin),
            base AS (SELECT coalesce(max(seq), 0) AS top FROM events),
            next AS (
                SELECT e.id, base.top + row_number() OVER (ORDER BY e.id) AS seq
                FROM events e, horizon, base
                WHERE e.seq IS NULL AND e.xid < horizon.xmin
                ORDER BY e.id
                LIMIT :batch
            )
            UPDATE events SET seq = next.seq FROM next WHERE events.id = next.id
            """
        ),
        {"batch": BATCH},
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]  # a CursorResult


def sealed_through(session: Session) -> int:
    """The last position given (0 when none)."""
    return int(session.execute(select(func.coalesce(func.max(Event.seq), 0))).scalar_one())
