"""The interactive docs work without internet: /docs and /redoc load Swagger UI and ReDoc from the service
itself, reference no other host, run no inline script, and the assets are served exactly when the pages
are (THIDUA_DOCS_ACCESS)."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.core.middleware import DOCS_CSP
from app.health.docs_router import ASSETS, STATIC_PREFIX

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("/docs", "/redoc", "/docs/oauth2-redirect")
CONTENT_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".png": "image/png",
    ".json": "application/json",
}
URL_ATTRIBUTES = {"src", "href", "spec-url", "data-openapi-url", "data-oauth2-redirect-url"}


class _Page(HTMLParser):
    """Every URL-valued attribute of a page, every other attribute value, and the inline script bodies."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.values: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            (self.urls if name in URL_ATTRIBUTES else self.values).append(value)
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _expected_type(url: str) -> str:
    suffix = Path(url.split("?")[0]).suffix
    return CONTENT_TYPES.get(suffix, "text/html")


def test_the_pages_load_every_asset_from_the_service_and_name_no_other_host(client):
    fetched: set[str] = set()
    for page_url in PAGES:
        r = client.get(page_url)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), page_url
        assert r.headers["content-security-policy"] == DOCS_CSP
        page = _parse(r.text)
        assert page.inline_scripts == [], f"{page_url} runs an inline script, which DOCS_CSP does not allow"
        assert "<style" not in r.text and " style=" not in r.text
        # no absolute URL, no protocol-relative one: everything is the service's own path
        assert re.search(r"(https?:)?//[a-z0-9]", r.text, re.IGNORECASE) is None, page_url
        assert page.urls, page_url
        for url in page.urls:
            assert url.startswith("/") and not url.startswith("//"), (page_url, url)
            asset = client.get(url)
            assert asset.status_code == 200, (page_url, url, asset.status_code)
            assert asset.headers["content-type"].startswith(_expected_type(url)), (url, asset.headers)
            assert asset.content, url
            fetched.add(url)
    # everything the pages need: both libraries, the Swagger UI settings, the stylesheet, the favicon
    assert {f"{STATIC_PREFIX}/{name}" for name in ASSETS} <= fetched
    assert {"/openapi.json", "/docs/oauth2-redirect"} <= fetched


def test_the_scripts_we_wrote_name_no_other_host(client):
    init = client.get(f"{STATIC_PREFIX}/swagger-init.js")
    assert init.status_code == 200
    assert re.search(r"https?://", init.text) is None
    assert "validatorUrl: null" in init.text  # Swagger UI would otherwise fetch a badge from swagger.io


def test_the_docs_policy_allows_the_service_itself_only():
    directives = dict(d.strip().split(" ", 1) for d in DOCS_CSP.split(";"))
    assert re.search(r"https?:|\*", DOCS_CSP) is None
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert directives["default-src"] == "'none'"
    assert directives["connect-src"] == "'self'"
    assert "font-src" not in directives


def test_the_assets_are_the_vendored_files(client):
    static = ROOT / "app" / "static" / "docs"
    for name in ASSETS:
        r = client.get(f"{STATIC_PREFIX}/{name}")
        assert r.status_code == 200 and r.content == (static / name).read_bytes(), name
    assert "SwaggerUIBundle" in client.get(f"{STATIC_PREFIX}/swagger-ui-bundle.js").text
    assert "e.Redoc=" in client.get(f"{STATIC_PREFIX}/redoc.standalone.js").text[:1000]


def test_only_the_listed_assets_are_served(client):
    for path in (
        f"{STATIC_PREFIX}/README.md",
        f"{STATIC_PREFIX}/redoc.LICENSE",
        f"{STATIC_PREFIX}/../../main.py",
        f"{STATIC_PREFIX}/%2e%2e/%2e%2e/main.py",
        f"{STATIC_PREFIX}/",
    ):
        assert client.get(path).status_code == 404, path


def test_an_unchanged_asset_revalidates_without_a_body(client):
    first = client.get(f"{STATIC_PREFIX}/swagger-ui.css")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    again = client.get(f"{STATIC_PREFIX}/swagger-ui.css", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    stale = client.get(f"{STATIC_PREFIX}/swagger-ui.css", headers={"If-None-Match": '"other"'})
    assert stale.status_code == 200 and stale.content == first.content


@pytest.mark.parametrize(
    "settings_overrides", [{"env": "production"}, {"env": "production", "docs_access": "off"}]
)
def test_the_assets_are_not_served_when_the_pages_are_not(client, headers_for):
    for name in ASSETS:
        assert client.get(f"{STATIC_PREFIX}/{name}").status_code == 404, name
        assert client.get(f"{STATIC_PREFIX}/{name}", headers=headers_for("admin")).status_code == 404, name


@pytest.mark.parametrize("settings_overrides", [{"env": "production", "docs_access": "public"}])
def test_the_assets_are_served_with_pages_published_in_production(client):
    assert client.get("/redoc").status_code == 200
    for name in ASSETS:
        assert client.get(f"{STATIC_PREFIX}/{name}").status_code == 200, name


def test_behind_a_path_prefix_the_pages_name_prefixed_urls(app):
    from fastapi.testclient import TestClient

    with TestClient(app, root_path="/thidua") as prefixed:
        page = _parse(prefixed.get("/docs").text)
    assert page.urls and all(url.startswith("/thidua/") for url in page.urls), page.urls


def test_a_wheel_carries_the_assets():
    """setuptools puts in the wheel what package-data names: every served file must match it."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["app"]
    for name in ASSETS:
        assert any(fnmatch(f"static/docs/{name}", p) for p in patterns), name
        assert (ROOT / "app" / "static" / "docs" / name).is_file(), name
