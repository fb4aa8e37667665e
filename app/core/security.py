"""Passwords (argon2id) and access tokens (JWT via python-jose). No I/O here."""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from jose import JWTError, jwt

from app.core.config import Settings

# How far ahead of this server's clock another server's ``iat`` may be (processes share no clock).
ISSUED_AT_LEEWAY_SECONDS = 30
REQUIRED_CLAIMS = ("sub", "exp", "iat", "jti", "iss", "aud", "roles", "unit_id", "scope")


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class PasswordService:
    def __init__(self, settings: Settings) -> None:
        self._hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_kib,
            parallelism=settings.argon2_parallelism,
            type=Type.ID,
        )
        # Verified against when the username is unknown, so both answers take the same time.
        self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))
        # As many hashes at once as the process has cores, no more: more would not finish sooner, and each
        # holds argon2_memory_kib of memory and takes a core from the threads that hold database locks.
        self._running = threading.BoundedSemaphore(_cores())

    def hash(self, password: str) -> str:
        with self._running:
            return self._hasher.hash(password)

    def upgraded(self, password_hash: str, password: str) -> str | None:
        """A new hash of ``password``, just verified against ``password_hash``, when that one was made with
        other argon2 parameters than the configured ones; else None."""
        try:
            if not self._hasher.check_needs_rehash(password_hash):
                return None
        except InvalidHashError:
            return None
        return self.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            with self._running:
                valid = self._hasher.verify(password_hash or self._dummy_hash, password)
            return valid and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False


def new_secret(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class TokenClaims:
    sub: str
    jti: str
    roles: list[str]
    unit_id: str | None
    scopes: list[str]
    sid: str | None
    kind: str
    iat: datetime
    issued_at: datetime
    exp: datetime


class InvalidToken(Exception):
    pass


class TokenService:
    def __init__(self, settings: Settings) -> None:
        self._secret = settings.jwt_secret
        self._alg = settings.jwt_algorithm
        self._iss = settings.jwt_issuer
        self._aud = settings.jwt_audience
        self.access_ttl = timedelta(minutes=settings.access_token_minutes)

    def issue(
        self,
        *,
        sub: str,
        kind: str,
        roles: list[str],
        unit_id: str | None,
        scopes: list[str],
        sid: str | None,
        now: datetime | None = None,
    ) -> tuple[str, TokenClaims]:
        now = now or datetime.now(UTC)
        exp = now + self.access_ttl
        jti = secrets.token_hex(16)
        payload: dict[str, Any] = {
            "sub": sub,
            "iat": int(now.timestamp()),
            "exp": int(exp.timestamp()),
            "jti": jti,
            "iss": self._iss,
            "aud": self._aud,
            "roles": roles,
            "unit_id": unit_id,
            "scope": " ".join(scopes),
            "kind": kind,
            # Sub-second issue time: a secret rotated or a client disabled within the same second as
            # a token was issued must still end that token (``iat`` has whole seconds only).
            "iat_us": int(now.timestamp() * 1_000_000),
        }
        if sid is not None:
            payload["sid"] = sid
        token = jwt.encode(payload, self._secret, algorithm=self._alg)
        return token, _claims(payload)

    def decode(self, token: str) -> TokenClaims:
        try:
            header = jwt.get_unverified_header(token)
        except JWTError as exc:
            raise InvalidToken("malformed token") from exc
        if header.get("alg") != self._alg:
            raise InvalidToken("unexpected algorithm")
        try:
            payload = jwt.decode(
                token,
                self._secret,
                algorithms=[self._alg],
                audience=self._aud,
                issuer=self._iss,
                options={
                    "require_exp": True,
                    "require_iat": True,
                    "require_jti": True,
                    "require_sub": True,
                    "require_iss": True,
                    "require_aud": True,
                    "leeway": 0,
                },
            )
        except JWTError as exc:
            raise InvalidToken(str(exc)) from exc
        missing = [c for c in REQUIRED_CLAIMS if c not in payload]
        if missing:
            raise InvalidToken(f"missing claims: {missing}")
        iat = payload["iat"]
        if not isinstance(iat, int) or isinstance(iat, bool):
            raise InvalidToken("bad iat")
        if iat > datetime.now(UTC).timestamp() + ISSUED_AT_LEEWAY_SECONDS:
            # python-jose checks only that iat is a number: a token "issued" in the future is forged or
            # comes from a server whose clock is wrong; either way it is not ours to trust.
            raise InvalidToken("issued in the future")
        if not isinstance(payload["roles"], list) or not isinstance(payload["scope"], str):
            raise InvalidToken("bad claim types")
        if payload.get("kind") not in ("user", "client"):
            raise InvalidToken("bad token kind")
        return _claims(payload)


def _precise_issue_time(payload: dict[str, Any]) -> datetime:
    iat_us = payload.get("iat_us")
    if isinstance(iat_us, int) and int(payload["iat"]) <= iat_us // 1_000_000 <= int(payload["iat"]) + 1:
        return datetime.fromtimestamp(iat_us / 1_000_000, UTC)
    return datetime.fromtimestamp(int(payload["iat"]), UTC)


def _claims(payload: dict[str, Any]) -> TokenClaims:
    return TokenClaims(
        sub=str(payload["sub"]),
        jti=str(payload["jti"]),
        roles=[str(r) for r in payload["roles"]],
        unit_id=payload["unit_id"],
        scopes=[s for s in str(payload["scope"]).split(" ") if s],
        sid=payload.get("sid"),
        kind=str(payload.get("kind")),
        iat=datetime.fromtimestamp(int(payload["iat"]), UTC),
        issued_at=_precise_issue_time(payload),
        exp=datetime.fromtimestamp(int(payload["exp"]), UTC),
    )
