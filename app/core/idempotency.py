"""Generic ``Idempotency-Key`` handling for create endpoints.

A key is claimed in its own short transaction before the endpoint runs (so a concurrent duplicate sees
it "in flight" and gets 409), and completed—the response stored—inside the request's own transaction
(so the change and its replayable response commit together or not at all). A request that fails
releases its claim so the client may retry; a claim whose process died expires after a lease.
Keys are scoped to the principal and kept ``THIDUA_IDEMPOTENCY_TTL_HOURS`` (at least 24 hours).

The claim (and so any replay) happens only after the route's policy has authenticated and authorised the
caller: a logged-out, revoked or disabled caller gets 401, one who lost the right 403, never the stored
response. A response that carried a secret shown once (a new service client's) is never stored: a retry
learns that the first request succeeded, and where its resource is, but not the secret.
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


@dataclass(frozen=True)
class Pending:
    """A key and request seen before the caller was authorised; claimed once the policy admits him."""

    key: str
    request_hash: str


WITHHELD = "withheld"
"""The state of a record whose response carried a one-time secret: done, but nothing to replay."""


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
            raise Conflict(
                "The idempotency key is being released; retry.",
                code="idempotency_in_flight",
                detail_vi="Khóa Idempotency-Key đang được giải phóng; hãy thử lại.",
            )
        if existing.request_hash != request_hash:
            raise Invalid(
                "This Idempotency-Key was already used with a different request.",
                code="idempotency_key_reused",
                detail_vi="Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác.",
                # Every 422 names the inputs at fault (the document's ValidationProblem): here, the header.
                errors=[
                    {
                        "loc": ["header", "Idempotency-Key"],
                        "msg": "already used with a different request",
                        "type": "idempotency_key_reused",
                    }
                ],
            )
        if existing.state == WITHHELD:
            location = (existing.response_headers or {}).get("location")
            raise Conflict(
                "The first request with this Idempotency-Key succeeded; its response carried a secret that "
                "is shown only once, so it is not replayed. Rotate the secret if it was lost.",
                code="idempotency_secret_withheld",
                detail_vi="Yêu cầu đầu tiên với Idempotency-Key này đã thành công; mã bí mật chỉ hiển thị "
                "một lần nên không được gửi lại. Hãy cấp lại mã bí mật nếu đã mất.",
                headers={"Location": location} if location else None,
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
            "(kept at least 24 hours, per caller); another body is 422; while the first is in flight, 409. "
            "The caller is authenticated and authorised before any replay; a response that carried a "
            "one-time secret is not replayed (409 `idempotency_secret_withheld`).",
        ),
    ] = None,
) -> None:
    if idempotency_key is None:
        return
    body = await request.body()
    pending = Pending(idempotency_key, _request_hash(request.method, request.url.path, body))
    principal_key: str | None = getattr(request.state, "authorised_key", None)
    if principal_key is None:
        request.state.idempotency_pending = pending  # the route's policy claims it once it admits the caller
    else:
        await _claim_for(request, principal_key, pending)


async def claim_pending(request: Request, principal_key: str) -> None:
    """Called by the route's policy once it has admitted the caller (``app.core.policy``)."""
    request.state.authorised_key = principal_key
    pending: Pending | None = getattr(request.state, "idempotency_pending", None)
    if pending is not None:
        request.state.idempotency_pending = None
        await _claim_for(request, principal_key, pending)


async def _claim_for(request: Request, principal_key: str, pending: Pending) -> None:
    settings = request.app.state.settings
    session: Session | None = getattr(request.state, "db_session", None)
    if session is not None:
        # The policy's reads hold one of the pool's connections (and a snapshot); the claim needs its own
        # committed transaction. Hand the first back rather than hold two: with every admitted request
        # holding one and waiting for a second, the pool would run dry. Nothing has been written yet.
        assert not (session.new or session.dirty or session.deleted)
        await run_in_threadpool(session.rollback)
    claim = await run_in_threadpool(
        _claim,
        request.app.state.sessionmaker,
        request.app.state.response_sealer,
        principal_key,
        pending.key,
        pending.request_hash,
        timedelta(seconds=settings.idempotency_lease_seconds),
        timedelta(hours=settings.idempotency_ttl_hours),
    )
    request.state.idempotency_claim = claim


def withhold(request: Request) -> None:
    """Mark this request's response as carrying a secret shown once: it is not stored for replay."""
    request.state.idempotency_withhold = True


Idempotent = Depends(idempotency_key)


def complete(
    session: Session, sealer: ResponseSealer, claim: Claim, response: Response, *, withhold: bool = False
) -> None:
    """Store the response in the request's transaction: it commits with the change it describes.

    ``withhold``: the response carried a secret shown once; only its status and headers are kept."""
    headers: dict[str, Any] = {k: v for k, v in response.headers.items() if k.lower() in _REPLAYED_HEADERS}
    if withhold:
        session.execute(
            update(IdempotencyRecord)
            .where(IdempotencyRecord.id == claim.record_id)
            .values(state=WITHHELD, response_status=response.status_code, response_headers=headers)
        )
        return
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
