"""Load generators run in their own process by ``bench.http_bench`` (so they never share a core's GIL with
the harness): a closed loop for when ``wrk`` is not installed, and the live conference burst.

    python -m bench.loadgen SPEC.json   # prints one JSON line: the result

``closed``: ``concurrency`` clients, each sending its next request as soon as the last one answered, for
``duration`` seconds; request *i* (over all clients) carries token ``i`` of ``tokens_file`` (one a line),
so each ballot is a different voter. ``burst``: ``watchers`` clients open the SSE ``stream`` path and wait
for its first event, then ``len(tokens)`` requests start at the same instant; the watchers must then see
``expect_voted`` in a turnout event (when given) and stay connected to the end.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

TIMEOUT = 60.0


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of ``samples``; 0 for none."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(latencies: list[float], statuses: list[int], errors: int, elapsed: float) -> dict[str, Any]:
    ok = sum(1 for s in statuses if 200 <= s < 400)
    return {
        "requests": len(statuses),
        "elapsed_s": elapsed,
        "rps": len(statuses) / elapsed if elapsed else 0.0,
        "errors": errors + len(statuses) - ok,
        "statuses": {str(s): statuses.count(s) for s in sorted(set(statuses))},
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "max_ms": max(latencies, default=0.0) * 1000,
        "mean_ms": (statistics.fmean(latencies) if latencies else 0.0) * 1000,
    }


def _request(spec: dict[str, Any], token: str) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    if spec.get("body") is not None:
        return {"method": spec["method"], "url": spec["path"], "headers": headers, "content": spec["body"]}
    return {"method": spec["method"], "url": spec["path"], "headers": headers}


async def closed(spec: dict[str, Any]) -> dict[str, Any]:
    tokens = Path(spec["tokens_file"]).read_text().split()
    concurrency = int(spec["concurrency"])
    if spec.get("body") is not None:
        spec = {**spec, "body": spec["body"].encode()}
    latencies: list[float] = []
    statuses: list[int] = []
    errors = 0
    counter = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Content-Type": "application/json"}
    async with httpx.AsyncClient(
        base_url=spec["url"], timeout=TIMEOUT, limits=limits, headers=headers
    ) as http:
        start = time.perf_counter()
        deadline = start + float(spec["duration"])

        async def client() -> None:
            nonlocal counter, errors
            while time.perf_counter() < deadline:
                token = tokens[counter % len(tokens)]
                counter += 1
                sent = time.perf_counter()
                try:
                    r = await http.request(**_request(spec, token))
                except httpx.HTTPError:
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - sent)
                statuses.append(r.status_code)

        await asyncio.gather(*(client() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return summary(latencies, statuses, errors, elapsed)


async def burst(spec: dict[str, Any]) -> dict[str, Any]:
    tokens: list[str] = spec["tokens"]
    watchers: list[str] = spec.get("watcher_tokens", [])
    expect = spec.get("expect_voted")
    limits = httpx.Limits(max_connections=len(tokens) + len(watchers) + 10)
    body = spec["body"].encode()
    problems: list[str] = []
    seen: list[int] = [-1] * len(watchers)
    opened = [asyncio.Event() for _ in watchers]
    done = asyncio.Event()
    async with httpx.AsyncClient(base_url=spec["url"], timeout=TIMEOUT, limits=limits) as http:

        async def watch(i: int) -> None:
            try:
                async with http.stream(
                    "GET", spec["stream"], headers={"Authorization": f"Bearer {watchers[i]}"}
                ) as r:
                    if r.status_code != 200:
                        problems.append(f"stream {i}: HTTP {r.status_code}")
                        return
                    async for line in r.aiter_lines():
                        if line.startswith("data:"):
                            data = json.loads(line[5:])
                            if "voted" in data:
                                seen[i] = int(data["voted"])
                            opened[i].set()
                        if done.is_set() and (expect is None or seen[i] >= expect):
                            return
            except httpx.HTTPError as exc:
                problems.append(f"stream {i}: {type(exc).__name__}")
            finally:
                opened[i].set()

        watch_tasks = [asyncio.create_task(watch(i)) for i in range(len(watchers))]
        try:
            await asyncio.wait_for(asyncio.gather(*(e.wait() for e in opened)), TIMEOUT)
        except TimeoutError:
            problems.append("streams did not open in time")
        latencies: list[float] = []
        statuses: list[int] = []
        errors = 0

        async def cast(token: str) -> None:
            nonlocal errors
            sent = time.perf_counter()
            try:
                r = await http.post(
                    spec["path"],
                    content=body,
                    headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                )
            except httpx.HTTPError:
                errors += 1
                return
            latencies.append(time.perf_counter() - sent)
            statuses.append(r.status_code)

        start = time.perf_counter()
        await asyncio.gather(*(cast(t) for t in tokens))
        elapsed = time.perf_counter() - start
        done.set()
        seen_all_after = 0.0
        if watch_tasks:
            # every watcher must see the last ballot (the turnout streams poll the database): wait for it,
            # then hang up (the next line could be a heartbeat many seconds away)
            deadline = time.perf_counter() + float(spec.get("watch_timeout", 15))
            while (
                expect is not None
                and any(v < expect for v in seen)
                and time.perf_counter() < deadline
                and not all(t.done() for t in watch_tasks)
            ):
                await asyncio.sleep(0.02)
            seen_all_after = time.perf_counter() - start - elapsed
            for task in watch_tasks:
                if task.done() and not task.cancelled() and task.exception() is not None:
                    problems.append(f"stream: {task.exception()!r}")
                task.cancel()
            await asyncio.gather(*watch_tasks, return_exceptions=True)
            if expect is not None:
                short = sum(1 for v in seen if v < expect)
                if short:
                    problems.append(
                        f"{short} watchers never saw voted={expect} (last seen: {sorted(set(seen))})"
                    )
    result = summary(latencies, statuses, errors, elapsed)
    result["errors"] += len(problems)
    result["problems"] = problems
    result["watchers"] = len(watchers)
    result["seen_by_all_watchers_s"] = seen_all_after
    return result


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    spec = json.loads(Path(args[0]).read_text())
    run = closed if spec["mode"] == "closed" else burst
    print(json.dumps(asyncio.run(run(spec))), flush=True)


if __name__ == "__main__":
    main()
