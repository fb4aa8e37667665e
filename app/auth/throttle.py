"""Login throttling kept in the database, so every app process counts the same failures."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.models import LoginThrottle


def retry_after(
    row: LoginThrottle | None, *, now: datetime, max_failures: int, window: timedelta
) -> int | None:
    """Seconds to wait when the key is locked, else None. Pure: the caller loads the row."""
    if row is None or row.failures < max_failures:
        return None
    remaining = (row.window_started_at + window - now).total_seconds()
    return math.ceil(remaining) if remaining > 0 else None


def register_failure(session: Session, key: str, *, now: datetime, window: timedelta) -> None:
    row = session.get(LoginThrottle, key, with_for_update=True)
    if row is None:
        session.add(LoginThrottle(key=key, failures=1, window_started_at=now))
    elif row.window_started_at + window <= now:
        row.failures, row.window_started_at = 1, now
    else:
        row.failures += 1
    session.flush()


def clear(session: Session, key: str) -> None:
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))
