"""Who is calling: the bearer token checked against the database on every request.

Revocation (logout, refresh-token reuse, a disabled user, a disabled or rotated service client) lives in
the database, so every app process refuses a revoked token at once. Authorisation is declared beside each
operation, as a policy (``app.core.policy``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from fastapi.openapi.models import OAuth2 as OAuth2Model
from fastapi.openapi.models import OAuthFlowClientCredentials, OAuthFlowPassword, OAuthFlows
from fastapi.security import HTTPAuthorizationCredentials
from fastapi.security.base import SecurityBase
from fastapi.security.utils import get_authorization_scheme_param
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from starlette.requests import HTTPConnection

from app.core.audit import Actor
from app.core.db import SessionDep
from app.core.errors import Unauthenticated
from app.core.security import InvalidToken, TokenClaims
from app.models import AuthSession, PrincipalKind, RevokedToken, Scope, ServiceClient, User, UserRole
from app.models.base import utcnow

ROLES = tuple(UserRole)
SCOPES = tuple(Scope)

TOKEN_URL = "/api/v1/auth/token"


class OAuth2Bearer(SecurityBase):
    """``Authorization: Bearer`` credentials, read exactly as ``HTTPBearer(auto_error=False)`` reads them
    (None when absent or of another scheme: ``get_principal`` answers 401 with ``WWW-Authenticate:
    Bearer``), documented as the OAuth 2 flows that issue the token, so that Swagger UI's Authorize logs
    in with a username and password or a client id and secret."""

    def __init__(self, *, scheme_name: str, description: str) -> None:
        # No scopes to request: a client's token carries every scope the client is registered with.
        self.model = OAuth2Model(
            flows=OAuthFlows(
                password=OAuthFlowPassword(tokenUrl=TOKEN_URL, refreshUrl=TOKEN_URL),
                clientCredentials=OAuthFlowClientCredentials(tokenUrl=TOKEN_URL),
            ),
            description=description,
        )
        self.scheme_name = scheme_name

    async def __call__(self, request: HTTPConnection) -> HTTPAuthorizationCredentials | None:
        authorization = request.headers.get("Authorization")
        scheme, credentials = get_authorization_scheme_param(authorization)
        if not (authorization and scheme and credentials) or scheme.lower() != "bearer":
            return None
        return HTTPAuthorizationCredentials(scheme=scheme, credentials=credentials)


_bearer = OAuth2Bearer(
    scheme_name="OAuth2",
    description="An access token from /api/v1/auth/token, sent as `Authorization: Bearer <token>`. The "
    "password flow takes a user's username and password; the client-credentials flow a service client's "
    "`client_id` and `client_secret`, in the form body or as HTTP Basic client authentication (RFC 6749 "
    "§2.3.1), not both.",
)


@dataclass(frozen=True)
class Principal:
    kind: PrincipalKind
    id: str
    name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    unit_id: str | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    session_id: str | None = None
    jti: str | None = None

    @property
    def is_user(self) -> bool:
        return self.kind == PrincipalKind.USER

    @property
    def is_client(self) -> bool:
        return self.kind == PrincipalKind.CLIENT

    def has_role(self, *roles: str) -> bool:
        return self.is_user and bool(self.roles.intersection(roles))

    def has_scope(self, scope: str) -> bool:
        return self.is_client and scope in self.scopes

    @property
    def actor(self) -> Actor:
        return Actor(id=self.id, type=self.kind)

    @property
    def key(self) -> str:
        """Scopes per-principal state such as idempotency keys."""
        return f"{self.kind}:{self.id}"


def _unauthenticated(detail: str = "A valid bearer token is required.") -> Unauthenticated:
    return Unauthenticated(detail, detail_vi="Cần một mã truy cập hợp lệ.")


# Built once: every request runs one of them, and a statement object reused keeps its cache key (SQLAlchemy
# then skips rebuilding the key and finds the compiled form at once).
_USER_AND_LOGIN = (
    select(
        User.id,
        User.username,
        User.roles,
        User.unit_id,
        User.active,
        AuthSession.id.label("sid"),
        AuthSession.user_id.label("session_user_id"),
        AuthSession.revoked_at,
        AuthSession.expires_at,
    )
    .outerjoin(AuthSession, AuthSession.id == bindparam("sid"))
    .where(User.id == bindparam("sub"))
)
_CLIENT_AND_REVOCATION = (
    select(
        ServiceClient.id,
        ServiceClient.name,
        ServiceClient.scopes,
        ServiceClient.unit_id,
        ServiceClient.active,
        ServiceClient.tokens_valid_after,
        RevokedToken.jti.label("revoked_jti"),
    )
    .outerjoin(RevokedToken, RevokedToken.jti == bindparam("jti"))
    .where(ServiceClient.id == bindparam("sub"))
)


def principal_from_claims(session: Session, claims: TokenClaims) -> Principal:
    """The principal the token names, re-checked against the database: one statement, since every request
    pays for it (the login, or the revoked-token row, outer-joined to the user or the client)."""
    if claims.kind == PrincipalKind.USER:
        user = session.execute(_USER_AND_LOGIN, {"sub": claims.sub, "sid": claims.sid}).one_or_none()
        if user is None or not user.active or claims.sid is None:
            raise _unauthenticated()
        if (
            user.sid is None
            or user.session_user_id != user.id
            or user.revoked_at is not None
            or user.expires_at <= utcnow()
        ):
            raise _unauthenticated("The token has been revoked.")
        return Principal(
            kind=PrincipalKind.USER,
            id=user.id,
            name=user.username,
            roles=frozenset(user.roles),
            unit_id=user.unit_id,
            session_id=user.sid,
            jti=claims.jti,
        )
    client = session.execute(_CLIENT_AND_REVOCATION, {"sub": claims.sub, "jti": claims.jti}).one_or_none()
    if client is None or not client.active:
        raise _unauthenticated()
    if client.tokens_valid_after is not None and claims.issued_at < client.tokens_valid_after:
        raise _unauthenticated("The token has been revoked.")
    if client.revoked_jti is not None:
        raise _unauthenticated("The token has been revoked.")
    return Principal(
        kind=PrincipalKind.CLIENT,
        id=client.id,
        name=client.name,
        unit_id=client.unit_id,
        scopes=frozenset(client.scopes).intersection(claims.scopes),
        jti=claims.jti,
    )


bearer_credentials = _bearer
"""The ``Authorization: Bearer`` credentials, for a route that authenticates by itself."""


def claims_of(request: HTTPConnection, credentials: HTTPAuthorizationCredentials | None) -> TokenClaims:
    """The bearer token's claims, checked (signature, algorithm, issuer, audience, times); 401 otherwise."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthenticated()
    try:
        claims: TokenClaims = request.app.state.tokens.decode(credentials.credentials)
    except InvalidToken as exc:
        raise _unauthenticated() from exc
    return claims


async def bearer_claims(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> TokenClaims:
    """The token's claims, as a dependency. Decoding is pure computation (~0.1 ms), done in the event loop:
    the database check that follows (``principal_of``) runs in the same worker thread as the route's
    policy, one hand-off per request instead of one per dependency."""
    return claims_of(request, credentials)


CurrentClaims = Annotated[TokenClaims, Depends(bearer_claims)]


def principal_of(request: HTTPConnection, session: Session, claims: TokenClaims) -> Principal:
    """The principal of checked ``claims``, re-checked against the database (revocation, a disabled user
    or client); kept in the request's state."""
    principal = principal_from_claims(session, claims)
    request.state.principal = principal
    return principal


def get_principal(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    return principal_of(request, session, claims_of(request, credentials))


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
