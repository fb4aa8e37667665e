"""Every error response is documented as the problem details the server sends (app/core/openapi.py).

The document is walked: each operation's errors are ``application/problem+json`` with ``Problem`` or, for
a 422, ``ValidationProblem``, and each operation lists the statuses its policy and parameters imply. Then
real errors are provoked and each must be a status the operation documents, in the documented media type,
with a body the documented schema admits.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.errors import PROBLEM_JSON
from app.core.openapi import NOT_PROBLEM_RESPONSES
from app.core.policy import route_policies
from app.main import create_app
from tests.support.builders import Builders, Headers
from tests.support.settings import make_settings

PROBLEM = "#/components/schemas/Problem"
VALIDATION_PROBLEM = "#/components/schemas/ValidationProblem"
# The token endpoint's RFC 6749 answers (400, 401) and its 429 are the token endpoint's own to document.
TOKEN_RESPONSES = {("issue_token", "400"), ("issue_token", "401")}  # RFC 6749 bodies

Operation = tuple[str, str, dict[str, Any]]


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("openapi") / "x.db"
    return create_app(make_settings(f"sqlite:///{path}")).openapi()


def operations(document: dict[str, Any]) -> Iterator[Operation]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield method, path, operation


def test_every_error_response_is_a_problem(document: dict[str, Any]) -> None:
    checked = 0
    for _method, _path, operation in operations(document):
        for status, response in operation["responses"].items():
            key = (operation["operationId"], status)
            if status[0] not in "45" or key in TOKEN_RESPONSES or key in NOT_PROBLEM_RESPONSES:
                continue
            ref = VALIDATION_PROBLEM if status == "422" else PROBLEM
            assert response["content"] == {PROBLEM_JSON: {"schema": {"$ref": ref}}}, key
            assert response["description"], key
            checked += 1
    assert checked > 600  # every operation has several (687 in 136 operations when this was written)


def test_fastapis_validation_schemas_are_gone(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    problem = schemas["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "instance", "code"}
    assert {"request_id", "errors"} <= set(problem["properties"])
    assert schemas["ValidationProblem"]["allOf"][0] == {"$ref": PROBLEM}
    assert schemas["ValidationProblem"]["allOf"][1]["required"] == ["errors"]
    assert schemas["FieldError"]["required"] == ["loc", "msg", "type"]


def test_each_operation_documents_the_statuses_its_declarations_imply(document: dict[str, Any]) -> None:
    for method, path, operation in operations(document):
        if operation["operationId"] == "issue_token":
            continue  # the token endpoint documents its own answers (RFC 6749)
        responses = operation["responses"]
        params = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
        label = f"{method.upper()} {path}"
        if "requestBody" in operation:
            assert {"400", "413", "422"} <= set(responses), label
        if params:
            assert "422" in responses, label
        if any(where == "path" for where, _ in params):
            assert "404" in responses, label
        if ("header", "If-Match") in params:
            assert "412" in responses, label
        if ("header", "Idempotency-Key") in params:
            assert {"409", "422"} <= set(responses), label


def test_every_operation_that_needs_a_principal_documents_401_and_403(tmp_path: Path) -> None:
    app = create_app(make_settings(f"sqlite:///{tmp_path}/x.db"))
    document = app.openapi()
    gated = 0
    for rp in route_policies(app):
        operation = document["paths"].get(rp.path, {}).get(rp.method.lower())
        if operation is None or rp.policy is None or rp.policy.public:
            continue  # outside the document (the docs pages), or anyone may call it
        gated += 1
        assert {"401", "403"} <= set(operation["responses"]), rp.name
        assert "WWW-Authenticate" in operation["responses"]["401"]["headers"], rp.name
        if rp.policy.visible is not None:
            assert "404" in operation["responses"], rp.name
    assert gated > 100


# ---- the documented answers are the real ones --------------------------------------------------------------


def documented(app: FastAPI, method: str, path: str, response: httpx.Response) -> dict[str, Any]:
    """Assert ``response`` is documented for the operation: its status, its media type, and a body the
    documented schema admits; return the body."""
    operation = app.openapi()["paths"][path][method.lower()]
    status = str(response.status_code)
    assert status in operation["responses"], (operation["operationId"], status, response.text)
    content = operation["responses"][status]["content"]
    media_type = response.headers["content-type"].split(";")[0]
    assert media_type in content, (operation["operationId"], media_type)
    schema = {**content[media_type]["schema"], "components": app.openapi()["components"]}
    body: dict[str, Any] = response.json()
    errors = [e.message for e in jsonschema_rs.validator_for(schema).iter_errors(body)]
    assert errors == [], (operation["operationId"], status, body)
    return body


UNITS = "/api/v1/units"
UNIT = "/api/v1/units/{unit_id}"


@pytest.fixture
def admin(build: Builders) -> Headers:
    return build.headers("admin")


def test_401_is_documented_and_sent_with_its_challenge(app: FastAPI, client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        r = client.get(UNITS, headers=headers)
        assert documented(app, "GET", UNITS, r)["code"] == "not_authenticated"
        assert r.headers["WWW-Authenticate"].startswith("Bearer")


def test_403_is_documented(app: FastAPI, client: TestClient, build: Builders) -> None:
    r = client.post(UNITS, json={"code": "NOPE", "name": "Vụ"}, headers=build.headers("observer"))
    assert documented(app, "POST", UNITS, r)["code"] == "forbidden"


def test_404_is_documented(app: FastAPI, client: TestClient, admin: Headers) -> None:
    for unit_id in (str(uuid.uuid4()), "not-an-id"):
        r = client.get(f"{UNITS}/{unit_id}", headers=admin)
        assert documented(app, "GET", UNIT, r)["code"] == "not_found"


def test_422_of_a_body_a_query_and_a_reused_key_are_validation_problems(
    app: FastAPI, client: TestClient, admin: Headers
) -> None:
    body = documented(app, "POST", UNITS, client.post(UNITS, json={"code": 5, "x": 1}, headers=admin))
    assert body["code"] == "validation_error" and body["errors"]
    body = documented(app, "GET", UNITS, client.get(UNITS, params={"limit": 10_000}, headers=admin))
    assert body["errors"][0]["loc"] == ["query", "limit"]
    keyed = {**admin, "Idempotency-Key": str(uuid.uuid4())}
    assert client.post(UNITS, json={"code": "K1", "name": "Vụ"}, headers=keyed).status_code == 201
    body = documented(
        app, "POST", UNITS, client.post(UNITS, json={"code": "K2", "name": "Vụ"}, headers=keyed)
    )
    assert body["code"] == "idempotency_key_reused"
    assert body["errors"] == [
        {
            "loc": ["header", "Idempotency-Key"],
            "msg": "already used with a different request",
            "type": "idempotency_key_reused",
        }
    ]


def test_400_of_a_body_that_is_not_utf8_is_documented(
    app: FastAPI, client: TestClient, admin: Headers
) -> None:
    r = client.post(UNITS, content=b'{"code": "\xff"}', headers={**admin, "Content-Type": "application/json"})
    body = documented(app, "POST", UNITS, r)
    assert (body["status"], body["code"]) == (400, "malformed_body")
    assert (
        body["detail"] == "The request body cannot be read: it is not UTF-8 text of the declared media type."
    )
    vi = {**admin, "Content-Type": "application/json", "Accept-Language": "vi"}
    body = client.post(UNITS, content=b'{"code": "\xff"}', headers=vi).json()
    assert (body["title"], body["code"]) == ("Không đọc được nội dung yêu cầu", "malformed_body")


def test_415_of_a_body_the_operation_does_not_read_is_documented(
    app: FastAPI, client: TestClient, admin: Headers
) -> None:
    """A JSON operation sent XML, or a form, is told which media types it reads; nothing is stored."""
    for content_type in ("application/xml", "text/plain; charset=utf-8", "application/x-www-form-urlencoded"):
        content = '{"code": "X1", "name": "Vụ"}'.encode()
        r = client.post(UNITS, content=content, headers={**admin, "Content-Type": content_type})
        body = documented(app, "POST", UNITS, r)
        assert (body["status"], body["code"]) == (415, "unsupported_media_type")
        assert body["detail"] == (
            "This operation does not accept a body of this Content-Type; it accepts application/json."
        )
    vi = {**admin, "Content-Type": "application/xml", "Accept-Language": "vi"}
    body = client.post(UNITS, content=b"<unit/>", headers=vi).json()
    assert (
        body["detail"] == "Thao tác này không nhận nội dung có Content-Type này; chỉ nhận application/json."
    )
    assert client.get(UNITS, params={"code": "X1"}, headers=admin).json()["items"] == []
    # JSON with its charset goes through.
    json_utf8 = {**admin, "Content-Type": "application/json; charset=utf-8"}
    r = client.post(UNITS, content='{"code": "X2", "name": "Vụ"}'.encode(), headers=json_utf8)
    assert r.status_code == 201, r.text


def test_409_and_412_are_documented(
    app: FastAPI, client: TestClient, admin: Headers, build: Builders
) -> None:
    unit = build.unit()
    r = client.post(UNITS, json={"code": unit["code"], "name": "Vụ"}, headers=admin)
    assert documented(app, "POST", UNITS, r)["code"] == "already_exists"
    r = client.patch(f"{UNITS}/{unit['id']}", json={"name": "Vụ mới"}, headers={**admin, "If-Match": '"0"'})
    assert documented(app, "PATCH", UNIT, r)["code"] == "precondition_failed"


@pytest.mark.parametrize("settings_overrides", [{"max_body_bytes": 1024}])
def test_413_is_documented(app: FastAPI, client: TestClient, admin: Headers) -> None:
    r = client.post(UNITS, json={"code": "BIG", "name": "x" * 4096}, headers=admin)
    assert documented(app, "POST", UNITS, r)["code"] == "payload_too_large"
