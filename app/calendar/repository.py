"""The office's calendar entries (table ``public_holidays``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import PublicHoliday


def between(session: Session, start: date, end: date) -> Sequence[PublicHoliday]:
    """The office's entries from ``start`` to ``end``, both included, by day."""
    return session.scalars(
        select(PublicHoliday)
        .where(PublicHoliday.day >= start, PublicHoliday.day <= end)
        .order_by(PublicHoliday.day)
    ).all()


def get(session: Session, day: date) -> PublicHoliday | None:
    return session.get(PublicHoliday, day)
