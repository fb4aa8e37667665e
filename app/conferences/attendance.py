"""Who is at the conference: per member unit, its delegates, whether it is present (any delegate checked
in) and its voting delegate; the totals and the quorum (``app.conferences.quorum``).

Before the conference opens, the quorum is read live (the bloc's regulation in force on the day, this
year's members); once open, from what opening froze.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy.orm import Session

from app.campaigns import access
from app.conferences import quorum, repository
from app.conferences.people import DelegateView, delegate_views
from app.conferences.service import QUORUM_SETTING
from app.models import Conference
from app.regulations import service as regulations


@dataclass(frozen=True)
class UnitAttendance:
    unit: repository.MemberUnit
    delegates: list[DelegateView]

    @property
    def present(self) -> bool:
        return any(d.delegate.checked_in_at is not None for d in self.delegates)

    @property
    def voting_delegate(self) -> DelegateView | None:
        return next((d for d in self.delegates if d.delegate.voting), None)


@dataclass(frozen=True)
class Attendance:
    units: list[UnitAttendance]
    quorum: quorum.Quorum


def share_for(session: Session, conference: Conference, bloc_id: str) -> Fraction:
    if conference.quorum_share is not None:
        return quorum.share_of(conference.quorum_share)
    overlay = regulations.overlay_for(session, on=conference.held_on, bloc_id=bloc_id)
    return overlay.share(QUORUM_SETTING) or Fraction(1, 2)


def attendance(session: Session, conference: Conference) -> Attendance:
    campaign = access.get_campaign(session, conference.campaign_id)
    members = repository.members(session, bloc_id=campaign.bloc_id, year=campaign.year)
    views = delegate_views(session, list(repository.delegates(session, conference.id)))
    units = [UnitAttendance(m, [v for v in views if v.delegate.unit_id == m.unit_id]) for m in members]
    count = conference.members_count if conference.members_count is not None else len(members)
    present = sum(1 for u in units if u.present)
    return Attendance(
        units=units,
        quorum=quorum.quorum(
            members=count, present=present, share=share_for(session, conference, campaign.bloc_id)
        ),
    )
