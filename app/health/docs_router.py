"""The OpenAPI document and the interactive docs pages, served as ``THIDUA_DOCS_ACCESS`` says.

``public`` (the development default): anyone. ``token`` (the production default): ``/openapi.json`` to a
caller with a valid access token, checked against the database like any API call; the pages are not served
(a browser page cannot send a bearer token, and the committed openapi.json is the contract). ``off``: none.

The pages work offline: Swagger UI and ReDoc come from ``app/static/docs`` (vendored, see its README) under
``/docs/static/``, served exactly when the pages are. The pages hold no inline script (the Swagger UI
settings live in ``swagger-init.js``; the page hands it URLs as data attributes), so ``DOCS_CSP`` allows
scripts from ``'self'`` only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from html import escape
from importlib.resources import files
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials

from app.core.errors import NotFound
from app.core.policy import Allow
from app.core.principal import bearer_credentials, get_principal
from app.core.routing import OperationalRoute
from app.health.policies import DOCS

router = APIRouter(tags=["operations"], route_class=OperationalRoute, include_in_schema=False)

OPENAPI_URL = "/openapi.json"
STATIC_PREFIX = "/docs/static"

# The only files served from app/static/docs, with their media types (nosniff is on: the type must be right).
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-init.js": "text/javascript; charset=utf-8",
    "oauth2-redirect.js": "text/javascript; charset=utf-8",
    "redoc.standalone.js": "text/javascript; charset=utf-8",
    "favicon.png": "image/png",
}


def _not_served() -> NotFound:
    return NotFound("Not found.", detail_vi="Không tìm thấy.")


def _authenticate(request: Request, credentials: HTTPAuthorizationCredentials | None) -> None:
    with request.app.state.sessionmaker() as session:
        get_principal(request, session, credentials)  # 401 unless the token is valid and not revoked


@router.get(OPENAPI_URL, dependencies=[Allow(DOCS)])
async def openapi_document(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_credentials)]
) -> JSONResponse:
    access = request.app.state.settings.effective_docs_access
    if access == "off":
        raise _not_served()
    if access == "token":
        await run_in_threadpool(_authenticate, request, credentials)
    return JSONResponse(request.app.openapi())


def _root(request: Request) -> str:
    """The path prefix the service is mounted under (empty unless behind a proxy that sets one)."""
    if request.app.state.settings.effective_docs_access != "public":
        raise _not_served()
    return str(request.scope.get("root_path", ""))


def _page(title: str, head: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n{head}</head>\n<body>\n{body}</body>\n</html>\n"
    )


def _favicon(static: str) -> str:
    return f'<link rel="icon" type="image/png" href="{escape(static)}/favicon.png">\n'


@router.get("/docs", dependencies=[Allow(DOCS)])
def swagger_ui(request: Request) -> HTMLResponse:
    root = _root(request)
    static = root + STATIC_PREFIX
    return _page(
        request.app.title + " - Swagger UI",
        f'<link rel="stylesheet" href="{escape(static)}/swagger-ui.css">\n' + _favicon(static),
        f'<div id="swagger-ui" data-openapi-url="{escape(root + OPENAPI_URL)}"'
        f' data-oauth2-redirect-url="{escape(root)}/docs/oauth2-redirect"></div>\n'
        f'<script src="{escape(static)}/swagger-ui-bundle.js"></script>\n'
        f'<script src="{escape(static)}/swagger-init.js"></script>\n',
    )


@router.get("/docs/oauth2-redirect", dependencies=[Allow(DOCS)])
def swagger_ui_redirect(request: Request) -> HTMLResponse:
    static = _root(request) + STATIC_PREFIX
    return _page(
        request.app.title + " - Swagger UI: OAuth2 redirect",
        "",
        f'<script src="{escape(static)}/oauth2-redirect.js"></script>\n',
    )


@router.get("/redoc", dependencies=[Allow(DOCS)])
def redoc(request: Request) -> HTMLResponse:
    root = _root(request)
    static = root + STATIC_PREFIX
    # The standalone bundle finds the <redoc> element and loads its spec-url itself: no inline script.
    return _page(
        request.app.title + " - ReDoc",
        _favicon(static),
        f'<redoc spec-url="{escape(root + OPENAPI_URL)}"></redoc>\n'
        f'<script src="{escape(static)}/redoc.standalone.js"></script>\n',
    )


@cache
def _asset(name: str) -> tuple[bytes, str]:
    """The file's bytes and a strong ETag, read once per process."""
    content = files("app").joinpath("static", "docs", name).read_bytes()
    return content, '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _asset_endpoint(name: str, media_type: str) -> Callable[[Request], Response]:
    def serve_docs_asset(request: Request) -> Response:
        _root(request)
        content, etag = _asset(name)
        # The browser revalidates (a 304 costs no body) so an upgraded asset is never served stale.
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(content, media_type=media_type, headers=headers)

    return serve_docs_asset


for _name, _media_type in ASSETS.items():
    router.add_api_route(
        f"{STATIC_PREFIX}/{_name}",
        _asset_endpoint(_name, _media_type),
        methods=["GET"],
        dependencies=[Allow(DOCS)],
        name="get_docs_asset_" + _name.split(".")[0].replace("-", "_"),
    )
