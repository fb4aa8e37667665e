"""Token grants, refresh rotation with reuse detection, logout. No FastAPI import.

A password or client-credentials grant goes through the login throttle first (``app.auth.throttle``):
in a short transaction of its own, committed before argon2 runs, the attempt is admitted (its counters
reserved) or refused (429, no password check). What must outlive a failed request (the failure's count
and audit event, the revocation of a refresh family whose spent token was replayed) is written in its
own short transaction with ``session_scope``: the request itself answers with an error and commits
nothing. A success releases its reservation in the request's own transaction, with the login.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, NoReturn, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.auth import repository, throttle
from app.core import audit
from app.core.config import Settings
from app.core.db import session_scope
from app.core.errors import OAuthError, TooManyRequests, Unauthenticated
from app.core.principal import Principal
from app.core.security import PasswordService, TokenService, new_secret, sha256_hex
from app.models import AuthSession, RefreshToken, RevokedToken, ServiceClient, User
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
_BAD_CREDENTIALS_VI = "Tên đăng nhập hoặc mật khẩu không đúng."
# How much of a name someone tried reaches the audit trail: enough to recognise it, not a dump of input.
AUDITED_NAME_CHARS = 64


def audited_name(name: str) -> str:
    """A username or client id as the audit trail keeps it: without control, format (invisible,
    text-direction) or unassigned characters, which could hide or disguise what was typed, and cut to
    ``AUDITED_NAME_CHARS`` characters."""
    return "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")[:AUDITED_NAME_CHARS]


@dataclass(frozen=True)
class _Attempt:
    """One password or client-credentials attempt: what it names, from where, and its counters."""

    client: bool
    name: str
    address: str | None
    counters: Sequence[throttle.Counter]

    @property
    def action(self) -> str:
        """The audit action of its outcome."""
        return "auth.client_token" if self.client else "auth.login"

    @property
    def object_type(self) -> str:
        return "service_client" if self.client else "user"

    def refused(self) -> OAuthError:
        """What a failed attempt answers: the same whatever failed (no oracle)."""
        if self.client:
            return OAuthError(
                "invalid_client",
                "Client authentication failed.",
                "Xác thực ứng dụng không thành công.",
                status=401,
            )
        return OAuthError("invalid_grant", _BAD_CREDENTIALS, _BAD_CREDENTIALS_VI)

    def details(self, **more: Any) -> dict[str, Any]:
        name_field = "client_id" if self.client else "username"
        return {name_field: audited_name(self.name), "address": self.address, **more}


def _attempt(grants: Grants, *, client: bool, name: str, address: str | None) -> _Attempt:
    counters = throttle.counters(grants.settings, client=client, name=name, address=address)
    return _Attempt(client, name, address, counters)


def _too_many(refusal: throttle.Refusal) -> TooManyRequests:
    return TooManyRequests(
        "Too many attempts; wait before trying again.",
        detail_vi="Đăng nhập sai quá nhiều lần; hãy chờ rồi thử lại.",
        headers={"Retry-After": str(refusal.retry_after)},
        extra={"error": "too_many_requests", "error_description": "Too many attempts."},
        extra_vi={"error_description": "Quá nhiều lần thử."},
    )


def _reserve(side: Session, attempt: _Attempt) -> throttle.Reservation:
    """Admit or refuse the attempt. A refusal is audited once per counter and window (its first), not
    once per refused attempt: a flood of refused attempts then costs one small write each, and never a
    turn at the audit chain's lock, nor a trail filled with it."""
    reservation = throttle.reserve(side, attempt.counters, utcnow())
    refusal = reservation.refusal
    if refusal is not None and refusal.first:
        audit.record(
            side,
            actor=audit.SYSTEM,
            action="auth.login_throttled",
            outcome="failure",
            details=attempt.details(
                grant=attempt.action,
                kind=refusal.counter.kind.value,
                limit=refusal.counter.limit,
                window_seconds=int(refusal.counter.window.total_seconds()),
                retry_after=refusal.retry_after,
            ),
        )
    return reservation


def _after_reserve(grants: Grants, attempt: _Attempt, reservation: throttle.Reservation) -> None:
    """Raise the refusal (now that its count is committed); on a quiet moment, purge ended counters."""
    if reservation.refusal is not None:
        raise _too_many(reservation.refusal)
    if reservation.fresh:
        longest = max(c.window for c in attempt.counters)
        with session_scope(grants.factory) as side:
            throttle.purge(side, ended_before=utcnow() - longest)


def _fail(
    session: Session, grants: Grants, attempt: _Attempt, reason: str, object_id: str | None
) -> NoReturn:
    session.rollback()  # end the request's transaction, if any: SQLite allows one writer at a time
    with session_scope(grants.factory) as side:
        throttle.record_failure(side, attempt.counters, utcnow())
        audit.record(
            side,
            actor=audit.SYSTEM,
            action=attempt.action,
            object_type=attempt.object_type if object_id else None,
            object_id=object_id,
            outcome="failure",
            details=attempt.details(reason=reason),
        )
    raise attempt.refused()


def _issue_user_tokens(
    session: Session, grants: Grants, user: User, auth_session: AuthSession
) -> IssuedTokens:
    refresh = new_secret(32)
    session.add(RefreshToken(id=new_id(), session_id=auth_session.id, token_hash=sha256_hex(refresh)))
    access, _ = grants.tokens.issue(
        sub=user.id, kind="user", roles=list(user.roles), unit_id=user.unit_id, scopes=[], sid=auth_session.id
    )
    return IssuedTokens(access, int(grants.tokens.access_ttl.total_seconds()), refresh)


@dataclass(frozen=True)
class _Account:
    """What the password check needs of a user or service client, read with the reservation."""

    id: str
    secret_hash: str
    active: bool


def _user_account(side: Session, username: str) -> _Account | None:
    user = side.scalars(select(User).where(User.username == username)).one_or_none()
    return _Account(user.id, user.password_hash, user.active) if user else None


def _client_account(side: Session, client_id: str) -> _Account | None:
    client = side.scalars(select(ServiceClient).where(ServiceClient.client_id == client_id)).one_or_none()
    return _Account(client.id, client.secret_hash, client.active) if client else None


def _admit(grants: Grants, attempt: _Attempt) -> tuple[throttle.Reservation, _Account | None]:
    """Admit the attempt (or raise its refusal) and read the account it names, in one short transaction
    committed before any password is checked."""
    with session_scope(grants.factory) as side:
        reservation = _reserve(side, attempt)
        account = None
        if reservation.refusal is None:
            account = (_client_account if attempt.client else _user_account)(side, attempt.name)
    _after_reserve(grants, attempt, reservation)
    return reservation, account


def _verify(
    session: Session, grants: Grants, attempt: _Attempt, account: _Account | None, secret: str
) -> _Account:
    """The account, when ``secret`` is its password or secret and it is enabled; else the failure is
    counted and audited, and the attempt refused. No transaction is open while argon2 runs, and there is
    always one verification, whether or not the account exists: no timing oracle."""
    valid = grants.passwords.verify(account.secret_hash if account else None, secret)
    if account is None:
        _fail(session, grants, attempt, "unknown_client" if attempt.client else "unknown_username", None)
    elif not valid:
        _fail(session, grants, attempt, "wrong_secret" if attempt.client else "wrong_password", account.id)
    elif not account.active:
        _fail(session, grants, attempt, "disabled", account.id)
    return account


def _recheck(
    session: Session, grants: Grants, attempt: _Attempt, account: _Account, row: User | ServiceClient | None
) -> None:
    """The account as the request's transaction reads it must still be the one verified: not disabled, its
    secret not changed, while argon2 ran."""
    current = None
    if row is not None:
        current = row.secret_hash if isinstance(row, ServiceClient) else row.password_hash
    if row is None or not row.active or current != account.secret_hash:
        _fail(session, grants, attempt, "changed_during_check", account.id)


AccountRow = TypeVar("AccountRow", User, ServiceClient)


def _authenticated(
    session: Session, grants: Grants, attempt: _Attempt, secret: str, model: type[AccountRow]
) -> AccountRow:
    """The account ``attempt`` names: admitted by the throttle, its secret verified, still the same in the
    request's transaction; its reservation released."""
    reservation, account = _admit(grants, attempt)
    verified = _verify(session, grants, attempt, account, secret)
    # A hash made at another argon2 cost is replaced, hashed here, before the transaction begins.
    upgraded = grants.passwords.upgraded(verified.secret_hash, secret)
    row = session.get(model, verified.id)
    _recheck(session, grants, attempt, verified, row)
    assert row is not None
    throttle.release(session, reservation)
    if upgraded is not None:
        repository.upgrade_secret_hash(session, row, old=verified.secret_hash, new=upgraded)
    return row


def password_grant(
    session: Session, grants: Grants, *, username: str, password: str, address: str | None = None
) -> IssuedTokens:
    attempt = _attempt(grants, client=False, name=username, address=address)
    user = _authenticated(session, grants, attempt, password, User)
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
        details={"address": address},
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
    session: Session, grants: Grants, *, client_id: str, client_secret: str, address: str | None = None
) -> IssuedTokens:
    attempt = _attempt(grants, client=True, name=client_id, address=address)
    client = _authenticated(session, grants, attempt, client_secret, ServiceClient)
    access, _ = grants.tokens.issue(
        sub=client.id, kind="client", roles=[], unit_id=client.unit_id, scopes=list(client.scopes), sid=None
    )
    return IssuedTokens(access, int(grants.tokens.access_ttl.total_seconds()), None)


def unlock_user(session: Session, *, user: User, actor: audit.Actor) -> int:
    """Clear the login throttle of ``user``'s username, from every address (the address counters stay:
    they belong to whoever used those addresses); return how many counters were cleared. Audited."""
    cleared = throttle.clear_subject(session, throttle.subject_of(user.username))
    audit.record(
        session,
        actor=actor,
        action="user.unlock",
        object_type="user",
        object_id=user.id,
        details={"cleared": cleared},
    )
    session.flush()
    return cleared


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
