"""The login throttle across two real worker processes sharing one database (SQLite: one file; PostgreSQL).

The observable for "reached the password check" is the audit trail: an attempt whose password was checked
and found wrong leaves an ``auth.login`` failure with reason ``wrong_password``, written after argon2 ran;
a refused attempt never gets that far."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from app.models import AuditEvent, LoginThrottle, ThrottleKind

pytestmark = pytest.mark.live

PARALLEL = 50
LIMIT = 5


def _password(http: httpx.Client, url: str, user: dict[str, Any], password: str) -> httpx.Response:
    data = {"grant_type": "password", "username": user["username"], "password": password}
    return http.post(f"{url}/api/v1/auth/token", data=data)


def test_parallel_wrong_passwords_over_two_processes_reach_the_check_only_up_to_the_limit(
    live_server, make_user, session_factory
):
    user = make_user("observer")
    server = live_server(workers=2, THIDUA_LOGIN_MAX_FAILURES=str(LIMIT))
    barrier = threading.Barrier(PARALLEL)
    limits = httpx.Limits(max_connections=PARALLEL, max_keepalive_connections=PARALLEL)
    with httpx.Client(timeout=60, limits=limits) as http:  # from 127.0.0.1

        def guess(i: int) -> int:
            barrier.wait(timeout=30)
            return _password(http, server.url, user, f"wrong-{i}").status_code

        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            statuses = list(pool.map(guess, range(PARALLEL)))
        # From the attacker's address even the right password now waits.
        assert _password(http, server.url, user, user["password"]).status_code == 429

    assert sorted(statuses) == [400] * LIMIT + [429] * (PARALLEL - LIMIT)
    with session_factory() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action.like("auth.login%"))).all()
        pair = s.scalars(select(LoginThrottle).where(LoginThrottle.kind == ThrottleKind.USER_ADDRESS)).one()
    checked = [e for e in events if e.action == "auth.login" and e.details.get("reason") == "wrong_password"]
    assert len(checked) == LIMIT
    assert {e.details["address"] for e in checked} == {"127.0.0.1"}
    # Every refusal counted, one audited.
    assert (pair.attempts, pair.refusals) == (LIMIT, PARALLEL - LIMIT + 1)
    assert len([e for e in events if e.action == "auth.login_throttled"]) == 1

    # The owner, from another address, logs in; a forwarded-for header from a peer uvicorn does not trust
    # (only 127.0.0.1 is trusted by default) changes nothing: the address counted is the peer's.
    owner = httpx.Client(timeout=30, transport=httpx.HTTPTransport(local_address="127.0.0.2"))
    with owner:
        ok = owner.post(
            f"{server.url}/api/v1/auth/token",
            data={"grant_type": "password", "username": user["username"], "password": user["password"]},
            headers={"X-Forwarded-For": "127.0.0.1"},
        )
    assert ok.status_code == 200, ok.text
    with session_factory() as s:
        success = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "auth.login", AuditEvent.outcome == "success")
        ).one()
    assert success.details == {"address": "127.0.0.2"}
