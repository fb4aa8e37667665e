"""Guests of a conference read what an observer reads for its campaign (domain.md, "guest")."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.policy import remembered
from app.core.principal import Principal
from app.models import Conference, ConferenceGuest, ConferenceStatus


def is_guest(session: Session, principal: Principal, campaign_id: str) -> bool:
    """True when the principal is a user invited (by account) to a conference of the campaign that was
    not cancelled."""
    if not principal.is_user:
        return False
    return remembered(
        session,
        ("conference_guest", principal.id, campaign_id),
        lambda: session.scalar(
            select(ConferenceGuest.id)
            .join(Conference, Conference.id == ConferenceGuest.conference_id)
            .where(
                ConferenceGuest.user_id == principal.id,
                Conference.campaign_id == campaign_id,
                Conference.status != ConferenceStatus.CANCELLED,
            )
            .limit(1)
        )
        is not None,
    )
