"""What the service shows beyond its API: the OpenAPI document, the docs pages and the metrics, as the
settings allow them (open in development, closed by default in production); security headers on every
response."""

from __future__ import annotations

import pytest

from app.core.middleware import API_CSP, DOCS_CSP

PROD = {"env": "production"}
SCRAPE = "g7Vq2mZ0pX4rT9wL1sY8bN3cK6hJ5fD0aQ"


def test_development_serves_the_docs_and_metrics_to_anyone(client, app):
    doc = client.get("/openapi.json")
    assert doc.status_code == 200 and doc.json() == app.openapi()
    for page in ("/docs", "/redoc", "/docs/oauth2-redirect"):
        r = client.get(page)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), page
        assert r.headers["content-security-policy"] == DOCS_CSP
    assert client.get("/metrics").status_code == 200


@pytest.mark.parametrize("settings_overrides", [PROD])
def test_production_gives_the_document_only_to_a_token_holder_and_no_pages(client, app, headers_for):
    anonymous = client.get("/openapi.json")
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"].startswith("Bearer")
    assert "paths" not in anonymous.text
    forged = client.get("/openapi.json", headers={"Authorization": "Bearer not-a-token"})
    assert forged.status_code == 401
    observer = client.get("/openapi.json", headers=headers_for("observer"))
    assert observer.status_code == 200 and observer.json() == app.openapi()
    for page in ("/docs", "/redoc", "/docs/oauth2-redirect"):
        assert client.get(page, headers=headers_for("admin")).status_code == 404, page


@pytest.mark.parametrize("settings_overrides", [PROD])
def test_production_refuses_a_logged_out_token_for_the_document(client, headers_for):
    headers = headers_for("admin")
    assert client.get("/openapi.json", headers=headers).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert client.get("/openapi.json", headers=headers).status_code == 401


@pytest.mark.parametrize("settings_overrides", [{**PROD, "docs_access": "off"}])
def test_docs_can_be_switched_off(client, headers_for):
    assert client.get("/openapi.json", headers=headers_for("admin")).status_code == 404
    assert client.get("/docs").status_code == 404


@pytest.mark.parametrize("settings_overrides", [{**PROD, "docs_access": "public"}])
def test_production_may_publish_the_docs_on_purpose(client):
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/docs").status_code == 200


@pytest.mark.parametrize("settings_overrides", [PROD])
def test_production_without_a_scrape_token_does_not_serve_metrics(client, headers_for):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers=headers_for("admin")).status_code == 404


@pytest.mark.parametrize("settings_overrides", [{**PROD, "metrics_token": SCRAPE}])
def test_metrics_need_the_scrape_token(client):
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer " + SCRAPE[:-1]}).status_code == 401
    ok = client.get("/metrics", headers={"Authorization": "Bearer " + SCRAPE})
    assert ok.status_code == 200 and "thidua_http_requests_total" in ok.text
    assert SCRAPE not in ok.text


def test_production_refuses_a_predictable_scrape_token():
    from pydantic import ValidationError

    from app.core.config import Settings
    from tests.support.settings import TEST_SECRET

    with pytest.raises(ValidationError, match="METRICS_TOKEN"):
        Settings(env="production", jwt_secret=TEST_SECRET, metrics_token="metrics" * 6)


_BASE_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def _assert_hardened(response, csp=API_CSP):
    for name, value in _BASE_HEADERS.items():
        assert response.headers.get(name) == value, (name, response.status_code, response.request.url)
    assert response.headers["content-security-policy"] == csp


def test_security_headers_on_every_kind_of_response(client, admin_headers, settings):
    _assert_hardened(client.get("/healthz"))
    _assert_hardened(client.get("/api/v1/units", headers=admin_headers))  # 200 JSON
    _assert_hardened(client.get("/api/v1/units"))  # 401
    _assert_hardened(client.get("/api/v1/units/nope", headers=admin_headers))  # 404 problem
    _assert_hardened(client.delete("/api/v1/units", headers=admin_headers))  # 405
    big = b"x" * (settings.max_body_bytes + 1)
    too_large = client.post(
        "/api/v1/units", headers={**admin_headers, "Content-Type": "application/json"}, content=big
    )
    assert too_large.status_code == 413
    _assert_hardened(too_large)
    _assert_hardened(client.get("/no/such/route"))
    assert "strict-transport-security" not in client.get("/healthz").headers


@pytest.mark.parametrize("settings_overrides", [{"hsts_seconds": 31536000}])
def test_hsts_when_configured_behind_tls(client):
    hsts = client.get("/healthz").headers["strict-transport-security"]
    assert hsts == "max-age=31536000; includeSubDomains"
