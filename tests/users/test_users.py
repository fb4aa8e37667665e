"""Users (admin): create, list, read, change, disable; the first admin at start-up. Through HTTP, on both
databases."""

from __future__ import annotations

import threading
import unicodedata
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter
from sqlalchemy import select

from app.core.principal import ROLES
from app.main import create_app
from app.models import AuditEvent, AuthSession, User
from app.users import bootstrap
from app.users.schemas import Role
from tests.support.db import audit_events
from tests.support.problems import problem
from tests.support.settings import make_settings

USERS = "/api/v1/users"
TOKEN = "/api/v1/auth/token"
USER_KEYS = {
    "id",
    "username",
    "full_name",
    "roles",
    "unit_id",
    "unit_code",
    "unit_name",
    "active",
    "created_at",
    "updated_at",
    "last_login_at",
}


def _password_grant(client: TestClient, username: str, password: str) -> Any:
    return client.post(TOKEN, data={"grant_type": "password", "username": username, "password": password})


def _admin(make_user, login) -> tuple[dict[str, Any], dict[str, str]]:
    admin = make_user("admin")
    return admin, login(admin["username"], admin["password"])


def _body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "username": f"u_{uuid.uuid4().hex[:8]}",
        "password": "s3cret-pass-word",
        "full_name": "Trần Thị B",
        "roles": ["observer"],
    }
    body.update(overrides)
    return body


def test_the_role_enum_matches_the_principal_roles():
    assert TypeAdapter(Role).json_schema()["enum"] == list(ROLES)


# ---- create -------------------------------------------------------------------------------------------


def test_admin_creates_an_officer_who_can_then_log_in(client, make_user, login, make_unit, session_factory):
    admin, headers = _admin(make_user, login)
    unit = make_unit()
    body = _body(username="nguyen.van-a_1", roles=["officer"], unit_id=unit["id"], full_name="Nguyễn Văn A")

    r = client.post(USERS, json=body, headers=headers)

    assert r.status_code == 201, r.text
    created = r.json()
    assert set(created) == USER_KEYS
    assert created["username"] == "nguyen.van-a_1"
    assert created["full_name"] == "Nguyễn Văn A"
    assert created["roles"] == ["officer"]
    assert created["unit_id"] == unit["id"]
    assert (created["unit_code"], created["unit_name"]) == (unit["code"], unit["name"])
    assert created["active"] is True
    assert created["last_login_at"] is None
    assert body["password"] not in r.text and "password" not in r.text
    assert r.headers["location"] == f"{USERS}/{created['id']}"
    assert r.headers["etag"] == f'"{created["id"]}.1"'

    with session_factory() as s:
        row = s.get(User, created["id"])
        assert row is not None and row.password_hash.startswith("$argon2id$")
        assert body["password"] not in row.password_hash

    events = audit_events(session_factory, "user.create", created["id"])
    assert len(events) == 1
    assert events[0].actor_id == admin["id"] and events[0].actor_type == "user"
    assert events[0].details == {"username": "nguyen.van-a_1", "roles": ["officer"], "unit_id": unit["id"]}

    read = client.get(f"{USERS}/{created['id']}", headers=headers)
    assert read.status_code == 200 and read.json() == created
    assert read.headers["etag"] == r.headers["etag"]

    assert _password_grant(client, body["username"], body["password"]).status_code == 200


def test_an_officer_needs_an_existing_unit(client, make_user, login, session_factory):
    _, headers = _admin(make_user, login)

    missing = client.post(USERS, json=_body(username="officer1", roles=["officer"]), headers=headers)
    problem(missing, 422, "validation_error")
    assert missing.json()["errors"][0]["loc"] == ["body", "unit_id"]

    unknown = client.post(
        USERS, json=_body(username="officer1", roles=["officer"], unit_id=str(uuid.uuid4())), headers=headers
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["loc"] == ["body", "unit_id"]

    with session_factory() as s:
        assert s.scalars(select(User).where(User.username == "officer1")).first() is None


def test_a_unit_head_needs_a_unit_and_may_also_be_its_officer(client, make_user, login, make_unit):
    _, headers = _admin(make_user, login)
    missing = client.post(USERS, json=_body(roles=["unit_head"]), headers=headers)
    body = problem(missing, 422, "validation_error")
    assert body["detail"] == "A unit head must belong to a unit: give unit_id."
    assert body["errors"] == [
        {"loc": ["body", "unit_id"], "msg": "required for the unit_head role", "type": "missing"}
    ]
    unit = make_unit()
    both = _body(roles=["officer", "unit_head"], unit_id=unit["id"])
    r = client.post(USERS, json=both, headers=headers)
    assert r.status_code == 201, r.text
    assert r.json()["roles"] == ["officer", "unit_head"] and r.json()["unit_id"] == unit["id"]
    me = client.get("/api/v1/auth/me", headers=login(both["username"], both["password"])).json()
    assert sorted(me["roles"]) == ["officer", "unit_head"] and me["unit_id"] == unit["id"]
    # Detaching the head from its unit is refused, as for an officer.
    detach = client.patch(
        f"{USERS}/{r.json()['id']}", json={"roles": ["unit_head"], "unit_id": None}, headers=headers
    )
    problem(detach, 422, "validation_error")
    every = client.post(
        USERS,
        json=_body(roles=["admin", "secretariat", "officer", "observer", "unit_head"], unit_id=unit["id"]),
        headers=headers,
    )
    assert every.status_code == 201, every.text


def test_other_roles_may_have_no_unit(client, make_user, login):
    _, headers = _admin(make_user, login)
    r = client.post(USERS, json=_body(roles=["secretariat", "observer"]), headers=headers)
    assert r.status_code == 201
    assert r.json()["roles"] == ["secretariat", "observer"] and r.json()["unit_id"] is None


@pytest.mark.parametrize(
    "overrides",
    [
        {"username": "ab"},
        {"username": "x" * 65},
        {"username": "has space"},
        {"username": "đặng"},
        {"password": "short"},
        {"password": "p" * 257},
        {"full_name": ""},
        {"full_name": "   "},
        {"full_name": "x" * 201},
        {"full_name": "nul\u0000byte"},
        {"roles": []},
        {"roles": ["observer", "observer"]},
        {"roles": ["superuser"]},
        {"roles": "admin"},
        {"unit_id": "not an id"},
        {"is_superuser": True},
        {"password_hash": "$argon2id$..."},
    ],
)
def test_invalid_bodies_are_422_without_echoing_the_password(
    client, make_user, login, session_factory, overrides
):
    _, headers = _admin(make_user, login)
    body = {**_body(password="Very-Secret-Pw-123"), **overrides}
    r = client.post(USERS, json=body, headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "validation_error" and r.json()["errors"]
    assert "Very-Secret-Pw-123" not in r.text
    with session_factory() as s:
        assert s.scalar(select(User).where(User.username == body["username"])) is None


def test_missing_fields_are_422(client, make_user, login):
    _, headers = _admin(make_user, login)
    r = client.post(USERS, json={"username": "someone"}, headers=headers)
    assert r.status_code == 422
    assert {tuple(e["loc"]) for e in r.json()["errors"]} == {
        ("body", "password"),
        ("body", "full_name"),
        ("body", "roles"),
    }


def test_a_duplicate_username_is_409_even_in_another_case(client, make_user, login, session_factory):
    _, headers = _admin(make_user, login)
    first = client.post(USERS, json=_body(username="le.van.c"), headers=headers)
    assert first.status_code == 201

    for username in ("le.van.c", "Le.Van.C"):
        again = client.post(USERS, json=_body(username=username), headers=headers)
        problem(again, 409, "already_exists")

    with session_factory() as s:
        assert len(s.scalars(select(User).where(User.username.in_(["le.van.c", "Le.Van.C"]))).all()) == 1


def test_full_name_is_stored_nfc_and_trimmed(client, make_user, login, session_factory):
    _, headers = _admin(make_user, login)
    decomposed = unicodedata.normalize("NFD", "  Phạm Thị Đào ")
    r = client.post(USERS, json=_body(full_name=decomposed), headers=headers)
    assert r.status_code == 201
    assert r.json()["full_name"] == unicodedata.normalize("NFC", "Phạm Thị Đào")
    with session_factory() as s:
        assert s.get(User, r.json()["id"]).full_name == unicodedata.normalize("NFC", "Phạm Thị Đào")


def test_create_honours_idempotency_key(client, make_user, login, session_factory):
    _, headers = _admin(make_user, login)
    body = _body(username="idem.user")
    keyed = {**headers, "Idempotency-Key": "create-idem-user"}
    first = client.post(USERS, json=body, headers=keyed)
    replay = client.post(USERS, json=body, headers=keyed)
    assert first.status_code == replay.status_code == 201
    assert replay.json() == first.json()
    assert replay.headers["idempotent-replayed"] == "true"
    other = client.post(USERS, json=_body(username="idem.other"), headers=keyed)
    assert other.status_code == 422
    with session_factory() as s:
        assert len(s.scalars(select(User).where(User.username.like("idem.%"))).all()) == 1


# ---- who may ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["secretariat", "officer", "observer"])
def test_only_admins_may_manage_users(client, make_user, headers_for, session_factory, role):
    target = make_user("observer")
    headers = headers_for(role)
    attempts = [
        client.post(USERS, json=_body(username="not.created"), headers=headers),
        client.get(USERS, headers=headers),
        client.get(f"{USERS}/{target['id']}", headers=headers),
        client.get(f"{USERS}/{uuid.uuid4()}", headers=headers),
        client.patch(f"{USERS}/{target['id']}", json={"active": False}, headers=headers),
    ]
    for r in attempts:
        problem(r, 403, "forbidden")
    with session_factory() as s:
        assert s.scalar(select(User).where(User.username == "not.created")) is None
        assert s.get(User, target["id"]).active is True


def test_service_clients_may_not_manage_users(client, make_user, make_client_token, make_unit):
    target = make_user("observer")
    headers = make_client_token(["units:write", "reports:write"], unit_id=make_unit()["id"])
    assert client.get(USERS, headers=headers).status_code == 403
    assert client.post(USERS, json=_body(), headers=headers).status_code == 403
    assert client.patch(f"{USERS}/{target['id']}", json={"active": False}, headers=headers).status_code == 403


def test_no_token_is_401(client, make_user):
    target = make_user("observer")
    for r in (
        client.post(USERS, json=_body()),
        client.get(USERS),
        client.get(f"{USERS}/{target['id']}"),
        client.patch(f"{USERS}/{target['id']}", json={"active": False}),
    ):
        assert r.status_code == 401
        assert r.headers["www-authenticate"] == "Bearer"


# ---- read ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "user_id", ["3f8e2a1c-5b7d-4e9f-a0c2-6d1b8e4f7a90", "not-a-real-id", "x" * 65, "a'%20OR%20'1'='1", "%00"]
)
def test_unknown_or_malformed_ids_are_404(client, make_user, login, user_id):
    _, headers = _admin(make_user, login)
    for r in (
        client.get(f"{USERS}/{user_id}", headers=headers),
        client.patch(f"{USERS}/{user_id}", json={"full_name": "X"}, headers=headers),
    ):
        problem(r, 404, "not_found")


def test_list_is_paginated_in_creation_order(client, make_user, login):
    admin, headers = _admin(make_user, login)
    created = [client.post(USERS, json=_body(), headers=headers).json()["id"] for _ in range(4)]

    seen: list[str] = []
    url: str | None = f"{USERS}?limit=2"
    pages = 0
    while url:
        r = client.get(url, headers=headers)
        assert r.status_code == 200
        body = r.json()
        assert set(body) == {"items", "next_cursor", "total"} and len(body["items"]) <= 2
        assert all(set(item) == USER_KEYS for item in body["items"])
        seen += [item["id"] for item in body["items"]]
        if body["next_cursor"]:
            assert r.headers["link"].endswith('>; rel="next"') and body["next_cursor"] in r.headers["link"]
            url = f"{USERS}?limit=2&cursor={body['next_cursor']}"
        else:
            assert "link" not in r.headers
            url = None
        pages += 1
    assert seen == [admin["id"], *created]
    assert pages == 3
    assert "password" not in client.get(USERS, headers=headers).text

    assert client.get(f"{USERS}?limit=501", headers=headers).status_code == 422
    assert client.get(f"{USERS}?cursor=garbage!", headers=headers).status_code == 422


def test_list_filters(client, make_user, login, make_unit):
    admin, headers = _admin(make_user, login)
    unit = make_unit()
    officer = make_user("officer", unit_id=unit["id"])
    other_officer = make_user("officer")
    both = make_user("secretariat", "observer")
    disabled = make_user("observer", active=False)

    def ids(query: str) -> list[str]:
        r = client.get(f"{USERS}?{query}", headers=headers)
        assert r.status_code == 200, r.text
        return [u["id"] for u in r.json()["items"]]

    assert ids("role=officer") == [officer["id"], other_officer["id"]]
    assert ids("role=observer") == [both["id"], disabled["id"]]
    assert ids("role=admin") == [admin["id"]]
    assert ids(f"unit_id={unit['id']}") == [officer["id"]]
    assert ids("active=false") == [disabled["id"]]
    assert ids("role=observer&active=true") == [both["id"]]
    assert client.get(f"{USERS}?role=boss", headers=headers).status_code == 422
    assert client.get(f"{USERS}?unit_id=bad%20id", headers=headers).status_code == 422


# ---- change -------------------------------------------------------------------------------------------


def test_patch_changes_only_what_is_sent_and_honours_if_match(
    client, make_user, login, make_unit, session_factory
):
    admin, headers = _admin(make_user, login)
    unit = make_unit()
    user = make_user("observer", full_name="Old Name")
    etag = client.get(f"{USERS}/{user['id']}", headers=headers).headers["etag"]

    r = client.patch(
        f"{USERS}/{user['id']}",
        json={"full_name": "Hoàng Văn D", "roles": ["officer", "observer"], "unit_id": unit["id"]},
        headers={**headers, "If-Match": etag},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["full_name"] == "Hoàng Văn D"
    assert body["roles"] == ["officer", "observer"] and body["unit_id"] == unit["id"]
    assert body["active"] is True and body["username"] == user["username"]
    assert r.headers["etag"] != etag and r.headers["etag"] == f'"{user["id"]}.2"'

    stale = client.patch(
        f"{USERS}/{user['id']}", json={"full_name": "Lost"}, headers={**headers, "If-Match": etag}
    )
    problem(stale, 412, "precondition_failed")
    assert client.get(f"{USERS}/{user['id']}", headers=headers).json()["full_name"] == "Hoàng Văn D"

    events = audit_events(session_factory, "user.update", user["id"])
    assert len(events) == 1
    assert events[0].actor_id == admin["id"]
    assert events[0].details == {
        "full_name": "Hoàng Văn D",
        "roles": ["officer", "observer"],
        "unit_id": unit["id"],
    }

    # The new role takes effect on the user's next request, without a new login.
    me = client.get("/api/v1/auth/me", headers=login(user["username"], user["password"])).json()
    assert sorted(me["roles"]) == ["observer", "officer"] and me["unit_id"] == unit["id"]


def test_patch_enforces_the_unit_rules(client, make_user, login, make_unit):
    _, headers = _admin(make_user, login)
    observer = make_user("observer")
    officer = make_user("officer")
    url = f"{USERS}/{observer['id']}"

    assert client.patch(url, json={"roles": ["officer"]}, headers=headers).status_code == 422
    assert (
        client.patch(
            url, json={"roles": ["officer"], "unit_id": str(uuid.uuid4())}, headers=headers
        ).status_code
        == 422
    )
    assert (
        client.patch(f"{USERS}/{officer['id']}", json={"unit_id": None}, headers=headers).status_code == 422
    )
    assert client.get(url, headers=headers).json()["roles"] == ["observer"]

    unit = make_unit()
    ok = client.patch(url, json={"roles": ["officer"], "unit_id": unit["id"]}, headers=headers)
    assert ok.status_code == 200 and ok.json()["unit_id"] == unit["id"]
    detached = client.patch(url, json={"roles": ["observer"], "unit_id": None}, headers=headers)
    assert detached.status_code == 200 and detached.json()["unit_id"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"full_name": None},
        {"roles": None},
        {"active": None},
        {"password": None},
        {"password": "short"},
        {"roles": []},
        {"username": "renamed"},
        {"active": "nope"},
    ],
)
def test_invalid_patches_are_422(client, make_user, login, body):
    _, headers = _admin(make_user, login)
    user = make_user("observer")
    r = client.patch(f"{USERS}/{user['id']}", json=body, headers=headers)
    assert r.status_code == 422, r.text
    after = client.get(f"{USERS}/{user['id']}", headers=headers)
    assert after.json()["active"] is True and after.headers["etag"] == f'"{user["id"]}.1"'


def test_an_empty_patch_changes_nothing(client, make_user, login, session_factory):
    _, headers = _admin(make_user, login)
    user = make_user("observer")
    r = client.patch(f"{USERS}/{user['id']}", json={}, headers=headers)
    assert r.status_code == 200 and r.headers["etag"] == f'"{user["id"]}.1"'
    assert audit_events(session_factory, "user.update", user["id"]) == []


def test_disabling_a_user_ends_its_sessions_and_logins(client, make_user, login, token_pair, session_factory):
    admin, headers = _admin(make_user, login)
    user = make_user("officer")
    first = token_pair(user["username"], user["password"])
    second = login(user["username"], user["password"])
    first_headers = {"Authorization": f"Bearer {first['access_token']}"}
    assert client.get("/api/v1/auth/me", headers=first_headers).status_code == 200

    r = client.patch(f"{USERS}/{user['id']}", json={"active": False}, headers=headers)
    assert r.status_code == 200 and r.json()["active"] is False

    for h in (first_headers, second):
        refused = client.get("/api/v1/auth/me", headers=h)
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    assert _password_grant(client, user["username"], user["password"]).status_code == 400
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert refreshed.status_code == 401

    with session_factory() as s:
        sessions = s.scalars(select(AuthSession).where(AuthSession.user_id == user["id"])).all()
        assert len(sessions) == 2
        assert all(a.revoked_at is not None and a.revoked_reason == "user_disabled" for a in sessions)
    events = audit_events(session_factory, "user.update", user["id"])
    assert [e.details for e in events] == [{"active": False, "sessions_revoked": 2}]
    assert events[0].actor_id == admin["id"]

    # Enabled again, the user logs in afresh; the old tokens stay dead.
    assert client.patch(f"{USERS}/{user['id']}", json={"active": True}, headers=headers).status_code == 200
    assert client.get("/api/v1/auth/me", headers=second).status_code == 401
    assert client.get("/api/v1/auth/me", headers=login(user["username"], user["password"])).status_code == 200


def test_a_disabled_admin_loses_admin_access_at_once(client, make_user, login):
    _, headers = _admin(make_user, login)
    other_admin, other_headers = _admin(make_user, login)
    assert client.get(USERS, headers=other_headers).status_code == 200
    assert (
        client.patch(f"{USERS}/{other_admin['id']}", json={"active": False}, headers=headers).status_code
        == 200
    )
    assert client.get(USERS, headers=other_headers).status_code == 401


def test_a_new_password_replaces_the_old_and_ends_sessions(client, make_user, login, session_factory):
    _, headers = _admin(make_user, login)
    user = make_user("observer")
    old_headers = login(user["username"], user["password"])

    r = client.patch(f"{USERS}/{user['id']}", json={"password": "brand-new-password"}, headers=headers)
    assert r.status_code == 200
    assert "brand-new-password" not in r.text and "password" not in r.json()

    assert client.get("/api/v1/auth/me", headers=old_headers).status_code == 401
    assert _password_grant(client, user["username"], user["password"]).status_code == 400
    assert _password_grant(client, user["username"], "brand-new-password").status_code == 200

    events = audit_events(session_factory, "user.update", user["id"])
    assert [e.details for e in events] == [{"password_changed": True, "sessions_revoked": 1}]
    with session_factory() as s:
        revoked = s.scalars(select(AuthSession).where(AuthSession.revoked_reason == "password_changed")).all()
        assert [a.user_id for a in revoked] == [user["id"]]


def test_an_admin_cannot_lock_themselves_out(client, make_user, login, session_factory):
    admin, headers = _admin(make_user, login)
    url = f"{USERS}/{admin['id']}"
    etag = client.get(url, headers=headers).headers["etag"]
    for body in ({"active": False}, {"roles": ["secretariat"]}, {"roles": ["observer"], "active": False}):
        r = client.patch(url, json=body, headers=headers)
        problem(r, 409, "self_lockout")
    with session_factory() as s:
        row = s.get(User, admin["id"])
        assert row.active is True and row.roles == ["admin"]
    assert client.get(url, headers=headers).headers["etag"] == etag

    # Everything else about themselves they may change.
    ok = client.patch(url, json={"full_name": "Quản trị", "roles": ["admin", "observer"]}, headers=headers)
    assert ok.status_code == 200 and ok.json()["roles"] == ["admin", "observer"]
    assert client.get(USERS, headers=headers).status_code == 200


def test_two_admins_disabling_each_other_at_once_leave_one_admin(client, make_user, login, session_factory):
    admin_a, headers_a = _admin(make_user, login)
    admin_b, headers_b = _admin(make_user, login)
    barrier = threading.Barrier(2)
    results: dict[str, int] = {}

    def disable(name: str, headers: dict[str, str], target: str) -> None:
        barrier.wait()
        results[name] = client.patch(f"{USERS}/{target}", json={"active": False}, headers=headers).status_code

    threads = [
        threading.Thread(target=disable, args=("a", headers_a, admin_b["id"])),
        threading.Thread(target=disable, args=("b", headers_b, admin_a["id"])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(results.values()) in ([200, 401], [200, 403]), results
    with session_factory() as s:
        active = [
            u.id
            for u in s.scalars(select(User).where(User.id.in_([admin_a["id"], admin_b["id"]])))
            if u.active
        ]
    assert len(active) == 1


# ---- the first admin ----------------------------------------------------------------------------------


def _start(database_url: str, **overrides: Any) -> None:
    app = create_app(make_settings(database_url, **overrides))
    try:
        with TestClient(app):
            pass
    finally:
        app.state.engine.dispose()


def test_start_up_creates_the_configured_admin_once(database_url):
    conf = {"admin_username": "root", "admin_password": "correct horse battery"}
    _start(database_url, **conf)
    _start(database_url, **conf)  # a second process (or restart) finds the admin and adds nobody

    app = create_app(make_settings(database_url))
    with TestClient(app) as client:
        with app.state.sessionmaker() as s:
            users = s.scalars(select(User)).all()
            assert [(u.username, u.roles, u.active) for u in users] == [("root", ["admin"], True)]
            created = s.scalars(select(AuditEvent).where(AuditEvent.action == "user.create")).all()
            assert [(e.actor_type, e.object_id) for e in created] == [("system", users[0].id)]
        token = _password_grant(client, "root", "correct horse battery")
        assert token.status_code == 200
        listed = client.get(USERS, headers={"Authorization": f"Bearer {token.json()['access_token']}"})
        assert listed.status_code == 200
    app.state.engine.dispose()


def test_no_admin_is_created_without_configuration_or_when_one_exists(
    client, make_user, session_factory, settings
):
    bootstrap.ensure_admin(session_factory, client.app.state.passwords, settings)  # not configured
    with session_factory() as s:
        assert s.scalars(select(User)).all() == []

    existing = make_user("admin")
    configured = settings.model_copy(
        update={"admin_username": "root", "admin_password": "correct horse battery"}
    )
    bootstrap.ensure_admin(session_factory, client.app.state.passwords, configured)
    with session_factory() as s:
        assert [u.id for u in s.scalars(select(User))] == [existing["id"]]


def test_start_up_restores_a_disabled_configured_admin(
    client, make_user, token_pair, session_factory, settings
):
    root = make_user("observer", username="root", password="old-password-1")
    old = token_pair("root", "old-password-1")
    with session_factory() as s:
        s.get(User, root["id"]).active = False
        s.commit()

    configured = settings.model_copy(
        update={"admin_username": "root", "admin_password": "correct horse battery"}
    )
    bootstrap.ensure_admin(session_factory, client.app.state.passwords, configured)

    with session_factory() as s:
        row = s.get(User, root["id"])
        assert row.active is True and row.roles == ["observer", "admin"]
        assert s.scalars(
            select(AuthSession.revoked_reason).where(AuthSession.user_id == root["id"])
        ).all() == ["password_changed"]
        assert len(s.scalars(select(AuditEvent).where(AuditEvent.action == "user.restore_admin")).all()) == 1
    assert (
        client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {old['access_token']}"}).status_code
        == 401
    )
    assert _password_grant(client, "root", "old-password-1").status_code == 400
    assert _password_grant(client, "root", "correct horse battery").status_code == 200


def test_concurrent_start_ups_create_one_admin(client, session_factory, settings):
    configured = settings.model_copy(
        update={"admin_username": "root", "admin_password": "correct horse battery"}
    )
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def start() -> None:
        barrier.wait()
        try:
            bootstrap.ensure_admin(session_factory, client.app.state.passwords, configured)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert errors == []
    with session_factory() as s:
        assert [u.username for u in s.scalars(select(User))] == ["root"]
