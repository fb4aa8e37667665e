"""The product against the bare stack over real HTTP: a ballot cast, an authenticated read of one object,
and the live conference (issue 17, points 1, 2 and 7).

    make bench                                   # SQLite 1 worker; PostgreSQL 1 and 2 workers when
                                                 # THIDUA_BENCH_POSTGRES_URL names a server
    python -m bench.http_bench --db sqlite --duration 3 --rounds 1 --cases cast   # a quick look

For each database and worker count: a fresh database (a SQLite file in a temporary directory, or a scratch
PostgreSQL database created on ``THIDUA_BENCH_POSTGRES_URL`` and dropped afterwards), migrated, with one
bloc, its campaign and ``--delegates`` officers, each with a login (an ``auth_sessions`` row) and an
access token minted with the run's secret, exactly as ``/auth/token`` mints them (no argon2 per delegate).
Then two real uvicorn servers on 127.0.0.1 with the same worker count and database: the product
(``thidua serve --no-migrate``) and the bare stack (``bench/bare/app.py``). Each case runs ``--rounds``
times per side, alternating which side goes first:

- cast: ``POST /api/v1/voting-sessions/{id}/ballots`` (a fresh open session per round, every delegate in
  its electorate; request *i* is delegate *i*'s token, so each ballot is a distinct voter) against the
  bare ``POST /bare/votes/{round}`` (JWT check, one INSERT under a unique constraint, commit);
- read: ``GET /api/v1/voting-sessions/{id}`` of an open session of ``--read-electorate`` delegates (the
  document lists them, so its size follows) against the bare ``GET /bare/items/{id}`` (JWT check, one
  SELECT by id), each request with the next of those delegates' tokens;
- live: ``--live-watchers`` clients follow ``GET .../turnout/stream`` (SSE) of a fresh session, then
  ``--live-delegates`` delegates cast at the same instant; errors (a cast not 201, a stream refused or
  cut, a watcher never seeing every ballot) must be 0; the casts' p99 is compared with the p99 of the
  same burst against the bare insert.

Load: ``wrk`` (``--threads`` threads, ``--concurrency`` connections, closed loop) with ``bench/wrk.lua``
when installed, otherwise ``bench/loadgen.py`` (asyncio + httpx, the same closed loop, in its own
process); ``--loadgen`` forces one. It prints req/s, p50, p99 and the ratios product/bare;
``--json FILE`` keeps every sample.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from app.core.config import Settings
from app.core.db import make_engine, make_sessionmaker
from app.core.migrations import upgrade
from app.core.security import TokenService
from app.core.text import fold
from app.models import (
    AuthSession,
    Bloc,
    BlocMember,
    Campaign,
    SessionCandidate,
    SessionElector,
    Unit,
    User,
    VotingSession,
)
from app.models.base import new_id
from bench.bare.app import ITEMS, metadata

ROOT = Path(__file__).resolve().parents[1]
CASES = ("cast", "read", "live")
# Any string works: the tokens are minted directly, no one logs in with a password.
UNUSABLE_PASSWORD_HASH = "$argon2id$v=19$m=8,t=1,p=1$YmVuY2hiZW5jaA$bm90LWEtcmVhbC1oYXNoLWF0LWFsbA"


# ---- databases ------------------------------------------------------------------------------------------


@contextmanager
def database(kind: str, workdir: Path) -> Iterator[tuple[str, str]]:
    """A fresh database: ``(url, label)``; SQLite in ``workdir``, PostgreSQL a scratch database."""
    if kind == "sqlite":
        path = workdir / f"bench-{uuid.uuid4().hex[:8]}.db"
        yield f"sqlite:///{path}", f"SQLite {sqlite3.sqlite_version}"
        return
    import psycopg

    server = os.environ.get("THIDUA_BENCH_POSTGRES_URL")
    if not server:
        raise SystemExit(
            "--db postgresql needs THIDUA_BENCH_POSTGRES_URL (e.g. postgresql://postgres@host/postgres)"
        )
    admin = server.replace("postgresql+psycopg://", "postgresql://")
    name = f"thidua_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        row = conn.execute("SHOW server_version").fetchone()
    try:
        yield f"{admin.rpartition('/')[0]}/{name}", f"PostgreSQL {str(row[0]).split()[0] if row else '?'}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---- data -----------------------------------------------------------------------------------------------


@dataclass
class Stage:
    candidates: list[str]
    delegates: list[str]  # user ids
    tokens: list[str]  # an access token per delegate, same order
    campaign_id: str
    item_id: str  # the bare stack's row to read
    factory: sessionmaker[Session]


def prepare(url: str, secret: str, delegates: int) -> Stage:
    """Migrate, then one bloc of four units with its campaign and ``delegates`` officers with their logins
    and tokens, written directly with the product's models (the product's own fixtures do the same)."""
    upgrade(url)
    engine = make_engine(url)
    metadata.create_all(engine)
    factory = make_sessionmaker(engine)
    tokens = TokenService(Settings(database_url=url, jwt_secret=secret))
    now = datetime.now(UTC)
    with factory() as s:
        units = []
        for _ in range(4):
            code = f"U{uuid.uuid4().hex[:8].upper()}"
            unit = Unit(
                id=new_id(), code=code, name=f"Đơn vị {code}", kind="department", search_text=fold(code)
            )
            s.add(unit)
            units.append(unit.id)
        bloc = Bloc(id=new_id(), code=f"B{uuid.uuid4().hex[:8].upper()}", name="Khối thi đua (bench)")
        s.add(bloc)
        s.flush()
        for i, unit_id in enumerate(units):
            role = ("leader", "deputy")[i] if i < 2 else "member"
            s.add(BlocMember(id=new_id(), bloc_id=bloc.id, year=2016, unit_id=unit_id, role=role))
        campaign = Campaign(
            id=new_id(), bloc_id=bloc.id, year=2016, title="Phong trào (bench)", status="active"
        )
        s.add(campaign)
        s.flush()
        users, logins, minted = [], [], []
        for i in range(delegates):
            uid, sid = new_id(), new_id()
            unit_id = units[i % len(units)]
            users.append(
                {
                    "id": uid,
                    "username": f"delegate_{i:06d}_{uid[:6]}",
                    "full_name": f"Đại biểu {i}",
                    "password_hash": UNUSABLE_PASSWORD_HASH,
                    "roles": ["officer"],
                    "unit_id": unit_id,
                    "active": True,
                }
            )
            logins.append({"id": sid, "user_id": uid, "expires_at": now + timedelta(days=1)})
            token, _claims = tokens.issue(
                sub=uid, kind="user", roles=["officer"], unit_id=unit_id, scopes=[], sid=sid
            )
            minted.append(token)
        s.execute(insert(User), users)
        s.execute(insert(AuthSession), logins)
        item_id = str(uuid.uuid4())
        s.execute(insert(ITEMS).values(id=item_id, name="Bình xét Cờ thi đua của Bộ", status="open"))
        s.commit()
    return Stage(units, [u["id"] for u in users], minted, campaign.id, item_id, factory)


def open_session(stage: Stage, electors: list[str]) -> str:
    """A fresh open secret voting session of the stage's campaign (as tests.support.builders makes them)."""
    sid = new_id()
    with stage.factory() as s:
        s.add(
            VotingSession(
                id=sid,
                campaign_id=stage.campaign_id,
                title_code="co_thi_dua_bo",
                name="Bình xét Cờ thi đua của Bộ",
                seats=2,
                max_choices=2,
                secret=True,
                status="open",
            )
        )
        s.flush()
        s.execute(
            insert(SessionCandidate),
            [{"session_id": sid, "unit_id": u, "position": i} for i, u in enumerate(stage.candidates)],
        )
        s.execute(insert(SessionElector), [{"session_id": sid, "user_id": u} for u in electors])
        s.commit()
    return sid


# ---- servers --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    name: str
    url: str
    proc: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def start(name: str, cmd: list[str], port: int, env: dict[str, str], workdir: Path) -> Server:
    log = workdir / f"{name}-{port}.log"
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")} | env
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(name, f"http://127.0.0.1:{port}", proc, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            if httpx.get(server.url + "/readyz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{name} did not start:\n{log.read_text(errors='replace')[-3000:]}")


def product_cmd(port: int, workers: int) -> list[str]:
    thidua = Path(sys.executable).parent / "thidua"
    base = [str(thidua)] if thidua.exists() else [sys.executable, "-c", "from app.cli import main; main()"]
    return [
        *base,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-migrate",
    ]


def bare_cmd(port: int, workers: int) -> list[str]:
    return [
        sys.executable, "-m", "uvicorn", "bench.bare.app:app", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers), "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip


# ---- load -----------------------------------------------------------------------------------------------


@dataclass
class Load:
    generator: str  # "wrk" or "python"
    duration: float
    concurrency: int
    threads: int
    workdir: Path

    def run(self, url: str, method: str, path: str, tokens_file: Path, body: str | None) -> dict[str, Any]:
        if self.generator == "wrk":
            return self._wrk(url, method, path, tokens_file, body)
        spec = {
            "mode": "closed", "url": url, "method": method, "path": path, "body": body,
            "tokens_file": str(tokens_file), "concurrency": self.concurrency, "duration": self.duration,
        }  # fmt: skip
        return loadgen(spec, self.workdir, timeout=self.duration + 120)

    def _wrk(self, url: str, method: str, path: str, tokens_file: Path, body: str | None) -> dict[str, Any]:
        env = dict(os.environ, BENCH_METHOD=method, BENCH_PATH=path, BENCH_TOKENS=str(tokens_file))
        env["BENCH_THREADS"] = str(self.threads)
        if body is not None:
            env["BENCH_BODY"] = body
        seconds = max(1, round(self.duration))
        cmd = [
            "wrk", f"-t{self.threads}", f"-c{self.concurrency}", f"-d{seconds}s", "--timeout", "60s",
            "-s", str(ROOT / "bench" / "wrk.lua"), url,
        ]  # fmt: skip
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 120)
        line = next((ln for ln in out.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
        if line is None:
            raise RuntimeError(f"wrk printed no result:\n{out.stdout}\n{out.stderr}")
        raw = json.loads(line.removeprefix("BENCH_JSON "))
        elapsed = raw["duration_us"] / 1e6
        return {
            "requests": raw["requests"],
            "elapsed_s": elapsed,
            "rps": raw["requests"] / elapsed if elapsed else 0.0,
            "errors": raw["status_errors"] + raw["socket_errors"],
            "p50_ms": raw["p50_us"] / 1000,
            "p99_ms": raw["p99_us"] / 1000,
            "max_ms": raw["max_us"] / 1000,
            "mean_ms": raw["mean_us"] / 1000,
        }


def loadgen(spec: dict[str, Any], workdir: Path, timeout: float) -> dict[str, Any]:
    spec_file = workdir / f"spec-{uuid.uuid4().hex[:8]}.json"
    spec_file.write_text(json.dumps(spec))
    out = subprocess.run(
        [sys.executable, "-m", "bench.loadgen", str(spec_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if out.returncode != 0 or not out.stdout.strip():
        raise RuntimeError(f"loadgen failed:\n{out.stdout}\n{out.stderr}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# ---- the run --------------------------------------------------------------------------------------------


@dataclass
class Row:
    config: str
    case: str
    product: list[dict[str, Any]] = field(default_factory=list)
    bare: list[dict[str, Any]] = field(default_factory=list)

    def median(self, side: str, key: str) -> float:
        values = [r[key] for r in getattr(self, side)]
        return statistics.median(values) if values else 0.0

    def total(self, side: str, key: str) -> float:
        return float(sum(r[key] for r in getattr(self, side)))

    def rps(self, side: str) -> float:
        elapsed = self.total(side, "elapsed_s")
        return self.total(side, "requests") / elapsed if elapsed else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "config": self.config,
            "case": self.case,
            "product_rps": self.rps("product"),
            "bare_rps": self.rps("bare"),
            "ratio": self.rps("product") / self.rps("bare") if self.rps("bare") else 0.0,
            "product_p50_ms": self.median("product", "p50_ms"),
            "bare_p50_ms": self.median("bare", "p50_ms"),
            "product_p99_ms": self.median("product", "p99_ms"),
            "bare_p99_ms": self.median("bare", "p99_ms"),
            "p99_ratio": self.median("product", "p99_ms") / max(self.median("bare", "p99_ms"), 1e-9),
            "product_errors": int(self.total("product", "errors")),
            "bare_errors": int(self.total("bare", "errors")),
            "product_runs": self.product,
            "bare_runs": self.bare,
        }


def run_config(
    kind: str, workers: int, args: argparse.Namespace, load: Load, say: Callable[[str], None]
) -> list[Row]:
    rows: list[Row] = []
    secret = secrets.token_urlsafe(32)
    with database(kind, load.workdir) as (url, label):
        config = f"{label}, {workers} worker{'s' if workers > 1 else ''}"
        say(f"== {config}: preparing {args.delegates} delegates")
        stage = prepare(url, secret, args.delegates)
        tokens_file = load.workdir / f"tokens-{uuid.uuid4().hex[:8]}.txt"
        tokens_file.write_text("\n".join(stage.tokens) + "\n")
        readers_file = load.workdir / f"readers-{uuid.uuid4().hex[:8]}.txt"
        readers_file.write_text("\n".join(stage.tokens[: args.read_electorate]) + "\n")
        env = {
            "THIDUA_DATABASE_URL": url,
            "THIDUA_JWT_SECRET": secret,
            "THIDUA_LOG_LEVEL": args.log_level,
        }
        servers: list[Server] = []
        try:
            port = free_port()
            product = start("product", product_cmd(port, workers), port, env, load.workdir)
            servers.append(product)
            port = free_port()
            bare = start("bare", bare_cmd(port, workers), port, env, load.workdir)
            servers.append(bare)
            say("   servers up")
            body = json.dumps({"choices": [stage.candidates[0]]})
            warm_up(stage, product, bare, body, min(32, len(stage.tokens)))
            for case in [c for c in args.cases if c != "live"]:
                row = Row(config, case)
                read_sid = (
                    open_session(stage, stage.delegates[: args.read_electorate]) if case == "read" else ""
                )
                for r in range(args.rounds):
                    for side in ("product", "bare") if r % 2 == 0 else ("bare", "product"):
                        if case == "cast" and side == "product":
                            sid = open_session(stage, stage.delegates)
                            result = load.run(
                                product.url,
                                "POST",
                                f"/api/v1/voting-sessions/{sid}/ballots",
                                tokens_file,
                                body,
                            )
                        elif case == "cast":
                            result = load.run(bare.url, "POST", f"/bare/votes/{case}-{r}", tokens_file, body)
                        elif side == "product":
                            result = load.run(
                                product.url, "GET", f"/api/v1/voting-sessions/{read_sid}", readers_file, None
                            )
                        else:
                            result = load.run(
                                bare.url, "GET", f"/bare/items/{stage.item_id}", readers_file, None
                            )
                        if case == "cast" and result["requests"] > len(stage.tokens):
                            say(f"   ! {side}: more ballots than delegates: raise --delegates")
                        getattr(row, side).append(result)
                        say(f"   {case:5} {side:7} round {r + 1}: {_line(result)}")
                rows.append(row)
            if "live" in args.cases:
                rows.append(live(config, stage, product, bare, args, load, body, say))
        finally:
            for server in servers:
                server.stop()
            stage.factory.kw["bind"].dispose()
            if args.keep_logs:
                for server in servers:
                    say(f"   log: {server.log}")
    return rows


def warm_up(stage: Stage, product: Server, bare: Server, body: str, n: int) -> None:
    """The first requests of each worker import and compile lazily: ``n`` reads and ``n`` casts on each
    server, 8 at a time (so every worker gets some), before any sample."""
    sid = open_session(stage, stage.delegates[:n])
    calls = [
        (f"{product.url}/api/v1/voting-sessions/{sid}", None),
        (f"{bare.url}/bare/items/{stage.item_id}", None),
        (f"{product.url}/api/v1/voting-sessions/{sid}/ballots", body),
        (f"{bare.url}/bare/votes/warm-up", body),
    ]
    with httpx.Client(timeout=60) as http, ThreadPoolExecutor(8) as pool:
        for url, content in calls:

            def call(i: int, url: str = url, content: str | None = content) -> None:
                headers = _auth(stage.tokens[i]) | {"Content-Type": "application/json"}
                http.request("POST" if content else "GET", url, content=content, headers=headers)

            list(pool.map(call, range(n)))


def live(
    config: str,
    stage: Stage,
    product: Server,
    bare: Server,
    args: argparse.Namespace,
    load: Load,
    body: str,
    say: Callable[[str], None],
) -> Row:
    """Point 7: ``--live-delegates`` casts at one instant while ``--live-watchers`` follow the turnout."""
    row = Row(config, "live")
    n, w = args.live_delegates, args.live_watchers
    for r in range(args.rounds):
        # each round its own delegates, so the bare burst of a round is as many distinct voters
        offset = r * (n + w) % max(1, len(stage.tokens) - n - w)
        voters = stage.delegates[offset : offset + n]
        watchers = stage.delegates[offset + n : offset + n + w]
        tokens = stage.tokens[offset : offset + n]
        watcher_tokens = stage.tokens[offset + n : offset + n + w]
        for side in ("product", "bare") if r % 2 == 0 else ("bare", "product"):
            if side == "product":
                sid = open_session(stage, voters + watchers)
                spec = {
                    "mode": "burst", "url": product.url, "path": f"/api/v1/voting-sessions/{sid}/ballots",
                    "stream": f"/api/v1/voting-sessions/{sid}/turnout/stream", "body": body, "tokens": tokens,
                    "watcher_tokens": watcher_tokens, "expect_voted": n,
                }  # fmt: skip
            else:
                spec = {
                    "mode": "burst",
                    "url": bare.url,
                    "path": f"/bare/votes/live-{r}",
                    "body": body,
                    "tokens": tokens,
                }
            result = loadgen(spec, load.workdir, timeout=180)
            getattr(row, side).append(result)
            extra = f"  problems: {result['problems']}" if result.get("problems") else ""
            say(f"   live  {side:7} round {r + 1}: {_line(result)}{extra}")
    return row


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _line(r: dict[str, Any]) -> str:
    return (
        f"{r['requests']:6d} req  {r['rps']:8.1f} req/s  p50 {r['p50_ms']:8.1f} ms  p99 {r['p99_ms']:8.1f} ms"
        f"  errors {r['errors']}"
    )


def report(rows: list[Row]) -> str:
    head = (
        "| config | case | product req/s | bare req/s | ratio | product p50 ms | bare p50 ms "
        "| product p99 ms | bare p99 ms | p99 ratio | errors (product/bare) |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    )
    lines = [head]
    for row in rows:
        d = row.as_dict()
        lines.append(
            f"| {d['config']} | {d['case']} | {d['product_rps']:.1f} | {d['bare_rps']:.1f} "
            f"| {d['ratio']:.2f} "
            f"| {d['product_p50_ms']:.1f} | {d['bare_p50_ms']:.1f} | {d['product_p99_ms']:.1f} "
            f"| {d['bare_p99_ms']:.1f} | {d['p99_ratio']:.2f} | {d['product_errors']}/{d['bare_errors']} |"
        )
    return "\n".join(lines)


def machine(generator: str, args: argparse.Namespace) -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "generator": generator if generator == "python" else f"wrk, {args.threads} threads",
        "concurrency": args.concurrency,
        "duration_s": args.duration,
        "rounds": args.rounds,
    }


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.http_bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--db", default=None, help="sqlite, postgresql or both (comma-separated); default: sqlite, "  # noqa: E501
                   "and postgresql when THIDUA_BENCH_POSTGRES_URL is set")  # fmt: skip
    p.add_argument(
        "--workers", default=None, help="worker counts, e.g. 1,2 (default: 1 on SQLite, 1,2 on PostgreSQL)"
    )
    p.add_argument("--cases", default=",".join(CASES), help="cast,read,live (default: all)")
    p.add_argument("--duration", type=float, default=8.0, help="seconds per run (default 8)")
    p.add_argument("--rounds", type=int, default=2, help="runs per side and case, alternating (default 2)")
    p.add_argument("--concurrency", type=int, default=16, help="connections in flight (default 16)")
    p.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    p.add_argument(
        "--delegates",
        type=int,
        default=None,
        help="delegates = ballots one run can cast (default 1500 × duration)",
    )
    p.add_argument(
        "--read-electorate",
        type=int,
        default=20,
        help="delegates of the session the read case fetches (its document lists them; default 20); "
        "the reads cycle through their tokens",
    )
    p.add_argument("--live-delegates", type=int, default=100)
    p.add_argument("--live-watchers", type=int, default=50)
    p.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    p.add_argument("--log-level", default="WARNING", help="THIDUA_LOG_LEVEL of the product (default WARNING)")
    p.add_argument(
        "--json", type=Path, default=None, help="write the machine, every sample and the summary here"
    )
    p.add_argument("--keep-logs", action="store_true", help="keep the servers' logs and print where they are")
    args = p.parse_args(argv)
    dbs = (
        args.db.split(",")
        if args.db
        else ["sqlite"] + (["postgresql"] if os.environ.get("THIDUA_BENCH_POSTGRES_URL") else [])
    )
    args.configs = [
        (db, int(w))
        for db in dbs
        for w in (args.workers.split(",") if args.workers else (["1", "2"] if db == "postgresql" else ["1"]))
    ]
    args.cases = [c for c in args.cases.split(",") if c]
    unknown = set(args.cases) - set(CASES) or {db for db in dbs if db not in ("sqlite", "postgresql")}
    if unknown:
        p.error(f"unknown: {sorted(unknown)}")
    if args.delegates is None:
        args.delegates = max(200, int(1500 * args.duration))
    args.delegates = max(args.delegates, (args.live_delegates + args.live_watchers) * (args.rounds + 1))
    return args


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    args = parse(argv)
    generator = args.loadgen if args.loadgen != "auto" else ("wrk" if shutil.which("wrk") else "python")
    info = machine(generator, args)
    started = time.monotonic()

    def say(text: str) -> None:
        print(f"[{time.monotonic() - started:5.0f}s] {text}", flush=True)

    say("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    rows: list[Row] = []
    workdir = Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    try:
        load = Load(generator, args.duration, args.concurrency, args.threads, workdir)
        for kind, workers in args.configs:
            rows.extend(run_config(kind, workers, args, load, say))
    finally:
        if not args.keep_logs:
            shutil.rmtree(workdir, ignore_errors=True)
    info["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    say("")
    say(report(rows))
    say(f"load average after: {info['load_average_after']}")
    summary = [row.as_dict() for row in rows]
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "rows": summary}, indent=2))
    return summary


if __name__ == "__main__":
    main()
