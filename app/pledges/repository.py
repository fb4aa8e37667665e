"""The pledges' queries that are more than one-liners."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Pledge, PledgeSignature


def pledge_of_campaign(session: Session, *, campaign_id: str, lock: bool = False) -> Pledge | None:
    stmt = select(Pledge).where(Pledge.campaign_id == campaign_id)
    if lock:
        # Re-read the row once locked: a concurrent writer's committed change is what we must check.
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return session.scalars(stmt).one_or_none()


def signatures_of(session: Session, *, pledge_id: str) -> Sequence[PledgeSignature]:
    """In signing order."""
    return session.scalars(
        select(PledgeSignature)
        .where(PledgeSignature.pledge_id == pledge_id)
        .order_by(PledgeSignature.signed_at, PledgeSignature.id)
    ).all()


def signature_of(session: Session, *, pledge_id: str, unit_id: str) -> PledgeSignature | None:
    return session.scalars(
        select(PledgeSignature).where(
            PledgeSignature.pledge_id == pledge_id, PledgeSignature.unit_id == unit_id
        )
    ).one_or_none()
