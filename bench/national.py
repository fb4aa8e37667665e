"""National scale: the reads and the one bulk write a national deployment leans on, at several sizes.

    THIDUA_BENCH_POSTGRES_URL=postgresql://user@host:port/postgres python -m bench.national \
        [--factors 0.01,0.1,1] [--repeat 5] [--json FILE]

For each factor, a scratch PostgreSQL database is created on that server, migrated, filled by
``app.demo.national`` (``factor=1``: 300 blocs, 5,000 units, 60 criteria × 2 stages = 600,000 score
entries, 300 closed sessions with 100,000 ballots; ``0.01`` and ``0.1`` are the same shape at 1 % and
10 %), measured, and dropped. Without ``THIDUA_BENCH_POSTGRES_URL`` it runs on a SQLite file instead.

Measured through the ASGI app in-process (``TestClient``, the generated secretariat's bearer token),
``--repeat`` times each after one warm-up, on the largest bloc's campaign:

- ranking:         ``GET /campaigns/{id}/ranking``
- summary (JSON):  ``GET /campaigns/{id}/summary``
- summary (XLSX):  ``GET /campaigns/{id}/summary?format=xlsx``
- units page 1:    ``GET /units?limit=L``, L = units / 100 (at most 50), so that page 100 is the last
- units page 100:  the same with the cursor of page 100 (found by walking the pages once, untimed; the
                   last page when there are fewer than 100 units)
- bulk import:     ``POST /campaigns/{id}/scores/bulk``, the bloc's self sheets (60 entries each),
                   submitted, after their sheets were deleted (untimed): every sheet and entry written anew

Each with its time (median, ms), the time per item and the SQL statements the request sent (a
``before_cursor_execute`` listener on the app's engine: every round trip, executemany batches included).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.core.db import make_engine, make_sessionmaker
from app.core.migrations import upgrade
from app.demo import national
from app.models import ScoreEntry, ScoreSheet
from bench.bench_scoring import _http_client, _postgres_scratch, machine

PASSWORD = "bench-password-not-secret"
PAGES = 100


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    url: str
    items: int  # what "per item" divides by
    body: bytes | None = None
    before: Callable[[], None] | None = None  # untimed preparation, run before each sample


def count_statements(engine: Engine) -> tuple[list[str], Callable[[], None]]:
    """A list that collects every statement ``engine`` sends, and the function that stops collecting."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    return statements, lambda: event.remove(engine, "before_cursor_execute", record)


def login(client: Any, username: str, password: str) -> dict[str, str]:
    r = client.post(
        "/api/v1/auth/token", data={"grant_type": "password", "username": username, "password": password}
    )
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def page_limit(units: int) -> int:
    return max(1, min(50, units // PAGES))


def cursor_of_page(client: Any, headers: dict[str, str], limit: int, page: int) -> str:
    """The cursor that asks for page ``page`` of the units list (walking the pages before it)."""
    cursor = None
    for _ in range(page - 1):
        r = client.get(
            "/api/v1/units",
            params={"limit": limit, **({"cursor": cursor} if cursor else {})},
            headers=headers,
        )
        r.raise_for_status()
        cursor = r.json()["next_cursor"]
        if cursor is None:
            raise ValueError(f"the units list has fewer than {page} pages of {limit}")
    assert cursor is not None
    return str(cursor)


def bulk_body(factory: sessionmaker[Session], campaign_id: str, stage: str = "self") -> dict[str, Any]:
    """The campaign's ``stage`` sheets as a bulk request (their stored entries, re-sent)."""
    with factory() as s:
        rows = s.execute(
            select(ScoreSheet.unit_id, ScoreEntry.criterion_code, ScoreEntry.points_centi)
            .join(ScoreEntry, ScoreEntry.sheet_id == ScoreSheet.id)
            .where(ScoreSheet.campaign_id == campaign_id, ScoreSheet.stage == stage)
            .order_by(ScoreSheet.unit_id, ScoreEntry.criterion_code)
        ).all()
    sheets: dict[str, list[dict[str, Any]]] = {}
    for unit_id, code, centi in rows:
        sheets.setdefault(unit_id, []).append({"criterion": code, "points": centi / 100})
    return {
        "stage": stage,
        "submit": True,
        "sheets": [{"unit_id": u, "entries": entries} for u, entries in sheets.items()],
    }


def delete_sheets(factory: sessionmaker[Session], campaign_id: str, stage: str = "self") -> None:
    with factory() as s:
        ids = select(ScoreSheet.id).where(ScoreSheet.campaign_id == campaign_id, ScoreSheet.stage == stage)
        s.execute(delete(ScoreEntry).where(ScoreEntry.sheet_id.in_(ids)))
        s.execute(delete(ScoreSheet).where(ScoreSheet.campaign_id == campaign_id, ScoreSheet.stage == stage))
        s.commit()


def operations(
    client: Any, headers: dict[str, str], factory: sessionmaker[Session], generated: national.Generated
) -> list[Operation]:
    campaign = generated.largest_campaign_id
    members = len(generated.unit_ids_by_bloc[0])
    limit = page_limit(generated.scale.units)
    page = min(PAGES, generated.scale.units // limit)  # 100, but for fewer than 100 units
    cursor = cursor_of_page(client, headers, limit, page)
    body = bulk_body(factory, campaign)
    entries = sum(len(s["entries"]) for s in body["sheets"])
    base = f"/api/v1/campaigns/{campaign}"
    return [
        Operation("ranking", "GET", f"{base}/ranking", members),
        Operation("summary (JSON)", "GET", f"{base}/summary", members),
        Operation("summary (XLSX)", "GET", f"{base}/summary?format=xlsx", members),
        Operation("units page 1", "GET", f"/api/v1/units?limit={limit}", limit),
        Operation(f"units page {page}", "GET", f"/api/v1/units?limit={limit}&cursor={cursor}", limit),
        Operation(
            "bulk import",
            "POST",
            f"{base}/scores/bulk",
            entries,
            body=json.dumps(body).encode(),
            before=lambda: delete_sheets(factory, campaign),
        ),
    ]


def measure(client: Any, engine: Engine, headers: dict[str, str], op: Operation) -> tuple[float, int]:
    """One sample: seconds and statements."""
    if op.before is not None:
        op.before()
    extra = {"Content-Type": "application/json"} if op.body is not None else {}
    statements, stop = count_statements(engine)
    try:
        start = time.perf_counter()
        r = client.request(op.method, op.url, content=op.body, headers={**headers, **extra})
        elapsed = time.perf_counter() - start
    finally:
        stop()
    assert r.status_code == 200, (op.name, r.status_code, r.text[:500])
    return elapsed, len(statements)


def run(url: str, factor: float, args: argparse.Namespace) -> dict[str, Any]:
    upgrade(url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    client = _http_client(url)
    try:
        scale = national.Scale.national(factor)
        start = time.perf_counter()
        with factory() as s:
            generated = national.generate(s, scale, password_hash=client.app.state.passwords.hash(PASSWORD))
            s.commit()
        generate_s = time.perf_counter() - start
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:  # as autovacuum would, soon after a load this size
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        print(f"  [factor {factor}] generated in {generate_s:.1f} s: {generated.counts}", file=sys.stderr)
        headers = login(client, generated.secretariat_username, PASSWORD)
        ops = operations(client, headers, factory, generated)
        app_engine = client.app.state.engine
        rows = []
        for op in ops:
            measure(client, app_engine, headers, op)  # warm-up: first-use costs (caches, plans) not counted
            samples = [measure(client, app_engine, headers, op) for _ in range(args.repeat)]
            times = [t for t, _ in samples]
            counts = sorted({n for _, n in samples})
            median = statistics.median(times)
            rows.append(
                {
                    "operation": op.name,
                    "items": op.items,
                    "median_ms": median * 1000,
                    "min_ms": min(times) * 1000,
                    "ms_per_item": median * 1000 / op.items,
                    "statements": counts,
                }
            )
            print(
                f"  [factor {factor}] {op.name}: {median * 1000:.1f} ms, {counts} statements", file=sys.stderr
            )
        return {"factor": factor, "counts": generated.counts, "generate_s": generate_s, "rows": rows}
    finally:
        client.__exit__(None, None, None)
        client.app.state.engine.dispose()
        engine.dispose()


def report(database: str, results: list[dict[str, Any]]) -> None:
    print(json.dumps(machine(), ensure_ascii=False))
    print(f"\n{database}")
    for res in results:
        c = res["counts"]
        print(
            f"\nfactor {res['factor']}: {c['units']} units, {c['score_entries']} score entries, "
            f"{c['voting_sessions']} sessions, {c['ballots']} ballots "
            f"(generated in {res['generate_s']:.1f} s)"
        )
        head = f"{'items':>6} {'median ms':>10} {'min ms':>9} {'ms/item':>9} {'statements':>10}"
        print(f"  {'operation':<16} {head}")
        for r in res["rows"]:
            statements = ",".join(str(n) for n in r["statements"])
            print(
                f"  {r['operation']:<16} {r['items']:>6} {r['median_ms']:>10.1f} {r['min_ms']:>9.1f} "
                f"{r['ms_per_item']:>9.3f} {statements:>10}"
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--factors", default="0.01,0.1,1", help="comma-separated scales of the national set")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    for noisy in ("httpx", "thidua"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    factors = [float(f) for f in args.factors.split(",")]
    pg = os.environ.get("THIDUA_BENCH_POSTGRES_URL")
    results = []
    database = "SQLite (file)"
    for factor in factors:
        if pg:
            url, drop = _postgres_scratch(pg)
            try:
                import psycopg

                with psycopg.connect(url) as conn:
                    version = conn.execute("SHOW server_version").fetchone()
                database = f"PostgreSQL {version[0] if version else '?'}"
                results.append(run(url, factor, args))
            finally:
                drop()
        else:
            workdir = tempfile.mkdtemp(prefix="thidua-national-")
            try:
                results.append(run(f"sqlite:///{workdir}/national.db", factor, args))
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
    report(database, results)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"machine": machine(), "database": database, "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
