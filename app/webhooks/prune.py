"""Retention: events older than ``event_retention_days`` are deleted, with their deliveries and attempts,
but never one the fan-out has not reached yet nor one with a delivery still to make, so no webhook loses
an event to the pruning. The ``pruned`` mark keeps the highest position deleted: a feed cursor below it
has lost events and is told so (410 ``cursor_expired``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from app.events import marks
from app.models import DeliveryStatus, Event, WebhookDelivery

BATCH = 1000
_OPEN = (DeliveryStatus.PENDING, DeliveryStatus.DELIVERING)


def prune(session: Session, *, retention_days: int, now: datetime, batch: int = BATCH) -> int | None:
    """Delete up to ``batch`` prunable events; how many, or None when another worker is pruning. The
    caller commits."""
    mark = marks.take(session, marks.PRUNED)
    if mark is None:
        return None
    fanned_out = marks.read(session, marks.FANOUT)
    open_delivery = exists().where(WebhookDelivery.event_id == Event.id, WebhookDelivery.status.in_(_OPEN))
    ids = list(
        session.scalars(
            select(Event.id)
            .where(
                Event.at < now - timedelta(days=retention_days),
                Event.seq.is_not(None),
                Event.seq <= fanned_out,
                ~open_delivery,
            )
            .order_by(Event.id)
            .limit(batch)
        )
    )
    if not ids:
        return 0
    top = session.scalar(select(func.max(Event.seq)).where(Event.id.in_(ids)))
    session.execute(delete(Event).where(Event.id.in_(ids)))
    if top is not None and top > mark.seq:
        mark.seq = top
    session.flush()
    return len(ids)
