"""A burst of parallel logins on one real server process (issue 17, point 5): with the production cost of
argon2id, on a fresh SQLite database, ``--parallel`` officers ask ``POST /api/v1/auth/token`` at the same
instant; it prints each login's wait (max, p99, median) and the server's CPU time over the burst's wall
time (how much of the machine it got). The aim: no login waits more than ``--aim`` seconds.

    python -m bench.logins                      # 100 logins, SQLite, 1 worker, 3 bursts

tests/auth/test_live_login_load.py runs the same burst for correctness (every login succeeds, none is
refused for a locked database); the time is measured here, not asserted by a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlalchemy import insert

from app.core.config import Settings
from app.core.db import make_engine, make_sessionmaker
from app.core.migrations import upgrade
from app.core.security import PasswordService
from app.models import User
from app.models.base import new_id
from bench.http_bench import database, free_port, product_cmd, start

PASSWORD = "correct horse battery staple"


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of ``pid`` (Linux), 0 where /proc is not there."""
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():
        return 0.0
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def burst(url: str, usernames: list[str]) -> list[tuple[int, float]]:
    """Every username logs in at once; (status, seconds) each."""
    barrier = threading.Barrier(len(usernames), timeout=60)
    limits = httpx.Limits(max_connections=len(usernames), max_keepalive_connections=len(usernames))
    with httpx.Client(timeout=120, limits=limits) as http:

        def login(username: str) -> tuple[int, float]:
            barrier.wait()
            started = time.perf_counter()
            r = http.post(
                f"{url}/api/v1/auth/token",
                data={"grant_type": "password", "username": username, "password": PASSWORD},
            )
            return r.status_code, time.perf_counter() - started

        with ThreadPoolExecutor(max_workers=len(usernames)) as pool:
            return list(pool.map(login, usernames))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.logins", description=__doc__.split("\n\n")[0])
    parser.add_argument("--parallel", type=int, default=100)
    parser.add_argument("--bursts", type=int, default=3, help="bursts, each with fresh users (default 3)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--aim", type=float, default=5.0, help="the longest wait allowed, seconds")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="thidua-bench-logins-"))
    print(f"machine: cores {os.cpu_count()}, {platform.platform()}, load {os.getloadavg()}")
    defaults = Settings(database_url="sqlite://", jwt_secret=secrets.token_urlsafe(32))
    print(
        f"argon2id m={defaults.argon2_memory_kib} KiB, t={defaults.argon2_time_cost}, "
        f"p={defaults.argon2_parallelism} (the defaults)"
    )
    with database("sqlite", workdir) as (url, label):
        upgrade(url)
        factory = make_sessionmaker(make_engine(url))
        password_hash = PasswordService(defaults).hash(PASSWORD)
        env = {
            "THIDUA_DATABASE_URL": url,
            "THIDUA_JWT_SECRET": defaults.jwt_secret,
            "THIDUA_LOG_LEVEL": "warning",
        }
        port = free_port()
        server = start("product", product_cmd(port, args.workers), port, env, workdir)
        worst: list[float] = []
        try:
            for n in range(args.bursts):
                # Fresh users per burst (one shared hash: each login still verifies a production-cost hash).
                names = [f"load_{n}_{i:03d}_{new_id()[:6]}" for i in range(args.parallel)]
                with factory() as s:
                    s.execute(
                        insert(User),
                        [
                            {"id": new_id(), "username": u, "full_name": u, "password_hash": password_hash,
                             "roles": ["observer"], "active": True}
                            for u in names
                        ],
                    )  # fmt: skip
                    s.commit()
                cpu, started = cpu_seconds(server.proc.pid), time.perf_counter()
                results = burst(server.url, names)
                cpu, wall = cpu_seconds(server.proc.pid) - cpu, time.perf_counter() - started
                waits = sorted(t for _, t in results)
                p99 = waits[int(0.99 * len(waits)) - 1]
                failed = sum(1 for status, _ in results if status != 200)
                worst.append(waits[-1])
                print(
                    f"{label}, {args.workers} worker(s), burst {n + 1}: {args.parallel} logins, "
                    f"{failed} failed; wait max {waits[-1]:.2f} s, p99 {p99:.2f} s, "
                    f"median {statistics.median(waits):.2f} s; server CPU {cpu:.2f} s in {wall:.2f} s"
                )
        finally:
            server.stop()
    verdict = "met" if max(worst) <= args.aim else "NOT met"
    print(f"longest wait over {args.bursts} bursts: {max(worst):.2f} s (aim ≤ {args.aim:.0f} s: {verdict})")


if __name__ == "__main__":
    main()
