from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import unquote_plus

from fastapi import Request, Response, status
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from app.auth import service
from app.auth.policies import REFRESH, TOKEN, TokenHolder
from app.auth.schemas import (
    TOKEN_FIELD_MAX,
    TOKEN_REQUEST_SCHEMA,
    GrantType,
    MembershipRead,
    MeRead,
    OAuthErrorBody,
    RefreshRequest,
    TokenForm,
    TokenResponse,
)
from app.blocs import service as blocs_service
from app.core import names
from app.core.db import SessionDep
from app.core.errors import OAuthError, Unauthenticated
from app.core.policy import Allow
from app.core.routing import feature_router

router = feature_router(prefix="/auth", tags=["auth"])

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_VALIDATION_ERROR: dict[str, Any] = {
    "description": "Validation Error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}},
}


def _grants(request: Request) -> service.Grants:
    state = request.app.state
    return service.Grants(state.settings, state.passwords, state.tokens, state.sessionmaker)


def _token_response(response: Response, issued: service.IssuedTokens) -> TokenResponse:
    response.headers.update(_NO_STORE)
    return TokenResponse(
        access_token=issued.access_token, expires_in=issued.expires_in, refresh_token=issued.refresh_token
    )


def _address(request: Request) -> str | None:
    """The client's address as the server saw it: the peer, or, when the peer is a proxy that uvicorn
    trusts (``--forwarded-allow-ips``), the address that proxy forwarded (docs/login-throttling.md)."""
    return request.client.host if request.client else None


async def _token_form(request: Request) -> TokenForm:
    """The token request's fields, as FastAPI reads form fields (the last value of a repeated field; an
    empty one is absent); one longer than TOKEN_FIELD_MAX or not text (a file) is a 422 like any
    malformed field. Read here rather than declared as form parameters so that the document can show the
    body as one of the three grants (TOKEN_REQUEST_SCHEMA) while a missing field stays RFC 6749's 400."""
    async with request.form() as form:
        values = {
            name: value
            for name in TokenForm.model_fields
            if (value := form.get(name)) is not None and value != ""
        }
        try:
            return TokenForm.model_validate(values)
        except ValidationError as exc:
            raise RequestValidationError(
                [{**error, "loc": ("body", *error["loc"])} for error in exc.errors(include_url=False)]
            ) from exc


def _invalid_client() -> OAuthError:
    return OAuthError(
        "invalid_client",
        "The Basic client credentials are malformed.",
        "Thông tin xác thực Basic của ứng dụng không hợp lệ.",
        status=401,
    )


def _basic_client(request: Request) -> tuple[str, str] | None:
    """The client id and secret of an ``Authorization: Basic`` header (RFC 6749 §2.3.1: each
    form-urlencoded, then ``id:secret`` in base64), or None without one. An empty client id (Swagger UI's
    ``Basic Og==`` on a password grant) is no client."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise _invalid_client() from None
    raw_id, colon, raw_secret = decoded.partition(":")
    client_id, secret = unquote_plus(raw_id), unquote_plus(raw_secret)
    if not colon or len(client_id) > TOKEN_FIELD_MAX or len(secret) > TOKEN_FIELD_MAX:
        raise _invalid_client()
    return (client_id, secret) if client_id else None


def _client_credentials(request: Request, form: TokenForm) -> tuple[str, str]:
    basic = _basic_client(request)
    if basic is not None and (form.client_id or form.client_secret is not None):
        raise OAuthError(
            "invalid_request",
            "Send the client's credentials either in the Authorization header or in the body, not both.",
            "Chỉ gửi thông tin xác thực của ứng dụng ở một nơi: tiêu đề Authorization hoặc nội dung yêu cầu.",
        )
    if basic is not None:
        return basic
    if not form.client_id or form.client_secret is None:
        raise OAuthError(
            "invalid_request",
            "client_id and client_secret are required.",
            "Cần gửi client_id và client_secret.",
        )
    return form.client_id, form.client_secret


def _grant_type(form: TokenForm) -> GrantType:
    if form.grant_type is None:
        raise OAuthError("invalid_request", "grant_type is required.", "Cần gửi grant_type.")
    try:
        return GrantType(form.grant_type)
    except ValueError:
        raise OAuthError(
            "unsupported_grant_type",
            "Supported: password, refresh_token, client_credentials.",
            "Chỉ hỗ trợ: password, refresh_token, client_credentials.",
        ) from None


@router.post(
    "/token",
    response_model=TokenResponse,
    response_model_exclude_none=True,
    summary="OAuth 2 token endpoint: password, refresh_token and client_credentials grants",
    responses={
        400: {
            "model": OAuthErrorBody,
            "description": "RFC 6749 §5.2 error: `invalid_request` (a field the grant needs is missing), "
            "`invalid_grant` (wrong username or password; an invalid, expired, revoked or reused refresh "
            "token) or `unsupported_grant_type`",
        },
        401: {
            "model": OAuthErrorBody,
            "description": "RFC 6749 §5.2 `invalid_client`: client authentication failed "
            "(`WWW-Authenticate: Basic`)",
        },
        429: {"description": "Too many failed attempts; see Retry-After"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/x-www-form-urlencoded": {"schema": TOKEN_REQUEST_SCHEMA}},
        },
        # What FastAPI documents for a route with declared fields: a field past its maxLength is a 422.
        "responses": {"422": _VALIDATION_ERROR},
    },
    dependencies=[Allow(TOKEN)],
)
async def issue_token(request: Request, response: Response, session: SessionDep) -> TokenResponse:
    form = await _token_form(request)
    grant_type = _grant_type(form)
    grants = _grants(request)
    if grant_type == GrantType.PASSWORD:
        if not form.username or form.password is None:
            raise OAuthError(
                "invalid_request",
                "username and password are required.",
                "Cần nhập tên đăng nhập và mật khẩu.",
            )
        issued = await run_in_threadpool(
            service.password_grant,
            session,
            grants,
            username=form.username,
            password=form.password,
            address=_address(request),
        )
    elif grant_type == GrantType.REFRESH_TOKEN:
        if not form.refresh_token:
            raise OAuthError("invalid_request", "refresh_token is required.", "Cần gửi refresh_token.")
        try:
            issued = await run_in_threadpool(
                service.refresh_grant, session, grants, refresh_token=form.refresh_token
            )
        except Unauthenticated as exc:
            raise OAuthError("invalid_grant", str(exc.detail), str(exc.detail_vi or exc.detail)) from exc
    else:
        client_id, client_secret = _client_credentials(request, form)
        issued = await run_in_threadpool(
            service.client_credentials_grant,
            session,
            grants,
            client_id=client_id,
            client_secret=client_secret,
            address=_address(request),
        )
    return _token_response(response, issued)


@router.post(
    "/refresh",
    response_model=TokenResponse,
    summary="Exchange a refresh token for a new pair; the presented one is spent",
    responses={401: {"description": "Invalid, expired, revoked or reused refresh token"}},
    dependencies=[Allow(REFRESH)],
)
def refresh_token(
    request: Request, response: Response, session: SessionDep, body: RefreshRequest
) -> TokenResponse:
    issued = service.refresh_grant(session, _grants(request), refresh_token=body.refresh_token)
    return _token_response(response, issued)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End this login: its access token and refresh family stop working on every server",
)
def revoke_login(request: Request, session: SessionDep, principal: TokenHolder) -> Response:
    service.logout(session, _grants(request), principal)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _unit_fields(session: SessionDep, unit_id: str | None) -> dict[str, str | None]:
    unit = names.units(session, [unit_id]).get(unit_id) if unit_id else None
    return {"unit_code": unit.code if unit else None, "unit_name": unit.name if unit else None}


@router.get("/me", response_model=MeRead, summary="Who the token belongs to, with the unit's bloc roles")
def get_current_principal(session: SessionDep, principal: TokenHolder) -> MeRead:
    if principal.is_user:
        user = service.user_of(session, principal)
        memberships = blocs_service.memberships_of(session, user.unit_id) if user.unit_id else []
        return MeRead(
            id=user.id,
            kind="user",
            username=user.username,
            full_name=user.full_name,
            roles=sorted(principal.roles),
            unit_id=user.unit_id,
            **_unit_fields(session, user.unit_id),
            scopes=[],
            memberships=[MembershipRead.model_validate(m) for m in memberships],
        )
    client = service.client_of(session, principal)
    return MeRead(
        id=client.id,
        kind="client",
        username=client.client_id,
        full_name=client.name,
        roles=[],
        unit_id=client.unit_id,
        **_unit_fields(session, client.unit_id),
        scopes=sorted(principal.scopes),
        memberships=[],
    )
