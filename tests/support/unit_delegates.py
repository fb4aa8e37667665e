"""Conferences and their delegates written directly (the conference API is another feature's): what the
one-delegate-per-unit sessions and the live streams stand on."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, update

from app.models import (
    Conference,
    ConferenceDelegate,
    ConferenceKind,
    ConferenceStatus,
    ConferenceSubstitution,
)
from app.models.base import utcnow


def add_conference(
    session_factory: Any, campaign_id: str, *, kind: str = "year_end", status: str = "open"
) -> str:
    with session_factory() as s:
        conference = Conference(
            campaign_id=campaign_id,
            kind=ConferenceKind(kind),
            title="Hội nghị tổng kết công tác thi đua năm 2016",
            held_on=date(2016, 12, 29),
            place="Hà Nội",
            status=ConferenceStatus(status),
        )
        s.add(conference)
        s.commit()
        return conference.id


def add_delegate(
    session_factory: Any,
    conference_id: str,
    unit_id: str,
    user_id: str | None,
    *,
    voting: bool = True,
    checked_in: bool = True,
) -> str:
    with session_factory() as s:
        delegate = ConferenceDelegate(
            conference_id=conference_id,
            unit_id=unit_id,
            full_name="Đại biểu",
            user_id=user_id,
            voting=voting,
            checked_in_at=utcnow() if checked_in else None,
        )
        s.add(delegate)
        s.commit()
        return delegate.id


def set_conference_status(session_factory: Any, conference_id: str, status: str) -> None:
    with session_factory() as s:
        s.execute(
            update(Conference).where(Conference.id == conference_id).values(status=ConferenceStatus(status))
        )
        s.commit()


def substitute(session_factory: Any, conference_id: str, unit_id: str, to_delegate_id: str) -> None:
    """The unit's vote moves to ``to_delegate_id`` (checked in), recorded as a substitution."""
    with session_factory() as s:
        current = s.scalar(
            select(ConferenceDelegate.id).where(
                ConferenceDelegate.conference_id == conference_id,
                ConferenceDelegate.unit_id == unit_id,
                ConferenceDelegate.voting.is_(True),
            )
        )
        s.execute(update(ConferenceDelegate).where(ConferenceDelegate.id == current).values(voting=False))
        s.execute(
            update(ConferenceDelegate)
            .where(ConferenceDelegate.id == to_delegate_id)
            .values(voting=True, checked_in_at=utcnow())
        )
        s.add(
            ConferenceSubstitution(
                conference_id=conference_id,
                unit_id=unit_id,
                from_delegate_id=current,
                to_delegate_id=to_delegate_id,
                reason="Đại biểu chính thức vắng mặt",
            )
        )
        s.commit()
