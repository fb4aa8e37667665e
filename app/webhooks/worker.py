"""``thidua worker``: the loop that takes events from the outbox to the webhooks.

Each pass: seal (give committed events their feed position), fan out (make the deliveries), deliver what
is due (a few at a time, in threads; each send happens outside any transaction), now and then prune old
events, then sleep. Every step is its own short transaction, so a worker killed at any point leaves the
database consistent: what it had not committed is done again by the next pass (or the next worker).

Several workers may run against PostgreSQL: sealing and fan-out take turns (an advisory lock, a locked
mark), deliveries are claimed with SKIP LOCKED. SQLite allows one writer at a time anyway, and one worker:
a second is refused (a lock file beside the database) rather than left to fight for the write lock.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

import httpx
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.core.config import Settings
from app.core.db import session_scope
from app.events.sealer import seal_pending
from app.models.base import utcnow
from app.webhooks import delivery, fanout, prune
from app.webhooks.target import Guard, default_guard

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Options:
    poll_seconds: float = 1.0
    threads: int = 4  # deliveries in flight at once
    prune_every_seconds: float = 600.0


@dataclass
class PassReport:
    sealed: int = 0
    fanned_out: int = 0  # events
    attempts: int = 0
    succeeded: int = 0
    pruned: int = 0
    errors: list[str] = field(default_factory=list)


class WorkerRunning(Exception):
    """Another worker already serves this SQLite database."""


def lock_path(database_url: str) -> Path | None:
    """The lock file of a SQLite database's worker (beside the database); None for other databases."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).with_name(Path(database).name + ".worker.lock")


@contextmanager
def single_worker(database_url: str) -> Iterator[None]:
    """Hold the SQLite database's worker lock while the block runs (nothing on PostgreSQL). The kernel
    releases it when the process ends, however it ends, so a crashed worker never blocks the next."""
    path = lock_path(database_url)
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise WorkerRunning(f"{path} is held by process {holder}") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


class Worker:
    def __init__(
        self,
        settings: Settings,
        factory: sessionmaker[Session],
        *,
        options: Options | None = None,
        guard: Guard | None = None,
        http: httpx.Client | None = None,
    ) -> None:
        self.settings = settings
        self.factory = factory
        self.options = options or Options()
        self.guard = guard or default_guard()
        self.http = http or delivery.make_client(settings)
        self.pool = ThreadPoolExecutor(max_workers=self.options.threads, thread_name_prefix="webhook")
        self._last_prune: float | None = None

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.http.close()

    def _transaction(self, step: Callable[[Session], T]) -> T:
        with session_scope(self.factory) as session:
            return step(session)

    # ---- the steps --------------------------------------------------------------------------------------

    def seal(self) -> int:
        return seal_pending(self.factory)

    def fan_out(self) -> int:
        total = 0
        while True:
            n = self._transaction(fanout.fan_out)
            if not n:  # caught up, or another worker is at it
                return total
            total += n

    def prune(self) -> int:
        days = self.settings.event_retention_days
        total = 0
        while True:
            n = self._transaction(lambda s: prune.prune(s, retention_days=days, now=utcnow()))
            if not n:
                return total
            total += n

    def deliver(self, stop: threading.Event | None = None, report: PassReport | None = None) -> PassReport:
        """Deliver everything due, ``threads`` at a time, counting into ``report``."""
        report = report or PassReport()
        slots = self.options.threads
        running: set[Future[delivery.Outcome]] = set()
        while True:
            if len(running) < slots and not (stop and stop.is_set()):
                free = slots - len(running)
                jobs = self._transaction(partial(delivery.claim, settings=self.settings, limit=free))
                for job in jobs:
                    running.add(
                        self.pool.submit(
                            delivery.attempt, self.factory, job, self.http, self.settings, self.guard
                        )
                    )
            if not running:
                return report
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                report.attempts += 1
                try:
                    report.succeeded += future.result().succeeded
                except Exception as exc:
                    # The outcome was not recorded: the lease runs out and the delivery is sent again.
                    log.exception("recording a webhook delivery failed")
                    report.errors.append(f"record: {type(exc).__name__}")

    # ---- the loop ---------------------------------------------------------------------------------------

    def run_pass(self, stop: threading.Event | None = None, *, prune_now: bool = False) -> PassReport:
        report = PassReport()
        for name, step in (("sealed", self.seal), ("fanned_out", self.fan_out)):
            try:
                setattr(report, name, step())
            except Exception as exc:
                log.exception("webhook worker step failed", extra={"step": name})
                report.errors.append(f"{name}: {type(exc).__name__}")
        try:
            self.deliver(stop, report)
        except Exception as exc:
            log.exception("webhook worker step failed", extra={"step": "deliver"})
            report.errors.append(f"deliver: {type(exc).__name__}")
        now = time.monotonic()
        if (
            prune_now
            or self._last_prune is None
            or now - self._last_prune >= self.options.prune_every_seconds
        ):
            self._last_prune = now
            try:
                report.pruned = self.prune()
            except Exception as exc:
                log.exception("webhook worker step failed", extra={"step": "prune"})
                report.errors.append(f"prune: {type(exc).__name__}")
        return report

    def run(self, stop: threading.Event) -> None:
        """Passes until ``stop`` is set (SIGTERM, SIGINT); deliveries in flight finish and are recorded.
        After a failed step (the database unreachable, not yet migrated) the wait doubles, up to a minute,
        so an outage is not logged every second."""
        log.info("webhook worker started", extra={"poll_seconds": self.options.poll_seconds})
        failing = 0
        while not stop.is_set():
            report = self.run_pass(stop)
            if report.attempts or report.fanned_out or report.pruned:
                log.info(
                    "webhook worker pass",
                    extra={
                        "sealed": report.sealed,
                        "fanned_out": report.fanned_out,
                        "attempts": report.attempts,
                        "succeeded": report.succeeded,
                        "pruned": report.pruned,
                    },
                )
            failing = failing + 1 if report.errors else 0
            stop.wait(pause(self.options.poll_seconds, failing))
        log.info("webhook worker stopped")


MAX_PAUSE = 60.0


def pause(poll_seconds: float, failed_passes: int) -> float:
    """The wait before the next pass: the poll interval, doubled after each pass in a row that failed,
    up to a minute (or the poll interval, if longer)."""
    return min(poll_seconds * float(2 ** min(failed_passes, 16)), max(poll_seconds, MAX_PAUSE))
