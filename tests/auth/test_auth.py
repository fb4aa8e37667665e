"""Auth flows and every rejection, through HTTP, on both databases."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jose import jwt
from sqlalchemy import select

from app.core.audit_sealer import seal_pending
from app.core.security import PasswordService
from app.main import create_app
from app.models import AuditEvent, AuthSession
from tests.support.problems import problem
from tests.support.settings import TEST_SECRET

TOKEN = "/api/v1/auth/token"


def _password(client: TestClient, username: str, password: str) -> Any:
    return client.post(TOKEN, data={"grant_type": "password", "username": username, "password": password})


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_password_grant_issues_a_pair_and_me_describes_the_user(client, make_user, make_unit):
    unit = make_unit()
    user = make_user("officer", unit_id=unit["id"], full_name="Nguyễn Văn A")
    r = _password(client, user["username"], user["password"])
    assert r.status_code == 200
    assert r.headers["cache-control"] == "no-store"
    body = r.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "refresh_token"}
    assert body["token_type"] == "bearer" and body["expires_in"] == 30 * 60
    claims = jwt.get_unverified_claims(body["access_token"])
    assert {"sub", "exp", "iat", "jti", "iss", "aud", "roles", "unit_id", "scope"} <= set(claims)
    assert claims["sub"] == user["id"] and claims["roles"] == ["officer"] and claims["unit_id"] == unit["id"]

    me = client.get("/api/v1/auth/me", headers=_bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.json() == {
        "id": user["id"],
        "kind": "user",
        "username": user["username"],
        "full_name": "Nguyễn Văn A",
        "roles": ["officer"],
        "unit_id": unit["id"],
        "unit_code": unit["code"],
        "unit_name": unit["name"],
        "scopes": [],
        "memberships": [],
    }


def test_unknown_user_and_wrong_password_are_indistinguishable(client, make_user, monkeypatch):
    user = make_user("observer")
    calls: list[bool] = []
    original = PasswordService.verify

    def counting_verify(self: PasswordService, password_hash: str | None, password: str) -> bool:
        calls.append(password_hash is None)
        return original(self, password_hash, password)

    monkeypatch.setattr(PasswordService, "verify", counting_verify)
    wrong = _password(client, user["username"], "not-the-password")
    unknown = _password(client, "nobody-by-that-name", "not-the-password")
    assert wrong.status_code == unknown.status_code == 400
    assert (
        wrong.json()
        == unknown.json()
        == {"error": "invalid_grant", "error_description": "The username or password is incorrect."}
    )
    # Same work on both paths: exactly one argon2 verification each (the unknown user's against a dummy hash).
    assert calls == [False, True]


def test_disabled_user_cannot_log_in_and_its_tokens_stop(client, make_user, session_factory):
    from app.models import User

    user = make_user("observer")
    headers = _bearer(_password(client, user["username"], user["password"]).json()["access_token"])
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
    with session_factory() as s:
        s.get(User, user["id"]).active = False
        s.commit()
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401
    assert _password(client, user["username"], user["password"]).json()["error"] == "invalid_grant"


@pytest.mark.parametrize(
    "form, error",
    [
        ({}, "invalid_request"),
        ({"grant_type": "password", "username": "x"}, "invalid_request"),
        ({"grant_type": "implicit"}, "unsupported_grant_type"),
        ({"grant_type": "refresh_token"}, "invalid_request"),
        ({"grant_type": "refresh_token", "refresh_token": "made-up"}, "invalid_grant"),
    ],
)
def test_token_endpoint_rejections_use_rfc6749_errors(client, form, error):
    r = client.post(TOKEN, data=form)
    assert r.status_code == 400
    assert r.json()["error"] == error


def test_repeated_failures_are_throttled_with_retry_after(client, make_user, session_factory):
    user = make_user("observer")
    for _ in range(5):
        assert _password(client, user["username"], "wrong-password").status_code == 400
    locked = _password(client, user["username"], user["password"])  # even the right password now waits
    assert locked.status_code == 429
    assert 1 <= int(locked.headers["retry-after"]) <= 300
    assert locked.json()["code"] == "too_many_requests"
    # Another username is not affected.
    other = make_user("observer")
    assert _password(client, other["username"], other["password"]).status_code == 200
    # Failures are audited without the password.
    with session_factory() as s:
        failures = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "auth.login", AuditEvent.outcome == "failure")
        ).all()
    assert len(failures) == 5
    assert all("wrong-password" not in json.dumps(ev.details) for ev in failures)


def test_unknown_usernames_are_throttled_like_known_ones(client):
    answers = [_password(client, "ghost", "x").status_code for _ in range(6)]
    assert answers == [400] * 5 + [429]


def test_throttle_window_expires(client, make_user, session_factory):
    from app.models import LoginThrottle

    user = make_user("observer")
    for _ in range(5):
        _password(client, user["username"], "bad")
    assert _password(client, user["username"], user["password"]).status_code == 429
    with session_factory() as s:
        for row in s.scalars(select(LoginThrottle)):
            row.window_started_at = datetime.now(UTC) - timedelta(seconds=301)
        s.commit()
    assert _password(client, user["username"], user["password"]).status_code == 200


# ---- access token validation ----------------------------------------------------------------------------


def _claims(user_id: str, **overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    claims = {
        "sub": user_id,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
        "jti": "j" * 32,
        "iss": "thidua",
        "aud": "thidua-api",
        "roles": ["observer"],
        "unit_id": None,
        "scope": "",
        "kind": "user",
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not ...}


def _unsigned(claims: dict[str, Any]) -> str:
    def b64(obj: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."


@pytest.mark.parametrize(
    "case",
    [
        "expired",
        "issued_in_the_future",
        "not_before_the_future",
        "wrong_audience",
        "wrong_issuer",
        "alg_none",
        "other_key",
        "missing_jti",
        "missing_exp",
        "missing_aud",
        "hs512_with_same_key",
        "garbage",
        "not_bearer",
        "no_header",
    ],
)
def test_bad_access_tokens_are_401_with_www_authenticate(client, make_user, token_pair, case):
    user = make_user("observer")
    sid = jwt.get_unverified_claims(token_pair(user["username"], user["password"])["access_token"])["sid"]
    base = _claims(user["id"], sid=sid)
    headers: dict[str, str]
    if case == "expired":
        past = datetime.now(UTC) - timedelta(hours=1)
        token = jwt.encode(
            {**base, "iat": int(past.timestamp()), "exp": int(past.timestamp()) + 60}, TEST_SECRET
        )
    elif case == "issued_in_the_future":
        future = datetime.now(UTC) + timedelta(minutes=5)
        token = jwt.encode({**base, "iat": int(future.timestamp())}, TEST_SECRET)
    elif case == "not_before_the_future":
        future = datetime.now(UTC) + timedelta(minutes=5)
        token = jwt.encode({**base, "nbf": int(future.timestamp())}, TEST_SECRET)
    elif case == "wrong_audience":
        token = jwt.encode({**base, "aud": "another-api"}, TEST_SECRET)
    elif case == "wrong_issuer":
        token = jwt.encode({**base, "iss": "someone-else"}, TEST_SECRET)
    elif case == "alg_none":
        token = _unsigned(base)
    elif case == "other_key":
        token = jwt.encode(base, "a-completely-different-key-of-good-length-0123456789")
    elif case == "missing_jti":
        token = jwt.encode(_claims(user["id"], sid=sid, jti=...), TEST_SECRET)
    elif case == "missing_exp":
        token = jwt.encode(_claims(user["id"], sid=sid, exp=...), TEST_SECRET)
    elif case == "missing_aud":
        token = jwt.encode(_claims(user["id"], sid=sid, aud=...), TEST_SECRET)
    elif case == "hs512_with_same_key":
        token = jwt.encode(base, TEST_SECRET, algorithm="HS512")
    elif case == "garbage":
        token = "not.a.jwt"
    if case == "not_bearer":
        headers = {"Authorization": "Basic dXNlcjpwYXNz"}
    elif case == "no_header":
        headers = {}
    else:
        headers = _bearer(token)
    # The control: the same claims, properly signed, are accepted.
    assert client.get("/api/v1/auth/me", headers=_bearer(jwt.encode(base, TEST_SECRET))).status_code == 200
    r = client.get("/api/v1/auth/me", headers=headers)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "not_authenticated"


# ---- refresh rotation and logout ------------------------------------------------------------------------


def test_refresh_rotates_and_reuse_revokes_the_family(client, make_user, token_pair):
    user = make_user("observer")
    first = token_pair(user["username"], user["password"])
    second = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    second = second.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert client.get("/api/v1/auth/me", headers=_bearer(second["access_token"])).status_code == 200

    # The spent token is presented again: the whole family is revoked.
    reuse = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    problem(reuse, 401, "invalid_grant")
    assert (
        client.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}).status_code
        == 401
    )
    assert client.get("/api/v1/auth/me", headers=_bearer(second["access_token"])).status_code == 401
    assert client.get("/api/v1/auth/me", headers=_bearer(first["access_token"])).status_code == 401


def test_refresh_via_token_endpoint(client, make_user, token_pair):
    user = make_user("observer")
    first = token_pair(user["username"], user["password"])
    r = client.post(TOKEN, data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert r.status_code == 200 and set(r.json()) == {
        "access_token",
        "token_type",
        "expires_in",
        "refresh_token",
    }
    again = client.post(TOKEN, data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def test_refresh_rejects_unknown_fields_and_expired_sessions(client, make_user, token_pair, session_factory):
    user = make_user("observer")
    pair = token_pair(user["username"], user["password"])
    bad = client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"], "extra": 1})
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"
    with session_factory() as s:
        for row in s.scalars(select(AuthSession)):
            row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        s.commit()
    assert (
        client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}).status_code == 401
    )


def test_logout_ends_this_login_only(client, make_user, token_pair):
    user = make_user("observer")
    a = token_pair(user["username"], user["password"])
    b = token_pair(user["username"], user["password"])
    assert client.post("/api/v1/auth/logout", headers=_bearer(a["access_token"])).status_code == 204
    assert client.get("/api/v1/auth/me", headers=_bearer(a["access_token"])).status_code == 401
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": a["refresh_token"]}).status_code == 401
    assert client.get("/api/v1/auth/me", headers=_bearer(b["access_token"])).status_code == 200
    assert client.post("/api/v1/auth/logout").status_code == 401


def test_logout_on_one_app_instance_is_seen_by_another(client, settings, make_user, token_pair):
    """Two app instances share only the database: revocation must live there, not in memory."""
    user = make_user("observer")
    pair = token_pair(user["username"], user["password"])
    other = create_app(settings)
    try:
        with TestClient(other) as second:
            assert second.get("/api/v1/auth/me", headers=_bearer(pair["access_token"])).status_code == 200
            assert (
                second.post("/api/v1/auth/logout", headers=_bearer(pair["access_token"])).status_code == 204
            )
        assert client.get("/api/v1/auth/me", headers=_bearer(pair["access_token"])).status_code == 401
    finally:
        other.state.engine.dispose()


def test_login_and_logout_are_audited(client, make_user, token_pair, session_factory):
    user = make_user("observer")
    pair = token_pair(user["username"], user["password"])
    client.post("/api/v1/auth/logout", headers=_bearer(pair["access_token"]))
    seal_pending(session_factory)
    with session_factory() as s:
        actions = [
            (e.action, e.actor_id, e.outcome) for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))
        ]
    assert actions == [("auth.login", user["id"], "success"), ("auth.logout", user["id"], "success")]


# ---- service clients --------------------------------------------------------------------------------------


def test_client_credentials_grant(client, make_service_client, make_unit):
    unit = make_unit()
    sc = make_service_client(["reports:write", "units:read"], unit_id=unit["id"])
    r = client.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": sc["client_id"],
            "client_secret": sc["client_secret"],
        },
    )
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    me = client.get("/api/v1/auth/me", headers=_bearer(body["access_token"])).json()
    assert (
        me["kind"] == "client"
        and me["scopes"] == ["reports:write", "units:read"]
        and me["unit_id"] == unit["id"]
    )
    assert me["roles"] == []

    wrong = client.post(
        TOKEN,
        data={"grant_type": "client_credentials", "client_id": sc["client_id"], "client_secret": "wrong"},
    )
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    assert "www-authenticate" in wrong.headers
    unknown = client.post(
        TOKEN, data={"grant_type": "client_credentials", "client_id": "tdc_nobody", "client_secret": "wrong"}
    )
    assert unknown.status_code == 401 and unknown.json() == wrong.json()

    assert client.post("/api/v1/auth/logout", headers=_bearer(body["access_token"])).status_code == 204
    assert client.get("/api/v1/auth/me", headers=_bearer(body["access_token"])).status_code == 401


def test_401_without_token_and_403_for_the_wrong_role(client, headers_for):
    assert client.get("/api/v1/users").status_code == 401
    r = client.get("/api/v1/users", headers=headers_for("observer"))
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert client.get("/api/v1/users", headers=headers_for("admin")).status_code == 200


def test_logging_in_does_not_change_the_users_etag(client, make_user, admin_headers):
    user = make_user("observer")
    before = client.get(f"/api/v1/users/{user['id']}", headers=admin_headers)
    _password(client, user["username"], user["password"])
    after = client.get(f"/api/v1/users/{user['id']}", headers=admin_headers)
    assert after.headers["etag"] == before.headers["etag"]
    assert after.json()["last_login_at"] is not None
