"""Decision numbers under concurrent issuers, against real server processes: 30 award decisions of one
register issued all at once take the numbers 1..30, each once, with no gap — two uvicorn processes on
PostgreSQL (the register's row lock queues them), one on SQLite (the write lock does). Each decision is a
real one: a proposal in `signing` with an approved item, its award created and decided by the issue. Five
more, issued among them, fail after taking a number (their unit already holds the flag: 409
`award_exists`): each gives its number back, so the 30 still have 1..30."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from app.models import Award
from app.models.decision import Decision, DecisionRegister
from tests.support import decisions as data
from tests.support import history
from tests.support.builders import Builders

pytestmark = pytest.mark.live

N = 30
FAILING = 5
TIMEOUT = 120.0


def _login(http: httpx.Client, user: dict[str, Any]) -> dict[str, str]:
    r = http.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": user["username"], "password": user["password"]},
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_thirty_concurrent_issues_take_one_number_each_without_gap(
    backend: str, live_server: Callable[..., Any], build: Builders, session_factory: Any
) -> None:
    register_id = data.register(session_factory)
    units = [build.unit()["id"] for _ in range(N + FAILING)]
    for unit in units[N:]:
        history.award(session_factory, code=data.MINISTRY_FLAG, year=2016, unit_id=unit)
    proposals = [data.proposal(session_factory, unit_ids=[u]).id for u in units]
    secretariat = build.user("secretariat")
    servers = [live_server()] if backend == "sqlite" else [live_server(), live_server()]
    limits = httpx.Limits(max_connections=N + 10, max_keepalive_connections=N + 10)
    clients = [httpx.Client(base_url=s.url, timeout=TIMEOUT, limits=limits) for s in servers]
    try:
        headers = _login(clients[0], secretariat)
        drafts = []
        for i, proposal_id in enumerate(proposals):
            r = clients[i % len(clients)].post(
                "/api/v1/decisions",
                json={"kind": "award", "proposal_id": proposal_id, "decision_date": "2017-01-15"},
                headers=headers,
            )
            assert r.status_code == 201, r.text
            drafts.append(r.json()["id"])
        barrier = threading.Barrier(N + FAILING)

        def issue(i: int) -> httpx.Response:
            barrier.wait(timeout=60)
            http = clients[i % len(clients)]
            return http.post(f"/api/v1/decisions/{drafts[i]}/issue", headers=headers)

        with ThreadPoolExecutor(max_workers=N + FAILING) as pool:
            played = list(pool.map(issue, range(N + FAILING), timeout=TIMEOUT * 2))
    finally:
        for c in clients:
            c.close()
    logs = "\n".join(s.log()[-2000:] for s in servers)
    responses, failed = played[:N], played[N:]
    assert [(r.status_code, r.json().get("code")) for r in failed] == [(409, "award_exists")] * FAILING
    assert [r.status_code for r in responses] == [200] * N, (
        [r.text for r in responses if r.status_code != 200],
        logs,
    )
    numbers = sorted(r.json()["number"] for r in responses)
    assert numbers == list(range(1, N + 1))
    assert sorted(r.json()["number_text"] for r in responses) == sorted(
        f"{n}/QĐ-BKHCN" for n in range(1, N + 1)
    )
    certificates = sorted(int(r.json()["recipients"][0]["certificate_number"]) for r in responses)
    assert certificates == list(range(1, N + 1))
    with session_factory() as s:
        register = s.get(DecisionRegister, register_id)
        assert register is not None and (register.last_number, register.last_certificate) == (N, N)
        stored = s.scalars(select(Decision.number).where(Decision.register_id == register_id)).all()
        assert sorted(n for n in stored if n is not None) == list(range(1, N + 1))
        decided = s.scalars(
            select(Award.decision_number).where(Award.status == "decided", Award.unit_id.in_(units[:N]))
        ).all()
        assert sorted(decided) == sorted(f"{n}/QĐ-BKHCN" for n in range(1, N + 1))
