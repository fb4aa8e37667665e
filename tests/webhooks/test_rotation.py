"""Rotating an endpoint's signing secret: the new one shown once, the old one still signing beside it for
``webhook_secret_overlap_hours``, so a receiver holding either accepts the delivery."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.models import WebhookEndpoint
from app.models.base import utcnow
from app.webhooks import signing
from app.webhooks.rotation import signing_secrets
from tests.support.builders import Builders, Headers
from tests.support.problems import problem
from tests.support.settings import TEST_SECRET
from tests.support.webhooks import (
    ENDPOINTS,
    create_endpoint,
    resolve_test_names,
    service_defaults,  # noqa: F401  # the service's settings, not the delivery tests'
)

BODY = b'{"id":"evt","type":"unit.created"}'


@pytest.fixture(autouse=True)
def _names(monkeypatch: pytest.MonkeyPatch) -> None:
    resolve_test_names(monkeypatch)


def _row(session_factory: Any, endpoint_id: str) -> WebhookEndpoint:
    with session_factory() as s:
        row = s.get(WebhookEndpoint, endpoint_id)
        assert row is not None
        s.expunge(row)
        return row


def _verifies(secret: str, secrets_in_use: list[str]) -> bool:
    now = int(utcnow().timestamp())
    headers = signing.headers(secrets_in_use, "msg_1", now, BODY)
    try:
        signing.verify(secret, headers, BODY, now=now)
    except signing.InvalidSignature:
        return False
    return True


def test_the_new_secret_is_shown_once_and_both_sign_while_they_overlap(
    client: TestClient, build: Builders, session_factory: Any, admin_headers: Headers
) -> None:
    client_id = build.service_client(["units:read"])["id"]
    created = create_endpoint(client, admin_headers, client_id=client_id)
    old = created["secret"]
    before = utcnow()
    r = client.post(
        f"{ENDPOINTS}/{created['id']}/rotate-secret",
        headers={**admin_headers, "If-Match": f'"{created["id"]}.1"'},
    )
    assert r.status_code == 200, r.text
    new = r.json()["secret"]
    assert new.startswith("whsec_") and new != old
    assert r.headers["cache-control"] == "no-store" and r.headers["etag"] == f'"{created["id"]}.2"'
    expires = r.json()["previous_secret_expires_at"]
    row = _row(session_factory, created["id"])
    assert row.previous_secret_expires_at is not None
    assert timedelta(hours=24) <= row.previous_secret_expires_at - before <= timedelta(hours=24, seconds=5)
    assert expires is not None
    # Never shown again.
    assert new not in client.get(f"{ENDPOINTS}/{created['id']}", headers=admin_headers).text
    # The signing set: the new secret first, the old one beside it until the overlap ends.
    now = utcnow()
    assert signing_secrets(row, now, master=TEST_SECRET) == [new, old]
    assert _verifies(old, signing_secrets(row, now, master=TEST_SECRET))
    assert _verifies(new, signing_secrets(row, now, master=TEST_SECRET))
    later = row.previous_secret_expires_at + timedelta(seconds=1)
    assert signing_secrets(row, later, master=TEST_SECRET) == [new]
    assert not _verifies(old, signing_secrets(row, later, master=TEST_SECRET))


def test_a_second_rotation_drops_the_oldest_secret(
    client: TestClient, build: Builders, session_factory: Any
) -> None:
    made = build.client_token(["units:read"])
    created = create_endpoint(client, made)
    url = f"{ENDPOINTS}/{created['id']}/rotate-secret"
    second = client.post(url, headers=made).json()["secret"]
    third = client.post(url, headers=made).json()["secret"]
    assert signing_secrets(_row(session_factory, created["id"]), utcnow(), master=TEST_SECRET) == [
        third,
        second,
    ]


@pytest.mark.parametrize("settings_overrides", [{"webhook_secret_overlap_hours": 0}])
def test_without_overlap_the_old_secret_stops_signing_at_once(
    client: TestClient, build: Builders, session_factory: Any
) -> None:
    made = build.client_token(["units:read"])
    created = create_endpoint(client, made)
    r = client.post(f"{ENDPOINTS}/{created['id']}/rotate-secret", headers=made)
    assert r.json()["previous_secret_expires_at"] is None
    row = _row(session_factory, created["id"])
    assert signing_secrets(row, utcnow(), master=TEST_SECRET) == [r.json()["secret"]]


def test_a_stale_if_match_rotates_nothing(client: TestClient, build: Builders, session_factory: Any) -> None:
    made = build.client_token(["units:read"])
    created = create_endpoint(client, made)
    r = client.post(f"{ENDPOINTS}/{created['id']}/rotate-secret", headers={**made, "If-Match": '"x.1"'})
    problem(r, 412, "precondition_failed")
    row = _row(session_factory, created["id"])
    assert signing_secrets(row, utcnow(), master=TEST_SECRET) == [created["secret"]]
    assert row.version == 1
