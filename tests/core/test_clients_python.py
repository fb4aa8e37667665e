"""A Python client generated from openapi.json by openapi-python-client, as an integrator would, used
against a live server: login, a list, a 422 read as a problem model, a 409, and the XLSX summary."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.support.builders import BlocYear, Builders
from tests.support.clients import OPENAPI, XLSX, PythonClient, ballot_stage, generate_python_client

pytestmark = pytest.mark.live


@pytest.fixture
def backend() -> str:
    """SQLite only: what is checked is the document and the generated code, the same on either database
    (the API's behaviour on PostgreSQL is the rest of the suite's business)."""
    return "sqlite"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> PythonClient:
    return generate_python_client(tmp_path_factory.mktemp("python-client"))


@pytest.fixture
def secretariat(bloc_year: BlocYear) -> dict[str, Any]:
    return bloc_year.build.user("secretariat")


def _logged_in(generated: PythonClient, url: str, user: dict[str, Any]) -> Any:
    client_module = generated.module("client")
    issue_token = generated.module("api.auth.issue_token")
    grant = generated.module("models.issue_token_password_grant")
    grant_type = generated.module("models.issue_token_password_grant_grant_type")
    token_response = generated.module("models.token_response")

    answer = issue_token.sync_detailed(
        client=client_module.Client(base_url=url),
        body=grant.IssueTokenPasswordGrant(
            grant_type=grant_type.IssueTokenPasswordGrantGrantType.PASSWORD,
            username=user["username"],
            password=user["password"],
        ),
    )
    assert answer.status_code == 200, answer.content
    assert isinstance(answer.parsed, token_response.TokenResponse)
    assert answer.parsed.token_type == "bearer"
    return client_module.AuthenticatedClient(
        base_url=url, token=answer.parsed.access_token, headers={"Accept-Language": "vi"}
    )


def test_login_a_list_a_422_a_409_and_the_xlsx_through_the_generated_client(
    generated: PythonClient, bloc_year: BlocYear, secretariat: dict[str, Any], live_server
) -> None:
    server = live_server()
    client = _logged_in(generated, server.url, secretariat)
    list_units = generated.module("api.units.list_units")
    create_unit = generated.module("api.units.create_unit")
    models = generated.module("models")

    # A list: every unit of the bloc, each with its code, in the page envelope.
    page = list_units.sync_detailed(client=client, limit=500)
    assert page.status_code == 200, page.content
    assert isinstance(page.parsed, models.PageUnitRead)
    assert {u.id for u in page.parsed.items} == set(bloc_year.units)
    assert page.parsed.next_cursor is None
    first = next(u for u in page.parsed.items if u.id == bloc_year.a)

    # A 422 read as a problem model: the page size over 500, the field named, the detail in Vietnamese.
    invalid = list_units.sync_detailed(client=client, limit=501)
    assert invalid.status_code == 422
    assert isinstance(invalid.parsed, models.ValidationProblem)
    assert invalid.parsed.code == "validation_error"
    assert invalid.parsed.status == 422
    assert [e.loc for e in invalid.parsed.errors] == [["query", "limit"]]
    assert not invalid.parsed.detail.isascii()
    assert invalid.headers["content-type"] == "application/problem+json"

    # A 409: a unit whose code exists already.
    taken = create_unit.sync_detailed(client=client, body=models.UnitCreate(code=first.code, name="Trùng mã"))
    assert taken.status_code == 409
    assert isinstance(taken.parsed, models.Problem)
    assert taken.parsed.code == "already_exists"
    assert taken.parsed.instance == "/api/v1/units"
    after = list_units.sync_detailed(client=client, limit=500)
    assert len(after.parsed.items) == len(page.parsed.items)

    # The XLSX summary, as an integrator can fetch it today: the generated operation cannot return the
    # file (the next test), so through the generated client's own httpx session, token and base URL.
    download = client.get_httpx_client().get(
        f"/api/v1/campaigns/{bloc_year.cid}/summary", params={"format": "xlsx"}
    )
    assert download.status_code == 200, download.text
    assert download.headers["content-type"] == XLSX
    assert download.headers["content-disposition"].startswith("attachment")
    assert len(_xlsx_sheets(download.content)) >= 2


def test_a_ballot_then_409_already_voted_through_the_generated_client(
    generated: PythonClient, build: Builders, live_server
) -> None:
    """The operation openapi-python-client used to leave out (two schemas were named BallotCreate)."""
    stage = ballot_stage(build)
    server = live_server()
    client = _logged_in(generated, server.url, {"username": stage.username, "password": stage.password})
    cast = generated.module("api.ballots.cast_session_ballot")
    models = generated.module("models")

    first = cast.sync_detailed(
        stage.session_id, client=client, body=models.BallotCreate(choices=[stage.candidate_id])
    )
    assert first.status_code == 201, first.content
    assert isinstance(first.parsed, models.BallotReceipt)
    again = cast.sync_detailed(
        stage.session_id, client=client, body=models.BallotCreate(choices=[stage.candidate_id])
    )
    assert again.status_code == 409
    assert isinstance(again.parsed, models.Problem)
    assert again.parsed.code == "already_voted"
    turnout = stage.world.client.get(
        f"/api/v1/voting-sessions/{stage.session_id}/turnout", headers=stage.world.delegate(0)
    )
    assert turnout.status_code == 200, turnout.text
    assert turnout.json()["voted"] == 1 and turnout.json()["i_voted"] is True


def _xlsx_sheets(data: bytes) -> list[str]:
    assert data[:2] == b"PK"
    return list(load_workbook(io.BytesIO(data), read_only=True).sheetnames)


def test_the_files_through_their_generated_operations(
    generated: PythonClient, bloc_year: BlocYear, secretariat: dict[str, Any], live_server
) -> None:
    """Each file has an operation of its own with one binary media type (`…/summary.xlsx`,
    `…/ranking.xlsx`): the generated client hands back its bytes. (The `?format=` operations list JSON
    first, which this generator would parse the bytes as.)"""
    server = live_server()
    client = _logged_in(generated, server.url, secretariat)
    get_summary_workbook = generated.module("api.summary.get_summary_workbook")
    get_ranking_workbook = generated.module("api.scores.get_ranking_workbook")

    answer = get_summary_workbook.sync_detailed(bloc_year.cid, client=client)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == XLSX
    assert len(_xlsx_sheets(answer.content)) >= 2
    ranked = get_ranking_workbook.sync_detailed(bloc_year.cid, client=client)
    assert ranked.status_code == 200 and ranked.headers["content-type"] == XLSX
    assert len(_xlsx_sheets(ranked.content)) == 1


def test_the_generator_leaves_out_no_operation(generated: PythonClient) -> None:
    """openapi-python-client skips an operation it cannot read, with a warning: every one must be there,
    one module per operation id."""
    left_out = [
        line.removeprefix("WARNING parsing ").removesuffix(". Endpoint will not be generated.")
        for line in generated.output.splitlines()
        if line.endswith("Endpoint will not be generated.")
    ]
    assert left_out == []
    document = json.loads(OPENAPI.read_text())
    operation_ids = {
        op["operationId"]
        for item in document["paths"].values()
        for method, op in item.items()
        if method in {"get", "put", "post", "delete", "patch"}
    }
    api = Path(generated.package.__file__).parent / "api"
    assert {p.stem for p in api.glob("*/*.py") if p.stem != "__init__"} == operation_ids
