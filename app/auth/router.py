from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request, Response, status
from fastapi.concurrency import run_in_threadpool

from app.auth import service
from app.auth.policies import REFRESH, TOKEN, TokenHolder
from app.auth.schemas import MembershipRead, MeRead, OAuthErrorBody, RefreshRequest, TokenResponse
from app.blocs import service as blocs_service
from app.core.db import SessionDep
from app.core.errors import OAuthError, Unauthenticated
from app.core.policy import Allow
from app.core.routing import feature_router

router = feature_router(prefix="/auth", tags=["auth"])

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


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


FormField = Annotated[str | None, Form(max_length=512)]


@router.post(
    "/token",
    response_model=TokenResponse,
    response_model_exclude_none=True,
    summary="OAuth 2 token endpoint: password, refresh_token and client_credentials grants",
    responses={
        400: {
            "model": OAuthErrorBody,
            "description": "RFC 6749 §5.2 error (invalid_grant, invalid_request…)",
        },
        401: {"model": OAuthErrorBody, "description": "invalid_client"},
        429: {"description": "Too many failed attempts; see Retry-After"},
    },
    dependencies=[Allow(TOKEN)],
)
async def issue_token(
    request: Request,
    response: Response,
    session: SessionDep,
    grant_type: FormField = None,
    username: FormField = None,
    password: FormField = None,
    refresh_token: FormField = None,
    client_id: FormField = None,
    client_secret: FormField = None,
) -> TokenResponse:
    grants = _grants(request)
    if grant_type == "password":
        if not username or password is None:
            raise OAuthError(
                "invalid_request",
                "username and password are required.",
                "Cần nhập tên đăng nhập và mật khẩu.",
            )
        issued = await run_in_threadpool(
            service.password_grant,
            session,
            grants,
            username=username,
            password=password,
            address=_address(request),
        )
    elif grant_type == "refresh_token":
        if not refresh_token:
            raise OAuthError("invalid_request", "refresh_token is required.", "Cần gửi refresh_token.")
        try:
            issued = await run_in_threadpool(
                service.refresh_grant, session, grants, refresh_token=refresh_token
            )
        except Unauthenticated as exc:
            raise OAuthError("invalid_grant", str(exc.detail), str(exc.detail_vi or exc.detail)) from exc
    elif grant_type == "client_credentials":
        if not client_id or client_secret is None:
            raise OAuthError(
                "invalid_request",
                "client_id and client_secret are required.",
                "Cần gửi client_id và client_secret.",
            )
        issued = await run_in_threadpool(
            service.client_credentials_grant,
            session,
            grants,
            client_id=client_id,
            client_secret=client_secret,
            address=_address(request),
        )
    elif grant_type is None:
        raise OAuthError("invalid_request", "grant_type is required.", "Cần gửi grant_type.")
    else:
        raise OAuthError(
            "unsupported_grant_type",
            "Supported: password, refresh_token, client_credentials.",
            "Chỉ hỗ trợ: password, refresh_token, client_credentials.",
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
        scopes=sorted(principal.scopes),
        memberships=[],
    )
