"""Endpoint secrets at rest: encrypted (Fernet: AES-128-CBC with HMAC-SHA256) under a key derived from the
service's JWT secret, so a copy of the database alone does not let anyone sign as the service.

Rotating ``THIDUA_JWT_SECRET`` makes the stored webhook secrets unreadable: rotate every endpoint's secret
afterwards (docs/events.md).
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.core.config import get_settings

_INFO = b"thidua webhook endpoint secrets v1"


class SecretUnreadable(Exception):
    """The stored secret was encrypted under another key (the JWT secret changed) or was altered."""


def _fernet(master: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(master.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(secret: str, *, master: str | None = None) -> str:
    return _fernet(master or get_settings().jwt_secret).encrypt(secret.encode()).decode()


def decrypt(token: str, *, master: str | None = None) -> str:
    try:
        return _fernet(master or get_settings().jwt_secret).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable("the endpoint's secret cannot be decrypted with this key") from exc
