"""Webhook delivery tests: a real receiver on 127.0.0.1, endpoints and events written straight to this
test's database (``hooks``), the worker in this process or as ``thidua worker`` processes
(``worker_process``); the helpers are in tests/support/delivery.py."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.config import Settings
from tests.support.delivery import COMMAND, SCHEDULE, TIMEOUT, Hooks, WorkerProcess, worker_env
from tests.support.live import ROOT
from tests.support.receiver import Receiver, receiver


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {
        "webhook_allow_private": True,
        "webhook_require_https": False,
        "webhook_timeout_seconds": TIMEOUT,
        "webhook_retry_schedule": SCHEDULE,
    }


@pytest.fixture
def recv() -> Iterator[Receiver]:
    with receiver() as r:
        yield r


@pytest.fixture
def hooks(settings: Settings, session_factory: Any) -> Iterator[Hooks]:
    h = Hooks(settings, session_factory)
    yield h
    h.close()


@pytest.fixture
def worker_process(settings: Settings, tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    started: list[WorkerProcess] = []

    def _start(*args: str, **env: str) -> WorkerProcess:
        log_path = tmp_path / f"worker-{len(started)}.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-c", COMMAND, "worker", "--poll", "0.05", *args],
                cwd=ROOT,
                env=worker_env(settings, **env),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        w = WorkerProcess(proc, log_path)
        started.append(w)
        return w

    yield _start
    for w in started:
        w.stop()
