"""Generic ``Idempotency-Key`` handling for create endpoints.

A key is claimed in its own short transaction before the endpoint runs (so a concurrent duplicate sees
it "in flight" and gets 409), and completed—the response stored—inside the request's own transaction
(so the change and its replayable response commit together or not at all). A request that fails
releases its claim so the client may retry; a claim whose process died expires after a lease.
Keys are scoped to the principal and kept ``THIDUA_IDEMPOTENCY_TTL_HOURS`` (at least 24 hours).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from fastapi import Depends, Header, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.core.db import rowcount
from app.core.errors import Conflict, DomainError, Invalid
from app.core.security import InvalidToken
from app.models import IdempotencyRecord
from app.models.base import new_id, utcnow

_REPLAYED_HEADERS = ("content-type", "location", "etag")


class IdempotentReplay(DomainError):
    """Not an error: carries the stored response of the first request back to the client."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        super().__init__("replay")
        self.response = Response(
            content=body, status_code=status, headers={**headers, "Idempotent-Replayed": "true"}
        )


@dataclass
class Claim:
    record_id: str


class ResponseSealer:
    """Stored responses are encrypted (AES-GCM, key derived from THIDUA_JWT_SECRET): a replayed
    response may carry a secret shown once (a new service client's) or personal data, and the
    database must not keep those readable for the key's lifetime."""

    def __init__(self, secret: str) -> None:
        self._aead = AESGCM(hashlib.sha256(b"thidua/idempotency/v1\0" + secret.encode()).digest())

    def seal(self, record_id: str, body: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, body, record_id.encode())

    def open(self, record_id: str, sealed: bytes) -> bytes:
        return self._aead.decrypt(sealed[:12], sealed[12:], record_id.encode())


def _request_hash(method: str, path: str, body: bytes) -> str:
    h = hashlib.sha256()
    for part in (method.encode(), path.encode(), body):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def _principal_key(request: Request) -> str | None:
    """The caller's identity from the token alone; authentication proper happens in the endpoint."""
    auth = request.headers.get("authorization", "")
    if not auth.lower().startswith("bearer "):
        return None
    try:
        claims = request.app.state.tokens.decode(auth[7:].strip())
    except InvalidToken:
        return None
    return f"{claims.kind}:{claims.sub}"


def _claim(
    factory: sessionmaker[Session],
    sealer: ResponseSealer,
    principal_key: str,
    key: str,
    request_hash: str,
    lease: timedelta,
    ttl: timedelta,
) -> Claim:
    now = utcnow()
    with factory() as session:
        session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.expires_at < now))
        record = IdempotencyRecord(
            id=new_id(),
            principal_id=principal_key,
            key=key,
            request_hash=request_hash,
            state="in_flight",
            locked_until=now + lease,
            created_at=now,
            expires_at=now + ttl,
        )
        session.add(record)
        try:
            session.commit()
            return Claim(record.id)
        except IntegrityError:
            session.rollback()
        existing = (
            session.query(IdempotencyRecord).filter_by(principal_id=principal_key, key=key).one_or_none()
        )
        if existing is None:  # released between our insert and our read: the client may simply retry
            raise Conflict("The idempotency key is being released; retry.", code="idempotency_in_flight")
        if existing.request_hash != request_hash:
            raise Invalid(
                "This Idempotency-Key was already used with a different request.",
                code="idempotency_key_reused",
                detail_vi="Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác.",
            )
        if existing.state == "done":
            raise IdempotentReplay(
                existing.response_status or 200,
                dict(existing.response_headers or {}),
                sealer.open(existing.id, existing.response_body or b""),
            )
        # In flight. Take it over only if its holder's lease ran out (the process died mid-request).
        taken = session.execute(
            update(IdempotencyRecord)
            .where(
                IdempotencyRecord.id == existing.id,
                IdempotencyRecord.state == "in_flight",
                IdempotencyRecord.locked_until < now,
            )
            .values(locked_until=now + lease)
        )
        session.commit()
        if rowcount(taken) == 1:
            return Claim(existing.id)
        raise Conflict(
            "A request with this Idempotency-Key is still being processed.",
            code="idempotency_in_flight",
            detail_vi="Một yêu cầu với Idempotency-Key này đang được xử lý.",
            headers={"Retry-After": "1"},
        )


async def idempotency_key(
    request: Request,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=255,
            description="Makes a retried create safe: the same key and body replay the first response "
            "(kept at least 24 hours, per caller); another body is 422; while the first is in flight, 409.",
        ),
    ] = None,
) -> None:
    if idempotency_key is None:
        return
    principal_key = _principal_key(request)
    if principal_key is None:
        return  # unauthenticated: the endpoint answers 401 and nothing is claimed
    body = await request.body()
    settings = request.app.state.settings
    claim = await run_in_threadpool(
        _claim,
        request.app.state.sessionmaker,
        request.app.state.response_sealer,
        principal_key,
        idempotency_key,
        _request_hash(request.method, request.url.path, body),
        timedelta(seconds=settings.idempotency_lease_seconds),
        timedelta(hours=settings.idempotency_ttl_hours),
    )
    request.state.idempotency_claim = claim


Idempotent = Depends(idempotency_key)


def complete(session: Session, sealer: ResponseSealer, claim: Claim, response: Response) -> None:
    """Store the response in the request's transaction: it commits with the change it describes."""
    headers: dict[str, Any] = {k: v for k, v in response.headers.items() if k.lower() in _REPLAYED_HEADERS}
    session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.id == claim.record_id)
        .values(
            state="done",
            response_status=response.status_code,
            response_headers=headers,
            response_body=sealer.seal(claim.record_id, bytes(response.body)),
        )
    )


def release(factory: sessionmaker[Session], claim: Claim) -> None:
    with factory() as session:
        session.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.id == claim.record_id, IdempotencyRecord.state == "in_flight"
            )
        )
        session.commit()
