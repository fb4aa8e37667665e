"""The units' queries that are more than one-liners, for this feature and the ones that name units."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Unit


def names_by_id(session: Session, *, unit_ids: Collection[str]) -> dict[str, str]:
    """Each unit's name by its id; no statement at all for no ids."""
    if not unit_ids:
        return {}
    return {u.id: u.name for u in session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))}
