"""Use cases for users and service clients. No FastAPI import; services flush, never commit.

Secrets (passwords, client secrets) are only ever stored as argon2 hashes and never reach the audit trail.
They are hashed with no transaction open (``hash_secret``): argon2 takes tens of milliseconds of CPU, and on
SQLite an open writing transaction holds the database's one write lock, so every other write would wait.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.core import audit
from app.core.audit import Actor
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.pagination import PageParams
from app.core.security import PasswordService, new_secret
from app.models import ServiceClient, Unit, User, UserRole
from app.models.base import new_id, utcnow
from app.users import repository
from app.users.repository import UserSort as UserSort
from app.users.schemas import ID_PATTERN, ClientUpdate, UserUpdate

UNIT_BOUND_SCOPES = frozenset({"reports:write", "scores:write", "proposals:write"})
CLIENT_ID_PREFIX = "tdc_"

_ID_RE = re.compile(ID_PATTERN)


# ---- shared helpers -----------------------------------------------------------------------------------


def _flush(session: Session) -> None:
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict(
            "The resource was changed by another request; reload it and retry.",
            code="concurrent_update",
            detail_vi="Dữ liệu vừa bị một yêu cầu khác thay đổi; hãy tải lại rồi thử lại.",
        ) from exc


def _sent(changes: BaseModel, field: str, current: Any) -> Any:
    """What a PATCH body sent for ``field``, or ``current`` when it left the field out (the schemas refuse
    ``null`` where it would mean nothing)."""
    return getattr(changes, field) if field in changes.model_fields_set else current


def _apply(obj: object, wanted: dict[str, Any]) -> dict[str, Any]:
    """Set the fields of ``wanted`` whose value differs on ``obj``; return them with their new values."""
    changed = {field: value for field, value in wanted.items() if value != getattr(obj, field)}
    for field, value in changed.items():
        setattr(obj, field, value)
    return changed


def _field_error(field: str, msg: str, type_: str = "value_error") -> list[dict[str, Any]]:
    return [{"loc": ["body", field], "msg": msg, "type": type_}]


def _check_unit(session: Session, unit_id: str) -> None:
    if session.get(Unit, unit_id) is None:
        raise Invalid(
            "The unit does not exist.",
            detail_vi="Đơn vị không tồn tại.",
            errors=_field_error("unit_id", "unknown unit"),
        )


def _load(session: Session, model: type[Any], object_id: str, *, lock: bool, what: str) -> Any:
    # A malformed id is as unknown as a missing one, and never reaches the database.
    obj = None
    if _ID_RE.fullmatch(object_id):
        obj = repository.by_id(session, model, object_id, lock=lock)
    if obj is None:
        raise NotFound(f"No {what} with this id.", detail_vi="Không có đối tượng nào với mã định danh này.")
    return obj


def hash_secret(*, session: Session, passwords: PasswordService, secret: str) -> str:
    """``secret``'s argon2 hash, computed with no transaction open on ``session``: what the request read so
    far (the principal's check, which on SQLite began a writing transaction and so holds the write lock) is
    ended first. Call it before the use case writes anything, and before it reads what it will rely on."""
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("hash_secret must run before anything is written")
        session.rollback()
    return passwords.hash(secret)


# ---- users --------------------------------------------------------------------------------------------


def active_admin_ids(session: Session) -> list[str]:
    return list(session.scalars(select(User.id).where(User.active.is_(True), repository.has_role("admin"))))


def get_user(*, session: Session, user_id: str) -> User:
    user: User = _load(session, User, user_id, lock=False, what="user")
    return user


def get_user_for_update(*, session: Session, user_id: str, actor: Actor) -> User:
    """Load and lock the user, together with the acting user, so that two admins disabling each other at
    once are serialised: the second sees that it has itself just been disabled."""
    ids = {user_id} if actor.type != "user" or actor.id is None else {user_id, actor.id}
    if _ID_RE.fullmatch(user_id):
        repository.lock_users(session, user_ids=ids)
    return get_user(session=session, user_id=user_id)


def list_users(
    *,
    session: Session,
    page: PageParams,
    role: str | None = None,
    unit_id: str | None = None,
    active: bool | None = None,
) -> tuple[Sequence[User], str | None]:
    return repository.users_page(session, page=page, role=role, unit_id=unit_id, active=active)


# Roles that act for one unit: the user must belong to it.
UNIT_ROLES = (UserRole.OFFICER, UserRole.UNIT_HEAD)


def _check_officer_unit(roles: Sequence[str], unit_id: str | None) -> None:
    needing = [r for r in UNIT_ROLES if r in roles]
    if not needing or unit_id is not None:
        return
    if needing[0] == UserRole.OFFICER:
        who, who_vi = "An officer", "Cán bộ thi đua"
    else:
        who, who_vi = "A unit head", "Thủ trưởng đơn vị"
    raise Invalid(
        f"{who} must belong to a unit: give unit_id.",
        detail_vi=f"{who_vi} phải thuộc một đơn vị: hãy cung cấp unit_id.",
        errors=_field_error("unit_id", f"required for the {needing[0]} role", "missing"),
    )


def _username_taken() -> Conflict:
    return Conflict(
        "A user with this username already exists.",
        code="already_exists",
        detail_vi="Tên đăng nhập này đã tồn tại.",
    )


def create_user(
    *,
    session: Session,
    passwords: PasswordService,
    actor: Actor,
    username: str,
    password: str,
    full_name: str,
    roles: Sequence[str],
    unit_id: str | None,
) -> User:
    _check_officer_unit(roles, unit_id)
    password_hash = hash_secret(session=session, passwords=passwords, secret=password)
    if unit_id is not None:
        _check_unit(session, unit_id)
    # Usernames differing only in case would be confusable: refuse them as duplicates too.
    if session.scalar(select(User.id).where(func.lower(User.username) == username.lower())) is not None:
        raise _username_taken()
    user = User(
        id=new_id(),
        username=username,
        full_name=full_name,
        password_hash=password_hash,
        roles=list(roles),
        unit_id=unit_id,
        active=True,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent request took the username between our check and insert
        raise _username_taken() from exc
    audit.record(
        session,
        actor=actor,
        action="user.create",
        object_type="user",
        object_id=user.id,
        details={"username": username, "roles": list(roles), "unit_id": unit_id},
    )
    return user


def revoke_sessions(session: Session, user_id: str, reason: str) -> int:
    return repository.revoke_sessions_of(session, user_id=user_id, reason=reason)


def _refuse_self_lockout(actor: Actor, user: User, roles: Sequence[str], active: bool) -> None:
    # An admin keeps their own admin role and stays enabled: every change is made by an active admin,
    # so the system always keeps at least one.
    if actor.type != "user" or actor.id != user.id:
        return
    if not active or "admin" not in roles:
        raise Conflict(
            "You cannot disable yourself or remove your own admin role; ask another admin.",
            code="self_lockout",
            detail_vi="Không thể tự vô hiệu hóa hoặc tự bỏ vai trò quản trị của mình; "
            "hãy nhờ quản trị viên khác.",
        )


def _refuse_losing_last_admin(session: Session, user: User, roles: Sequence[str], active: bool) -> None:
    # Covers actors that are not users themselves (the CLI, start-up).
    was_admin = user.active and "admin" in user.roles
    if was_admin and (not active or "admin" not in roles) and active_admin_ids(session) == [user.id]:
        raise Conflict(
            "This is the last active admin; make another admin first.",
            code="last_admin",
            detail_vi="Đây là quản trị viên cuối cùng đang hoạt động; hãy tạo quản trị viên khác trước.",
        )


def new_password_hash(*, session: Session, passwords: PasswordService, changes: UserUpdate) -> str | None:
    """The hash of the password ``changes`` sets, if any: for ``update_user``, computed before the user is
    loaded and locked (``hash_secret``)."""
    if changes.password is None:
        return None
    return hash_secret(session=session, passwords=passwords, secret=changes.password)


def update_user(
    *, session: Session, actor: Actor, user: User, changes: UserUpdate, password_hash: str | None
) -> User:
    """Apply the fields sent in ``changes``. Load ``user`` with ``get_user_for_update``, after computing
    ``password_hash`` with ``new_password_hash``."""
    if (changes.password is None) != (password_hash is None):
        raise ValueError("password_hash must be new_password_hash(changes)")
    if actor.type == "user" and actor.id is not None:
        me = session.get(User, actor.id)
        if me is None or not me.active or "admin" not in me.roles:
            raise Forbidden(
                "You are no longer an active admin.",
                detail_vi="Bạn không còn là quản trị viên đang hoạt động.",
            )
    roles = list(_sent(changes, "roles", user.roles))
    unit_id = _sent(changes, "unit_id", user.unit_id)
    active = _sent(changes, "active", user.active)

    _refuse_self_lockout(actor, user, roles, active)
    _check_officer_unit(roles, unit_id)
    if unit_id is not None and unit_id != user.unit_id:
        _check_unit(session, unit_id)
    _refuse_losing_last_admin(session, user, roles, active)

    full_name = _sent(changes, "full_name", user.full_name)
    details = _apply(user, {"full_name": full_name, "roles": roles, "unit_id": unit_id, "active": active})
    if password_hash is not None:
        user.password_hash = password_hash
        details["password_changed"] = True
    if not details:
        return user

    # A disabled user, or one whose password was reset, is logged out everywhere.
    if details.get("active") is False:
        details["sessions_revoked"] = revoke_sessions(session, user.id, "user_disabled")
    elif details.get("password_changed"):
        details["sessions_revoked"] = revoke_sessions(session, user.id, "password_changed")
    _flush(session)
    audit.record(
        session, actor=actor, action="user.update", object_type="user", object_id=user.id, details=details
    )
    return user


# ---- service clients ----------------------------------------------------------------------------------


def _check_scope_binding(scopes: Sequence[str], unit_id: str | None) -> None:
    bound = sorted(UNIT_BOUND_SCOPES.intersection(scopes))
    if bound and unit_id is None:
        raise Invalid(
            f"A client with {' or '.join(bound)} writes for one unit: give unit_id.",
            detail_vi=f"Ứng dụng có quyền {', '.join(bound)} phải gắn với một đơn vị: hãy cung cấp unit_id.",
            errors=_field_error("unit_id", f"required with the {', '.join(bound)} scope", "missing"),
        )


def get_client(*, session: Session, client_id: str, lock: bool = False) -> ServiceClient:
    client: ServiceClient = _load(session, ServiceClient, client_id, lock=lock, what="service client")
    return client


def list_clients(
    *, session: Session, page: PageParams, unit_id: str | None = None, active: bool | None = None
) -> tuple[Sequence[ServiceClient], str | None]:
    return repository.clients_page(session, page=page, unit_id=unit_id, active=active)


def create_client(
    *,
    session: Session,
    passwords: PasswordService,
    actor: Actor,
    name: str,
    scopes: Sequence[str],
    unit_id: str | None,
) -> tuple[ServiceClient, str]:
    """Create a client; returns it with its secret, which is stored only as a hash."""
    _check_scope_binding(scopes, unit_id)
    secret, secret_hash = new_client_secret(session=session, passwords=passwords)
    if unit_id is not None:
        _check_unit(session, unit_id)
    client = ServiceClient(
        id=new_id(),
        name=name,
        client_id=CLIENT_ID_PREFIX + secrets.token_hex(16),
        secret_hash=secret_hash,
        scopes=list(scopes),
        unit_id=unit_id,
        active=True,
    )
    session.add(client)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="service_client.create",
        object_type="service_client",
        object_id=client.id,
        details={"client_id": client.client_id, "name": name, "scopes": list(scopes), "unit_id": unit_id},
    )
    return client, secret


def update_client(
    *, session: Session, actor: Actor, client: ServiceClient, changes: ClientUpdate
) -> ServiceClient:
    scopes = list(_sent(changes, "scopes", client.scopes))
    unit_id = _sent(changes, "unit_id", client.unit_id)
    active = _sent(changes, "active", client.active)

    _check_scope_binding(scopes, unit_id)
    if unit_id is not None and unit_id != client.unit_id:
        _check_unit(session, unit_id)

    name = _sent(changes, "name", client.name)
    details = _apply(client, {"name": name, "scopes": scopes, "unit_id": unit_id, "active": active})
    if details.get("active") is False:
        # Access tokens already issued die with the client, and stay dead if it is enabled again.
        client.tokens_valid_after = utcnow()
    if not details:
        return client
    _flush(session)
    audit.record(
        session,
        actor=actor,
        action="service_client.update",
        object_type="service_client",
        object_id=client.id,
        details=details,
    )
    return client


def new_client_secret(*, session: Session, passwords: PasswordService) -> tuple[str, str]:
    """A fresh client secret and its hash (``hash_secret``): for ``rotate_client_secret``, computed before
    the client is loaded and locked."""
    secret = new_secret()
    return secret, hash_secret(session=session, passwords=passwords, secret=secret)


def rotate_client_secret(
    *, session: Session, actor: Actor, client: ServiceClient, new: tuple[str, str]
) -> tuple[ServiceClient, str]:
    """A new secret (``new_client_secret``) replaces the old one at once; tokens obtained with the old one
    stop working."""
    secret, client.secret_hash = new
    client.tokens_valid_after = utcnow()
    _flush(session)
    audit.record(
        session,
        actor=actor,
        action="service_client.rotate_secret",
        object_type="service_client",
        object_id=client.id,
        details={"client_id": client.client_id},
    )
    return client, secret
