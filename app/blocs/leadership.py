"""Leadership is data: it comes from the year's membership, never from a grant.

An officer whose unit leads (or deputises) a bloc in a year runs that bloc's campaign of that year, and
only that year's. These are the queries every campaign-scoped feature asks; the rules themselves are the
small pure functions at the bottom.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.principal import Principal
from app.models import BlocMember, Campaign, MemberRole, Unit

LEADING_ROLES = frozenset({MemberRole.LEADER, MemberRole.DEPUTY})


def unit_role(session: Session, *, bloc_id: str, year: int, unit_id: str | None) -> str | None:
    """The unit's role in the bloc that year (leader, deputy, member), or None when it is not a member."""
    if unit_id is None:
        return None
    return session.scalar(
        select(BlocMember.role).where(
            BlocMember.bloc_id == bloc_id, BlocMember.year == year, BlocMember.unit_id == unit_id
        )
    )


def unit_role_for_activity(session: Session, *, bloc_id: str, year: int, unit_id: str | None) -> str | None:
    """``unit_role``, holding the membership row (FOR SHARE on PostgreSQL) until the transaction ends.

    Use it when recording a unit's activity in a bloc-year (a signature, a registration, a score, a
    ballot): the secretariat's member list write locks the same rows before it checks for activity, so
    the unit can never be removed while its activity is being recorded (``app.blocs.service``).
    """
    if unit_id is None:
        return None
    return session.scalar(
        select(BlocMember.role)
        .where(BlocMember.bloc_id == bloc_id, BlocMember.year == year, BlocMember.unit_id == unit_id)
        .with_for_update(read=True)
    )


def leader_unit_id(session: Session, *, bloc_id: str, year: int) -> str | None:
    """The unit leading the bloc that year, or None when the year has no leader."""
    return session.scalar(
        select(BlocMember.unit_id).where(
            BlocMember.bloc_id == bloc_id,
            BlocMember.year == year,
            BlocMember.role == MemberRole.LEADER,
        )
    )


def member_unit_ids(session: Session, *, bloc_id: str, year: int) -> list[str]:
    """The members in a stable order: by unit code (rows written together share a timestamp)."""
    return list(
        session.scalars(
            select(BlocMember.unit_id)
            .join(Unit, Unit.id == BlocMember.unit_id)
            .where(BlocMember.bloc_id == bloc_id, BlocMember.year == year)
            .order_by(Unit.code)
        )
    )


def principal_unit_role(session: Session, principal: Principal, campaign: Campaign) -> str | None:
    """The role of the principal's unit in the campaign's bloc-year, for officers; else None."""
    if not principal.has_role("officer"):
        return None
    return unit_role(session, bloc_id=campaign.bloc_id, year=campaign.year, unit_id=principal.unit_id)


def is_leader(session: Session, principal: Principal, campaign: Campaign) -> bool:
    return leads(principal_unit_role(session, principal, campaign))


def is_manager(session: Session, principal: Principal, campaign: Campaign) -> bool:
    """Runs the campaign: the secretariat anywhere, the leader (or deputy) unit's officers for its year."""
    return principal.has_role("secretariat") or is_leader(session, principal, campaign)


def manages_bloc_year(session: Session, principal: Principal, *, bloc_id: str, year: int) -> bool:
    """Like ``is_manager`` for a bloc-year that may have no campaign yet (e.g. picking delegates)."""
    if principal.has_role("secretariat"):
        return True
    if not principal.has_role("officer"):
        return False
    return leads(unit_role(session, bloc_id=bloc_id, year=year, unit_id=principal.unit_id))


def is_member_officer(session: Session, principal: Principal, campaign: Campaign) -> bool:
    return principal_unit_role(session, principal, campaign) is not None


# ---- pure rules ---------------------------------------------------------------------------------------


def leads(role: str | None) -> bool:
    return role in LEADING_ROLES


def leadership_problems(roles: Sequence[str]) -> list[str]:
    """What is wrong with a bloc-year's roles: exactly one leader, at most one deputy."""
    problems = []
    leaders = sum(1 for r in roles if r == MemberRole.LEADER)
    deputies = sum(1 for r in roles if r == MemberRole.DEPUTY)
    if leaders != 1:
        problems.append(f"a bloc-year needs exactly one leader (got {leaders})")
    if deputies > 1:
        problems.append(f"a bloc-year has at most one deputy (got {deputies})")
    return problems
