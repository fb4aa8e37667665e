"""The OAuth 2 contract in the OpenAPI document (issue 15, point 3) and the requests it lets clients send:

- the security scheme is OAuth 2 with the password and client-credentials flows at the token endpoint, and
  every operation that needs a token names it (the public ones do not);
- the token request is documented as one of three grants, `grant_type` an enum, and the RFC 6749 §5.2 error
  codes as an enum on the 400/401 answers;
- the requests Swagger UI's Authorize sends succeed, and the RFC 6749 errors are unchanged (on both
  databases).
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jsonschema_rs
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.policy import route_policies
from app.main import create_app
from tests.support.settings import make_settings

TOKEN = "/api/v1/auth/token"
ME = "/api/v1/auth/me"
FORM = "application/x-www-form-urlencoded"
GRANTS = {
    "password": {"grant_type", "username", "password"},
    "refresh_token": {"grant_type", "refresh_token"},
    "client_credentials": {"grant_type", "client_id", "client_secret"},
}
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture(scope="module")
def doc_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    """The app whose document is read: the document does not depend on the database."""
    path: Path = tmp_path_factory.mktemp("oauth_doc") / "doc.db"
    return create_app(make_settings(f"sqlite:///{path}"))


@pytest.fixture(scope="module")
def spec(doc_app: FastAPI) -> dict[str, Any]:
    return doc_app.openapi()


def _token_body_schema(spec: dict[str, Any]) -> dict[str, Any]:
    body = spec["paths"][TOKEN]["post"]["requestBody"]
    assert body["required"] is True
    assert set(body["content"]) == {FORM}
    schema: dict[str, Any] = body["content"][FORM]["schema"]
    return schema


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _basic(client_id: str, client_secret: str) -> dict[str, str]:
    """Swagger UI's header: ``"Basic " + btoa(clientId + ":" + clientSecret)``, empty fields included."""
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()}


# ---- the document ----------------------------------------------------------------------------------------


def test_the_only_security_scheme_is_oauth2_with_password_and_client_credentials_flows(spec):
    schemes = spec["components"]["securitySchemes"]
    assert set(schemes) == {"OAuth2"}
    scheme = schemes["OAuth2"]
    assert scheme["type"] == "oauth2"
    assert scheme["flows"] == {
        "password": {"tokenUrl": TOKEN, "refreshUrl": TOKEN, "scopes": {}},
        "clientCredentials": {"tokenUrl": TOKEN, "scopes": {}},
    }
    # The flows' URL is the document's own token operation.
    assert "post" in spec["paths"][TOKEN]


def test_every_operation_needing_a_token_names_the_scheme_and_public_ones_do_not(doc_app, spec):
    documented = {
        (method.upper(), path): operation
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }
    public, private = [], []
    for rp in route_policies(doc_app):
        operation = documented.get((rp.method, rp.path))
        if operation is None:
            continue  # outside the document (the docs pages)
        assert rp.policy is not None, f"{rp.method} {rp.path}"
        if rp.policy.public:
            public.append(rp.path)
            assert "security" not in operation, f"{rp.method} {rp.path} is public"
        else:
            private.append(rp.path)
            assert operation.get("security") == [{"OAuth2": []}], f"{rp.method} {rp.path}"
    # Every documented operation was checked, and both kinds exist.
    assert len(public) + len(private) == len(documented)
    assert {TOKEN, "/api/v1/auth/refresh", "/healthz"} <= set(public)
    assert "/api/v1/auth/me" in private and len(private) > 100


def test_the_token_request_is_one_of_three_grants_with_grant_type_an_enum(spec):
    schema = _token_body_schema(spec)
    assert schema["properties"]["grant_type"]["enum"] == list(GRANTS)
    assert schema["required"] == ["grant_type"]
    variants = {}
    for variant in schema["oneOf"]:
        (grant,) = variant["properties"]["grant_type"]["enum"]
        variants[grant] = set(variant["required"])
        assert set(variant["properties"]) == variants[grant]
    assert variants == GRANTS
    # Declared fields keep their limit; `scope` (Swagger UI sends it) is documented as accepted.
    assert all(
        prop["maxLength"] == 512 for name, prop in schema["properties"].items() if name != "grant_type"
    )
    assert "scope" in schema["properties"]
    # The route reads the form itself: FastAPI's generated body model is gone.
    assert "Body_issue_token" not in spec["components"]["schemas"]


@pytest.mark.parametrize(
    "form, valid",
    [
        ({"grant_type": "password", "username": "a", "password": "b"}, True),
        ({"grant_type": "password", "username": "a", "password": "b", "scope": "", "client_id": ""}, True),
        ({"grant_type": "refresh_token", "refresh_token": "r"}, True),
        ({"grant_type": "client_credentials", "client_id": "c", "client_secret": "s", "scope": ""}, True),
        ({"grant_type": "password", "username": "a"}, False),
        ({"grant_type": "refresh_token", "username": "a", "password": "b"}, False),
        ({"grant_type": "client_credentials", "client_id": "c"}, False),
        ({"grant_type": "implicit", "username": "a", "password": "b"}, False),
        ({"username": "a", "password": "b"}, False),
        ({"grant_type": "password", "username": "a", "password": "b" * 513}, False),
    ],
)
def test_the_documented_token_request_accepts_exactly_the_complete_grants(spec, form, valid):
    assert jsonschema_rs.Draft202012Validator(_token_body_schema(spec)).is_valid(form) is valid


def test_the_token_endpoint_documents_rfc6749_error_codes(spec):
    responses = spec["paths"][TOKEN]["post"]["responses"]
    for status in ("400", "401"):
        assert responses[status]["content"] == {
            "application/json": {"schema": {"$ref": "#/components/schemas/OAuthErrorBody"}}
        }
    schemas = spec["components"]["schemas"]
    body = schemas["OAuthErrorBody"]
    assert body["required"] == ["error", "error_description"]
    assert body["properties"]["error"] == {"$ref": "#/components/schemas/OAuthErrorCode"}
    assert set(schemas["OAuthErrorCode"]["enum"]) == {
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "unsupported_grant_type",
    }
    for code in ("invalid_request", "invalid_grant", "unsupported_grant_type"):
        assert code in responses["400"]["description"]
    assert "invalid_client" in responses["401"]["description"]


# ---- what clients send -----------------------------------------------------------------------------------


def _me(client: TestClient, token: str) -> dict[str, Any]:
    r = client.get(ME, headers=_bearer(token))
    assert r.status_code == 200, r.text
    return dict(r.json())


@pytest.mark.parametrize(
    "extra, headers",
    [
        # Swagger UI's default ("Client credentials location: Authorization header"), no client entered.
        ({"scope": ""}, _basic("", "")),
        # "Request body": empty client fields are left out, but a generic client may send them empty.
        ({"scope": "", "client_id": "", "client_secret": ""}, {}),
        # A client id and secret the password grant does not use.
        ({"scope": "openid", "client_id": "swagger", "client_secret": "x"}, {}),
    ],
    ids=["swagger-default", "empty-client-fields", "unused-client-fields"],
)
def test_swagger_ui_password_flow_logs_in(client, make_user, extra, headers):
    user = make_user("observer")
    form = {"grant_type": "password", "username": user["username"], "password": user["password"], **extra}
    r = client.post(TOKEN, data=form, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    body = r.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "refresh_token"}
    assert body["token_type"] == "bearer"
    assert _me(client, body["access_token"])["username"] == user["username"]


def test_swagger_ui_refresh_at_the_refresh_url_rotates_the_pair(client, make_user, token_pair):
    user = make_user("observer")
    first = token_pair(user["username"], user["password"])
    r = client.post(TOKEN, data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert r.status_code == 200, r.text
    second = r.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert _me(client, second["access_token"])["username"] == user["username"]
    spent = client.post(TOKEN, data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert spent.status_code == 400 and spent.json()["error"] == "invalid_grant"


def test_client_credentials_in_the_request_body_get_a_token(client, make_service_client):
    sc = make_service_client(["units:read"])
    form = {
        "grant_type": "client_credentials",
        "client_id": sc["client_id"],
        "client_secret": sc["client_secret"],
        "scope": "",
    }
    r = client.post(TOKEN, data=form)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    me = _me(client, body["access_token"])
    assert me["kind"] == "client" and me["scopes"] == ["units:read"]


def test_swagger_ui_client_credentials_flow_with_http_basic(client, make_service_client):
    # Swagger UI's Authorize sends the client only in HTTP Basic (RFC 6749 §2.3.1).
    sc = make_service_client(["units:read"])
    r = client.post(
        TOKEN,
        data={"grant_type": "client_credentials", "scope": ""},
        headers=_basic(sc["client_id"], sc["client_secret"]),
    )
    assert r.status_code == 200, r.text
    assert _me(client, r.json()["access_token"])["scopes"] == ["units:read"]


def test_http_basic_client_authentication_refusals(client, make_service_client):
    sc = make_service_client(["units:read"])
    form = {"grant_type": "client_credentials"}
    wrong = client.post(TOKEN, data=form, headers=_basic(sc["client_id"], sc["client_secret"] + "x"))
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    garbled = client.post(TOKEN, data=form, headers={"Authorization": "Basic %%%not-base64"})
    assert garbled.status_code == 401 and garbled.json()["error"] == "invalid_client"
    no_colon = client.post(
        TOKEN, data=form, headers={"Authorization": "Basic " + base64.b64encode(b"just-an-id").decode()}
    )
    assert no_colon.status_code == 401 and no_colon.json()["error"] == "invalid_client"
    both = client.post(
        TOKEN,
        data={**form, "client_id": sc["client_id"], "client_secret": sc["client_secret"]},
        headers=_basic(sc["client_id"], sc["client_secret"]),
    )
    assert both.status_code == 400 and both.json()["error"] == "invalid_request"


@pytest.mark.parametrize(
    "form, status, error",
    [
        ({}, 400, "invalid_request"),
        ({"grant_type": ""}, 400, "invalid_request"),
        ({"grant_type": "password", "username": "x", "scope": ""}, 400, "invalid_request"),
        ({"grant_type": "password", "username": "x", "password": ""}, 400, "invalid_request"),
        ({"grant_type": "refresh_token", "refresh_token": ""}, 400, "invalid_request"),
        ({"grant_type": "client_credentials", "client_id": "tdc_x"}, 400, "invalid_request"),
        ({"grant_type": "implicit", "username": "x", "password": "y"}, 400, "unsupported_grant_type"),
        ({"grant_type": "PASSWORD", "username": "x", "password": "y"}, 400, "unsupported_grant_type"),
        ({"grant_type": "password", "username": "nobody", "password": "y"}, 400, "invalid_grant"),
        ({"grant_type": "refresh_token", "refresh_token": "made-up"}, 400, "invalid_grant"),
        (
            {"grant_type": "client_credentials", "client_id": "tdc_x", "client_secret": "y"},
            401,
            "invalid_client",
        ),
    ],
)
def test_token_errors_stay_rfc6749(client, form, status, error):
    r = client.post(TOKEN, data=form)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.headers["cache-control"] == "no-store"
    body = r.json()
    assert set(body) == {"error", "error_description"} and body["error"] == error
    if status == 401:
        assert r.headers["www-authenticate"].startswith("Basic")


def test_a_json_body_is_a_missing_grant_type_not_a_422(client):
    r = client.post(TOKEN, json={"grant_type": "password", "username": "x", "password": "y"})
    assert r.status_code == 400 and r.json()["error"] == "invalid_request"


def test_a_field_past_its_limit_is_a_validation_error(client):
    r = client.post(TOKEN, data={"grant_type": "password", "username": "x" * 513, "password": "y"})
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation_error"
    assert [(e["loc"], e["type"]) for e in body["errors"]] == [(["body", "username"], "string_too_long")]
    assert "x" * 513 not in r.text  # the input is never echoed


def test_a_repeated_field_counts_by_its_last_value(client, make_user):
    user = make_user("observer")
    form = [
        ("grant_type", "password"),
        ("username", "nobody"),
        ("username", user["username"]),
        ("password", user["password"]),
    ]
    r = client.post(TOKEN, content=urlencode(form), headers={"Content-Type": FORM})
    assert r.status_code == 200, r.text


def test_bearer_tokens_are_read_as_before(client, make_user, token_pair):
    user = make_user("observer")
    token = token_pair(user["username"], user["password"])["access_token"]
    assert client.get(ME, headers={"Authorization": f"bearer {token}"}).status_code == 200
    for headers in ({}, {"Authorization": f"Basic {token}"}, {"Authorization": "Bearer"}):
        r = client.get(ME, headers=headers)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer", headers
        assert r.json()["code"] == "not_authenticated"
