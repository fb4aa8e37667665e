"""All models, imported here so Alembic and the mappers see every table."""

from app.models.audit import AuditEvent
from app.models.auth import AuthSession, LoginThrottle, RefreshToken, RevokedToken
from app.models.base import Base
from app.models.idempotency import IdempotencyRecord
from app.models.unit import Unit
from app.models.user import ServiceClient, User

__all__ = [
    "AuditEvent",
    "AuthSession",
    "Base",
    "IdempotencyRecord",
    "LoginThrottle",
    "RefreshToken",
    "RevokedToken",
    "ServiceClient",
    "Unit",
    "User",
]
