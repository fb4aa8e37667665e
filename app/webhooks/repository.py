"""The queries behind webhook endpoints and their delivery log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.core.pagination import PageParams, paginate
from app.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.models.event import DeliveryStatus


def owner_of(session: Session, endpoint_id: str) -> str | None:
    """The owner client's id of the endpoint, or None when there is no such endpoint."""
    return session.scalars(select(WebhookEndpoint.client_id).where(WebhookEndpoint.id == endpoint_id)).first()


def delivery_endpoint(session: Session, delivery_id: str) -> str | None:
    """The endpoint a delivery belongs to, or None when there is no such delivery."""
    return session.scalars(
        select(WebhookDelivery.endpoint_id).where(WebhookDelivery.id == delivery_id)
    ).first()


def endpoint(session: Session, endpoint_id: str, *, lock: bool = False) -> WebhookEndpoint | None:
    stmt = select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id)
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return session.scalars(stmt).one_or_none()


def count_of(session: Session, client_id: str) -> int:
    """How many endpoints the client has."""
    stmt = select(func.count()).select_from(WebhookEndpoint).where(WebhookEndpoint.client_id == client_id)
    return int(session.scalar(stmt) or 0)


def endpoints_page(
    session: Session, *, page: PageParams, client_id: str | None, active: bool | None
) -> tuple[Sequence[WebhookEndpoint], str | None]:
    stmt: Select[Any] = select(WebhookEndpoint)
    if client_id is not None:
        stmt = stmt.where(WebhookEndpoint.client_id == client_id)
    if active is not None:
        stmt = stmt.where(WebhookEndpoint.active.is_(active))
    return paginate(session, stmt, page, created_col=WebhookEndpoint.created_at, id_col=WebhookEndpoint.id)


def delivery(
    session: Session, endpoint_id: str, delivery_id: str, *, lock: bool = False
) -> WebhookDelivery | None:
    stmt = select(WebhookDelivery).where(
        WebhookDelivery.id == delivery_id, WebhookDelivery.endpoint_id == endpoint_id
    )
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return session.scalars(stmt).one_or_none()


def deliveries_page(
    session: Session, *, endpoint_id: str, page: PageParams, status: DeliveryStatus | None
) -> tuple[Sequence[WebhookDelivery], str | None]:
    stmt: Select[Any] = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
    if status is not None:
        stmt = stmt.where(WebhookDelivery.status == status)
    return paginate(session, stmt, page, created_col=WebhookDelivery.created_at, id_col=WebhookDelivery.id)


def events(session: Session, event_ids: Sequence[int]) -> dict[int, Event]:
    """The events of a page of deliveries, by row id (one query)."""
    if not event_ids:
        return {}
    return {e.id: e for e in session.scalars(select(Event).where(Event.id.in_(set(event_ids))))}


def attempts(session: Session, delivery_id: str, *, limit: int) -> list[WebhookAttempt]:
    """The delivery's latest ``limit`` attempts, oldest first."""
    latest = session.scalars(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id == delivery_id)
        .order_by(WebhookAttempt.at.desc(), WebhookAttempt.id.desc())
        .limit(limit)
    ).all()
    return list(reversed(latest))
