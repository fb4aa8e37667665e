"""The users' and service clients' queries that are more than one-liners."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, String, cast, func, select, update
from sqlalchemy.orm import Session

from app.core.pagination import PageParams, paginate, sort_enum
from app.models import AuthSession, ServiceClient, User
from app.models.base import utcnow

_Account = TypeVar("_Account", User, ServiceClient)


def has_role(role: str) -> ColumnElement[bool]:
    # Roles are a JSON list of fixed, quote-free names; its text form reads the same on SQLite and
    # PostgreSQL, so one portable LIKE finds a role without dialect-specific JSON operators.
    return cast(User.roles, String).like(f'%"{role}"%')


def by_id(session: Session, model: type[_Account], object_id: str, *, lock: bool) -> _Account | None:
    """The user or client, locked (and reloaded) when ``lock``."""
    stmt = select(model).where(model.id == object_id)
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return session.scalars(stmt).one_or_none()


def lock_users(session: Session, *, user_ids: Collection[str]) -> None:
    """Lock (and reload) the users, in id order so that two lockers never deadlock."""
    session.scalars(
        select(User)
        .where(User.id.in_(user_ids))
        .order_by(User.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()


def user_by_username_folded(session: Session, *, username: str) -> User | None:
    """The user whose name matches in any case."""
    return session.scalars(select(User).where(func.lower(User.username) == username.lower())).one_or_none()


USER_SORTS = {"username": User.username}
UserSort = sort_enum("UserSort", USER_SORTS)


def users_page(
    session: Session, *, page: PageParams, role: str | None, unit_id: str | None, active: bool | None
) -> tuple[Sequence[User], str | None]:
    stmt: Select[Any] = select(User)
    if role is not None:
        stmt = stmt.where(has_role(role))
    if unit_id is not None:
        stmt = stmt.where(User.unit_id == unit_id)
    if active is not None:
        stmt = stmt.where(User.active.is_(active))
    return paginate(session, stmt, page, created_col=User.created_at, id_col=User.id, sorts=USER_SORTS)


def clients_page(
    session: Session, *, page: PageParams, unit_id: str | None, active: bool | None
) -> tuple[Sequence[ServiceClient], str | None]:
    stmt: Select[Any] = select(ServiceClient)
    if unit_id is not None:
        stmt = stmt.where(ServiceClient.unit_id == unit_id)
    if active is not None:
        stmt = stmt.where(ServiceClient.active.is_(active))
    return paginate(session, stmt, page, created_col=ServiceClient.created_at, id_col=ServiceClient.id)


def revoke_sessions_of(session: Session, *, user_id: str, reason: str) -> int:
    """Revoke the user's open logins; how many there were."""
    result = session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
