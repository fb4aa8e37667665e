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


def principal_from_claims(session: SessionDep, claims: TokenClaims) -> Principal:
    if claims.kind == PrincipalKind.USER:
        user = session.get(User, claims.sub)
        if user is None or not user.active or claims.sid is None:
            raise _unauthenticated()
        auth_session = session.get(AuthSession, claims.sid)
        if (
            auth_session is None
            or auth_session.user_id != user.id
            or auth_session.revoked_at is not None
            or auth_session.expires_at <= utcnow()
        ):
            raise _unauthenticated("The token has been revoked.")
        return Principal(
            kind=PrincipalKind.USER,
            id=user.id,
            name=user.username,
            roles=frozenset(user.roles),
            unit_id=user.unit_id,
            session_id=auth_session.id,
            jti=claims.jti,
        )
    client = session.get(ServiceClient, claims.sub)
    if client is None or not client.active:
        raise _unauthenticated()
    if client.tokens_valid_after is not None and claims.issued_at < client.tokens_valid_after:
        raise _unauthenticated("The token has been revoked.")
    if session.get(RevokedToken, claims.jti) is not None:
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


def get_principal(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthenticated()
    try:
        claims = request.app.state.tokens.decode(credentials.credentials)
    except InvalidToken as exc:
        raise _unauthenticated() from exc
    principal = principal_from_claims(session, claims)
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
