"""Fan-out: each sealed event becomes one delivery per endpoint that wants it.

An endpoint wants an event when it is active, lists the event's type, was created before the event
(``start_seq`` < ``seq``: a new endpoint gets no history) and its owner, an active service client, may read
the event by the feed's own rule (``client_may_read``), so a webhook never tells more than the feed would.

The ``fanout`` mark says how far this has gone; it moves in the same transaction as the deliveries it
made, and the deliveries are inserted or ignored (one per endpoint and event), so a crash between two
passes, or a pass run twice, neither loses nor doubles a delivery.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.events import marks
from app.events.visibility import client_may_read
from app.models import Event, ServiceClient, WebhookDelivery, WebhookEndpoint
from app.models.base import new_id, table_of, utcnow

BATCH = 500


@dataclass(frozen=True)
class Subscriber:
    """An active endpoint with what its owner may read."""

    endpoint_id: str
    event_types: frozenset[str]
    start_seq: int
    scopes: frozenset[str]
    unit_id: str | None


def subscribers(session: Session) -> list[Subscriber]:
    rows = session.execute(
        select(WebhookEndpoint, ServiceClient)
        .join(ServiceClient, ServiceClient.id == WebhookEndpoint.client_id)
        .where(WebhookEndpoint.active.is_(True), ServiceClient.active.is_(True))
        .order_by(WebhookEndpoint.id)
    ).tuples()
    return [
        Subscriber(
            endpoint_id=endpoint.id,
            event_types=frozenset(str(t) for t in endpoint.event_types),
            start_seq=endpoint.start_seq,
            scopes=frozenset(str(s) for s in client.scopes),
            unit_id=client.unit_id,
        )
        for endpoint, client in rows
    ]


def wants(subscriber: Subscriber, event: Event) -> bool:
    assert event.seq is not None
    return (
        event.type in subscriber.event_types
        and subscriber.start_seq < event.seq
        and client_may_read(event, subscriber.scopes, subscriber.unit_id)
    )


def _insert_ignoring_duplicates(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table_of(WebhookDelivery)).on_conflict_do_nothing(
        index_elements=["endpoint_id", "event_id"]
    )
    session.execute(stmt, list(rows))


def fan_out(session: Session, *, batch: int = BATCH, now: datetime | None = None) -> int | None:
    """Make the deliveries of up to ``batch`` events past the ``fanout`` mark and move the mark past them;
    the number of events handled, or None when another worker holds the mark. The caller commits."""
    mark = marks.take(session, marks.FANOUT)
    if mark is None:
        return None
    events = list(session.scalars(select(Event).where(Event.seq > mark.seq).order_by(Event.seq).limit(batch)))
    if not events:
        return 0
    at = now or utcnow()
    targets = subscribers(session)
    rows = [
        {
            "id": new_id(),
            "endpoint_id": target.endpoint_id,
            "event_id": event.id,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": at,
            "manual": False,
            "created_at": at,
        }
        for event in events
        for target in targets
        if wants(target, event)
    ]
    _insert_ignoring_duplicates(session, rows)
    last = events[-1].seq
    assert last is not None
    mark.seq = last
    session.flush()
    return len(events)
