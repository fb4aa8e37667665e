"""HTTP semantics every route gets for free: HEAD, conditional GET, ``Allow`` on 405, ``Vary`` and the
language of every error (problem details and the OAuth token endpoint's RFC 6749 errors)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.core.etag import none_match_hits
from app.main import create_app
from tests.support.problems import problem
from tests.support.settings import make_settings

VI = {"Accept-Language": "vi"}
EN = {"Accept-Language": "en"}
TOKEN = "/api/v1/auth/token"


def _varies_on_language(response: Any) -> None:
    vary = [part.strip().lower() for part in response.headers.get("vary", "").split(",")]
    assert "accept-language" in vary, response.headers


# ---- 405 and Allow --------------------------------------------------------------------------------------


def test_405_allow_lists_every_method_of_the_path(client, admin_headers):
    # /units has GET (list) and POST (create) on two routes; /units/{id} has GET and PATCH.
    r = client.delete("/api/v1/units", headers=admin_headers)
    problem(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "GET, HEAD, POST"
    r = client.put("/api/v1/units/some-id", headers=admin_headers)
    problem(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "GET, HEAD, PATCH"
    r = client.get(TOKEN)
    problem(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "POST"


def test_head_on_a_path_without_get_is_405_and_runs_nothing(client, session_factory):
    def audited() -> int:
        with session_factory() as s:
            return int(s.execute(text("SELECT count(*) FROM audit_events")).scalar_one())

    before = audited()
    r = client.head(TOKEN, headers=EN)
    assert r.status_code == 405
    assert r.headers["allow"] == "POST"
    assert r.content == b""
    assert audited() == before


# ---- HEAD -----------------------------------------------------------------------------------------------


def test_head_answers_like_get_without_a_body(client, admin_headers, build):
    unit = build.unit()
    url = f"/api/v1/units/{unit['id']}"
    got = client.get(url, headers=admin_headers)
    head = client.head(url, headers=admin_headers)
    assert got.status_code == head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == got.headers["etag"]
    assert head.headers["content-type"] == got.headers["content-type"] == "application/json"
    assert head.headers["content-length"] == str(len(got.content))
    listing = client.head("/api/v1/units", headers=admin_headers)
    assert listing.status_code == 200 and listing.content == b""


def test_head_passes_the_same_policy_as_get(client, build):
    unit = build.unit()
    url = f"/api/v1/units/{unit['id']}"
    anonymous = client.head(url, headers=EN)
    assert anonymous.status_code == client.get(url, headers=EN).status_code == 401
    assert anonymous.content == b""
    assert anonymous.headers["www-authenticate"] == "Bearer"
    missing = client.head("/api/v1/units/not-a-unit", headers=build.headers("admin"))
    assert missing.status_code == 404 and missing.content == b""


def test_head_is_counted_and_logged_as_head(client, admin_headers):
    client.head("/api/v1/units", headers=admin_headers)
    metrics = client.get("/metrics").text
    assert 'thidua_http_requests_total{method="HEAD",route="/units",status="200"} 1.0' in metrics


# ---- If-None-Match ---------------------------------------------------------------------------------------


def test_if_none_match_with_the_current_etag_is_304_without_a_body(client, admin_headers, build):
    unit = build.unit()
    url = f"/api/v1/units/{unit['id']}"
    etag = client.get(url, headers=admin_headers).headers["etag"]
    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        r = client.get(url, headers={**admin_headers, "If-None-Match": sent})
        assert r.status_code == 304, (sent, r.text)
        assert r.content == b""
        assert r.headers["etag"] == etag
        assert "content-type" not in r.headers and "content-length" not in r.headers
        _varies_on_language(r)
    head = client.head(url, headers={**admin_headers, "If-None-Match": etag})
    assert head.status_code == 304 and head.content == b""


def test_if_none_match_with_another_etag_is_200_with_the_body(client, admin_headers, build):
    unit = build.unit()
    url = f"/api/v1/units/{unit['id']}"
    before = client.get(url, headers=admin_headers).headers["etag"]
    changed = client.patch(url, json={"name": "Tên mới"}, headers={**admin_headers, "If-Match": before})
    assert changed.status_code == 200, changed.text
    r = client.get(url, headers={**admin_headers, "If-None-Match": before})
    assert r.status_code == 200
    assert r.json()["name"] == "Tên mới"
    assert r.headers["etag"] != before


def test_if_none_match_never_hides_an_error_or_a_write(client, admin_headers, build):
    # Not a GET: If-None-Match does not turn a PATCH into a 304.
    unit = build.unit()
    url = f"/api/v1/units/{unit['id']}"
    etag = client.get(url, headers=admin_headers).headers["etag"]
    r = client.patch(url, json={"name": "Đổi tên"}, headers={**admin_headers, "If-None-Match": etag})
    assert r.status_code == 200 and r.json()["name"] == "Đổi tên"
    # An error is an error, whatever the client holds.
    gone = client.get("/api/v1/units/not-a-unit", headers={**admin_headers, "If-None-Match": "*"})
    problem(gone, 404, "not_found")


@pytest.mark.parametrize(
    "header, etag, hit",
    [
        ('"a.1"', '"a.1"', True),
        ('W/"a.1"', '"a.1"', True),
        ('"a.1"', 'W/"a.1"', True),
        ('"b.2", W/"a.1"', '"a.1"', True),
        ("*", '"a.1"', True),
        ('"a.2"', '"a.1"', False),
        ("a.1", '"a.1"', False),
        ('""', '"a.1"', False),
    ],
)
def test_none_match_comparison_is_weak(header, etag, hit):
    assert none_match_hits(header, etag) is hit


# ---- Vary and the language of every error ---------------------------------------------------------------


def test_every_response_varies_on_accept_language(client, admin_headers):
    for r in (
        client.get("/healthz"),
        client.get("/api/v1/units", headers=admin_headers),
        client.get("/api/v1/nothing-here"),
        client.post(TOKEN, data={}),
    ):
        _varies_on_language(r)


def test_404_and_405_speak_the_asked_language(client):
    vi = problem(client.get("/api/v1/nothing-here", headers=VI), 404, "not_found")
    assert (vi["title"], vi["detail"]) == ("Không tìm thấy", "Tài nguyên được yêu cầu không tồn tại.")
    en = problem(client.get("/api/v1/nothing-here", headers=EN), 404, "not_found")
    assert (en["title"], en["detail"]) == ("Not found", "The requested resource does not exist.")
    r = client.delete("/api/v1/units", headers=VI)
    vi = problem(r, 405, "method_not_allowed")
    assert vi["title"] == "Phương thức không được hỗ trợ"
    assert vi["detail"] == "Phương thức này không được phép với tài nguyên này."
    assert r.headers["content-language"] == "vi"
    _varies_on_language(r)


def test_401_speaks_the_asked_language(client):
    vi = problem(client.get("/api/v1/units", headers=VI), 401, "not_authenticated")
    assert vi["title"] == "Cần đăng nhập"
    assert vi["detail"] == "Cần một mã truy cập hợp lệ."
    en = problem(client.get("/api/v1/units", headers=EN), 401, "not_authenticated")
    assert en["title"] == "Authentication required"


def test_422_validation_speaks_the_asked_language(client, admin_headers):
    body = {"code": "X1", "name": "", "kind": 7, "secret_field": "hunter2"}
    r = client.post("/api/v1/units", json=body, headers={**admin_headers, **VI})
    vi = problem(r, 422, "validation_error")
    assert vi["title"] == "Yêu cầu không hợp lệ"
    assert vi["detail"] == f"{len(vi['errors'])} trường không hợp lệ."
    msgs = {err["type"]: err["msg"] for err in vi["errors"]}
    assert msgs["extra_forbidden"] == "Không được gửi trường này"
    assert msgs["too_short"] == "Độ dài phải ít nhất là 1"
    assert msgs["literal_error"].startswith("Giá trị phải là một trong: 'office', ")
    assert "hunter2" not in r.text
    assert r.headers["content-language"] == "vi"
    en = problem(client.post("/api/v1/units", json=body, headers={**admin_headers, **EN}), 422)
    assert en["title"] == "The request is not valid"
    assert {err["msg"] for err in en["errors"]} >= {"Extra inputs are not permitted"}


def test_a_service_error_speaks_the_asked_language(client, admin_headers):
    # Every detail the service writes has its Vietnamese (tests/core/test_error_catalogue.py checks them all).
    r = client.get("/api/v1/units", params={"cursor": "garbage"}, headers={**admin_headers, **VI})
    vi = problem(r, 422, "validation_error")
    assert vi["title"] == "Yêu cầu không hợp lệ"
    assert vi["detail"] == "Con trỏ phân trang không hợp lệ."
    en = problem(client.get("/api/v1/units", params={"cursor": "garbage"}, headers=admin_headers), 422)
    assert en["detail"] == "The cursor is not valid."


def _password(client: TestClient, username: str, password: str, headers: dict[str, str]) -> Any:
    form = {"grant_type": "password", "username": username, "password": password}
    return client.post(TOKEN, data=form, headers=headers)


def test_login_failures_speak_the_asked_language_in_rfc6749_form(client, build):
    user = build.user()
    vi = _password(client, user["username"], "wrong", VI)
    assert vi.status_code == 400
    assert vi.json() == {
        "error": "invalid_grant",
        "error_description": "Tên đăng nhập hoặc mật khẩu không đúng.",
    }
    assert vi.headers["content-language"] == "vi"
    _varies_on_language(vi)
    en = _password(client, user["username"], "wrong", EN)
    assert en.json() == {
        "error": "invalid_grant",
        "error_description": "The username or password is incorrect.",
    }
    assert en.headers["content-language"] == "en"
    for form, error, description in (
        ({}, "invalid_request", "Cần gửi grant_type."),
        (
            {"grant_type": "implicit"},
            "unsupported_grant_type",
            "Chỉ hỗ trợ: password, refresh_token, client_credentials.",
        ),
        (
            {"grant_type": "password", "username": "x"},
            "invalid_request",
            "Cần nhập tên đăng nhập và mật khẩu.",
        ),
        ({"grant_type": "refresh_token"}, "invalid_request", "Cần gửi refresh_token."),
        (
            {"grant_type": "refresh_token", "refresh_token": "made-up"},
            "invalid_grant",
            "Mã làm mới không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
        ),
        ({"grant_type": "client_credentials"}, "invalid_request", "Cần gửi client_id và client_secret."),
    ):
        r = client.post(TOKEN, data=form, headers=VI)
        assert r.status_code == 400
        assert r.json() == {"error": error, "error_description": description}
    bad_client = client.post(
        TOKEN, data={"grant_type": "client_credentials", "client_id": "x", "client_secret": "y"}, headers=VI
    )
    assert bad_client.status_code == 401
    assert bad_client.json() == {
        "error": "invalid_client",
        "error_description": "Xác thực ứng dụng không thành công.",
    }


def test_429_speaks_the_asked_language(client, build):
    user = build.user()
    for _ in range(5):
        assert _password(client, user["username"], "wrong", EN).status_code == 400
    vi = _password(client, user["username"], user["password"], VI)
    body = problem(vi, 429, "too_many_requests")
    assert body["title"] == "Quá nhiều lần thử"
    assert body["detail"] == "Đăng nhập sai quá nhiều lần; hãy chờ rồi thử lại."
    assert (body["error"], body["error_description"]) == ("too_many_requests", "Quá nhiều lần thử.")
    assert int(vi.headers["retry-after"]) >= 1
    _varies_on_language(vi)
    en = problem(_password(client, user["username"], user["password"], EN), 429, "too_many_requests")
    assert (en["title"], en["error_description"]) == ("Too many attempts", "Too many attempts.")


def test_413_speaks_the_asked_language_announced_or_streamed(database_url):
    app = create_app(make_settings(database_url, max_body_bytes=2048))
    big = json.dumps({"code": "BIG", "name": "x" * 5000})

    def chunks() -> Any:
        yield b'{"code": "BIG", "name": "'
        for _ in range(10):
            yield b"x" * 500
        yield b'"}'

    try:
        with TestClient(app) as c:
            json_vi = {"Content-Type": "application/json", **VI}
            for r in (
                c.post("/api/v1/units", content=big, headers=json_vi),
                c.post("/api/v1/units", content=chunks(), headers=json_vi),
            ):
                body = problem(r, 413, "payload_too_large")
                assert body["title"] == "Nội dung yêu cầu quá lớn"
                assert body["detail"] == "Nội dung yêu cầu vượt quá 2048 byte."
                assert r.headers["content-language"] == "vi"
                _varies_on_language(r)
            en = problem(
                c.post("/api/v1/units", content=chunks(), headers={"Content-Type": "application/json"}),
                413,
                "payload_too_large",
            )
            assert en["detail"] == "The request body exceeds 2048 bytes."
    finally:
        app.state.engine.dispose()


# ---- CORS ------------------------------------------------------------------------------------------------


def test_cors_exposes_the_headers_clients_read(database_url):
    origin = "https://thidua.example.gov.vn"
    app = create_app(make_settings(database_url, cors_origins=[origin]))
    try:
        with TestClient(app) as c:
            r = c.get("/healthz", headers={"Origin": origin})
            exposed = {h.strip().lower() for h in r.headers["access-control-expose-headers"].split(",")}
            assert exposed >= {
                "etag",
                "location",
                "link",
                "content-disposition",
                "idempotent-replayed",
                "x-request-id",
                "retry-after",
            }
            vary = [part.strip().lower() for part in r.headers["vary"].split(",")]
            assert "origin" in vary and "accept-language" in vary
            pre = c.options(
                "/api/v1/units",
                headers={
                    "Origin": origin,
                    "Access-Control-Request-Method": "GET",
                    "Access-Control-Request-Headers": "If-None-Match, Accept-Language",
                },
            )
            assert pre.status_code == 200
    finally:
        app.state.engine.dispose()


# ---- over the wire ---------------------------------------------------------------------------------------


@pytest.mark.live
def test_head_and_304_over_a_real_server_keep_the_connection_sound(live_server, build):
    """uvicorn frames a response by the request's method: a HEAD answered with Content-Length and no body,
    then a 304, then a full GET, all on one kept-alive connection."""
    server = live_server()
    unit = build.unit()
    user = build.user("admin")
    with httpx.Client(base_url=server.url, timeout=30) as http:
        form = {"grant_type": "password", "username": user["username"], "password": user["password"]}
        token = http.post(TOKEN, data=form).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        url = f"/api/v1/units/{unit['id']}"
        got = http.get(url, headers=headers)
        head = http.head(url, headers=headers)
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == str(len(got.content))
        assert head.headers["etag"] == got.headers["etag"]
        not_modified = http.get(url, headers={**headers, "If-None-Match": got.headers["etag"]})
        assert not_modified.status_code == 304 and not_modified.content == b""
        again = http.get(url, headers=headers)
        assert again.status_code == 200 and again.json() == got.json()
    assert "Traceback" not in server.log() and "ERROR" not in server.log(), server.log()
