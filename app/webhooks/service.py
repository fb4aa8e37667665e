"""Managing webhook endpoints: registering, changing, rotating secrets, reading the delivery log and asking
for a redelivery. No FastAPI import; services flush, never commit.

The signing secret is shown once (at creation and at rotation), stored only encrypted, and never reaches
the audit trail or a log line. Neither does the target URL in full: it may carry the receiver's own token,
so the audit keeps its origin (scheme, host and port) only.

Who may touch which endpoint is the route's policy (``app.webhooks.policies``); what the service narrows is
the owner: a service client registers and lists only its own endpoints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from app.core import audit, updates
from app.core.config import Settings
from app.core.errors import Conflict, Invalid, NotFound
from app.core.pagination import PageParams
from app.core.principal import Principal
from app.events.sealer import sealed_through
from app.models import ServiceClient, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.models.base import utcnow
from app.models.event import DeliveryStatus
from app.webhooks import repository, rotation, secrets, signing
from app.webhooks.schemas import EndpointUpdate
from app.webhooks.subscriptions import Refused, unknown_types, unreadable_types
from app.webhooks.urls import UnsafeTarget, check_target

OBJECT = "webhook_endpoint"
# The attempts a delivery's read lists: the latest ones (a delivery redelivered by hand again and again
# would otherwise grow without bound).
ATTEMPT_LOG = 100
# Each endpoint multiplies the worker's deliveries: a client has a few receivers, not hundreds.
MAX_ENDPOINTS_PER_CLIENT = 20


def endpoint_not_found() -> NotFound:
    return NotFound(
        "No webhook endpoint with this id.", detail_vi="Không có địa chỉ nhận webhook với mã này."
    )


def delivery_not_found() -> NotFound:
    return NotFound("No delivery with this id.", detail_vi="Không có lượt gửi webhook với mã này.")


def _flush(session: Session) -> None:
    updates.flush(session, what="webhook endpoint", what_vi="điểm nhận webhook")


def origin(url: str) -> str:
    """What the audit keeps of a URL: scheme, host and port (the path or query may hold a token)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


# ---- checks -------------------------------------------------------------------------------------------


def check_url(url: str, settings: Settings) -> None:
    """422 ``unsafe_target`` unless the service may deliver to ``url`` (``app.webhooks.urls``)."""
    try:
        check_target(
            url, https_only=settings.webhooks_https_only, allow_private=settings.webhook_allow_private
        )
    except UnsafeTarget as exc:
        raise Invalid(
            f"The URL cannot receive webhooks: {exc.reason}.",
            code="unsafe_target",
            detail_vi=f"Không thể gửi webhook tới URL này: {exc.reason_vi}.",
            errors=[{"loc": ["body", "url"], "msg": exc.reason, "type": "unsafe_target"}],
        ) from exc


def _type_errors(refused: Sequence[Refused], vi: bool = False) -> list[dict[str, Any]]:
    return [
        {
            "loc": ["body", "event_types", r.index],
            "msg": f"{r.name}: {r.reason_vi if vi else r.reason}",
            "type": "unknown_event_type" if r.reason == "unknown event type" else "event_type_not_readable",
        }
        for r in refused
    ]


def check_event_types(event_types: Sequence[str], owner: ServiceClient) -> None:
    """422 naming the unknown types, else 422 naming the types the owner may not read and why."""
    unknown = unknown_types(event_types)
    if unknown:
        names = ", ".join(r.name for r in unknown)
        raise Invalid(
            f"Unknown event types: {names}.",
            code="unknown_event_type",
            detail_vi=f"Loại sự kiện không tồn tại: {names}.",
            errors=_type_errors(unknown),
        )
    unreadable = unreadable_types(event_types, owner.scopes, owner.unit_id)
    if unreadable:
        reasons = "; ".join(f"{r.name} ({r.reason})" for r in unreadable)
        reasons_vi = "; ".join(f"{r.name} ({r.reason_vi})" for r in unreadable)
        raise Invalid(
            f"The service client may not receive these event types: {reasons}.",
            code="event_type_not_readable",
            detail_vi=f"Dịch vụ không được nhận các loại sự kiện này: {reasons_vi}.",
            errors=_type_errors(unreadable),
        )


def _owner(session: Session, principal: Principal, client_id: str | None) -> ServiceClient:
    """The client that will own a new endpoint: the calling client itself, or the one an admin names.
    A client naming another client learns nothing about it: the same 422 as for an unknown one."""
    if principal.is_client:
        wanted = client_id or principal.id
        client = session.get(ServiceClient, principal.id) if wanted == principal.id else None
    elif client_id is None:
        raise Invalid(
            "Name the service client that will own the endpoint (client_id).",
            detail_vi="Hãy nêu dịch vụ sẽ sở hữu địa chỉ nhận webhook (client_id).",
            errors=[{"loc": ["body", "client_id"], "msg": "required from an admin", "type": "missing"}],
        )
    else:
        client = session.get(ServiceClient, client_id)
    if client is None:
        raise Invalid(
            "The service client does not exist.",
            detail_vi="Dịch vụ không tồn tại.",
            errors=[{"loc": ["body", "client_id"], "msg": "unknown service client", "type": "value_error"}],
        )
    return client


# ---- endpoints ----------------------------------------------------------------------------------------


def create_endpoint(
    *,
    session: Session,
    settings: Settings,
    principal: Principal,
    url: str,
    event_types: Sequence[str],
    description: str | None,
    client_id: str | None,
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it with its secret (shown once, stored encrypted). It receives the
    events committed from now on: those after the feed's current end."""
    owner = _owner(session, principal, client_id)
    if repository.count_of(session, owner.id) >= MAX_ENDPOINTS_PER_CLIENT:
        raise Conflict(
            f"The service client already has {MAX_ENDPOINTS_PER_CLIENT} webhook endpoints: remove one first.",
            code="too_many_endpoints",
            detail_vi=f"Dịch vụ đã có {MAX_ENDPOINTS_PER_CLIENT} địa chỉ nhận webhook: "
            "hãy xóa bớt một địa chỉ.",
        )
    check_event_types(event_types, owner)
    check_url(url, settings)
    secret = signing.new_secret()
    endpoint = WebhookEndpoint(
        client_id=owner.id,
        url=url,
        description=description,
        event_types=list(event_types),
        secret_encrypted=secrets.encrypt(secret, master=settings.jwt_secret),
        start_seq=sealed_through(session),
    )
    session.add(endpoint)
    _flush(session)
    audit.record(
        session,
        actor=principal.actor,
        action="webhook_endpoint.create",
        object_type=OBJECT,
        object_id=endpoint.id,
        details={"client_id": owner.id, "origin": origin(url), "event_types": list(event_types)},
    )
    return endpoint, secret


def list_endpoints(
    *, session: Session, principal: Principal, page: PageParams, client_id: str | None, active: bool | None
) -> tuple[Sequence[WebhookEndpoint], str | None]:
    """An admin's list has every client's endpoints (or the named client's); a client's only its own."""
    if principal.is_client:
        if client_id is not None and client_id != principal.id:
            return [], None
        client_id = principal.id
    return repository.endpoints_page(session, page=page, client_id=client_id, active=active)


def get_endpoint(*, session: Session, endpoint_id: str, lock: bool = False) -> WebhookEndpoint:
    found = repository.endpoint(session, endpoint_id, lock=lock)
    if found is None:
        raise endpoint_not_found()
    return found


def update_endpoint(
    *,
    session: Session,
    settings: Settings,
    actor: audit.Actor,
    endpoint: WebhookEndpoint,
    changes: EndpointUpdate,
) -> WebhookEndpoint:
    sent = changes.changes()
    if "event_types" in sent:
        owner = session.get(ServiceClient, endpoint.client_id)
        assert owner is not None  # the endpoint goes with its client (ON DELETE CASCADE)
        check_event_types(sent["event_types"], owner)
    if "url" in sent and sent["url"] != endpoint.url:
        check_url(sent["url"], settings)
    changed = {k: v for k, v in sent.items() if v != getattr(endpoint, k)}
    if not changed:
        return endpoint
    for field, value in changed.items():
        setattr(endpoint, field, value)
    if changed.get("active") is True:
        # Re-enabled: the reason is history (the audit keeps it); the worker takes its pending
        # deliveries again.
        endpoint.disabled_at = None
        endpoint.disabled_reason = None
        endpoint.failing_since = None
    elif changed.get("active") is False:
        endpoint.disabled_at = utcnow()
        endpoint.disabled_reason = f"disabled by hand ({actor.type})"
    _flush(session)
    details: dict[str, Any] = {k: v for k, v in changed.items() if k != "url"}
    if "url" in changed:
        details["origin"] = origin(endpoint.url)
    audit.record(
        session,
        actor=actor,
        action="webhook_endpoint.update",
        object_type=OBJECT,
        object_id=endpoint.id,
        details=details,
    )
    return endpoint


def delete_endpoint(*, session: Session, actor: audit.Actor, endpoint: WebhookEndpoint) -> None:
    """Remove the endpoint with its deliveries and their log (the database cascades)."""
    details = {"client_id": endpoint.client_id, "origin": origin(endpoint.url)}
    session.delete(endpoint)
    _flush(session)
    audit.record(
        session,
        actor=actor,
        action="webhook_endpoint.delete",
        object_type=OBJECT,
        object_id=endpoint.id,
        details=details,
    )


def rotate_secret(
    *, session: Session, settings: Settings, actor: audit.Actor, endpoint: WebhookEndpoint
) -> tuple[WebhookEndpoint, str]:
    """A new secret, returned to be shown once; the current one keeps signing beside it for
    ``webhook_secret_overlap_hours``."""
    secret = rotation.rotate(
        endpoint, utcnow(), overlap_hours=settings.webhook_secret_overlap_hours, master=settings.jwt_secret
    )
    _flush(session)
    expires = endpoint.previous_secret_expires_at
    audit.record(
        session,
        actor=actor,
        action="webhook_endpoint.rotate_secret",
        object_type=OBJECT,
        object_id=endpoint.id,
        details={"previous_secret_expires_at": expires.isoformat() if expires else None},
    )
    return endpoint, secret


# ---- the delivery log ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryView:
    delivery: WebhookDelivery
    event_id: str
    event_seq: int | None
    event_type: str
    event_at: datetime


def _views(session: Session, deliveries: Sequence[WebhookDelivery]) -> list[DeliveryView]:
    events = repository.events(session, [d.event_id for d in deliveries])
    views = []
    for d in deliveries:
        event = events[d.event_id]  # a pruned event takes its deliveries with it (ON DELETE CASCADE)
        views.append(DeliveryView(d, event.public_id, event.seq, event.type, event.at))
    return views


def list_deliveries(
    *, session: Session, endpoint_id: str, page: PageParams, status: DeliveryStatus | None
) -> tuple[list[DeliveryView], str | None]:
    rows, next_cursor = repository.deliveries_page(session, endpoint_id=endpoint_id, page=page, status=status)
    return _views(session, rows), next_cursor


def get_delivery(
    *, session: Session, endpoint_id: str, delivery_id: str, lock: bool = False
) -> WebhookDelivery:
    found = repository.delivery(session, endpoint_id, delivery_id, lock=lock)
    if found is None:
        raise delivery_not_found()
    return found


def delivery_view(session: Session, delivery: WebhookDelivery) -> DeliveryView:
    return _views(session, [delivery])[0]


def attempt_log(session: Session, delivery: WebhookDelivery) -> Sequence[WebhookAttempt]:
    """The delivery's latest attempts (``ATTEMPT_LOG`` at most), oldest first."""
    return repository.attempts(session, delivery.id, limit=ATTEMPT_LOG)


def redeliver(
    *, session: Session, actor: audit.Actor, endpoint: WebhookEndpoint, delivery: WebhookDelivery
) -> WebhookDelivery:
    """Make the delivery due now, its next attempt logged as manual. Refused (409) while a worker is
    sending it, and while the endpoint is disabled (nothing would be sent: re-enable it first)."""
    now = utcnow()
    if not endpoint.active:
        raise Conflict(
            "The endpoint is disabled: re-enable it (PATCH active: true) before asking for a redelivery.",
            code="endpoint_disabled",
            detail_vi="Địa chỉ nhận webhook đang bị tắt: hãy bật lại (PATCH active: true) "
            "trước khi yêu cầu gửi lại.",
        )
    if (
        delivery.status == DeliveryStatus.DELIVERING
        and delivery.lease_until is not None
        and delivery.lease_until > now
    ):
        raise Conflict(
            "The delivery is being sent right now; look at its log again in a moment.",
            code="delivery_in_progress",
            detail_vi="Lượt gửi này đang được thực hiện; hãy xem lại nhật ký sau ít phút.",
        )
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = now
    delivery.lease_until = None
    delivery.manual = True
    _flush(session)
    audit.record(
        session,
        actor=actor,
        action="webhook_delivery.redeliver",
        object_type="webhook_delivery",
        object_id=delivery.id,
        details={"endpoint_id": endpoint.id},
    )
    return delivery
