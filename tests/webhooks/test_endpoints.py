"""Webhook endpoints through HTTP, on both databases: who may do what to which endpoint, the secret shown
once, what is refused (and that a refusal stores nothing), changes, removal and pagination. The delivery
log and rotation have their own modules."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.events.sealer import sealed_through
from app.models import AuditEvent, WebhookDelivery, WebhookEndpoint
from app.webhooks import secrets
from tests.support.builders import Builders, Headers
from tests.support.db import audit_events
from tests.support.problems import problem
from tests.support.settings import TEST_SECRET
from tests.support.webhooks import (
    ENDPOINTS,
    RECEIVER,
    add_delivery,
    add_event,
    create_endpoint,
    resolve_test_names,
    service_defaults,  # noqa: F401  # the service's settings, not the delivery tests'
)

ENDPOINT_KEYS = {
    "id",
    "client_id",
    "client_name",
    "url",
    "description",
    "event_types",
    "active",
    "disabled_at",
    "disabled_reason",
    "failing_since",
    "previous_secret_expires_at",
    "start_seq",
    "created_at",
    "updated_at",
}


@pytest.fixture(autouse=True)
def _names(monkeypatch: pytest.MonkeyPatch) -> None:
    resolve_test_names(monkeypatch)


def _count(session_factory: Any, model: Any = WebhookEndpoint) -> int:
    with session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _state(session_factory: Any, endpoint_id: str) -> tuple[int, int, int]:
    """The endpoint's version, and how many audit events and deliveries there are."""
    with session_factory() as s:
        endpoint = s.get(WebhookEndpoint, endpoint_id)
        assert endpoint is not None
        version = endpoint.version
    return version, _count(session_factory, AuditEvent), _count(session_factory, WebhookDelivery)


def _client(build: Builders, scopes: list[str], unit_id: str | None = None) -> tuple[str, Headers]:
    """A service client: its id and its token's headers."""
    made = build.service_client(scopes, unit_id)
    r = build.client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": made["client_id"],
            "client_secret": made["client_secret"],
        },
    )
    assert r.status_code == 200, r.text
    return made["id"], {"Authorization": f"Bearer {r.json()['access_token']}"}


# ---- registering --------------------------------------------------------------------------------------


def test_a_client_registers_an_endpoint_for_itself_and_sees_the_secret_once(
    client: TestClient, build: Builders, session_factory: Any
) -> None:
    add_event(session_factory)
    client_id, headers = _client(build, ["results:read"])
    r = client.post(
        ENDPOINTS,
        json={"url": RECEIVER, "event_types": ["award.decided", "award.revoked"], "description": " Cổng  "},
        headers=headers,
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == ENDPOINT_KEYS | {"secret"}
    assert body["secret"].startswith("whsec_") and len(body["secret"]) == 6 + 44
    assert body["client_id"] == client_id
    assert body["url"] == RECEIVER
    assert body["event_types"] == ["award.decided", "award.revoked"]
    assert body["description"] == "Cổng"
    assert body["active"] is True
    assert body["disabled_at"] is body["disabled_reason"] is body["failing_since"] is None
    assert r.headers["location"] == f"{ENDPOINTS}/{body['id']}"
    assert r.headers["etag"] == f'"{body["id"]}.1"'
    assert r.headers["cache-control"] == "no-store"
    with session_factory() as s:
        row = s.get(WebhookEndpoint, body["id"])
        assert row is not None
        assert body["secret"] not in row.secret_encrypted
        assert secrets.decrypt(row.secret_encrypted, master=TEST_SECRET) == body["secret"]
        # It receives what happens from now on: the events after the feed's end at its creation.
        assert body["start_seq"] == row.start_seq == sealed_through(s) >= 1
    read = client.get(f"{ENDPOINTS}/{body['id']}", headers=headers)
    assert read.status_code == 200
    assert read.json() == {k: v for k, v in body.items() if k != "secret"}
    assert read.headers["etag"] == r.headers["etag"]
    listed = client.get(ENDPOINTS, headers=headers).json()["items"]
    assert listed == [read.json()]
    assert body["secret"] not in read.text + json.dumps(listed)


def test_the_secret_is_not_in_the_audit_trail_which_keeps_only_the_urls_origin(
    client: TestClient, build: Builders, session_factory: Any
) -> None:
    _, headers = _client(build, ["units:read"])
    url = "https://portal.example.gov.vn:8443/hooks/thidua?token=receiver-own-token"
    created = create_endpoint(client, headers, url=url)
    rotated = client.post(f"{ENDPOINTS}/{created['id']}/rotate-secret", headers=headers).json()
    (create, rotate) = audit_events(session_factory, object_id=created["id"])
    assert create.action == "webhook_endpoint.create" and rotate.action == "webhook_endpoint.rotate_secret"
    assert create.details == {
        "client_id": created["client_id"],
        "origin": "https://portal.example.gov.vn:8443",
        "event_types": ["unit.created"],
    }
    with session_factory() as s:
        trail = json.dumps([e.details for e in s.scalars(select(AuditEvent))])
    for secret in (created["secret"], rotated["secret"], "receiver-own-token"):
        assert secret not in trail


def test_the_secret_is_never_logged(
    client: TestClient, build: Builders, caplog: pytest.LogCaptureFixture
) -> None:
    _, headers = _client(build, ["units:read"])
    with caplog.at_level(logging.DEBUG):
        created = create_endpoint(client, headers)
        rotated = client.post(f"{ENDPOINTS}/{created['id']}/rotate-secret", headers=headers).json()
    assert caplog.records  # the requests were logged
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert created["secret"] not in logged and rotated["secret"] not in logged


def test_an_admin_registers_for_a_named_client(
    client: TestClient, build: Builders, admin_headers: Headers
) -> None:
    client_id = build.service_client(["units:read"], name="Cổng thông tin")["id"]
    body = create_endpoint(client, admin_headers, client_id=client_id)
    assert (body["client_id"], body["client_name"]) == (client_id, "Cổng thông tin")


def test_an_admin_must_name_an_existing_client_and_a_client_cannot_name_another(
    client: TestClient, build: Builders, admin_headers: Headers, session_factory: Any
) -> None:
    r = client.post(ENDPOINTS, json={"url": RECEIVER, "event_types": ["unit.created"]}, headers=admin_headers)
    body = problem(r, 422, "validation_error")
    assert body["errors"] == [
        {"loc": ["body", "client_id"], "msg": "required from an admin", "type": "missing"}
    ]
    unknown = {"url": RECEIVER, "event_types": ["unit.created"], "client_id": "no-such-client"}
    problem(client.post(ENDPOINTS, json=unknown, headers=admin_headers), 422, "validation_error")
    other = build.service_client(["units:read"])["id"]
    mine, headers = _client(build, ["units:read"])
    theirs = problem(client.post(ENDPOINTS, json={**unknown, "client_id": other}, headers=headers), 422)
    nobody = problem(client.post(ENDPOINTS, json=unknown, headers=headers), 422)
    # Another client's id answers exactly as an unknown one: nothing is learnt about it.
    assert {k: v for k, v in theirs.items() if k != "request_id"} == {
        k: v for k, v in nobody.items() if k != "request_id"
    }
    assert _count(session_factory) == 0
    assert create_endpoint(client, headers, client_id=mine)["client_id"] == mine


@pytest.mark.parametrize("role", ["secretariat", "observer", "officer"])
def test_users_other_than_admins_may_not_register_or_list(
    client: TestClient, build: Builders, role: str
) -> None:
    unit = build.unit()["id"]
    headers = build.headers(role, unit_id=unit if role == "officer" else None)
    client_id = build.service_client(["units:read"])["id"]
    body = {"url": RECEIVER, "event_types": ["unit.created"], "client_id": client_id}
    problem(client.post(ENDPOINTS, json=body, headers=headers), 403, "forbidden")
    problem(client.get(ENDPOINTS, headers=headers), 403, "forbidden")
    problem(client.get(ENDPOINTS), 401, "not_authenticated")


# ---- what is refused ------------------------------------------------------------------------------------


def test_unknown_event_types_are_listed_and_nothing_is_stored(
    client: TestClient, build: Builders, session_factory: Any
) -> None:
    _, headers = _client(build, ["units:read"])
    r = client.post(
        ENDPOINTS,
        json={"url": RECEIVER, "event_types": ["unit.created", "unit.exploded", "x"]},
        headers=headers,
    )
    body = problem(r, 422, "unknown_event_type", detail="Unknown event types: unit.exploded, x.")
    assert body["errors"] == [
        {
            "loc": ["body", "event_types", 1],
            "msg": "unit.exploded: unknown event type",
            "type": "unknown_event_type",
        },
        {"loc": ["body", "event_types", 2], "msg": "x: unknown event type", "type": "unknown_event_type"},
    ]
    vi = client.post(
        ENDPOINTS,
        json={"url": RECEIVER, "event_types": ["unit.exploded"]},
        headers={**headers, "Accept-Language": "vi"},
    )
    problem(vi, 422, "unknown_event_type", detail="Loại sự kiện không tồn tại: unit.exploded.")
    assert _count(session_factory) == 0


def test_event_types_the_owner_may_not_read_name_the_missing_scope(
    client: TestClient, build: Builders, session_factory: Any, admin_headers: Headers
) -> None:
    _, headers = _client(build, ["units:read"])
    r = client.post(
        ENDPOINTS,
        json={"url": RECEIVER, "event_types": ["unit.created", "award.decided", "report.submitted"]},
        headers=headers,
    )
    body = problem(r, 422, "event_type_not_readable")
    assert body["detail"] == (
        "The service client may not receive these event types: award.decided (needs the scope results:read); "
        "report.submitted (needs the scope reports:write)."
    )
    assert [e["loc"] for e in body["errors"]] == [["body", "event_types", 1], ["body", "event_types", 2]]
    # An admin registering for that client is held to the client's scopes, not the admin's rights.
    unbound = build.service_client(["reports:write"])["id"]
    r = client.post(
        ENDPOINTS,
        json={"url": RECEIVER, "event_types": ["report.submitted"], "client_id": unbound},
        headers=admin_headers,
    )
    problem(
        r,
        422,
        "event_type_not_readable",
        detail="The service client may not receive these event types: report.submitted (only a client bound "
        "to a unit receives it (its unit's events)).",
    )
    assert _count(session_factory) == 0
    # Writing units implies reading them; a client bound to a unit receives its reports.
    _, writer = _client(build, ["units:write"])
    create_endpoint(client, writer, event_types=["unit.created", "unit.updated"])
    _, reporter = _client(build, ["reports:write"], build.unit()["id"])
    create_endpoint(client, reporter, event_types=["report.submitted"])


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://localhost:8080/hook", "the host localhost resolves to 127.0.0.1, a loopback address"),
        ("https://10.1.2.3/hook", "10.1.2.3 is a private address"),
        ("https://169.254.169.254/latest", "169.254.169.254 is a cloud metadata service"),
        ("https://[::1]/hook", "::1 is a loopback address"),
        ("https://user:pw@portal.example.gov.vn/", "the URL must not contain a user name or password"),
        ("ftp://portal.example.gov.vn/", "the URL must be an absolute http or https URL"),
        ("portal.example.gov.vn/hook", "the URL must be an absolute http or https URL"),
        ("https://no-such-host.invalid/", "the host no-such-host.invalid does not resolve"),
    ],
)
def test_unsafe_urls_are_refused_with_the_reason_and_nothing_is_stored(
    client: TestClient, build: Builders, session_factory: Any, url: str, reason: str
) -> None:
    _, headers = _client(build, ["units:read"])
    r = client.post(ENDPOINTS, json={"url": url, "event_types": ["unit.created"]}, headers=headers)
    body = problem(r, 422, "unsafe_target", detail=f"The URL cannot receive webhooks: {reason}.")
    assert body["errors"] == [{"loc": ["body", "url"], "msg": reason, "type": "unsafe_target"}]
    assert _count(session_factory) == 0


def test_the_refusal_is_said_in_vietnamese(client: TestClient, build: Builders) -> None:
    _, headers = _client(build, ["units:read"])
    r = client.post(
        ENDPOINTS,
        json={"url": "https://10.1.2.3/", "event_types": ["unit.created"]},
        headers={**headers, "Accept-Language": "vi"},
    )
    problem(
        r,
        422,
        "unsafe_target",
        title="URL này không được nhận webhook",
        detail="Không thể gửi webhook tới URL này: 10.1.2.3 là địa chỉ mạng riêng.",
    )


@pytest.mark.parametrize("settings_overrides", [{"webhook_require_https": True}])
def test_plain_http_is_refused_where_https_is_required(client: TestClient, build: Builders) -> None:
    _, headers = _client(build, ["units:read"])
    r = client.post(
        ENDPOINTS,
        json={"url": "http://portal.example.gov.vn/", "event_types": ["unit.created"]},
        headers=headers,
    )
    problem(r, 422, "unsafe_target", detail="The URL cannot receive webhooks: the URL must use https.")
    create_endpoint(client, headers)


@pytest.mark.parametrize("settings_overrides", [{"webhook_allow_private": True}])
def test_a_closed_network_may_allow_private_addresses(client: TestClient, build: Builders) -> None:
    _, headers = _client(build, ["units:read"])
    assert (
        create_endpoint(client, headers, url="http://127.0.0.1:9000/hook")["url"]
        == "http://127.0.0.1:9000/hook"
    )
    r = client.post(
        ENDPOINTS, json={"url": "http://169.254.169.254/", "event_types": ["unit.created"]}, headers=headers
    )
    problem(r, 422, "unsafe_target")


@pytest.mark.parametrize(
    ("body", "loc", "type_"),
    [
        ({"url": "https://portal.example.gov.vn/" + "a" * 2030}, ["body", "url"], "too_long"),
        ({"url": "  "}, ["body", "url"], "too_short"),
        ({"event_types": []}, ["body", "event_types"], "too_short"),
        ({"event_types": ["unit.created"] * 65}, ["body", "event_types"], "too_long"),
        ({"event_types": ["unit.created", "unit.created"]}, ["body", "event_types"], "value_error"),
        ({"event_types": ["u" * 65]}, ["body", "event_types", 0], "string_too_long"),
        ({"description": "d" * 501}, ["body", "description"], "too_long"),
        ({"description": "two\nlines"}, ["body", "description"], "value_error"),
        ({"secret": "whsec_mine"}, ["body", "secret"], "extra_forbidden"),
        ({"client_id": "x" * 65}, ["body", "client_id"], "string_pattern_mismatch"),
    ],
)
def test_inputs_have_limits(
    client: TestClient,
    build: Builders,
    session_factory: Any,
    body: dict[str, Any],
    loc: list[Any],
    type_: str,
) -> None:
    _, headers = _client(build, ["units:read"])
    r = client.post(
        ENDPOINTS, json={"url": RECEIVER, "event_types": ["unit.created"], **body}, headers=headers
    )
    errors = problem(r, 422, "validation_error")["errors"]
    assert [(e["loc"], e["type"]) for e in errors] == [(loc, type_)]
    assert _count(session_factory) == 0


def test_a_client_has_at_most_20_endpoints(client: TestClient, build: Builders, session_factory: Any) -> None:
    client_id, headers = _client(build, ["units:read"])
    with session_factory() as s:
        for i in range(20):
            s.add(
                WebhookEndpoint(
                    client_id=client_id,
                    url=f"{RECEIVER}/{i}",
                    event_types=["unit.created"],
                    secret_encrypted="x",
                )
            )
        s.commit()
    r = client.post(ENDPOINTS, json={"url": RECEIVER, "event_types": ["unit.created"]}, headers=headers)
    problem(
        r,
        409,
        "too_many_endpoints",
        detail="The service client already has 20 webhook endpoints: remove one first.",
    )
    assert _count(session_factory) == 20
    create_endpoint(client, build.client_token(["units:read"]))  # another client is not concerned


def test_a_pasted_url_is_trimmed(client: TestClient, build: Builders) -> None:
    _, headers = _client(build, ["units:read"])
    assert create_endpoint(client, headers, url=f"  {RECEIVER} ")["url"] == RECEIVER
    r = client.post(
        ENDPOINTS, json={"url": RECEIVER + "\n", "event_types": ["unit.created"]}, headers=headers
    )
    assert r.status_code == 201, r.text  # a trailing newline is trimmed too


def test_a_retry_with_the_idempotency_key_learns_where_but_not_the_secret(
    client: TestClient, build: Builders, session_factory: Any
) -> None:
    _, headers = _client(build, ["units:read"])
    keyed = {**headers, "Idempotency-Key": "create-endpoint-1"}
    body = {"url": RECEIVER, "event_types": ["unit.created"]}
    first = client.post(ENDPOINTS, json=body, headers=keyed)
    retry = client.post(ENDPOINTS, json=body, headers=keyed)
    assert first.status_code == 201
    problem(retry, 409, "idempotency_secret_withheld")
    assert retry.headers["location"] == first.headers["location"]
    assert first.json()["secret"] not in retry.text
    assert _count(session_factory) == 1


# ---- object-level access --------------------------------------------------------------------------------


def _calls(client: TestClient, endpoint_id: str, delivery_id: str, headers: Headers) -> dict[str, Any]:
    base = f"{ENDPOINTS}/{endpoint_id}"
    return {
        "get": client.get(base, headers=headers),
        "patch": client.patch(base, json={"description": "x"}, headers=headers),
        "rotate": client.post(f"{base}/rotate-secret", headers=headers),
        "deliveries": client.get(f"{base}/deliveries", headers=headers),
        "delivery": client.get(f"{base}/deliveries/{delivery_id}", headers=headers),
        "redeliver": client.post(f"{base}/deliveries/{delivery_id}/redeliver", headers=headers),
        "delete": client.delete(base, headers=headers),
    }


def test_another_client_gets_404_everywhere_and_changes_nothing(
    client: TestClient, build: Builders, session_factory: Any
) -> None:
    _, owner = _client(build, ["units:read"])
    endpoint = create_endpoint(client, owner)
    delivery = add_delivery(session_factory, endpoint["id"], add_event(session_factory))
    _, stranger = _client(build, ["units:read", "results:read"])
    before = _state(session_factory, endpoint["id"])
    for name, r in _calls(client, endpoint["id"], delivery, stranger).items():
        assert r.status_code == 404, name
        problem(r, 404, "not_found", detail="No webhook endpoint with this id.")
    after = _state(session_factory, endpoint["id"])
    assert after == before
    assert client.get(ENDPOINTS, headers=stranger).json()["items"] == []
    assert (
        client.get(ENDPOINTS, params={"client_id": endpoint["client_id"]}, headers=stranger).json()["items"]
        == []
    )


@pytest.mark.parametrize("role", ["secretariat", "observer", "officer"])
def test_users_other_than_admins_get_403_on_an_endpoint(
    client: TestClient, build: Builders, session_factory: Any, role: str
) -> None:
    _, owner = _client(build, ["units:read"])
    endpoint = create_endpoint(client, owner)
    delivery = add_delivery(session_factory, endpoint["id"], add_event(session_factory))
    unit = build.unit()["id"]
    headers = build.headers(role, unit_id=unit if role == "officer" else None)
    for name, r in _calls(client, endpoint["id"], delivery, headers).items():
        assert r.status_code == 403, name
    for name, r in _calls(client, endpoint["id"], delivery, {}).items():
        assert r.status_code == 401, name
    assert _count(session_factory) == 1


def test_the_owner_and_an_admin_may_do_everything(
    client: TestClient, build: Builders, session_factory: Any, admin_headers: Headers
) -> None:
    _, owner = _client(build, ["units:read"])
    for headers in (owner, admin_headers):
        endpoint = create_endpoint(client, owner)
        delivery = add_delivery(session_factory, endpoint["id"], add_event(session_factory))
        statuses = {
            name: r.status_code for name, r in _calls(client, endpoint["id"], delivery, headers).items()
        }
        assert statuses == {
            "get": 200,
            "patch": 200,
            "rotate": 200,
            "deliveries": 200,
            "delivery": 200,
            "redeliver": 202,
            "delete": 204,
        }


@pytest.mark.parametrize("odd", ["no-such-endpoint", "x" * 300, "1' OR '1'='1"])
def test_unknown_and_malformed_ids_are_404(client: TestClient, admin_headers: Headers, odd: str) -> None:
    for name, r in _calls(client, odd, odd, admin_headers).items():
        assert r.status_code == 404, name


def test_a_delivery_is_found_only_under_its_own_endpoint(
    client: TestClient, build: Builders, session_factory: Any
) -> None:
    _, owner = _client(build, ["units:read"])
    first, second = create_endpoint(client, owner), create_endpoint(client, owner)
    delivery = add_delivery(session_factory, first["id"], add_event(session_factory))
    problem(client.get(f"{ENDPOINTS}/{second['id']}/deliveries/{delivery}", headers=owner), 404, "not_found")
    r = client.post(f"{ENDPOINTS}/{second['id']}/deliveries/{delivery}/redeliver", headers=owner)
    problem(r, 404, "not_found")
    assert client.get(f"{ENDPOINTS}/{first['id']}/deliveries/{delivery}", headers=owner).status_code == 200


# ---- listing --------------------------------------------------------------------------------------------


def test_a_client_lists_its_own_and_an_admin_every_clients_filtered_and_paginated(
    client: TestClient, build: Builders, admin_headers: Headers
) -> None:
    a_id, a = _client(build, ["units:read"])
    b_id, b = _client(build, ["units:read"])
    mine = [create_endpoint(client, a)["id"] for _ in range(3)]
    theirs = create_endpoint(client, b)["id"]
    page = client.get(ENDPOINTS, params={"limit": 2, "include_total": "true"}, headers=a)
    assert [e["id"] for e in page.json()["items"]] == mine[:2]
    assert page.json()["total"] == 3 and 'rel="next"' in page.headers["link"]
    rest = client.get(ENDPOINTS, params={"limit": 2, "cursor": page.json()["next_cursor"]}, headers=a).json()
    assert [e["id"] for e in rest["items"]] == mine[2:] and rest["next_cursor"] is None
    every = client.get(ENDPOINTS, headers=admin_headers).json()["items"]
    assert [e["id"] for e in every] == [*mine, theirs]
    only_b = client.get(ENDPOINTS, params={"client_id": b_id}, headers=admin_headers).json()["items"]
    assert [e["id"] for e in only_b] == [theirs]
    assert [
        e["id"] for e in client.get(ENDPOINTS, params={"client_id": a_id}, headers=a).json()["items"]
    ] == mine
    client.patch(f"{ENDPOINTS}/{mine[1]}", json={"active": False}, headers=a)
    disabled = client.get(ENDPOINTS, params={"active": "false"}, headers=admin_headers).json()["items"]
    assert [e["id"] for e in disabled] == [mine[1]]


# ---- changing and removing ------------------------------------------------------------------------------


def test_patch_changes_what_is_sent_with_etag_and_if_match(
    client: TestClient, build: Builders, session_factory: Any
) -> None:
    _, headers = _client(build, ["units:read", "results:read"])
    created = create_endpoint(client, headers, description="Cổng")
    url = f"{ENDPOINTS}/{created['id']}"
    stale = client.get(url, headers=headers).headers["etag"]
    change = {"url": "https://docs.example.gov.vn/in", "event_types": ["award.decided"], "description": None}
    r = client.patch(url, json=change, headers={**headers, "If-Match": stale})
    assert r.status_code == 200, r.text
    assert (r.json()["url"], r.json()["event_types"], r.json()["description"]) == (
        "https://docs.example.gov.vn/in",
        ["award.decided"],
        None,
    )
    assert r.headers["etag"] == f'"{created["id"]}.2"'
    problem(client.patch(url, json={"description": "x"}, headers={**headers, "If-Match": stale}), 412)
    (update,) = audit_events(session_factory, action="webhook_endpoint.update")
    assert update.details == {
        "event_types": ["award.decided"],
        "description": None,
        "origin": "https://docs.example.gov.vn",
    }


def test_a_refused_patch_changes_nothing(client: TestClient, build: Builders, session_factory: Any) -> None:
    _, headers = _client(build, ["units:read"])
    created = create_endpoint(client, headers)
    url = f"{ENDPOINTS}/{created['id']}"
    problem(client.patch(url, json={"url": "https://127.0.0.1/"}, headers=headers), 422, "unsafe_target")
    problem(
        client.patch(url, json={"event_types": ["award.decided"]}, headers=headers),
        422,
        "event_type_not_readable",
    )
    problem(client.patch(url, json={"event_types": ["nope"]}, headers=headers), 422, "unknown_event_type")
    for null in ("url", "event_types", "active"):
        problem(client.patch(url, json={null: None}, headers=headers), 422, "validation_error")
    read = client.get(url, headers=headers)
    assert read.json() == {k: v for k, v in created.items() if k != "secret"}
    assert read.headers["etag"] == f'"{created["id"]}.1"'


def test_disabling_by_hand_and_re_enabling_after_the_service_disabled_it(
    client: TestClient, build: Builders, session_factory: Any
) -> None:
    _, headers = _client(build, ["units:read"])
    created = create_endpoint(client, headers)
    url = f"{ENDPOINTS}/{created['id']}"
    off = client.patch(url, json={"active": False}, headers=headers).json()
    assert off["active"] is False and off["disabled_at"] is not None
    assert off["disabled_reason"] == "disabled by hand (client)"
    # What the worker does when deliveries keep failing: disabled, with the reason its owner reads.
    with session_factory() as s:
        row = s.get(WebhookEndpoint, created["id"])
        assert row is not None
        row.disabled_reason = "every delivery has failed since 2026-12-06T10:00:00Z (over 24 h)"
        row.failing_since = row.disabled_at
        s.commit()
    shown = client.get(url, headers=headers).json()
    assert shown["disabled_reason"] == "every delivery has failed since 2026-12-06T10:00:00Z (over 24 h)"
    assert shown["failing_since"] is not None
    pending = add_delivery(session_factory, created["id"], add_event(session_factory))
    on = client.patch(url, json={"active": True}, headers=headers).json()
    assert on["active"] is True
    assert on["disabled_at"] is on["disabled_reason"] is on["failing_since"] is None
    with session_factory() as s:  # its pending delivery is still there, for the worker to take again
        delivery = s.get(WebhookDelivery, pending)
        assert delivery is not None and delivery.status == "pending"


def test_delete_removes_the_endpoint_with_its_deliveries(
    client: TestClient, build: Builders, session_factory: Any
) -> None:
    _, headers = _client(build, ["units:read"])
    created = create_endpoint(client, headers)
    add_delivery(session_factory, created["id"], add_event(session_factory), attempts=[(500, None)])
    url = f"{ENDPOINTS}/{created['id']}"
    problem(client.delete(url, headers={**headers, "If-Match": '"stale.9"'}), 412)
    assert client.delete(url, headers={**headers, "If-Match": f'"{created["id"]}.1"'}).status_code == 204
    problem(client.get(url, headers=headers), 404, "not_found")
    assert _count(session_factory) == _count(session_factory, WebhookDelivery) == 0
    (deleted,) = audit_events(session_factory, action="webhook_endpoint.delete")
    assert deleted.details == {"client_id": created["client_id"], "origin": "https://portal.example.gov.vn"}
