"""The sign-in queries that are more than one-liners."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import AuthSession, RefreshToken, ServiceClient, User
from app.models.base import utcnow


def record_login(session: Session, *, user_id: str, at: datetime) -> None:
    # A Core UPDATE: logging in is not an edit of the user, so its version (ETag) stays the same.
    session.execute(
        update(User).where(User.id == user_id).values(last_login_at=at, updated_at=User.updated_at)
    )


def upgrade_secret_hash(session: Session, row: User | ServiceClient, *, old: str, new: str) -> None:
    """Replace the hash a login was just verified against by one at the configured cost, unless it changed
    meanwhile. A Core UPDATE, like ``record_login``: the secret is the same, so the version (ETag) stays."""
    if isinstance(row, User):
        session.execute(
            update(User)
            .where(User.id == row.id, User.password_hash == old)
            .values(password_hash=new, updated_at=User.updated_at)
        )
    else:
        session.execute(
            update(ServiceClient)
            .where(ServiceClient.id == row.id, ServiceClient.secret_hash == old)
            .values(secret_hash=new, updated_at=ServiceClient.updated_at)
        )


def revoke_auth_session(session: Session, *, session_id: str, reason: str) -> None:
    """Revoke a login (its refresh family) unless it already is."""
    session.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )


def refresh_token_by_hash(session: Session, *, token_hash: str) -> RefreshToken | None:
    return session.scalars(select(RefreshToken).where(RefreshToken.token_hash == token_hash)).first()


def spend_refresh_token(session: Session, *, token_id: str) -> bool:
    """Mark the token used, atomically: of two concurrent spends of one token, exactly one is True."""
    spent = session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == token_id, RefreshToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    return spent.rowcount == 1  # type: ignore[attr-defined, no-any-return]
