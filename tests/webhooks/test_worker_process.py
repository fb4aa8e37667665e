"""``thidua worker`` as the operator runs it: processes killed with SIGKILL mid-delivery lose no event,
several on PostgreSQL share the work without delivering anything twice, one only on SQLite, SIGTERM
stops one cleanly."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from app.models import Event, WebhookAttempt, WebhookDelivery
from app.webhooks import signing
from app.webhooks.delivery import INTERRUPTED
from tests.support.delivery import COMMAND, Hooks, WorkerProcess, worker_env
from tests.support.live import ROOT
from tests.support.receiver import Receiver

pytestmark = pytest.mark.live

StartWorker = Callable[..., WorkerProcess]


def _wait(condition: Callable[[], bool], timeout: float, what: str, logs: Callable[[], str] = str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s\n{logs()[-3000:]}")
        time.sleep(0.1)


def test_a_worker_killed_mid_delivery_loses_no_event_and_duplicates_keep_their_id(
    hooks: Hooks, recv: Receiver, worker_process: StartWorker
) -> None:
    _, secret = hooks.endpoint(recv.url())
    ids = hooks.emit(6)
    recv.slow(60)  # the receiver holds every request: the worker is mid-delivery
    first = worker_process("--threads", "2")
    _wait(lambda: len(recv.requests) == 2, 60, "two deliveries in flight", first.log)
    in_flight = set(recv.ids())
    first.kill()  # SIGKILL while it waits for the receiver's answers
    assert first.proc.returncode == -9
    recv.ok()  # the receiver answers again (the killed worker never hears it)

    second = worker_process("--threads", "2")
    _wait(lambda: hooks.count("succeeded") == 6, 60, "every delivery succeeded", second.log)

    received = recv.ids()
    assert set(received) == set(ids)  # none lost
    duplicated = {i for i, n in received.items() if n > 1}
    assert duplicated == in_flight  # only the two the killed worker held, each resent once
    assert all(received[i] == 2 for i in in_flight)
    bodies: dict[str, set[bytes]] = {}
    for r in recv.requests:
        signing.verify(secret, r.headers, r.body, now=int(time.time()))
        bodies.setdefault(r.webhook_id, set()).add(r.body)
    assert all(len(b) == 1 for b in bodies.values())  # a duplicate is the same message, byte for byte
    assert all(d.attempts == 1 for d in hooks.deliveries())  # an interrupted attempt is not counted...
    with hooks.factory() as s:  # ...but the delivery log says why a duplicate may have arrived
        rows = s.execute(
            select(Event.public_id, WebhookAttempt.status_code, WebhookAttempt.error)
            .join(WebhookDelivery, WebhookDelivery.id == WebhookAttempt.delivery_id)
            .join(Event, Event.id == WebhookDelivery.event_id)
            .order_by(WebhookAttempt.at)
        ).tuples()
        log: dict[str, list[tuple[int | None, str | None]]] = {}
        for public_id, status_code, error in rows:
            log.setdefault(public_id, []).append((status_code, error))
    assert {i: log[i] for i in in_flight} == {i: [(None, INTERRUPTED), (200, None)] for i in in_flight}
    assert all(log[i] == [(200, None)] for i in set(ids) - in_flight)
    assert second.stop() == 0


def test_sigterm_stops_a_worker_cleanly_and_its_log_holds_no_secret_body_or_url(
    hooks: Hooks, recv: Receiver, worker_process: StartWorker
) -> None:
    _, secret = hooks.endpoint(recv.url("/hook?token=receiver-token-42"))
    ids = hooks.emit(2, prefix="LOGCHECK")
    recv.fail(500)
    w = worker_process()
    _wait(lambda: len(recv.requests) >= 2, 60, "attempted", w.log)
    recv.ok()
    _wait(lambda: hooks.count("succeeded") == 2, 60, "delivered", w.log)
    assert w.stop() == 0
    log = w.log()
    assert "webhook worker stopped" in log
    assert set(recv.ids()) == set(ids)
    assert log.count('"webhook delivery attempt"') >= 4  # the attempts are logged...
    for private in (secret, secret.removeprefix("whsec_"), "receiver-token-42", "LOGCHECK", "/hook"):
        assert private not in log  # ...without the secret, the body or the target URL
    for r in recv.requests:
        assert r.headers["webhook-signature"] not in log


def test_worker_once_runs_one_pass_and_says_what_it_did(hooks: Hooks, recv: Receiver, settings: Any) -> None:
    hooks.endpoint(recv.url())
    ids = hooks.emit(3)
    deadline = time.monotonic() + 60
    while hooks.count("succeeded") < 3:  # PostgreSQL: a pass may find the events not yet sealable
        assert time.monotonic() < deadline
        done = subprocess.run(
            [sys.executable, "-c", COMMAND, "worker", "--once"],
            cwd=ROOT,
            env=worker_env(settings, THIDUA_LOG_LEVEL="WARNING", LANG="C.UTF-8", LANGUAGE=""),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert re.fullmatch(
            r"worker: \d+ events sealed, \d+ fanned out, \d+ delivery attempts \(\d+ succeeded\), "
            r"0 old events pruned\n",
            done.stdout,
        ), done.stdout
    assert "3 delivery attempts (3 succeeded)" in done.stdout
    assert recv.ids() == dict.fromkeys(ids, 1)


def test_a_second_worker_on_sqlite_is_refused(
    backend: str, settings: Any, worker_process: StartWorker, recv: Receiver
) -> None:
    if backend != "sqlite":
        pytest.skip("PostgreSQL runs several workers (the next test)")
    first = worker_process()
    _wait(lambda: "webhook worker started" in first.log(), 60, "the first worker started", first.log)
    second = subprocess.run(
        [sys.executable, "-c", COMMAND, "worker", "--once"],
        cwd=ROOT,
        env=worker_env(settings, LANG="C.UTF-8", LANGUAGE=""),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert second.returncode == 1
    assert "another worker already serves this SQLite database" in second.stderr
    assert f"held by process {first.proc.pid}" in second.stderr
    assert first.proc.poll() is None  # the first one carries on
    first.kill()  # and a crashed worker does not block the next one
    again = worker_process()
    _wait(lambda: "webhook worker started" in again.log(), 60, "a worker after the crash", again.log)


def test_several_workers_on_postgresql_deliver_each_event_once(
    backend: str, hooks: Hooks, recv: Receiver, worker_process: StartWorker
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite runs one worker (the previous test)")
    hooks.endpoint(recv.url())
    hooks.endpoint(recv.url("/second"))
    workers = [worker_process("--threads", "3") for _ in range(3)]
    ids: list[str] = []
    for batch in range(10):  # events keep coming while the workers run
        ids += hooks.emit(20, prefix=f"B{batch}-")
        time.sleep(0.1)
    _wait(lambda: hooks.count("succeeded") == 400, 120, "400 deliveries", lambda: workers[0].log())

    by_path: dict[str, list[str]] = {}
    for r in recv.requests:
        by_path.setdefault(r.path, []).append(r.webhook_id)
    for path in ("/hook", "/second"):
        assert sorted(by_path[path]) == sorted(ids)  # each event exactly once per endpoint: no duplicate
    assert len(recv.requests) == 400
    shares = [w.log().count('"webhook delivery attempt"') for w in workers]
    print(f"deliveries per worker: {shares}")
    assert sum(shares) == 400
    assert sum(1 for n in shares if n > 0) >= 2, shares  # the work was shared
    for w in workers:
        assert w.stop() == 0
        assert '"level": "error"' not in w.log()
