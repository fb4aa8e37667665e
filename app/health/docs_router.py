"""The OpenAPI document and the interactive docs pages, served as ``THIDUA_DOCS_ACCESS`` says.

``public`` (the development default): anyone. ``token`` (the production default): ``/openapi.json`` to a
caller with a valid access token, checked against the database like any API call; the pages are not served
(a browser page cannot send a bearer token, and the committed openapi.json is the contract). ``off``: none.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials

from app.core.errors import NotFound
from app.core.policy import Allow
from app.core.principal import bearer_credentials, get_principal
from app.core.routing import OperationalRoute
from app.health.policies import DOCS

router = APIRouter(tags=["operations"], route_class=OperationalRoute, include_in_schema=False)

OPENAPI_URL = "/openapi.json"


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


def _pages_served(request: Request) -> str:
    if request.app.state.settings.effective_docs_access != "public":
        raise _not_served()
    return str(request.scope.get("root_path", "")) + OPENAPI_URL


@router.get("/docs", dependencies=[Allow(DOCS)])
def swagger_ui(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=_pages_served(request),
        title=request.app.title + " - Swagger UI",
        oauth2_redirect_url=str(request.scope.get("root_path", "")) + "/docs/oauth2-redirect",
    )


@router.get("/docs/oauth2-redirect", dependencies=[Allow(DOCS)])
def swagger_ui_redirect(request: Request) -> HTMLResponse:
    _pages_served(request)
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/redoc", dependencies=[Allow(DOCS)])
def redoc(request: Request) -> HTMLResponse:
    return get_redoc_html(openapi_url=_pages_served(request), title=request.app.title + " - ReDoc")
