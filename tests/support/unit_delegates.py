"""Conferences and their delegates written directly (the conference API is another feature's): what the
one-delegate-per-unit sessions and the live streams stand on."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select, update

from app.models import (
    Conference,
    ConferenceDelegate,
    ConferenceKind,
    ConferenceStatus,
    ConferenceSubstitution,
)
from app.models.base import utcnow
from tests.support.builders import Builders, Headers
from tests.support.voting import URL, VotingWorld


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


class UnitWorld(VotingWorld):
    """The voting world (units A–D, one officer each) with a year-end conference of the campaign at which
    A, B and C have checked in their officer as voting delegate; D's officer is registered, not checked in."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build)
        self.conference_id = add_conference(self.session_factory, self.cid)
        self.delegate_rows = [
            add_delegate(self.session_factory, self.conference_id, unit, d["id"], checked_in=i < 3)
            for i, (unit, d) in enumerate(zip(self.units, self.delegates, strict=True))
        ]

    def per_unit(self, **over: Any) -> dict[str, Any]:
        body = {
            "electorate_user_ids": None,
            "one_delegate_per_unit": True,
            "conference_id": self.conference_id,
        }
        return self.created(**(body | over))

    def cast(self, sid: str, headers: Headers, choices: list[str] | None = None) -> Any:
        return self.client.post(f"{URL}/{sid}/ballots", json={"choices": choices or []}, headers=headers)

    def turnout(self, sid: str, headers: Headers | None = None) -> dict[str, Any]:
        r = self.client.get(f"{URL}/{sid}/turnout", headers=headers or self.secretariat)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def rows(self, model: Any, sid: str) -> int:
        with self.session_factory() as s:
            return int(s.scalar(select(func.count()).select_from(model).where(model.session_id == sid)) or 0)
