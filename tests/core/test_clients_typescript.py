"""The TypeScript client of clients/ts: types generated from openapi.json by openapi-typescript, an
openapi-fetch example written by hand against them. It compiles under `tsc --strict` with no error, and
run with node against a live server it logs in, pages through the units, casts a ballot, reads a 422 and
a 409 as problem details and downloads the XLSX summary."""

from __future__ import annotations

import io
import json
import math
import os
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook

from tests.support.builders import Builders
from tests.support.clients import (
    XLSX,
    TypeScriptBuild,
    ballot_stage,
    build_typescript,
    run_example,
    typecheck_probe,
)

pytestmark = pytest.mark.live


@pytest.fixture
def backend() -> str:
    """SQLite only: what is checked is the document and the client, the same on either database."""
    return "sqlite"


@pytest.fixture(scope="module")
def typescript() -> TypeScriptBuild:
    return build_typescript(os.environ.get("PYTEST_XDIST_WORKER", "main"))


def test_the_example_compiles_under_tsc_strict_with_no_error(typescript: TypeScriptBuild) -> None:
    assert typescript.errors == []
    assert typescript.tsc.returncode == 0, typescript.tsc.stdout + typescript.tsc.stderr
    assert (typescript.out_dir / "example.js").is_file()


def test_the_generated_types_are_strict_enough_to_refuse_misuse(typescript: TypeScriptBuild) -> None:
    errors = typecheck_probe(os.environ.get("PYTEST_XDIST_WORKER", "main"))
    # A unit without its fields and with a number for a code; a string page size; a ballot without its
    # session id: each refused, on its own line of the probe.
    assert sorted({int(e.split("(")[1].split(",")[0]) for e in errors}) == [4, 6, 7], errors


def test_the_example_works_against_a_live_server(
    typescript: TypeScriptBuild, build: Builders, live_server, tmp_path: Path
) -> None:
    assert typescript.tsc.returncode == 0, typescript.tsc.stdout
    stage = ballot_stage(build)
    world = stage.world
    codes = sorted(
        u["code"] for u in world.client.get("/api/v1/units?limit=500", headers=world.admin).json()["items"]
    )
    server = live_server()
    summary_path = tmp_path / "summary.xlsx"

    done = run_example(
        typescript,
        {
            "THIDUA_URL": server.url,
            "THIDUA_USERNAME": stage.username,
            "THIDUA_PASSWORD": stage.password,
            "THIDUA_SESSION_ID": stage.session_id,
            "THIDUA_CANDIDATE_ID": stage.candidate_id,
            "THIDUA_CAMPAIGN_ID": stage.campaign_id,
            "THIDUA_SUMMARY_PATH": str(summary_path),
        },
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}\n{server.log()[-3000:]}"
    seen = json.loads(done.stdout)

    # Every unit once, page by page (two to a page).
    assert sorted(seen["units"]) == codes
    assert seen["pages"] == math.ceil(len(codes) / 2)

    invalid, counted, again = seen["ballots"]
    # The candidate twice: a 422 problem, in Vietnamese (the client asks for it), naming the field.
    assert invalid["outcome"] == "invalid"
    assert invalid["code"] == "validation_error"
    assert invalid["errors"] and all(e["loc"].startswith("body.choices") for e in invalid["errors"])
    assert invalid["detail"].isascii() is False
    # Then a valid ballot, and the same ballot again: 409 already_voted.
    assert counted["outcome"] == "counted"
    assert again == {"outcome": "refused", "status": 409, "code": "already_voted", "detail": again["detail"]}
    # The ballot counted: one ballot cast, and the receipt is confirmed once the session is closed.
    closed = world.acted(stage.session_id, "close")
    assert closed["status"] == "closed"
    receipt = httpx.get(
        f"{server.url}/api/v1/voting-sessions/{stage.session_id}/receipts/{counted['receipt']}",
        headers=world.delegate(0),
        timeout=30,
    )
    assert receipt.status_code == 200, receipt.text
    assert receipt.json() == {"counted": True}

    # The summary: an XLSX workbook, as an attachment.
    assert seen["summary"]["contentType"] == XLSX
    assert seen["summary"]["disposition"].startswith("attachment")
    data = summary_path.read_bytes()
    assert len(data) == seen["summary"]["bytes"] > 0
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    assert len(workbook.sheetnames) >= 2
