"""The HTTP benchmark harness (``bench/http_bench.py``, ``make bench``) still runs end to end: a tiny run on
SQLite produces numbers for every case and no errors, so the harness cannot rot between measurements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import http_bench, inprocess

pytestmark = pytest.mark.live


def test_a_tiny_run_measures_every_case_without_errors(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    # Each cast is a distinct delegate: enough for a second of the bare insert on a quiet fast machine (it did
    # 540 a second here with 4 connections; 300 ran out and its last ballots were refused as already cast).
    rows = http_bench.main(
        [
            "--db", "sqlite", "--duration", "1", "--rounds", "1", "--concurrency", "4", "--loadgen", "python",
            "--delegates", "3000", "--live-delegates", "10", "--live-watchers", "5", "--json", str(out),
        ]
    )  # fmt: skip
    assert [row["case"] for row in rows] == ["cast", "read", "live"]
    for row in rows:
        assert row["product_rps"] > 0 and row["bare_rps"] > 0, row
        assert row["product_p99_ms"] > 0 and row["bare_p99_ms"] > 0, row
        assert row["ratio"] > 0, row
        assert (row["product_errors"], row["bare_errors"]) == (0, 0), row
    live = rows[2]["product_runs"][0]
    assert live["requests"] == 10 and live["watchers"] == 5 and live["problems"] == []
    saved = json.loads(out.read_text())
    assert saved["machine"]["cores"] and len(saved["rows"]) == 3


def test_the_in_process_comparison_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    # It sets these for the bare stack's import: they are put back after the test.
    monkeypatch.setenv("THIDUA_JWT_SECRET", "restored-after-the-test")
    monkeypatch.setenv("THIDUA_DATABASE_URL", "sqlite:///restored-after-the-test.db")
    results = inprocess.main(["--db", "sqlite", "--requests", "5"])
    assert list(results) == ["bare read", "product read", "bare cast", "product cast"]
    assert all(wall > 0 and cpu > 0 for wall, cpu in results.values()), results
