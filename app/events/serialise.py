"""An event row as the feed and the webhooks show it: one shape for both."""

from __future__ import annotations

from app.events.payloads import EventRead
from app.models import Event


def event_read(event: Event) -> EventRead:
    assert event.seq is not None, "only sealed events are shown"
    return EventRead(
        id=event.public_id,
        seq=event.seq,
        type=event.type,
        timestamp=event.at,
        object_type=event.object_type,
        object_id=event.object_id,
        object_version=event.object_version,
        data=event.payload,
    )


def body(event: Event) -> bytes:
    """The webhook delivery's body: the event as JSON (UTF-8)."""
    return event_read(event).model_dump_json().encode()
