"""An endpoint's delivery log through HTTP: the list (filtered by status, paginated), one delivery with its
attempts, and redelivery by hand (refused while a worker sends it, or while the endpoint is disabled)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.models import Event, WebhookDelivery
from app.models.base import utcnow
from app.models.event import DeliveryStatus
from tests.support.builders import Builders, Headers
from tests.support.db import audit_events
from tests.support.problems import problem
from tests.support.webhooks import (
    ENDPOINTS,
    add_delivery,
    add_event,
    create_endpoint,
    resolve_test_names,
    service_defaults,  # noqa: F401  # the service's settings, not the delivery tests'
)

DELIVERY_KEYS = {
    "id",
    "event",
    "status",
    "attempts",
    "next_attempt_at",
    "last_attempt_at",
    "last_status_code",
    "last_error",
    "succeeded_at",
    "manual",
    "created_at",
}


@pytest.fixture(autouse=True)
def _names(monkeypatch: pytest.MonkeyPatch) -> None:
    resolve_test_names(monkeypatch)


@pytest.fixture
def owner(build: Builders) -> Headers:
    return build.client_token(["units:read"])


def _delivery(session_factory: Any, delivery_id: str) -> WebhookDelivery:
    with session_factory() as s:
        row = s.get(WebhookDelivery, delivery_id)
        assert row is not None
        s.expunge(row)
        return row


def _event(session_factory: Any, event_id: int) -> Event:
    with session_factory() as s:
        row = s.get(Event, event_id)
        assert row is not None
        s.expunge(row)
        return row


def test_the_log_lists_deliveries_with_their_event_filtered_by_status_and_paginated(
    client: TestClient, owner: Headers, session_factory: Any
) -> None:
    endpoint = create_endpoint(client, owner)
    base = utcnow() - timedelta(hours=1)
    made = []
    for i, status in enumerate(
        [DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED, DeliveryStatus.PENDING, DeliveryStatus.FAILED]
    ):
        event_id = add_event(session_factory, object_id=f"unit-{i}")
        made.append(
            (
                add_delivery(
                    session_factory,
                    endpoint["id"],
                    event_id,
                    status=status,
                    attempts=[(500, None), (None, "timed out after 10 s")],
                    created_at=base + timedelta(minutes=i),
                ),
                event_id,
            )
        )
    url = f"{ENDPOINTS}/{endpoint['id']}/deliveries"
    page = client.get(url, params={"limit": 3, "include_total": "true"}, headers=owner)
    assert page.status_code == 200, page.text
    body = page.json()
    assert [d["id"] for d in body["items"]] == [d for d, _ in made[:3]] and body["total"] == 4
    assert 'rel="next"' in page.headers["link"]
    first = body["items"][0]
    assert set(first) == DELIVERY_KEYS
    event = _event(session_factory, made[0][1])
    assert first["event"]["id"] == event.public_id and first["event"]["seq"] == event.seq
    assert first["event"]["type"] == "unit.created"
    assert (first["status"], first["attempts"], first["last_status_code"], first["last_error"]) == (
        "succeeded",
        2,
        None,
        "timed out after 10 s",
    )
    assert first["next_attempt_at"] is None  # only a pending delivery has one
    assert body["items"][2]["next_attempt_at"] is not None
    rest = client.get(url, params={"limit": 3, "cursor": body["next_cursor"]}, headers=owner).json()
    assert [d["id"] for d in rest["items"]] == [made[3][0]] and rest["next_cursor"] is None
    failed = client.get(url, params={"status": "failed"}, headers=owner).json()["items"]
    assert [d["id"] for d in failed] == [made[1][0], made[3][0]]
    problem(client.get(url, params={"status": "lost"}, headers=owner), 422, "validation_error")
    problem(client.get(url, params={"limit": 501}, headers=owner), 422, "validation_error")


def test_one_delivery_shows_each_attempt(client: TestClient, owner: Headers, session_factory: Any) -> None:
    endpoint = create_endpoint(client, owner)
    delivery_id = add_delivery(
        session_factory,
        endpoint["id"],
        add_event(session_factory),
        status=DeliveryStatus.FAILED,
        attempts=[(None, "connection refused"), (503, None), (200, None)],
    )
    r = client.get(f"{ENDPOINTS}/{endpoint['id']}/deliveries/{delivery_id}", headers=owner)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == DELIVERY_KEYS | {"attempt_log"}
    assert [(a["status_code"], a["error"], a["duration_ms"], a["manual"]) for a in body["attempt_log"]] == [
        (None, "connection refused", 10, False),
        (503, None, 20, False),
        (200, None, 30, False),
    ]
    times = [datetime.fromisoformat(a["at"]) for a in body["attempt_log"]]
    assert times == sorted(times)


def test_redelivery_makes_a_failed_delivery_due_now_and_manual(
    client: TestClient, owner: Headers, session_factory: Any
) -> None:
    endpoint = create_endpoint(client, owner)
    delivery_id = add_delivery(
        session_factory,
        endpoint["id"],
        add_event(session_factory),
        status=DeliveryStatus.FAILED,
        attempts=[(500, None)],
    )
    before = utcnow()
    r = client.post(f"{ENDPOINTS}/{endpoint['id']}/deliveries/{delivery_id}/redeliver", headers=owner)
    assert r.status_code == 202, r.text
    assert (r.json()["status"], r.json()["manual"], r.json()["attempts"]) == ("pending", True, 1)
    row = _delivery(session_factory, delivery_id)
    assert row.status == DeliveryStatus.PENDING and row.manual is True and row.lease_until is None
    assert before <= row.next_attempt_at <= utcnow()
    (redelivered,) = audit_events(session_factory, action="webhook_delivery.redeliver")
    assert redelivered.object_id == delivery_id and redelivered.details == {"endpoint_id": endpoint["id"]}


def test_a_succeeded_delivery_may_be_asked_for_again(
    client: TestClient, owner: Headers, session_factory: Any
) -> None:
    endpoint = create_endpoint(client, owner)
    delivery_id = add_delivery(
        session_factory, endpoint["id"], add_event(session_factory), status=DeliveryStatus.SUCCEEDED
    )
    r = client.post(f"{ENDPOINTS}/{endpoint['id']}/deliveries/{delivery_id}/redeliver", headers=owner)
    assert r.status_code == 202 and r.json()["status"] == "pending"


def test_redelivery_is_refused_while_a_worker_sends_it(
    client: TestClient, owner: Headers, session_factory: Any
) -> None:
    endpoint = create_endpoint(client, owner)
    lease = utcnow() + timedelta(minutes=1)
    delivery_id = add_delivery(
        session_factory,
        endpoint["id"],
        add_event(session_factory),
        status=DeliveryStatus.DELIVERING,
        lease_until=lease,
    )
    r = client.post(f"{ENDPOINTS}/{endpoint['id']}/deliveries/{delivery_id}/redeliver", headers=owner)
    problem(r, 409, "delivery_in_progress")
    row = _delivery(session_factory, delivery_id)
    assert (row.status, row.lease_until, row.manual) == (DeliveryStatus.DELIVERING, lease, False)
    assert audit_events(session_factory, action="webhook_delivery.redeliver") == []


def test_a_delivery_whose_worker_lost_its_lease_may_be_redelivered(
    client: TestClient, owner: Headers, session_factory: Any
) -> None:
    endpoint = create_endpoint(client, owner)
    delivery_id = add_delivery(
        session_factory,
        endpoint["id"],
        add_event(session_factory),
        status=DeliveryStatus.DELIVERING,
        lease_until=utcnow() - timedelta(seconds=1),
    )
    r = client.post(f"{ENDPOINTS}/{endpoint['id']}/deliveries/{delivery_id}/redeliver", headers=owner)
    assert r.status_code == 202 and r.json()["status"] == "pending"


def test_redelivery_to_a_disabled_endpoint_asks_to_re_enable_it_first(
    client: TestClient, owner: Headers, session_factory: Any
) -> None:
    endpoint = create_endpoint(client, owner)
    delivery_id = add_delivery(
        session_factory, endpoint["id"], add_event(session_factory), status=DeliveryStatus.FAILED
    )
    client.patch(f"{ENDPOINTS}/{endpoint['id']}", json={"active": False}, headers=owner)
    url = f"{ENDPOINTS}/{endpoint['id']}/deliveries/{delivery_id}/redeliver"
    problem(client.post(url, headers=owner), 409, "endpoint_disabled")
    vi = client.post(url, headers={**owner, "Accept-Language": "vi"})
    problem(vi, 409, "endpoint_disabled", title="Địa chỉ nhận webhook đang bị tắt")
    assert _delivery(session_factory, delivery_id).status == DeliveryStatus.FAILED
