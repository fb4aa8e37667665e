"""Service clients (admin): create, list, read, change, disable, rotate the secret. Through HTTP, on both
databases."""

from __future__ import annotations

import json
import unicodedata
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter
from sqlalchemy import select

from app.core.principal import SCOPES
from app.models import AuditEvent, ServiceClient
from app.users.schemas import Scope
from tests.support.db import audit_events
from tests.support.problems import problem

CLIENTS = "/api/v1/service-clients"
TOKEN = "/api/v1/auth/token"
ME = "/api/v1/auth/me"
CLIENT_KEYS = {
    "id",
    "client_id",
    "name",
    "scopes",
    "unit_id",
    "unit_code",
    "unit_name",
    "active",
    "created_at",
    "updated_at",
}


def _client_token(client: TestClient, client_id: str, secret: str) -> Any:
    return client.post(
        TOKEN, data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    )


def _bearer(response: Any) -> dict[str, str]:
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _admin(make_user, login) -> tuple[dict[str, Any], dict[str, str]]:
    admin = make_user("admin")
    return admin, login(admin["username"], admin["password"])


def _create(client: TestClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    payload = {"name": "HR system", "scopes": ["units:read"], **body}
    r = client.post(CLIENTS, json=payload, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def _all_audit_text(session_factory) -> str:
    with session_factory() as s:
        return json.dumps([e.details for e in s.scalars(select(AuditEvent))], ensure_ascii=False)


def test_the_scope_enum_matches_the_principal_scopes():
    assert TypeAdapter(Scope).json_schema()["enum"] == list(SCOPES)


# ---- create -------------------------------------------------------------------------------------------


def test_admin_creates_a_client_whose_secret_is_shown_once_and_works(
    client, make_user, login, make_unit, session_factory
):
    admin, headers = _admin(make_user, login)
    unit = make_unit()
    r = client.post(
        CLIENTS,
        json={"name": "Reporting bot", "scopes": ["reports:write", "units:read"], "unit_id": unit["id"]},
        headers=headers,
    )

    assert r.status_code == 201, r.text
    created = r.json()
    assert set(created) == CLIENT_KEYS | {"client_secret"}
    assert created["client_id"].startswith("tdc_") and len(created["client_id"]) > 20
    assert len(created["client_secret"]) >= 40
    assert created["name"] == "Reporting bot"
    assert created["scopes"] == ["reports:write", "units:read"]
    assert created["unit_id"] == unit["id"] and created["active"] is True
    assert (created["unit_code"], created["unit_name"]) == (unit["code"], unit["name"])
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["location"] == f"{CLIENTS}/{created['id']}"
    assert r.headers["etag"] == f'"{created["id"]}.1"'

    secret = created["client_secret"]
    with session_factory() as s:
        row = s.get(ServiceClient, created["id"])
        assert row.secret_hash.startswith("$argon2id$") and secret not in row.secret_hash
        assert row.tokens_valid_after is None

    # Never again: not in the read, the list, or the audit trail.
    read = client.get(f"{CLIENTS}/{created['id']}", headers=headers)
    assert read.status_code == 200
    assert read.json() == {k: v for k, v in created.items() if k != "client_secret"}
    assert read.headers["etag"] == r.headers["etag"]
    listed = client.get(CLIENTS, headers=headers)
    assert secret not in listed.text and "client_secret" not in listed.text
    assert secret not in _all_audit_text(session_factory)

    events = audit_events(session_factory, "service_client.create", created["id"])
    assert len(events) == 1 and events[0].actor_id == admin["id"]
    assert events[0].details == {
        "client_id": created["client_id"],
        "name": "Reporting bot",
        "scopes": ["reports:write", "units:read"],
        "unit_id": unit["id"],
    }

    token = _client_token(client, created["client_id"], secret)
    me = client.get(ME, headers=_bearer(token))
    assert me.status_code == 200
    assert me.json()["id"] == created["id"] and me.json()["unit_id"] == unit["id"]
    assert sorted(me.json()["scopes"]) == ["reports:write", "units:read"]


@pytest.mark.parametrize("scope", ["reports:write", "scores:write"])
def test_writing_scopes_need_an_existing_unit(client, make_user, login, session_factory, scope):
    _, headers = _admin(make_user, login)
    missing = client.post(CLIENTS, json={"name": "Bot", "scopes": ["units:read", scope]}, headers=headers)
    problem(missing, 422, "validation_error")
    assert missing.json()["errors"][0]["loc"] == ["body", "unit_id"]
    assert scope in missing.json()["detail"]

    unknown = client.post(
        CLIENTS, json={"name": "Bot", "scopes": [scope], "unit_id": str(uuid.uuid4())}, headers=headers
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["loc"] == ["body", "unit_id"]
    with session_factory() as s:
        assert s.scalars(select(ServiceClient)).all() == []


def test_reading_scopes_need_no_unit(client, make_user, login):
    _, headers = _admin(make_user, login)
    created = _create(client, headers, scopes=["results:read", "units:read", "units:write"])
    assert created["unit_id"] is None and created["scopes"] == ["results:read", "units:read", "units:write"]


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Bot", "scopes": []},
        {"name": "Bot", "scopes": ["units:read", "units:read"]},
        {"name": "Bot", "scopes": ["admin"]},
        {"name": "Bot", "scopes": "units:read"},
        {"name": "", "scopes": ["units:read"]},
        {"name": "x" * 201, "scopes": ["units:read"]},
        {"name": "Bot\u0000", "scopes": ["units:read"]},
        {"scopes": ["units:read"]},
        {"name": "Bot"},
        {"name": "Bot", "scopes": ["units:read"], "client_secret": "mine"},
        {"name": "Bot", "scopes": ["units:read"], "unit_id": "not an id"},
    ],
)
def test_invalid_bodies_are_422(client, make_user, login, session_factory, body):
    _, headers = _admin(make_user, login)
    r = client.post(CLIENTS, json=body, headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "validation_error" and r.json()["errors"]
    with session_factory() as s:
        assert s.scalars(select(ServiceClient)).all() == []


def test_create_honours_idempotency_key_without_handing_the_secret_out_twice(
    client, make_user, login, session_factory
):
    _, headers = _admin(make_user, login)
    keyed = {**headers, "Idempotency-Key": "create-client-1"}
    body = {"name": "Bot", "scopes": ["units:read"]}
    first = client.post(CLIENTS, json=body, headers=keyed)
    retry = client.post(CLIENTS, json=body, headers=keyed)
    assert first.status_code == 201
    assert retry.status_code == 409 and retry.json()["code"] == "idempotency_secret_withheld"
    assert retry.headers["location"] == first.headers["location"]
    assert first.json()["client_secret"] not in retry.text
    with session_factory() as s:
        assert len(s.scalars(select(ServiceClient)).all()) == 1


def test_name_is_stored_nfc(client, make_user, login):
    _, headers = _admin(make_user, login)
    created = _create(client, headers, name=unicodedata.normalize("NFD", " Hệ thống Văn phòng "))
    assert created["name"] == unicodedata.normalize("NFC", "Hệ thống Văn phòng")


# ---- who may ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["secretariat", "officer", "observer"])
def test_only_admins_may_manage_clients(client, headers_for, make_service_client, session_factory, role):
    existing = make_service_client(["units:read"])
    headers = headers_for(role)
    attempts = [
        client.post(CLIENTS, json={"name": "Bot", "scopes": ["units:read"]}, headers=headers),
        client.get(CLIENTS, headers=headers),
        client.get(f"{CLIENTS}/{existing['id']}", headers=headers),
        client.patch(f"{CLIENTS}/{existing['id']}", json={"active": False}, headers=headers),
        client.post(f"{CLIENTS}/{existing['id']}/secret", headers=headers),
    ]
    for r in attempts:
        problem(r, 403, "forbidden")
    with session_factory() as s:
        rows = s.scalars(select(ServiceClient)).all()
        assert [(c.id, c.active, c.tokens_valid_after) for c in rows] == [(existing["id"], True, None)]
    assert _client_token(client, existing["client_id"], existing["client_secret"]).status_code == 200


def test_service_clients_may_not_manage_clients(client, make_client_token, make_unit):
    headers = make_client_token(["units:write", "scores:write"], unit_id=make_unit()["id"])
    assert client.get(CLIENTS, headers=headers).status_code == 403
    assert (
        client.post(CLIENTS, json={"name": "Bot", "scopes": ["units:read"]}, headers=headers).status_code
        == 403
    )


def test_no_token_is_401(client, make_service_client):
    existing = make_service_client(["units:read"])
    for r in (
        client.post(CLIENTS, json={"name": "Bot", "scopes": ["units:read"]}),
        client.get(CLIENTS),
        client.get(f"{CLIENTS}/{existing['id']}"),
        client.patch(f"{CLIENTS}/{existing['id']}", json={"active": False}),
        client.post(f"{CLIENTS}/{existing['id']}/secret"),
    ):
        assert r.status_code == 401
        assert r.headers["www-authenticate"] == "Bearer"


# ---- read ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("client_pk", ["3f8e2a1c-5b7d-4e9f-a0c2-6d1b8e4f7a90", "nope", "x" * 65, "%00"])
def test_unknown_or_malformed_ids_are_404(client, make_user, login, client_pk):
    _, headers = _admin(make_user, login)
    for r in (
        client.get(f"{CLIENTS}/{client_pk}", headers=headers),
        client.patch(f"{CLIENTS}/{client_pk}", json={"active": False}, headers=headers),
        client.post(f"{CLIENTS}/{client_pk}/secret", headers=headers),
    ):
        problem(r, 404, "not_found")


def test_list_is_paginated_and_filtered(client, make_user, login, make_unit):
    _, headers = _admin(make_user, login)
    unit = make_unit()
    ids = [
        _create(client, headers, name="A")["id"],
        _create(client, headers, name="B", scopes=["scores:write"], unit_id=unit["id"])["id"],
        _create(client, headers, name="C")["id"],
    ]
    assert client.patch(f"{CLIENTS}/{ids[2]}", json={"active": False}, headers=headers).status_code == 200

    first = client.get(f"{CLIENTS}?limit=2", headers=headers)
    assert first.status_code == 200
    assert [c["id"] for c in first.json()["items"]] == ids[:2]
    assert all(set(c) == CLIENT_KEYS for c in first.json()["items"])
    cursor = first.json()["next_cursor"]
    assert cursor and 'rel="next"' in first.headers["link"]
    second = client.get(f"{CLIENTS}?limit=2&cursor={cursor}", headers=headers)
    assert [c["id"] for c in second.json()["items"]] == ids[2:] and second.json()["next_cursor"] is None

    def listed(query: str) -> list[str]:
        return [c["id"] for c in client.get(f"{CLIENTS}?{query}", headers=headers).json()["items"]]

    assert listed(f"unit_id={unit['id']}") == [ids[1]]
    assert listed("active=false") == [ids[2]]
    assert listed("active=true") == ids[:2]


# ---- change -------------------------------------------------------------------------------------------


def test_patch_changes_name_and_scopes_with_if_match(client, make_user, login, make_unit, session_factory):
    admin, headers = _admin(make_user, login)
    created = _create(client, headers, scopes=["units:read", "results:read"])
    url = f"{CLIENTS}/{created['id']}"
    etag = client.get(url, headers=headers).headers["etag"]

    r = client.patch(
        url, json={"name": "Renamed", "scopes": ["results:read"]}, headers={**headers, "If-Match": etag}
    )
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Renamed" and r.json()["scopes"] == ["results:read"]
    assert "client_secret" not in r.json()
    assert r.headers["etag"] == f'"{created["id"]}.2"'

    stale = client.patch(url, json={"name": "Lost"}, headers={**headers, "If-Match": etag})
    assert stale.status_code == 412
    assert client.get(url, headers=headers).json()["name"] == "Renamed"

    events = audit_events(session_factory, "service_client.update", created["id"])
    assert [(e.actor_id, e.details) for e in events] == [
        (admin["id"], {"name": "Renamed", "scopes": ["results:read"]})
    ]

    # A narrower scope takes effect on the client's next request, even with a token issued before.
    token = _bearer(_client_token(client, created["client_id"], created["client_secret"]))
    assert client.patch(url, json={"scopes": ["units:read"]}, headers=headers).status_code == 200
    assert client.get(ME, headers=token).json()["scopes"] == []


def test_patch_keeps_writing_clients_bound_to_a_unit(client, make_user, login, make_unit):
    _, headers = _admin(make_user, login)
    created = _create(client, headers, scopes=["units:read"])
    url = f"{CLIENTS}/{created['id']}"

    unbound = client.patch(url, json={"scopes": ["reports:write"]}, headers=headers)
    assert unbound.status_code == 422 and unbound.json()["errors"][0]["loc"] == ["body", "unit_id"]
    unknown = client.patch(
        url, json={"scopes": ["reports:write"], "unit_id": str(uuid.uuid4())}, headers=headers
    )
    assert unknown.status_code == 422
    assert client.get(url, headers=headers).json()["scopes"] == ["units:read"]

    unit = make_unit()
    bound = client.patch(url, json={"scopes": ["reports:write"], "unit_id": unit["id"]}, headers=headers)
    assert bound.status_code == 200 and bound.json()["unit_id"] == unit["id"]
    assert client.patch(url, json={"unit_id": None}, headers=headers).status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        {"name": None},
        {"scopes": None},
        {"active": None},
        {"scopes": []},
        {"client_id": "tdc_mine"},
        {"secret": "x"},
    ],
)
def test_invalid_patches_are_422(client, make_user, login, body):
    _, headers = _admin(make_user, login)
    created = _create(client, headers)
    r = client.patch(f"{CLIENTS}/{created['id']}", json=body, headers=headers)
    assert r.status_code == 422, r.text
    assert client.get(f"{CLIENTS}/{created['id']}", headers=headers).headers["etag"] == f'"{created["id"]}.1"'


def test_disabling_a_client_ends_its_tokens(client, make_user, login, session_factory):
    admin, headers = _admin(make_user, login)
    created = _create(client, headers)
    token = _bearer(_client_token(client, created["client_id"], created["client_secret"]))
    assert client.get(ME, headers=token).status_code == 200

    r = client.patch(f"{CLIENTS}/{created['id']}", json={"active": False}, headers=headers)
    assert r.status_code == 200 and r.json()["active"] is False

    refused = client.get(ME, headers=token)
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    denied = _client_token(client, created["client_id"], created["client_secret"])
    assert denied.status_code == 401 and denied.json()["error"] == "invalid_client"
    with session_factory() as s:
        assert s.get(ServiceClient, created["id"]).tokens_valid_after is not None
    events = audit_events(session_factory, "service_client.update", created["id"])
    assert [(e.actor_id, e.details) for e in events] == [(admin["id"], {"active": False})]

    # Enabled again: new tokens work, the old one stays dead.
    assert (
        client.patch(f"{CLIENTS}/{created['id']}", json={"active": True}, headers=headers).status_code == 200
    )
    assert client.get(ME, headers=token).status_code == 401
    fresh = _bearer(_client_token(client, created["client_id"], created["client_secret"]))
    assert client.get(ME, headers=fresh).status_code == 200


# ---- rotate -------------------------------------------------------------------------------------------


def test_rotating_the_secret_retires_the_old_one_and_its_tokens(client, make_user, login, session_factory):
    admin, headers = _admin(make_user, login)
    created = _create(client, headers)
    old_secret = created["client_secret"]
    old_token = _bearer(_client_token(client, created["client_id"], old_secret))

    r = client.post(f"{CLIENTS}/{created['id']}/secret", headers=headers)
    assert r.status_code == 200, r.text
    rotated = r.json()
    assert set(rotated) == CLIENT_KEYS | {"client_secret"}
    assert rotated["id"] == created["id"] and rotated["client_id"] == created["client_id"]
    new_secret = rotated["client_secret"]
    assert new_secret != old_secret and len(new_secret) >= 40
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["etag"] == f'"{created["id"]}.2"'

    refused = _client_token(client, created["client_id"], old_secret)
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"
    assert client.get(ME, headers=old_token).status_code == 401
    new_token = _bearer(_client_token(client, created["client_id"], new_secret))
    assert client.get(ME, headers=new_token).status_code == 200

    assert new_secret not in client.get(f"{CLIENTS}/{created['id']}", headers=headers).text
    assert new_secret not in _all_audit_text(session_factory)
    events = audit_events(session_factory, "service_client.rotate_secret", created["id"])
    assert [(e.actor_id, e.details) for e in events] == [(admin["id"], {"client_id": created["client_id"]})]


def test_rotation_honours_if_match(client, make_user, login):
    _, headers = _admin(make_user, login)
    created = _create(client, headers)
    stale = client.post(f"{CLIENTS}/{created['id']}/secret", headers={**headers, "If-Match": '"stale.1"'})
    assert stale.status_code == 412
    assert _client_token(client, created["client_id"], created["client_secret"]).status_code == 200
    current = client.get(f"{CLIENTS}/{created['id']}", headers=headers).headers["etag"]
    ok = client.post(f"{CLIENTS}/{created['id']}/secret", headers={**headers, "If-Match": current})
    assert ok.status_code == 200
