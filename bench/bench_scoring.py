"""Bulk scoring and the ranking against the bare database work they stand on.

    python -m bench.bench_scoring --units 1000 --criteria 60 [--repeat 5] [--http]
    THIDUA_BENCH_POSTGRES_URL=postgresql://user@host:port/postgres python -m bench.bench_scoring ...

Runs on a fresh SQLite file and, when ``THIDUA_BENCH_POSTGRES_URL`` names a server, on a scratch database
created there (and dropped afterwards). Each database is migrated with Alembic, filled with ``--units``
member units and a criteria tree of ``--criteria`` items, then, ``--repeat`` times, side by side:

- bulk:          ``app.scoring.bulk.write_many`` submitting every unit's self sheet, and the commit
                 (which appends the audit events), from already-parsed input;
- bulk (HTTP):   with ``--http``, the same through ``POST /scores/bulk`` (JSON parsing, validation, auth);
- bare insert:   one Core ``executemany`` of the same rows into a table shaped like ``score_entries``,
                 and the commit;
- ranking:       ``app.scoring.ranking.ranking`` over the submitted sheets;
- ranking (HTTP) with ``--http``: ``GET /ranking``;
- bare GROUP BY: ``SELECT sheet_id, SUM(points_centi) FROM score_entries GROUP BY sheet_id``, fetched.

It prints the medians (and min/max) and the ratios bulk / bare insert and ranking / bare GROUP BY.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, delete, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from app.core.db import make_engine, make_sessionmaker
from app.core.migrations import upgrade
from app.core.principal import Principal
from app.core.text import fold
from app.models import Bloc, BlocMember, Campaign, Criterion, ScoreEntry, ScoreSheet, Unit, User
from app.models.base import new_id
from app.scoring import bulk, ranking
from app.scoring.sheets import Entry

BARE = Table(
    "bench_bare_entries",
    MetaData(),
    Column("sheet_id", String(64), primary_key=True),
    Column("criterion_code", String(32), primary_key=True),
    Column("points_centi", Integer, nullable=False),
    Column("note", Text),
)
YEAR = 2016
PASSWORD = "bench-password-not-secret"
SECRET = "bench-secret-that-is-long-enough-for-hs256-0123456789"


@dataclass
class World:
    campaign_id: str
    unit_ids: list[str]
    codes: list[str]
    secretariat: Principal
    sheets: list[bulk.BulkSheet] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)
    bare_ids: list[str] = field(default_factory=list)  # sheet ids for the bare rows (no foreign key there)


def _criteria(n: int) -> list[dict[str, Any]]:
    """Groups of 10 items; the last group's items alternate bonus and penalty, the rest are standard."""
    rows: list[dict[str, Any]] = []
    groups = max(1, (n + 9) // 10)
    item = 0
    for g in range(1, groups + 1):
        rows.append(
            {"code": str(g), "parent_code": None, "title": f"Nhóm tiêu chí {g}", "max": None, "kind": None}
        )
        for i in range(1, 11):
            if item == n:
                break
            item += 1
            last_group = g == groups and groups > 1
            kind = ("bonus" if i % 2 else "penalty") if last_group else "standard"
            rows.append(
                {
                    "code": f"{g}.{i}",
                    "parent_code": str(g),
                    "title": f"Tiêu chí {g}.{i}",
                    "max": 10,
                    "kind": kind,
                }
            )
    return rows


def build_world(factory: sessionmaker[Session], units: int, criteria: int) -> World:
    unit_ids = [new_id() for _ in range(units)]
    codes = [f"B{k:05d}" for k in range(units)]
    with factory() as s:
        s.execute(
            insert(Unit),
            [
                {
                    "id": u,
                    "code": c,
                    "name": f"Đơn vị thi đua số {k}",
                    "search_text": fold(f"don vi thi dua so {k}"),
                }
                for k, (u, c) in enumerate(zip(unit_ids, codes, strict=True))
            ],
        )
        bloc = Bloc(id=new_id(), code=f"BENCH{uuid.uuid4().hex[:6]}", name="Khối thi đua (benchmark)")
        s.add(bloc)
        s.flush()
        s.execute(
            insert(BlocMember),
            [
                {
                    "id": new_id(),
                    "bloc_id": bloc.id,
                    "year": YEAR,
                    "unit_id": u,
                    "role": "leader" if k == 0 else "member",
                }
                for k, u in enumerate(unit_ids)
            ],
        )
        campaign = Campaign(
            id=new_id(), bloc_id=bloc.id, year=YEAR, title="Benchmark", tie_break=["standard_total"]
        )
        s.add(campaign)
        s.flush()
        tree = _criteria(criteria)
        s.execute(
            insert(Criterion),
            [
                {
                    "id": new_id(),
                    "campaign_id": campaign.id,
                    "code": r["code"],
                    "parent_code": r["parent_code"],
                    "title": r["title"],
                    "max_points_centi": None if r["max"] is None else r["max"] * 100,
                    "kind": r["kind"],
                    "required": r["kind"] == "standard",
                    "position": i,
                }
                for i, r in enumerate(tree)
            ],
        )
        s.commit()
        campaign_id = campaign.id
    principal = Principal(kind="user", id=new_id(), name="bench", roles=frozenset({"secretariat"}))
    world = World(campaign_id, unit_ids, codes, principal, bare_ids=[new_id() for _ in unit_ids])
    items = [r["code"] for r in tree if r["kind"] is not None]
    for k, u in enumerate(unit_ids):
        entries = [Entry(code, ((k * 7 + j * 13) % 1001), None) for j, code in enumerate(items)]
        world.sheets.append(bulk.BulkSheet(u, entries))
    world.payload = {
        "stage": "self",
        "submit": True,
        "sheets": [
            {
                "unit_id": s.unit_id,
                "entries": [{"criterion": e.criterion, "points": e.points_centi / 100} for e in s.entries],
            }
            for s in world.sheets
        ],
    }
    return world


def reset_scores(factory: sessionmaker[Session], world: World) -> None:
    with factory() as s:
        sheet_ids = select(ScoreSheet.id).where(ScoreSheet.campaign_id == world.campaign_id)
        s.execute(delete(ScoreEntry).where(ScoreEntry.sheet_id.in_(sheet_ids)))
        s.execute(delete(ScoreSheet).where(ScoreSheet.campaign_id == world.campaign_id))
        s.execute(delete(BARE))
        s.commit()


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def bulk_service(factory: sessionmaker[Session], world: World) -> None:
    with factory() as s:
        outcomes = bulk.write_many(
            session=s,
            principal=world.secretariat,
            campaign_id=world.campaign_id,
            stage="self",
            sheets=world.sheets,
            submit=True,
        )
        s.commit()
    assert len(outcomes) == len(world.sheets) and all(o.status == "submitted" for o in outcomes)


def bare_insert(factory: sessionmaker[Session], world: World) -> None:
    """The same 60,000 rows (the same codes, points and notes; sheet ids of its own) in one executemany."""
    rows = [
        {"sheet_id": sheet_id, "criterion_code": e.criterion, "points_centi": e.points_centi, "note": e.note}
        for sheet_id, sheet in zip(world.bare_ids, world.sheets, strict=True)
        for e in sheet.entries
    ]
    with factory() as s:
        s.execute(insert(BARE), rows)
        s.commit()


def ranking_service(factory: sessionmaker[Session], world: World) -> None:
    with factory() as s:
        rows = ranking.ranking(s, s.get(Campaign, world.campaign_id))
    assert len(rows) == len(world.unit_ids) and rows[0].rank == 1


def bare_group_by(factory: sessionmaker[Session], world: World) -> None:
    with factory() as s:
        rows = s.execute(
            select(ScoreEntry.sheet_id, func.sum(ScoreEntry.points_centi)).group_by(ScoreEntry.sheet_id)
        ).all()
    assert len(rows) == len(world.unit_ids)


def _http_client(url: str) -> Any:
    from fastapi.testclient import TestClient

    from app.core.config import Settings
    from app.main import create_app

    settings = Settings(
        database_url=url,
        jwt_secret=SECRET,
        argon2_time_cost=1,
        argon2_memory_kib=1024,
        max_body_bytes=64 * 1024 * 1024,
        log_level="WARNING",
    )
    client = TestClient(create_app(settings))
    client.__enter__()  # run the lifespan: the app's request slots and start-up checks
    return client


def http_token(client: Any, factory: sessionmaker[Session]) -> dict[str, str]:
    passwords = client.app.state.passwords
    username = f"bench_{uuid.uuid4().hex[:8]}"
    with factory() as s:
        s.add(
            User(
                id=new_id(),
                username=username,
                full_name="Benchmark",
                password_hash=passwords.hash(PASSWORD),
                roles=["secretariat"],
            )
        )
        s.commit()
    r = client.post(
        "/api/v1/auth/token", data={"grant_type": "password", "username": username, "password": PASSWORD}
    )
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def run(url: str, label: str, args: argparse.Namespace) -> dict[str, Any]:
    upgrade(url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    BARE.create(engine, checkfirst=True)
    world = build_world(factory, args.units, args.criteria)
    client = _http_client(url) if args.http else None
    headers = http_token(client, factory) if client is not None else {}
    times: dict[str, list[float]] = {}
    ranking_url = f"/api/v1/campaigns/{world.campaign_id}/ranking"
    bulk_url = f"/api/v1/campaigns/{world.campaign_id}/scores/bulk"
    body = json.dumps(world.payload).encode()
    json_headers = {**headers, "Content-Type": "application/json"}

    def record(name: str, seconds: float) -> None:
        times.setdefault(name, []).append(seconds)

    try:
        for rep in range(args.repeat):
            # Writes: both start from empty tables; which goes first alternates.
            reset_scores(factory, world)
            writes = [("bulk", bulk_service), ("bare insert", bare_insert)]
            for name, fn in writes if rep % 2 == 0 else reversed(writes):
                record(name, timed(fn, factory, world)[0])
            # Reads: several rounds over the same data, in a random order each round.
            reads = [("ranking", ranking_service), ("bare GROUP BY", bare_group_by)]
            for _ in range(args.read_rounds):
                for name, fn in random.sample(reads, len(reads)):
                    record(name, timed(fn, factory, world)[0])
                if client is not None:
                    elapsed, r = timed(client.get, ranking_url, headers=headers)
                    assert r.status_code == 200, r.text
                    record("ranking (HTTP)", elapsed)
            if client is not None:
                reset_scores(factory, world)
                elapsed, r = timed(client.post, bulk_url, content=body, headers=json_headers)
                assert r.status_code == 200, r.text[:500]
                record("bulk (HTTP)", elapsed)
            print(f"  [{label}] repetition {rep + 1}/{args.repeat} done", file=sys.stderr)
    finally:
        if client is not None:
            client.__exit__(None, None, None)
            client.app.state.engine.dispose()
        engine.dispose()
    medians = {name: statistics.median(values) for name, values in times.items()}
    minimums = {name: min(values) for name, values in times.items()}
    pairs = [("bulk", "bare insert"), ("ranking", "bare GROUP BY")]
    if client is not None:
        pairs += [("bulk (HTTP)", "bare insert"), ("ranking (HTTP)", "bare GROUP BY")]
    ratios = {
        f"{a} / {b}": {"of medians": medians[a] / medians[b], "of minimums": minimums[a] / minimums[b]}
        for a, b in pairs
    }
    return {"database": label, "times": times, "medians": medians, "ratios": ratios}


def _postgres_scratch(server_url: str) -> tuple[str, Callable[[], None]]:
    import psycopg

    name = f"thidua_bench_{uuid.uuid4().hex[:10]}"
    admin = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = admin.rpartition("/")

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{base}/{name}", drop


def machine() -> dict[str, str]:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "platform": platform.platform(),
        "cpu": f"{cpu} ({os.cpu_count()} logical CPUs)",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load average (1, 5, 15 min)": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def report(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(json.dumps(machine(), ensure_ascii=False))
    print(
        f"units={args.units} criteria={args.criteria} rows={args.units * args.criteria} repeat={args.repeat}"
    )
    for res in results:
        print(f"\n{res['database']}")
        print(f"  {'operation':<18} {'median ms':>10} {'min ms':>9} {'max ms':>9}")
        for name, values in res["times"].items():
            median, low, high = (v * 1000 for v in (res["medians"][name], min(values), max(values)))
            print(f"  {name:<18} {median:>10.1f} {low:>9.1f} {high:>9.1f}")
        print(f"  {'ratio':<32} {'of medians':>10} {'of minimums':>12}")
        for name, ratio in res["ratios"].items():
            print(f"  {name:<32} {ratio['of medians']:>9.2f}x {ratio['of minimums']:>11.2f}x")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--criteria", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--read-rounds", type=int, default=5, help="ranking/GROUP BY rounds per repetition")
    parser.add_argument("--http", action="store_true", help="also measure through HTTP")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    for noisy in ("httpx", "thidua"):  # one log line per request would distort the HTTP timings
        logging.getLogger(noisy).setLevel(logging.WARNING)

    random.seed(20161231)
    print(json.dumps(machine(), ensure_ascii=False), file=sys.stderr)
    results = []
    workdir = tempfile.mkdtemp(prefix="thidua-bench-")
    try:
        results.append(run(f"sqlite:///{workdir}/bench.db", "SQLite (file, WAL, synchronous=FULL)", args))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    pg = os.environ.get("THIDUA_BENCH_POSTGRES_URL")
    if pg:
        url, drop = _postgres_scratch(pg)
        try:
            import psycopg

            with psycopg.connect(url) as conn:
                version = conn.execute("SHOW server_version").fetchone()
            results.append(run(url, f"PostgreSQL {version[0] if version else '?'}", args))
        finally:
            drop()
    report(results, args)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(
                {"machine": machine(), "args": vars(args), "results": results},
                f,
                indent=2,
                ensure_ascii=False,
            )


if __name__ == "__main__":
    main()
