"""The login throttle through HTTP, on both databases: each limit, who it locks out and for how long, the
admin unlock, and what the audit trail keeps of failed and refused attempts.

Clients come from chosen addresses (``TestClient(client=(host, port))``): the throttle counts by the
address the server sees."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from app.auth.throttle import subject_of
from app.core.audit_sealer import seal_pending
from app.models import AuditEvent, LoginThrottle, ThrottleKind

TOKEN = "/api/v1/auth/token"
STRANGER, OWNER, THIRD = "203.0.113.7", "198.51.100.20", "192.0.2.33"

From = Callable[[str], TestClient]


@pytest.fixture
def from_address(app: FastAPI, client: TestClient) -> From:
    """Clients of the same app, each seen coming from the address given (``client`` has run start-up)."""

    def make(host: str) -> TestClient:
        return TestClient(app, base_url="http://testserver", client=(host, 50000))

    return make


def _password(http: TestClient, username: str, password: str) -> Any:
    return http.post(TOKEN, data={"grant_type": "password", "username": username, "password": password})


def _secret(http: TestClient, client_id: str, secret: str) -> Any:
    data = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    return http.post(TOKEN, data=data)


def _events(session_factory: Any, action: str) -> list[AuditEvent]:
    seal_pending(session_factory)
    with session_factory() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)))


def _age_windows(session_factory: Any, seconds: int) -> None:
    """Move every counter's window ``seconds`` into the past: the clock, without waiting for it."""
    with session_factory() as s:
        s.execute(
            update(LoginThrottle).values(window_started_at=datetime.now(UTC) - timedelta(seconds=seconds))
        )
        s.commit()


# ---- who a lock holds -------------------------------------------------------------------------------------


def test_a_stranger_locks_only_his_own_address_out(from_address: From, make_user, session_factory):
    user = make_user("observer")
    stranger, owner = from_address(STRANGER), from_address(OWNER)
    assert [_password(stranger, user["username"], "guess").status_code for _ in range(6)] == [400] * 5 + [429]
    # Even the right password waits, from the stranger's address; from the owner's it works.
    assert _password(stranger, user["username"], user["password"]).status_code == 429
    assert _password(owner, user["username"], user["password"]).status_code == 200
    # The stranger's refusals never reached the username's own counter: 5 failures, not 7.
    with session_factory() as s:
        counts = dict(s.execute(select(LoginThrottle.kind, LoginThrottle.attempts)).tuples().all())
    assert counts[ThrottleKind.USER] == 5  # the owner's success took back only its own reservation
    assert counts[ThrottleKind.USER_ADDRESS] == 5  # the stranger's, still full; the owner's was cleared


@pytest.mark.parametrize("settings_overrides", [{"login_address_max_failures": 3}])
def test_one_address_fails_across_usernames_only_so_often(from_address: From, make_user):
    users = [make_user("observer") for _ in range(4)]
    stranger, owner = from_address(STRANGER), from_address(OWNER)
    answers = [_password(stranger, u["username"], "Password1").status_code for u in users[:3]]
    assert answers == [400, 400, 400]
    # Now every name is refused from that address, before any password is checked, a right one included.
    refused = _password(stranger, users[3]["username"], users[3]["password"])
    assert refused.status_code == 429
    assert 290 <= int(refused.headers["retry-after"]) <= 300
    assert _password(stranger, "no-such-user", "x").status_code == 429
    # Other addresses, and those very users, are not affected.
    assert all(_password(owner, u["username"], u["password"]).status_code == 200 for u in users)


@pytest.mark.parametrize("settings_overrides", [{"login_address_max_failures": 3}])
def test_a_flood_refused_for_its_address_leaves_no_row_per_invented_name(from_address: From, session_factory):
    stranger = from_address(STRANGER)
    answers = [_password(stranger, f"invented-{i}", "x").status_code for i in range(40)]
    assert answers == [400] * 3 + [429] * 37
    with session_factory() as s:
        rows = s.scalar(select(func.count()).select_from(LoginThrottle))
    # The address's two counters and, per name actually tried, its username+address and username counters.
    assert rows == 2 + 3 * 2


@pytest.mark.parametrize("settings_overrides", [{"login_address_max_attempts": 4}])
def test_one_address_makes_only_so_many_attempts_even_successful_ones(from_address: From, make_user):
    user = make_user("observer")
    office, elsewhere = from_address(STRANGER), from_address(OWNER)
    answers = [_password(office, user["username"], user["password"]).status_code for _ in range(5)]
    assert answers == [200] * 4 + [429]
    assert _password(elsewhere, user["username"], user["password"]).status_code == 200


@pytest.mark.parametrize(
    "settings_overrides", [{"login_user_max_failures": 3, "login_user_window_seconds": 60}]
)
def test_a_guess_spread_over_addresses_locks_the_username_for_a_short_window(
    from_address: From, make_user, session_factory
):
    user = make_user("observer")
    for host in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        assert _password(from_address(host), user["username"], "guess").status_code == 400
    owner = from_address(OWNER)
    locked = _password(owner, user["username"], user["password"])
    assert locked.status_code == 429
    assert 1 <= int(locked.headers["retry-after"]) <= 60
    # The owner's refused tries counted against nothing of the owner's: no username+address counter.
    for _ in range(10):
        assert _password(owner, user["username"], user["password"]).status_code == 429
    with session_factory() as s:
        pairs = s.scalar(
            select(func.count()).where(
                LoginThrottle.kind == ThrottleKind.USER_ADDRESS, LoginThrottle.attempts > 0
            )
        )
    assert pairs == 3  # the three guessing addresses' only
    _age_windows(session_factory, 61)  # the short window has ended; the 5-minute ones have too, here
    assert _password(owner, user["username"], user["password"]).status_code == 200


def test_a_success_clears_its_address_counter_and_takes_back_its_own_reservation(
    from_address: From, make_user, session_factory
):
    user = make_user("observer")
    owner = from_address(OWNER)
    for _ in range(4):
        assert _password(owner, user["username"], "typo").status_code == 400
    assert _password(owner, user["username"], user["password"]).status_code == 200
    # A fresh allowance of typos from that address; the username's own counter keeps the 4 failures.
    assert [_password(owner, user["username"], "typo").status_code for _ in range(5)] == [400] * 5
    with session_factory() as s:
        counts = dict(s.execute(select(LoginThrottle.kind, LoginThrottle.attempts)).tuples().all())
    assert counts[ThrottleKind.USER] == 9
    assert counts[ThrottleKind.USER_ADDRESS] == 5
    assert counts[ThrottleKind.ADDRESS_FAILURES] == 9
    assert counts[ThrottleKind.ADDRESS] == 10


def test_a_service_client_is_throttled_per_address_too(
    from_address: From, make_service_client, session_factory
):
    sc = make_service_client(["units:read"])
    stranger, home = from_address(STRANGER), from_address(OWNER)
    answers = [_secret(stranger, sc["client_id"], "guess").status_code for _ in range(6)]
    assert answers == [401] * 5 + [429]
    assert _secret(home, sc["client_id"], sc["client_secret"]).status_code == 200
    failures = [e for e in _events(session_factory, "auth.client_token") if e.outcome == "failure"]
    assert len(failures) == 5
    assert failures[0].object_id == sc["id"] and failures[0].object_type == "service_client"
    assert failures[0].details == {
        "client_id": sc["client_id"],
        "address": STRANGER,
        "reason": "wrong_secret",
    }
    assert "guess" not in json.dumps([e.details for e in failures])


def test_the_window_ends_and_with_it_the_lock(from_address: From, make_user, session_factory):
    user = make_user("observer")
    stranger = from_address(STRANGER)
    for _ in range(5):
        _password(stranger, user["username"], "guess")
    locked = _password(stranger, user["username"], user["password"])
    assert locked.status_code == 429 and 290 <= int(locked.headers["retry-after"]) <= 300
    _age_windows(session_factory, 200)
    later = _password(stranger, user["username"], user["password"])
    assert later.status_code == 429 and 90 <= int(later.headers["retry-after"]) <= 100
    _age_windows(session_factory, 300)
    assert _password(stranger, user["username"], user["password"]).status_code == 200


def test_ended_counters_are_purged_when_an_address_starts_a_window(
    from_address: From, make_user, session_factory
):
    for i in range(3):
        _password(from_address(STRANGER), f"invented-{i}", "x")
    _age_windows(session_factory, 3600)
    assert _password(from_address(OWNER), "another", "x").status_code == 400
    with session_factory() as s:
        kinds = sorted(s.scalars(select(LoginThrottle.kind)))
    # Only the new attempt's counters are left: the stranger's ended ones are gone.
    assert kinds == sorted(
        [ThrottleKind.ADDRESS, ThrottleKind.ADDRESS_FAILURES, ThrottleKind.USER_ADDRESS, ThrottleKind.USER]
    )


# ---- the admin unlock -------------------------------------------------------------------------------------


def test_an_admin_unlocks_a_user_from_every_address(
    client: TestClient, from_address: From, make_user, headers_for, session_factory
):
    user = make_user("observer")
    other = make_user("observer")
    for host in (STRANGER, OWNER):
        for _ in range(5):
            _password(from_address(host), user["username"], "guess")
        _password(from_address(host), other["username"], "guess")
    assert _password(from_address(OWNER), user["username"], user["password"]).status_code == 429
    admin = headers_for("admin")

    assert client.post(f"/api/v1/users/{user['id']}/unlock", headers=admin).status_code == 204

    assert _password(from_address(OWNER), user["username"], user["password"]).status_code == 200
    assert _password(from_address(STRANGER), user["username"], user["password"]).status_code == 200
    with session_factory() as s:
        rows = s.execute(select(LoginThrottle.subject, LoginThrottle.kind, LoginThrottle.attempts)).all()
    # The other user's counters stay, and so do the addresses'.
    assert sorted((k, n) for subject, k, n in rows if subject == subject_of(other["username"])) == [
        (ThrottleKind.USER, 2),
        (ThrottleKind.USER_ADDRESS, 1),
        (ThrottleKind.USER_ADDRESS, 1),
    ]
    failures = sorted(n for _, k, n in rows if k == ThrottleKind.ADDRESS_FAILURES)
    assert failures[-2:] == [6, 6]
    [event] = _events(session_factory, "user.unlock")
    assert (event.object_type, event.object_id, event.outcome) == ("user", user["id"], "success")
    assert event.details == {"cleared": 3}  # one username counter, two username+address counters
    assert event.actor_type == "user"


def test_only_an_admin_may_unlock(client: TestClient, make_user, headers_for, session_factory, make_unit):
    user = make_user("observer")
    for _ in range(5):
        _password(client, user["username"], "guess")
    unit = make_unit()
    for headers in (headers_for("officer", unit_id=unit["id"]), headers_for("secretariat")):
        r = client.post(f"/api/v1/users/{user['id']}/unlock", headers=headers)
        assert r.status_code == 403
    assert client.post(f"/api/v1/users/{user['id']}/unlock").status_code == 401
    assert _events(session_factory, "user.unlock") == []
    assert _password(client, user["username"], user["password"]).status_code == 429


def test_unlocking_an_unknown_user_is_404(client: TestClient, headers_for):
    admin = headers_for("admin")
    r = client.post("/api/v1/users/00000000-0000-4000-8000-000000000000/unlock", headers=admin)
    assert r.status_code == 404


# ---- the audit trail --------------------------------------------------------------------------------------


def test_a_failed_login_records_the_name_tried_and_the_address(
    from_address: From, make_user, session_factory
):
    user = make_user("observer")
    stranger = from_address(STRANGER)
    typed = "\u202eadmin\x07" + "x" * 100  # a right-to-left override, a bell, and far too long
    _password(stranger, typed, "hunter2-secret")
    _password(stranger, user["username"], "hunter2-secret")
    unknown, wrong = (e for e in _events(session_factory, "auth.login") if e.outcome == "failure")
    assert unknown.details == {
        "username": "admin" + "x" * 59,
        "address": STRANGER,
        "reason": "unknown_username",
    }
    assert unknown.object_id is None
    assert wrong.details == {"username": user["username"], "address": STRANGER, "reason": "wrong_password"}
    assert (wrong.object_type, wrong.object_id) == ("user", user["id"])
    assert "hunter2" not in json.dumps([unknown.details, wrong.details])


def test_a_disabled_user_with_the_right_password_is_audited_as_disabled(
    client: TestClient, make_user, session_factory
):
    from app.models import User

    user = make_user("observer")
    with session_factory() as s:
        s.get(User, user["id"]).active = False
        s.commit()
    assert _password(client, user["username"], user["password"]).json()["error"] == "invalid_grant"
    [event] = [e for e in _events(session_factory, "auth.login") if e.outcome == "failure"]
    assert event.details["reason"] == "disabled"


def test_refusals_are_audited_once_per_window_not_once_per_attempt(
    from_address: From, make_user, session_factory
):
    user = make_user("observer")
    stranger = from_address(STRANGER)
    answers = [_password(stranger, user["username"], "guess").status_code for _ in range(30)]
    assert answers == [400] * 5 + [429] * 25
    [event] = _events(session_factory, "auth.login_throttled")
    assert event.outcome == "failure" and event.actor_type == "system"
    assert event.details == {
        "username": user["username"],
        "address": STRANGER,
        "grant": "auth.login",
        "kind": "user_address",
        "limit": 5,
        "window_seconds": 300,
        "retry_after": event.details["retry_after"],
    }
    assert 1 <= event.details["retry_after"] <= 300
    assert len([e for e in _events(session_factory, "auth.login") if e.outcome == "failure"]) == 5
    with session_factory() as s:
        pair = s.scalars(select(LoginThrottle).where(LoginThrottle.kind == ThrottleKind.USER_ADDRESS)).one()
    assert (pair.attempts, pair.refusals) == (5, 25)
    # A new window: its first refusal is audited again.
    _age_windows(session_factory, 301)
    for _ in range(6):
        _password(stranger, user["username"], "guess")
    assert len(_events(session_factory, "auth.login_throttled")) == 2


def test_a_successful_login_records_the_address(from_address: From, make_user, session_factory):
    user = make_user("observer")
    assert _password(from_address(OWNER), user["username"], user["password"]).status_code == 200
    [event] = _events(session_factory, "auth.login")
    assert (event.outcome, event.object_id, event.details) == ("success", user["id"], {"address": OWNER})
