"""Find or start a PostgreSQL server for the tests.

``THIDUA_TEST_POSTGRES_URL`` names a server (each test run makes databases of its own on it and drops
them); without it the tests start a throw-away server from local PostgreSQL binaries; with neither,
the PostgreSQL half of the suite is skipped with the reason shown.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import psycopg


@dataclass
class PgServer:
    url: str | None  # postgresql://user@host:port/postgres, or None when unavailable
    reason: str = ""
    _proc_dir: str | None = field(default=None, repr=False)
    _bin: str | None = field(default=None, repr=False)
    _run_as: str | None = field(default=None, repr=False)

    def stop(self) -> None:
        if self._proc_dir and self._bin:
            _run(
                [
                    os.path.join(self._bin, "pg_ctl"),
                    "-D",
                    self._proc_dir + "/data",
                    "-m",
                    "immediate",
                    "stop",
                ],
                self._run_as,
                check=False,
            )
            shutil.rmtree(self._proc_dir, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(cmd: list[str], user: str | None, check: bool = True) -> subprocess.CompletedProcess[str]:
    if user:
        cmd = ["runuser", "-u", user, "--", *cmd]
    return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120)


def _find_bin() -> str | None:
    initdb = shutil.which("initdb")
    if initdb:
        return os.path.dirname(initdb)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return os.path.dirname(candidates[0]) if candidates else None


def find_or_start() -> PgServer:
    url = os.environ.get("THIDUA_TEST_POSTGRES_URL")
    if url:
        return PgServer(url=url)
    bindir = _find_bin()
    if bindir is None:
        return PgServer(
            None, "no THIDUA_TEST_POSTGRES_URL and no PostgreSQL binaries (initdb) on this machine"
        )
    run_as: str | None = None
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        for candidate in ("postgres", "nobody"):
            try:
                pwd.getpwnam(candidate)
                run_as = candidate
                break
            except KeyError:
                continue
        if run_as is None:
            return PgServer(None, "running as root and no unprivileged user to start PostgreSQL as")
    base = tempfile.mkdtemp(prefix="thidua-pg-")
    os.chmod(base, 0o755)
    if run_as:
        pw = pwd.getpwnam(run_as)
        os.chown(base, pw.pw_uid, pw.pw_gid)
    port = _free_port()
    try:
        _run(
            [
                os.path.join(bindir, "initdb"),
                "-D",
                base + "/data",
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            run_as,
        )
        _run(
            [
                os.path.join(bindir, "pg_ctl"),
                "-D",
                base + "/data",
                "-l",
                base + "/log",
                "-w",
                "-o",
                f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                "start",
            ],
            run_as,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(base, ignore_errors=True)
        return PgServer(None, f"could not start a local PostgreSQL: {getattr(exc, 'stderr', exc)}")
    # pg_ctl -w returns once the server accepts connections; wait a moment more for slow machines.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    server = PgServer(
        f"postgresql://postgres@127.0.0.1:{port}/postgres", _proc_dir=base, _bin=bindir, _run_as=run_as
    )
    return server


def pg_admin(url: str) -> psycopg.Connection[Any]:
    """An autocommit connection (CREATE DATABASE and DROP DATABASE run outside a transaction)."""
    return psycopg.connect(url, autocommit=True)


def with_db(url: str, dbname: str) -> str:
    """``url`` naming database ``dbname`` instead."""
    base, _, _ = url.rpartition("/")
    return f"{base}/{dbname}"


class Dropper:
    """Drops the tests' databases in a thread of its own: a ``DROP DATABASE`` waits for a checkpoint (most of
    a second on a busy server), which the next test need not wait for. At most ``backlog`` databases wait to
    be dropped (a test's teardown waits beyond that); ``close`` drops the rest and raises the first error."""

    def __init__(self, url: str, backlog: int = 8) -> None:
        self._url = url
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-dropper")
        self._slots = threading.BoundedSemaphore(backlog)
        self._errors: list[BaseException] = []

    def drop(self, name: str) -> None:
        self._slots.acquire()
        self._pool.submit(self._drop, name)

    def _drop(self, name: str) -> None:
        try:
            with pg_admin(self._url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except BaseException as exc:  # reported by close()
            self._errors.append(exc)
        finally:
            self._slots.release()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        if self._errors:
            raise self._errors[0]
