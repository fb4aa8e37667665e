"""Webhook delivery tests' helpers: endpoints and events written straight to a test's database, the worker
run in the test's process (``Hooks.worker()``) or as ``thidua worker`` processes (``WorkerProcess``). The
retry schedule is short (tenths of a second) so the tests are quick."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.core.config import Settings
from app.events.outbox import emit
from app.events.payloads import UnitCreated
from app.models import Scope, ServiceClient, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.models.base import new_id
from app.webhooks import secrets, signing
from app.webhooks.worker import Options, Worker
from tests.support.live import ROOT

SCHEDULE = [0.2, 0.4, 0.8]  # 4 attempts in ~1.4 s
TIMEOUT = 1.0


class Hooks:
    """Endpoints, events and workers on this test's database."""

    def __init__(self, settings: Settings, factory: Any) -> None:
        self.settings = settings
        self.factory = factory
        self.workers: list[Worker] = []

    def endpoint(
        self,
        url: str,
        *,
        types: list[str] | None = None,
        scopes: list[str] | None = None,
        unit_id: str | None = None,
        start_seq: int = 0,
        **fields: Any,
    ) -> tuple[str, str]:
        """An active endpoint owned by a new service client; (endpoint id, its secret)."""
        secret = signing.new_secret()
        with self.factory() as s:
            client = ServiceClient(
                id=new_id(),
                name="receiver",
                client_id=f"tdc_{new_id()[:12]}",
                secret_hash="-",
                scopes=scopes if scopes is not None else [Scope.UNITS_READ],
                unit_id=unit_id,
            )
            s.add(client)
            s.flush()
            values: dict[str, Any] = {
                "client_id": client.id,
                "url": url,
                "event_types": types if types is not None else ["unit.created"],
                "secret_encrypted": secrets.encrypt(secret, master=self.settings.jwt_secret),
                "start_seq": start_seq,
                **fields,
            }
            endpoint = WebhookEndpoint(**values)
            s.add(endpoint)
            s.commit()
            return endpoint.id, secret

    def emit(self, n: int = 1, *, prefix: str = "U") -> list[str]:
        """``n`` unit.created events, committed; their public ids (the webhook-ids)."""
        with self.factory() as s:
            events = [
                emit(
                    s,
                    UnitCreated(
                        id=new_id(), code=f"{prefix}{i}", name=f"Đơn vị {i}", kind="department", active=True
                    ),
                    object_id=new_id(),
                    object_version=1,
                )
                for i in range(n)
            ]
            s.commit()
            return [e.public_id for e in events]

    def worker(self, guard: Any = None, **options: Any) -> Worker:
        w = Worker(
            self.settings, self.factory, options=Options(**{"poll_seconds": 0.05, **options}), guard=guard
        )
        self.workers.append(w)
        return w

    def run_until(
        self, done: Callable[[], bool], *, timeout: float = 30, worker: Worker | None = None
    ) -> int:
        """Run passes until ``done()``; the number of passes. (On PostgreSQL a pass may seal nothing yet: the
        sealer waits for every older transaction of the cluster, another test's included, to end.)"""
        w = worker or self.worker()
        deadline = time.monotonic() + timeout
        passes = 0
        while not done():
            assert time.monotonic() < deadline, f"not done after {passes} passes"
            report = w.run_pass()
            assert report.errors == [], report.errors
            passes += 1
            time.sleep(0.05)
        return passes

    # ---- reading back -----------------------------------------------------------------------------------

    def deliveries(self, endpoint_id: str | None = None) -> list[WebhookDelivery]:
        with self.factory() as s:
            q = select(WebhookDelivery).order_by(WebhookDelivery.created_at, WebhookDelivery.id)
            if endpoint_id is not None:
                q = q.where(WebhookDelivery.endpoint_id == endpoint_id)
            return list(s.scalars(q))

    def attempts(self, delivery_id: str | None = None) -> list[WebhookAttempt]:
        with self.factory() as s:
            q = select(WebhookAttempt).order_by(WebhookAttempt.at)
            if delivery_id is not None:
                q = q.where(WebhookAttempt.delivery_id == delivery_id)
            return list(s.scalars(q))

    def endpoint_row(self, endpoint_id: str) -> WebhookEndpoint:
        with self.factory() as s:
            row = s.get(WebhookEndpoint, endpoint_id)
            assert row is not None
            return row

    def count(self, status: str) -> int:
        with self.factory() as s:
            return int(s.scalar(select(func.count()).where(WebhookDelivery.status == status)) or 0)

    def close(self) -> None:
        for w in self.workers:
            w.close()


class WorkerProcess:
    def __init__(self, proc: subprocess.Popen[bytes], log_path: Path) -> None:
        self.proc = proc
        self.log_path = log_path

    def kill(self) -> None:
        """SIGKILL: no shutdown, no cleanup, like a power cut for the process."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self, timeout: float = 15) -> int:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                return self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.proc.returncode

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def worker_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    env.update(
        THIDUA_DATABASE_URL=settings.database_url,
        THIDUA_JWT_SECRET=settings.jwt_secret,
        THIDUA_LOG_LEVEL="INFO",
        THIDUA_WEBHOOK_ALLOW_PRIVATE="true",
        THIDUA_WEBHOOK_REQUIRE_HTTPS="false",
        THIDUA_WEBHOOK_TIMEOUT_SECONDS=str(settings.webhook_timeout_seconds),
        THIDUA_WEBHOOK_RETRY_SCHEDULE=",".join(str(s) for s in settings.webhook_retry_schedule),
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


# The command as the operator runs it (`thidua worker ...`).
COMMAND = "from app.cli import main; main()"
