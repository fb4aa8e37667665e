"""Cross-cutting HTTP behaviour: problem details, limits, request ids, CORS, health and metrics."""

from __future__ import annotations

import json
import re

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.core.routing import TransactionalRoute
from app.main import create_app
from tests.support.settings import make_settings

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance", "code"}


def _assert_problem(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status and body["code"] == code
    assert body["instance"] == r.request.url.path
    return body


def test_unknown_route_is_a_404_problem(client):
    body = _assert_problem(client.get("/api/v1/nothing-here"), 404, "not_found")
    assert body["title"] == "Not found"


def test_wrong_method_is_405_with_allow(client):
    r = client.delete("/api/v1/auth/me")
    _assert_problem(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "GET, HEAD"


def test_validation_errors_list_each_field_and_never_echo_input(client, admin_headers):
    r = client.post(
        "/api/v1/units",
        headers=admin_headers,
        json={"code": "X1", "name": "Đơn vị", "secret_field": "hunter2"},
    )
    body = _assert_problem(r, 422, "validation_error")
    assert {
        "loc": ["body", "secret_field"],
        "msg": body["errors"][0]["msg"],
        "type": "extra_forbidden",
    } in body["errors"]
    assert "hunter2" not in r.text


def test_problems_speak_vietnamese_when_asked(client):
    r = client.get("/api/v1/nothing-here", headers={"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5"})
    body = _assert_problem(r, 404, "not_found")
    assert body["title"] == "Không tìm thấy"
    assert r.headers["content-language"] == "vi"
    en = client.get("/api/v1/nothing-here", headers={"Accept-Language": "en;q=1, vi;q=0.2"}).json()
    assert en["title"] == "Not found"


def test_unexpected_errors_are_500_without_internals(settings):
    app = create_app(settings)
    boom = APIRouter(route_class=TransactionalRoute)

    @boom.get("/boom")
    def _boom() -> None:
        raise RuntimeError("SELECT secret FROM /etc/passwd")

    app.include_router(boom)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/boom", headers={"X-Request-ID": "trace-me-1"})
    body = _assert_problem(r, 500, "internal_error")
    assert "SELECT" not in r.text and "passwd" not in r.text and "Traceback" not in r.text
    assert body["request_id"] == "trace-me-1"
    app.state.engine.dispose()


def test_request_id_is_generated_or_echoed(client):
    generated = client.get("/healthz")
    assert len(generated.headers["x-request-id"]) == 32
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"] == "abc-123"
    # An unsafe id (it would end up in logs) is replaced, not echoed.
    unsafe = 'bad id "quoted" {json}'
    replaced = client.get("/healthz", headers={"X-Request-ID": unsafe}).headers["x-request-id"]
    # A fresh id (32 hex digits; it may well start with "bad", which is hex), nothing of the one sent.
    assert re.fullmatch(r"[0-9a-f]{32}", replaced) and replaced != unsafe
    assert "x-request-id" in client.get("/api/v1/nothing").headers


def test_body_over_the_limit_is_413_and_stores_nothing(database_url, session_factory_for):
    settings = make_settings(database_url, max_body_bytes=2048)
    app = create_app(settings)
    with TestClient(app) as c:
        big = json.dumps({"code": "BIG", "name": "x" * 5000})
        r = c.post("/api/v1/units", content=big, headers={"Content-Type": "application/json"})
        _assert_problem(r, 413, "payload_too_large")

        def chunks():
            yield b'{"code": "BIG", "name": "'
            for _ in range(10):
                yield b"x" * 500
            yield b'"}'

        chunked = c.post("/api/v1/units", content=chunks(), headers={"Content-Type": "application/json"})
        _assert_problem(chunked, 413, "payload_too_large")
    with session_factory_for(app) as s:
        assert s.execute(text("SELECT count(*) FROM units")).scalar() == 0
    app.state.engine.dispose()


@pytest.fixture
def session_factory_for():
    return lambda app: app.state.sessionmaker()


def test_cors_allows_only_listed_origins(database_url):
    app = create_app(make_settings(database_url, cors_origins=["https://thidua.example.gov.vn"]))
    with TestClient(app) as c:
        ok = c.options(
            "/api/v1/units",
            headers={"Origin": "https://thidua.example.gov.vn", "Access-Control-Request-Method": "GET"},
        )
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == "https://thidua.example.gov.vn"
        bad = c.get("/healthz", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in bad.headers
    app.state.engine.dispose()


def test_health_readiness_and_metrics(client, session_factory):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ok"
    metrics = client.get("/metrics")
    assert metrics.status_code == 200
    assert 'thidua_http_requests_total{method="GET",route="/readyz",status="200"} 1.0' in metrics.text

    with session_factory() as s:  # the schema falls behind the code: not ready
        s.execute(text("UPDATE alembic_version SET version_num = 'older'"))
        s.commit()
    not_ready = client.get("/readyz")
    assert not_ready.status_code == 503 and not_ready.json()["reason"] == "schema_not_at_head"
    assert not_ready.headers["content-type"] == "application/problem+json"
    assert not_ready.json()["code"] == "not_ready" and "thidua migrate" in not_ready.json()["detail"]
    vi = client.get("/readyz", headers={"Accept-Language": "vi"}).json()
    assert vi["title"] == "Dịch vụ chưa sẵn sàng" and vi["reason"] == "schema_not_at_head"


def test_readyz_is_503_when_the_database_is_unreachable(tmp_path):
    app = create_app(make_settings(f"sqlite:///{tmp_path}/missing-dir/none.db"))
    with TestClient(app) as c:
        r = c.get("/readyz")
    assert r.status_code == 503 and r.json()["reason"] == "database_unreachable"
    app.state.engine.dispose()


def test_a_naive_cursor_is_422_not_500(client, admin_headers):
    import base64

    naive = base64.urlsafe_b64encode(b'["2026-01-01T00:00:00","x"]').decode().rstrip("=")
    r = client.get("/api/v1/units", params={"cursor": naive}, headers=admin_headers)
    _assert_problem(r, 422, "validation_error")


@pytest.mark.parametrize(
    "raw",
    [
        b'["9999-12-31T23:59:59-14:00","x"]',  # no such instant in UTC
        b'["0001-01-01T00:00:00+14:00","x"]',
        b'[12,"x"]',
        b'["2026-01-01T00:00:00+00:00",["x"]]',
        b'["2026-01-01T00:00:00+00:00","' + b"x" * 65 + b'"]',
        b'{"a":1,"b":2}',
    ],
)
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/units",
        "/api/v1/users",
        "/api/v1/blocs",
        "/api/v1/campaigns",
        "/api/v1/awards",
        "/api/v1/service-clients",
        "/api/v1/voting-sessions",
        "/api/v1/people",
    ],
)
def test_a_crafted_cursor_is_422_on_every_list_and_the_connection_stays_usable(
    client, admin_headers, path, raw
):
    import base64

    cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    r = client.get(path, params={"cursor": cursor}, headers=admin_headers)
    _assert_problem(r, 422, "validation_error")
    assert r.json()["errors"] == [
        {"loc": ["query", "cursor"], "msg": "invalid cursor", "type": "value_error"}
    ]
    assert client.get(path, headers=admin_headers).status_code == 200


def test_sqlite_reads_do_not_wait_for_a_writer(client, admin_headers, backend, settings):
    """On SQLite a GET begins a deferred transaction: a write transaction elsewhere does not block it."""
    if backend != "sqlite":
        pytest.skip("SQLite's locking only")
    import sqlite3
    import time

    writer = sqlite3.connect(settings.database_url.removeprefix("sqlite:///"), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        assert client.get("/api/v1/units", headers=admin_headers).status_code == 200
        assert time.monotonic() - started < 10  # the busy timeout is 30 s: a wait would exceed this
    finally:
        writer.execute("ROLLBACK")
        writer.close()


@pytest.mark.parametrize(
    "url",
    ["/api/v1/campaigns/a%00b", "/api/v1/units/a%00b", "/api/v1/campaigns/a%00b/summary?format=xlsx"],
)
def test_a_nul_character_in_a_path_is_404_on_every_database(client, admin_headers, url):
    _assert_problem(client.get(url, headers=admin_headers), 404, "not_found")


@pytest.mark.parametrize("url", ["/api/v1/units?q=a%00b", "/api/v1/campaigns?year=2016&x=%00"])
def test_a_nul_character_in_the_query_is_422_on_every_database(client, admin_headers, url):
    body = _assert_problem(client.get(url, headers=admin_headers), 422, "validation_error")
    assert body["errors"] == [
        {"loc": ["query"], "msg": "contains a NUL character (U+0000)", "type": "nul_character"}
    ]


def test_a_nul_character_in_a_body_id_is_a_client_error_and_stores_nothing(
    client, headers_for, make_bloc, backend, session_factory
):
    """PostgreSQL refuses NUL in any text it is handed (422 here); SQLite just finds no such bloc."""
    from app.models import Campaign

    make_bloc(2, year=2016)
    body = {"bloc_id": "a\u0000b", "year": 2016, "title": "Phong trào năm 2016"}
    r = client.post("/api/v1/campaigns", json=body, headers=headers_for("secretariat"))
    if backend == "postgresql":
        problem = _assert_problem(r, 422, "validation_error")
        assert problem["errors"][0]["type"] == "nul_character"
    else:
        assert r.status_code in (404, 422), r.text
    with session_factory() as s:
        assert s.query(Campaign).count() == 0
