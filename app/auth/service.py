"""Token grants, refresh rotation with reuse detection, logout. No FastAPI import.

Failures that must outlive the failed request (a throttle count, a login-failure audit event, the
revocation of a refresh family whose spent token was replayed) are written in their own short
transaction with ``session_scope`` after the request's session has rolled back: the request itself
answers with an error and commits nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.auth import repository, throttle
from app.core import audit
from app.core.config import Settings
from app.core.db import session_scope
from app.core.errors import OAuthError, TooManyRequests, Unauthenticated
from app.core.principal import Principal
from app.core.security import PasswordService, TokenService, new_secret, sha256_hex
from app.models import AuthSession, LoginThrottle, RefreshToken, RevokedToken, ServiceClient, User
from app.models.base import new_id, utcnow


@dataclass(frozen=True)
class Grants:
    """What the grants need from the application: its settings, hashers and session factory."""

    settings: Settings
    passwords: PasswordService
    tokens: TokenService
    factory: sessionmaker[Session]


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    expires_in: int
    refresh_token: str | None


_BAD_CREDENTIALS = "The username or password is incorrect."


def _throttle_key(kind: str, name: str) -> str:
    # Hashed so the table holds no usernames typed by strangers; lower-cased so case is no way around it.
    return kind + ":" + hashlib.sha256(name.strip().lower().encode()).hexdigest()[:40]


def _check_throttle(session: Session, grants: Grants, key: str) -> None:
    wait = throttle.retry_after(
        session.get(LoginThrottle, key),
        now=utcnow(),
        max_failures=grants.settings.login_max_failures,
        window=timedelta(seconds=grants.settings.login_window_seconds),
    )
    if wait is not None:
        raise TooManyRequests(
            "Too many failed attempts; wait before trying again.",
            detail_vi="Đăng nhập sai quá nhiều lần; hãy chờ rồi thử lại.",
            headers={"Retry-After": str(wait)},
            extra={"error": "too_many_requests", "error_description": "Too many failed attempts."},
        )


def _fail(session: Session, grants: Grants, key: str, action: str, details: dict[str, str]) -> None:
    session.rollback()  # end the request's transaction first: SQLite allows one writer at a time
    with session_scope(grants.factory) as side:
        throttle.register_failure(
            side, key, now=utcnow(), window=timedelta(seconds=grants.settings.login_window_seconds)
        )
        audit.record(side, actor=audit.SYSTEM, action=action, outcome="failure", details=details)


def _issue_user_tokens(
    session: Session, grants: Grants, user: User, auth_session: AuthSession
) -> IssuedTokens:
    refresh = new_secret(32)
    session.add(RefreshToken(id=new_id(), session_id=auth_session.id, token_hash=sha256_hex(refresh)))
    access, _ = grants.tokens.issue(
        sub=user.id, kind="user", roles=list(user.roles), unit_id=user.unit_id, scopes=[], sid=auth_session.id
    )
    return IssuedTokens(access, int(grants.tokens.access_ttl.total_seconds()), refresh)


def password_grant(session: Session, grants: Grants, *, username: str, password: str) -> IssuedTokens:
    key = _throttle_key("user", username)
    _check_throttle(session, grants, key)
    user = session.scalars(select(User).where(User.username == username)).one_or_none()
    # Always one argon2 verification, whether or not the user exists: no timing oracle.
    valid = grants.passwords.verify(user.password_hash if user else None, password)
    if user is None or not valid or not user.active:
        _fail(session, grants, key, "auth.login", {"reason": "bad_credentials"})
        raise OAuthError("invalid_grant", _BAD_CREDENTIALS)
    throttle.clear(session, key)
    now = utcnow()
    auth_session = AuthSession(
        id=new_id(), user_id=user.id, expires_at=now + timedelta(days=grants.settings.refresh_token_days)
    )
    session.add(auth_session)
    repository.record_login(session, user_id=user.id, at=now)
    session.flush()
    audit.record(
        session,
        actor=audit.Actor(user.id, "user"),
        action="auth.login",
        object_type="user",
        object_id=user.id,
    )
    return _issue_user_tokens(session, grants, user, auth_session)


def _revoke_family(factory: sessionmaker[Session], session_id: str, reason: str) -> None:
    with session_scope(factory) as side:
        repository.revoke_auth_session(side, session_id=session_id, reason=reason)
        audit.record(
            side,
            actor=audit.SYSTEM,
            action="auth.refresh_reuse",
            object_type="auth_session",
            object_id=session_id,
            outcome="failure",
        )


def refresh_grant(session: Session, grants: Grants, *, refresh_token: str) -> IssuedTokens:
    """Rotate: spend the presented token, hand out a new pair in the same family.

    A spent token presented again means it leaked (or a client replays it): the whole family is revoked.
    """
    row = repository.refresh_token_by_hash(session, token_hash=sha256_hex(refresh_token))
    invalid = Unauthenticated(
        "The refresh token is invalid, expired or revoked.",
        code="invalid_grant",
        detail_vi="Mã làm mới không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
    )
    if row is None:
        raise invalid
    auth_session = session.get(AuthSession, row.session_id)
    user = session.get(User, auth_session.user_id) if auth_session else None
    if auth_session is None or user is None or auth_session.revoked_at is not None or not user.active:
        raise invalid
    if auth_session.expires_at <= utcnow():
        raise invalid
    # Spend it atomically: of two concurrent refreshes with one token, exactly one wins.
    if not repository.spend_refresh_token(session, token_id=row.id):
        family_id = (
            auth_session.id
        )  # read before the rollback expires it (a reload would reopen a transaction)
        session.rollback()
        _revoke_family(grants.factory, family_id, "refresh_reuse")
        raise invalid
    return _issue_user_tokens(session, grants, user, auth_session)


def client_credentials_grant(
    session: Session, grants: Grants, *, client_id: str, client_secret: str
) -> IssuedTokens:
    key = _throttle_key("client", client_id)
    _check_throttle(session, grants, key)
    client = session.scalars(select(ServiceClient).where(ServiceClient.client_id == client_id)).one_or_none()
    valid = grants.passwords.verify(client.secret_hash if client else None, client_secret)
    if client is None or not valid or not client.active:
        _fail(session, grants, key, "auth.client_token", {"reason": "bad_credentials"})
        raise OAuthError("invalid_client", "Client authentication failed.", status=401)
    throttle.clear(session, key)
    access, _ = grants.tokens.issue(
        sub=client.id, kind="client", roles=[], unit_id=client.unit_id, scopes=list(client.scopes), sid=None
    )
    return IssuedTokens(access, int(grants.tokens.access_ttl.total_seconds()), None)


def logout(session: Session, grants: Grants, principal: Principal) -> None:
    if principal.session_id is not None:
        repository.revoke_auth_session(session, session_id=principal.session_id, reason="logout")
    elif principal.jti is not None:
        session.add(RevokedToken(jti=principal.jti, expires_at=utcnow() + grants.tokens.access_ttl))
    audit.record(
        session,
        actor=principal.actor,
        action="auth.logout",
        object_type=principal.kind,
        object_id=principal.id,
    )
    session.flush()


def user_of(session: Session, principal: Principal) -> User:
    """The user a user's token belongs to (it exists: the token was just checked against it)."""
    user = session.get(User, principal.id)
    assert user is not None
    return user


def client_of(session: Session, principal: Principal) -> ServiceClient:
    """The service client a client's token belongs to."""
    client = session.get(ServiceClient, principal.id)
    assert client is not None
    return client
