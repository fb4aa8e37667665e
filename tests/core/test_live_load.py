"""Many simultaneous requests on one server process: none may starve waiting for a connection."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

pytestmark = pytest.mark.live

REQUESTS = 120  # well over the pool (20 connections) and the worker threads (40)


def test_a_burst_of_requests_on_one_worker_all_succeed(live_server, make_user):
    user = make_user("observer")
    server = live_server(workers=1)
    token = httpx.post(
        f"{server.url}/api/v1/auth/token",
        data={"grant_type": "password", "username": user["username"], "password": user["password"]},
        timeout=30,
    ).json()["access_token"]
    start = threading.Barrier(REQUESTS, timeout=30)

    def one(_: int) -> int:
        with httpx.Client(timeout=60) as http:
            start.wait()
            return http.get(
                f"{server.url}/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}
            ).status_code

    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        statuses = list(pool.map(one, range(REQUESTS)))
    assert statuses == [200] * REQUESTS, server.log()[-3000:]
