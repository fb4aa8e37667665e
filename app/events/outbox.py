"""Writing events: ``emit`` adds the event to the request's transaction, beside the change it describes,
so it commits or rolls back with it (a transactional outbox). Nothing is sent from here: the feed serves
events once sealed (``app.events.sealer``) and ``thidua worker`` delivers them to webhooks."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.events.catalogue import TYPES
from app.events.payloads import EventPayload
from app.models import Event


def emit(
    session: Session,
    payload: EventPayload,
    *,
    object_id: str,
    object_version: int | None = None,
    unit_id: str | None = None,
) -> Event:
    """Record ``payload``'s event about ``object_id`` (``unit_id``: the unit it concerns, which decides
    who may read it)."""
    kind = TYPES[payload.event_type]
    event = Event(
        type=kind.name,
        object_type=kind.object_type,
        object_id=object_id,
        object_version=object_version,
        payload=payload.model_dump(mode="json"),
        unit_id=unit_id,
        users=kind.users,
        scope=None if kind.scope is None else str(kind.scope),
        unit_bound=kind.unit_bound,
    )
    session.add(event)
    return event
