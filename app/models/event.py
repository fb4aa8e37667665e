"""The change feed's events and the webhooks that deliver them (a transactional outbox).

An event row is written in the same transaction as the change it describes, so a crash can neither lose one
nor invent one. Its ``seq`` (the feed's order) is given after the commit by the sealer
(``app.events.sealer``): a reader past ``seq`` N can never miss an event that commits afterwards, because that
event gets a ``seq`` above every one already given.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, TimestampMixin, VersionedMixin, new_id, one_of, utcnow

# SQLite's rowid alias must be declared INTEGER; PostgreSQL gets a bigint identity.
RowId = BigInteger().with_variant(Integer(), "sqlite")


class Event(Base):
    """One domain event: what happened to which object, a small payload (never a secret, a ballot's choices
    or who voted), and who may read it: every user (``users``), or only the staff and the officers of
    ``unit_id``; a service client needs ``scope``, and, when ``unit_bound``, to be bound to ``unit_id``."""

    __tablename__ = "events"
    __table_args__ = (
        # What the sealer looks for: the events of committed transactions still without a place in the feed.
        Index(
            "ix_events_unsealed",
            "id",
            sqlite_where=text("seq IS NULL"),
            postgresql_where=text("seq IS NULL"),
        ),
        # Row ids are never reused on SQLite either, so an id given once stays above every older event.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    public_id: Mapped[str] = mapped_column(String(64), unique=True, default=new_id)
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True, default=None)
    type: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(64), index=True)
    object_version: Mapped[int | None] = mapped_column(Integer, default=None)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    unit_id: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    users: Mapped[bool] = mapped_column(Boolean, default=False)
    scope: Mapped[str | None] = mapped_column(String(32), default=None)
    unit_bound: Mapped[bool] = mapped_column(Boolean, default=False)


class OutboxMark(Base):
    """A named position in the feed: how far the fan-out to webhooks has gone (``fanout``), up to where old
    events were pruned (``pruned``)."""

    __tablename__ = "outbox_marks"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting for its next attempt (``next_attempt_at``)
    DELIVERING = "delivering"  # a worker holds it until ``lease_until``
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # its retry schedule was exhausted (a disabled endpoint's deliveries wait, pending)


class WebhookEndpoint(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A service client's receiver: the URL, the event types it wants, and the signing secret (stored
    encrypted; shown once, at creation and at rotation). After a rotation the previous secret still signs
    beside the new one until ``previous_secret_expires_at``, so a receiver can switch without losing a
    delivery. An endpoint that keeps failing is disabled, with the reason its owner reads."""

    __tablename__ = "webhook_endpoints"

    client_id: Mapped[str] = mapped_column(ForeignKey("service_clients.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    description: Mapped[str | None] = mapped_column(String(500), default=None)
    event_types: Mapped[list[Any]] = mapped_column(default=list)
    secret_encrypted: Mapped[str] = mapped_column(String(512))
    previous_secret_encrypted: Mapped[str | None] = mapped_column(String(512), default=None)
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_at: Mapped[datetime | None] = mapped_column(default=None)
    disabled_reason: Mapped[str | None] = mapped_column(Text, default=None)
    # Since when every attempt has failed (reset by a success): what the disabling rule measures.
    failing_since: Mapped[datetime | None] = mapped_column(default=None)
    # The endpoint receives the events after this position in the feed (the feed's end when it was made).
    start_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class WebhookDelivery(IdMixin, Base):
    """One event to one endpoint: at least once, always with the event's ``public_id`` as ``webhook-id``."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id"),
        CheckConstraint(one_of("status", DeliveryStatus), name="status"),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    )

    endpoint_id: Mapped[str] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    status: Mapped[DeliveryStatus] = mapped_column(
        StrEnumType(DeliveryStatus, 16), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    last_attempt_at: Mapped[datetime | None] = mapped_column(default=None)
    last_status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    succeeded_at: Mapped[datetime | None] = mapped_column(default=None)
    # Its owner asked for it again (redelivery): the next attempt is logged as manual.
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class WebhookAttempt(IdMixin, Base):
    """The delivery log: one row per attempt, what the receiver answered or why it could not be reached."""

    __tablename__ = "webhook_attempts"

    delivery_id: Mapped[str] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True
    )
    endpoint_id: Mapped[str] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    error: Mapped[str | None] = mapped_column(String(500), default=None)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
