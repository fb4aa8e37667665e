"""The audit trail's read query: sealed events in ``seq`` order, a keyset page at a time."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.models import AuditEvent


def events_after(
    session: Session,
    *,
    after_seq: int | None,
    limit: int,
    action: str | None = None,
    actor_id: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
) -> Sequence[AuditEvent]:
    """Up to ``limit`` events past ``after_seq`` in seq order, those given matching exactly."""
    stmt = events_matching(action=action, actor_id=actor_id, object_type=object_type, object_id=object_id)
    if after_seq is not None:
        stmt = stmt.where(AuditEvent.seq > after_seq)
    return session.scalars(stmt.order_by(AuditEvent.seq).limit(limit)).all()


def events_matching(
    *,
    action: str | None = None,
    actor_id: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
) -> Select[tuple[AuditEvent]]:
    """The sealed events whose fields given match exactly."""
    stmt = select(AuditEvent).where(AuditEvent.seq.is_not(None))
    for column, value in (
        (AuditEvent.action, action),
        (AuditEvent.actor_id, actor_id),
        (AuditEvent.object_type, object_type),
        (AuditEvent.object_id, object_id),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt
