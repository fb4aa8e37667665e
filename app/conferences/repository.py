"""The conference's queries, where they are more than one-liners."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import Session

from app.core.principal import Principal
from app.models import (
    BlocMember,
    Campaign,
    Conference,
    ConferenceAgendaItem,
    ConferenceDelegate,
    ConferenceGuest,
    ConferenceLeadership,
    ConferenceStatus,
    Unit,
    User,
)

READER_ROLES = ("admin", "secretariat", "observer")


@dataclass(frozen=True)
class MemberUnit:
    unit_id: str
    code: str
    name: str
    role: str


def readable(principal: Principal, campaign_id: str | None) -> Select[tuple[Conference]]:
    """The conferences ``principal`` may read (``policies.may_read`` as a SQL filter)."""
    stmt = select(Conference)
    if campaign_id is not None:
        stmt = stmt.where(Conference.campaign_id == campaign_id)
    if principal.has_role(*READER_ROLES):
        return stmt
    if not principal.is_user:
        return stmt.where(Conference.id.is_(None))
    invited = select(ConferenceGuest.conference_id).where(ConferenceGuest.user_id == principal.id)
    ways = [Conference.id.in_(invited)]
    if principal.has_role("officer") and principal.unit_id is not None:
        member = (
            exists()
            .where(
                BlocMember.bloc_id == Campaign.bloc_id,
                BlocMember.year == Campaign.year,
                BlocMember.unit_id == principal.unit_id,
            )
            .correlate(Campaign)
        )
        ways.append(Conference.campaign_id.in_(select(Campaign.id).where(member)))
    return stmt.where(or_(*ways))


def members(session: Session, *, bloc_id: str, year: int) -> list[MemberUnit]:
    """The bloc's member units that year, by unit code."""
    rows = session.execute(
        select(BlocMember.unit_id, Unit.code, Unit.name, BlocMember.role)
        .join(Unit, Unit.id == BlocMember.unit_id)
        .where(BlocMember.bloc_id == bloc_id, BlocMember.year == year)
        .order_by(Unit.code)
    )
    return [MemberUnit(r.unit_id, r.code, r.name, str(r.role)) for r in rows]


def agenda(session: Session, conference_id: str) -> Sequence[ConferenceAgendaItem]:
    return session.scalars(
        select(ConferenceAgendaItem)
        .where(ConferenceAgendaItem.conference_id == conference_id)
        .order_by(ConferenceAgendaItem.position)
    ).all()


def guests(session: Session, conference_id: str) -> Sequence[ConferenceGuest]:
    return session.scalars(
        select(ConferenceGuest)
        .where(ConferenceGuest.conference_id == conference_id)
        .order_by(ConferenceGuest.created_at, ConferenceGuest.id)
    ).all()


def delegates(session: Session, conference_id: str) -> Sequence[ConferenceDelegate]:
    return session.scalars(
        select(ConferenceDelegate)
        .where(ConferenceDelegate.conference_id == conference_id)
        .order_by(ConferenceDelegate.created_at, ConferenceDelegate.id)
    ).all()


def voting_delegate(session: Session, conference_id: str, unit_id: str) -> ConferenceDelegate | None:
    return session.scalar(
        select(ConferenceDelegate).where(
            ConferenceDelegate.conference_id == conference_id,
            ConferenceDelegate.unit_id == unit_id,
            ConferenceDelegate.voting.is_(True),
        )
    )


def leadership(session: Session, conference_id: str) -> ConferenceLeadership | None:
    return session.scalar(
        select(ConferenceLeadership).where(ConferenceLeadership.conference_id == conference_id)
    )


def leadership_for_year(session: Session, *, bloc_id: str, year: int) -> ConferenceLeadership | None:
    """The leadership a conference of the year before recorded for ``year`` (a year-end conference's
    before a mid-year one's; the latest recorded first), leaving cancelled conferences out."""
    rows = session.execute(
        select(ConferenceLeadership, Conference.kind)
        .join(Conference, Conference.id == ConferenceLeadership.conference_id)
        .where(
            ConferenceLeadership.bloc_id == bloc_id,
            ConferenceLeadership.year == year,
            Conference.status != ConferenceStatus.CANCELLED,
        )
        .order_by(ConferenceLeadership.recorded_at.desc(), ConferenceLeadership.id)
    ).all()
    if not rows:
        return None
    year_end = [r for r in rows if r.kind == "year_end"]
    found: ConferenceLeadership = (year_end or rows)[0][0]
    return found


def unit_names(session: Session, unit_ids: Collection[str]) -> dict[str, str]:
    if not unit_ids:
        return {}
    rows = session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(list(unit_ids))))
    return {str(k): str(v) for k, v in rows}


def user_names(session: Session, user_ids: Collection[str]) -> dict[str, str]:
    if not user_ids:
        return {}
    rows = session.execute(select(User.id, User.full_name).where(User.id.in_(list(user_ids))))
    return {str(k): str(v) for k, v in rows}


def active_user(session: Session, user_id: str) -> User | None:
    user = session.get(User, user_id) if len(user_id) <= 64 else None
    return user if user is not None and user.active else None
