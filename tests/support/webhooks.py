"""Webhook endpoints in tests: names that resolve without DNS, endpoints made through the API, and deliveries
with their attempts written directly (what the worker would have written)."""

from __future__ import annotations

import socket
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.events.sealer import seal
from app.models import Event, WebhookAttempt, WebhookDelivery
from app.models.base import utcnow
from app.models.event import DeliveryStatus

ENDPOINTS = "/api/v1/webhook-endpoints"
# A public address (nothing ever connects to it in these tests) for the names below.
PUBLIC_ADDRESS = "203.162.4.190"
RECEIVER = "https://portal.example.gov.vn/hooks/thidua"


def resolve_test_names(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]] | None = None) -> None:
    """Names under ``example.gov.vn`` resolve to ``PUBLIC_ADDRESS`` (or as ``answers`` says) without DNS;
    every other name goes to the real resolver (``localhost``, numeric hosts)."""
    real = socket.getaddrinfo
    table = answers or {}

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = str(host)
        if name in table or name.endswith("example.gov.vn"):
            addresses = table.get(name, [PUBLIC_ADDRESS])
            return [
                (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in addresses
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr("app.webhooks.urls.socket.getaddrinfo", getaddrinfo)


def create_endpoint(
    client: TestClient, headers: dict[str, str], *, status: int = 201, **body: Any
) -> dict[str, Any]:
    payload = {"url": RECEIVER, "event_types": ["unit.created"], **body}
    r = client.post(ENDPOINTS, json=payload, headers=headers)
    assert r.status_code == status, r.text
    return dict(r.json())


def add_event(session_factory: Any, type_: str = "unit.created", **fields: Any) -> int:
    """A sealed event (its row id)."""
    with session_factory() as s:
        event = Event(
            type=type_,
            object_type=type_.split(".")[0],
            object_id=fields.pop("object_id", "obj-1"),
            payload=fields.pop("payload", {}),
            scope="units:read",
            users=True,
            **fields,
        )
        s.add(event)
        s.commit()
        event_id = event.id
    with session_factory() as s:
        seal(s)
        s.commit()
        assert s.get(Event, event_id).seq is not None  # type: ignore[union-attr]
    return event_id


def add_delivery(
    session_factory: Any,
    endpoint_id: str,
    event_id: int,
    *,
    status: DeliveryStatus = DeliveryStatus.PENDING,
    attempts: Sequence[tuple[int | None, str | None]] = (),
    lease_until: datetime | None = None,
    created_at: datetime | None = None,
) -> str:
    """A delivery of the event to the endpoint, with an attempt per (status code, error)."""
    now = utcnow()
    with session_factory() as s:
        delivery = WebhookDelivery(
            endpoint_id=endpoint_id,
            event_id=event_id,
            status=status,
            attempts=len(attempts),
            next_attempt_at=now + timedelta(hours=1),
            lease_until=lease_until,
            created_at=created_at or now,
        )
        s.add(delivery)
        s.flush()
        for i, (code, error) in enumerate(attempts):
            s.add(
                WebhookAttempt(
                    delivery_id=delivery.id,
                    endpoint_id=endpoint_id,
                    at=now - timedelta(minutes=len(attempts) - i),
                    status_code=code,
                    error=error,
                    duration_ms=10 * (i + 1),
                )
            )
        if attempts:
            delivery.last_attempt_at = now - timedelta(minutes=1)
            delivery.last_status_code, delivery.last_error = attempts[-1]
        s.commit()
        return delivery.id


@pytest.fixture(name="settings_overrides")
def service_defaults() -> dict[str, Any]:
    """The service's own settings, for the modules that check them: tests/webhooks/conftest.py relaxes them
    (private targets, short retries) for the delivery tests, which target a receiver on 127.0.0.1."""
    return {}
