"""What one request costs the process, without HTTP or concurrency: the product's cast and read against
the bare stack's, called as ASGI apps in one event loop, one request at a time (issue 17's follow-up).

    python -m bench.inprocess                       # SQLite, 300 requests of each
    THIDUA_BENCH_POSTGRES_URL=postgresql://... python -m bench.inprocess --db postgresql --requests 500

Both apps get the same fresh database, prepared as ``bench.http_bench`` prepares it (delegates with
their logins and tokens, an open secret session of every delegate for the casts, one of 20 for the reads),
the same engine settings and the run's JWT secret; the product runs with its background audit sealer off.
After 20 warm-up reads on each side, it times ``--requests`` reads and then casts per side, in the order
bare read, product read, bare cast, product cast, and prints each one's wall and CPU time per request and
the ratios bare / product. With ``--statements`` it prints instead the SQL one read and one cast send.

Over HTTP under load (``make bench``) a request also waits for cores, threads and locks; here only its own
work is counted, so this is the number to watch while cutting CPU: it moves by a few percent between runs
where the HTTP figures move by tens.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import secrets
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from sqlalchemy import event

WARM_UP = 20
READ_ELECTORATE = 20


async def call(app: Any, method: str, path: str, token: str, body: bytes = b"") -> tuple[int, bytes]:
    """One request through ``app`` as an ASGI server would send it: (status, body)."""
    headers = [(b"host", b"bench"), (b"authorization", b"Bearer " + token.encode())]
    if body:
        headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # no disconnect: the request ends on its own
        return {"type": "http.disconnect"}

    status, chunks = 0, []

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


async def timed(n: int, request: Callable[[int], Awaitable[tuple[int, bytes]]]) -> tuple[float, float]:
    """Wall and CPU milliseconds per request over ``n`` requests (each must succeed)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(n):
        status, body = await request(i)
        if status not in (200, 201):
            raise SystemExit(f"request {i} answered {status}: {body[:300]!r}")
    return (time.perf_counter() - wall) * 1000 / n, (time.process_time() - cpu) * 1000 / n


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per case and side")
    parser.add_argument("--statements", action="store_true", help="print the SQL of one read and one cast")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> dict[str, tuple[float, float]]:
    args = parse(argv)
    secret = "bench-" + secrets.token_hex(32)
    # The bare stack reads its secret and database at import; it is pointed at the run's database below
    # (its import-time engine never connects).
    os.environ["THIDUA_JWT_SECRET"] = secret
    os.environ.setdefault(
        "THIDUA_DATABASE_URL", f"sqlite:///{tempfile.gettempdir()}/thidua-inprocess-unused.db"
    )
    import bench.bare.app as bare_module
    from app.core.config import Settings
    from app.core.db import make_engine
    from app.main import create_app
    from bench import http_bench

    logging.disable(logging.WARNING)  # the access log and the rest: not what is measured
    with ExitStack() as stack:
        stack.callback(logging.disable, logging.NOTSET)
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="thidua-inprocess-")))
        url, label = stack.enter_context(http_bench.database(args.db, workdir))
        stage = http_bench.prepare(url, secret, 2 * args.requests + 2 * WARM_UP + READ_ELECTORATE)
        casting = http_bench.open_session(stage, stage.delegates)
        reading = http_bench.open_session(stage, stage.delegates[:READ_ELECTORATE])
        product = create_app(Settings(database_url=url, jwt_secret=secret, audit_seal_seconds=0))
        bare_module.engine = make_engine(url)
        bare_module.SECRET = secret  # when it was imported before (the tests), with another secret
        stack.callback(bare_module.engine.dispose)
        results = asyncio.run(_run(args, stage, product, bare_module.app, casting, reading))
    if results:
        print(f"{label}, {os.cpu_count()} cores, {args.requests} requests of each, one at a time, in process")
        for name, (wall, cpu) in results.items():
            print(f"  {name:<12} wall {wall:7.3f} ms   cpu {cpu:7.3f} ms")
        for case in ("read", "cast"):
            bare, prod = results[f"bare {case}"], results[f"product {case}"]
            print(f"  {case}: bare / product = {bare[0] / prod[0]:.2f} (wall), {bare[1] / prod[1]:.2f} (cpu)")
    return results


async def _run(
    args: argparse.Namespace, stage: Any, product: Any, bare: Any, casting: str, reading: str
) -> dict[str, tuple[float, float]]:
    body = json.dumps({"choices": stage.candidates[:1]}).encode()
    round_id = uuid.uuid4().hex
    tokens, n = stage.tokens, args.requests

    def product_read(i: int) -> Awaitable[tuple[int, bytes]]:
        return call(product, "GET", f"/api/v1/voting-sessions/{reading}", tokens[i % READ_ELECTORATE])

    def bare_read(i: int) -> Awaitable[tuple[int, bytes]]:
        return call(bare, "GET", f"/bare/items/{stage.item_id}", tokens[i % READ_ELECTORATE])

    def product_cast(i: int) -> Awaitable[tuple[int, bytes]]:
        return call(product, "POST", f"/api/v1/voting-sessions/{casting}/ballots", tokens[i], body)

    def bare_cast(i: int) -> Awaitable[tuple[int, bytes]]:
        return call(bare, "POST", f"/bare/votes/{round_id}", tokens[i], body)

    async with product.router.lifespan_context(product):
        await timed(WARM_UP, product_read)
        await timed(WARM_UP, bare_read)
        if args.statements:
            sent: list[str] = []

            def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
                sent.append(" ".join(statement.split()))

            event.listen(product.state.engine, "before_cursor_execute", record)
            for name, request in (("read", product_read), ("cast", product_cast)):
                sent.clear()
                await request(len(tokens) - 1)
                print(f"{name}: {len(sent)} statements")
                print("\n".join(f"  {s[:200]}" for s in sent))
            return {}
        return {
            "bare read": await timed(n, bare_read),
            "product read": await timed(n, product_read),
            "bare cast": await timed(n, lambda i: bare_cast(i + WARM_UP)),
            "product cast": await timed(n, lambda i: product_cast(i + WARM_UP)),
        }


if __name__ == "__main__":
    main()
