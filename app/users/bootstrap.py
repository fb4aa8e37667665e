"""The first admin, from ``THIDUA_ADMIN_USERNAME`` / ``THIDUA_ADMIN_PASSWORD``, when no admin exists."""

from __future__ import annotations

import logging
import re

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.core import audit
from app.core.config import Settings
from app.core.db import session_scope
from app.core.errors import Conflict
from app.core.security import PasswordService
from app.models import User
from app.users import repository, service

log = logging.getLogger("thidua.users")

_USERNAME = re.compile(r"^[A-Za-z0-9._-]{3,64}$")


def ensure_admin(factory: sessionmaker[Session], passwords: PasswordService, settings: Settings) -> None:
    """Create the configured admin when no active admin exists; several processes may start at once.

    If a user with that username exists (say, the admin was disabled by hand), it is enabled, made an
    admin and given the configured password: the operator who holds the configuration regains access.
    """
    username, password = settings.admin_username, settings.admin_password
    if not username or not password:
        return
    if not _USERNAME.fullmatch(username):
        log.error("THIDUA_ADMIN_USERNAME must be 3-64 characters of A-Z a-z 0-9 . _ -; no admin created")
        return
    try:
        with session_scope(factory) as session:
            if service.active_admin_ids(session):
                return
            existing = repository.user_by_username_folded(session, username=username)
            if existing is None:
                service.create_user(
                    session=session,
                    passwords=passwords,
                    actor=audit.SYSTEM,
                    username=username,
                    password=password,
                    full_name="Administrator",
                    roles=["admin"],
                    unit_id=None,
                )
                log.info("created the admin user %r from THIDUA_ADMIN_USERNAME", username)
                return
            existing_id = existing.id
            password_hash = service.hash_secret(session=session, passwords=passwords, secret=password)
            # Read again after the hash (it ran with no transaction open): another process may have acted.
            existing = session.get(User, existing_id)
            if existing is None or service.active_admin_ids(session):
                return
            existing.active = True
            existing.roles = [*existing.roles, "admin"] if "admin" not in existing.roles else existing.roles
            existing.password_hash = password_hash
            service.revoke_sessions(session, existing.id, "password_changed")
            session.flush()
            audit.record(
                session,
                actor=audit.SYSTEM,
                action="user.restore_admin",
                object_type="user",
                object_id=existing.id,
                details={"username": username},
            )
            log.warning("no active admin: re-enabled %r as admin from THIDUA_ADMIN_USERNAME", username)
    except IntegrityError:
        # Another process created it between our check and our insert: there is an admin now.
        log.info("admin %r was created concurrently by another process", username)
    except Conflict:
        # create_user reports the same race as a duplicate username.
        log.info("admin %r was created concurrently by another process", username)
