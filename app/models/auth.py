"""Server-side auth state, kept in the database so every app process sees the same revocations."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, StrEnumType, one_of, utcnow


class AuthSession(IdMixin, Base):
    """One login: the family of refresh tokens it produces and the access tokens minted from them."""

    __tablename__ = "auth_sessions"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_reason: Mapped[str | None] = mapped_column(String(32), default=None)


class RefreshToken(IdMixin, Base):
    __tablename__ = "refresh_tokens"

    session_id: Mapped[str] = mapped_column(ForeignKey("auth_sessions.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(
        String(64), unique=True
    )  # sha256 hex; the token is 256 random bits
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class ThrottleKind(StrEnum):
    """What a login throttle counter counts (see ``app.auth.throttle`` and docs/login-throttling.md)."""

    ADDRESS = "address"  # every grant attempt from one client address
    ADDRESS_FAILURES = "address_failures"  # failed attempts from one address, whatever the name tried
    USER_ADDRESS = "user_address"  # one username from one address
    USER = "user"  # one username from every address
    CLIENT_ADDRESS = "client_address"  # one service client id from one address
    CLIENT = "client"  # one service client id from every address


class LoginThrottle(Base):
    """One throttle counter: attempts admitted and attempts refused within a fixed window.

    ``key`` hashes what is counted (the table holds no username a stranger typed, nor an address in
    clear); ``subject`` is the hash of the username or client id alone, so that an admin can clear every
    counter of one user, from whichever addresses.
    """

    __tablename__ = "login_throttle"
    __table_args__ = (
        CheckConstraint(one_of("kind", ThrottleKind), name="kind"),
        CheckConstraint("attempts >= 0 AND refusals >= 0", name="counts"),
    )

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[ThrottleKind] = mapped_column(StrEnumType(ThrottleKind, 24))
    subject: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    refusals: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class RevokedToken(Base):
    """Access tokens ended by logout that no session covers (service clients' tokens)."""

    __tablename__ = "revoked_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)
