"""Webhook endpoints (/webhook-endpoints): register, change, rotate the secret, remove; the delivery log and
redelivery. Thin: parse, authorise (the policy beside each route), call one service function, return."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import Query, Request, Response, status

from app.core import idempotency, names
from app.core.config import Settings
from app.core.db import SessionDep
from app.core.etag import IfMatch, check_if_match, set_etag
from app.core.idempotency import Idempotent
from app.core.literal import InlineEnum
from app.core.pagination import Page, PageDep
from app.core.responses import PRECONDITION_FAILED, Responses, auth, etag_headers, not_found
from app.core.routing import feature_router
from app.models import WebhookEndpoint
from app.models.event import DeliveryStatus
from app.webhooks import service
from app.webhooks.policies import EndpointManager, Registrar
from app.webhooks.schemas import (
    ID_PATTERN,
    AttemptRead,
    DeliveredEvent,
    DeliveryDetail,
    DeliveryRead,
    EndpointCreate,
    EndpointRead,
    EndpointUpdate,
    EndpointWithSecret,
)
from app.webhooks.service import DeliveryView

router = feature_router(prefix="/webhook-endpoints", tags=["webhooks"])

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_ETAG = etag_headers("The endpoint's version")
_AUTH = auth("Not an admin nor a service client (or, for an endpoint, not its owner nor an admin)")
_ONE: Responses = {
    **_AUTH,
    **not_found("webhook endpoint, or one of another client"),
    200: {"headers": _ETAG},
}
_DELIVERY: Responses = {
    **_AUTH,
    **not_found("delivery under this endpoint, or an endpoint of another client"),
}
_URL_422 = (
    "The body is not valid; or the URL may not receive webhooks (`unsafe_target`, with the reason); or an "
    "event type is unknown (`unknown_event_type`) or one the owner may not read (`event_type_not_readable`, "
    "naming the missing scope); `errors` names each."
)

ClientFilter = Annotated[
    str | None,
    Query(pattern=ID_PATTERN, description="Only this service client's (admin; a client sees its own)."),
]
ActiveFilter = Annotated[bool | None, Query(description="Only active (`true`) or disabled (`false`) ones.")]
StatusFilter = Annotated[
    InlineEnum[DeliveryStatus] | None, Query(description="Only deliveries in this status.")
]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _reads(session: SessionDep, endpoints: Sequence[WebhookEndpoint]) -> list[EndpointRead]:
    clients = names.clients(session, (e.client_id for e in endpoints))
    return [EndpointRead.of(e, clients) for e in endpoints]


def _read(session: SessionDep, response: Response, endpoint: WebhookEndpoint) -> EndpointRead:
    set_etag(response, endpoint)
    return _reads(session, [endpoint])[0]


def _with_secret(
    session: SessionDep, response: Response, endpoint: WebhookEndpoint, secret: str
) -> EndpointWithSecret:
    response.headers.update(_NO_STORE)
    return EndpointWithSecret(**_read(session, response, endpoint).model_dump(), secret=secret)


def _event(view: DeliveryView) -> DeliveredEvent:
    return DeliveredEvent(id=view.event_id, seq=view.event_seq, type=view.event_type, timestamp=view.event_at)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=EndpointWithSecret,
    dependencies=[Idempotent],
    summary="Register a webhook endpoint; its signing secret is shown only in this response",
    description="A service client registers for itself; an admin names the owner (`client_id`). The "
    "endpoint receives the events committed from now on, of its types, that its owner may read.",
    responses={
        **_AUTH,
        201: {"headers": _ETAG},
        409: {
            "description": "`too_many_endpoints`: the client has 20 already; "
            "`idempotency_secret_withheld`: a retry with the Idempotency-Key of a create that succeeded; "
            "`Location` names the endpoint, whose secret is not shown again (rotate it if lost)"
        },
        422: {"description": _URL_422},
    },
)
def create_webhook_endpoint(
    body: EndpointCreate, request: Request, response: Response, session: SessionDep, principal: Registrar
) -> EndpointWithSecret:
    endpoint, secret = service.create_endpoint(
        session=session,
        settings=_settings(request),
        principal=principal,
        url=body.url,
        event_types=body.event_types,
        description=body.description,
        client_id=body.client_id,
    )
    response.headers["Location"] = f"/api/v1/webhook-endpoints/{endpoint.id}"
    idempotency.withhold(request)  # the secret is shown once: a retry with the key learns only the Location
    return _with_secret(session, response, endpoint, secret)


@router.get(
    "",
    response_model=Page[EndpointRead],
    summary="List webhook endpoints (a client's own; every client's to an admin)",
    responses=_AUTH,
)
def list_webhook_endpoints(
    session: SessionDep,
    principal: Registrar,
    page: PageDep,
    client_id: ClientFilter = None,
    active: ActiveFilter = None,
) -> Page[EndpointRead]:
    rows, next_cursor = service.list_endpoints(
        session=session, principal=principal, page=page, client_id=client_id, active=active
    )
    return page.of(EndpointRead, _reads(session, rows), next_cursor)


@router.get(
    "/{endpoint_id}",
    response_model=EndpointRead,
    summary="Read a webhook endpoint: whether it is active, and why not",
    responses=_ONE,
)
def get_webhook_endpoint(
    endpoint_id: str, response: Response, session: SessionDep, _principal: EndpointManager
) -> EndpointRead:
    return _read(session, response, service.get_endpoint(session=session, endpoint_id=endpoint_id))


@router.patch(
    "/{endpoint_id}",
    response_model=EndpointRead,
    summary="Change a webhook endpoint; `active: true` re-enables a disabled one",
    responses={**_ONE, **PRECONDITION_FAILED, 422: {"description": _URL_422}},
)
def update_webhook_endpoint(
    endpoint_id: str,
    body: EndpointUpdate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: EndpointManager,
    if_match: IfMatch = None,
) -> EndpointRead:
    endpoint = service.get_endpoint(session=session, endpoint_id=endpoint_id, lock=True)
    check_if_match(if_match, endpoint)
    endpoint = service.update_endpoint(
        session=session, settings=_settings(request), actor=principal.actor, endpoint=endpoint, changes=body
    )
    return _read(session, response, endpoint)


@router.delete(
    "/{endpoint_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a webhook endpoint, with its deliveries and their log",
    responses={**_AUTH, **not_found("webhook endpoint, or one of another client"), **PRECONDITION_FAILED},
)
def delete_webhook_endpoint(
    endpoint_id: str, session: SessionDep, principal: EndpointManager, if_match: IfMatch = None
) -> Response:
    endpoint = service.get_endpoint(session=session, endpoint_id=endpoint_id, lock=True)
    check_if_match(if_match, endpoint)
    service.delete_endpoint(session=session, actor=principal.actor, endpoint=endpoint)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{endpoint_id}/rotate-secret",
    response_model=EndpointWithSecret,
    summary="Rotate the signing secret: the new one is shown once; the old one still signs for a while",
    description="Until `previous_secret_expires_at` (`THIDUA_WEBHOOK_SECRET_OVERLAP_HOURS` after the "
    "rotation) each delivery carries two signatures, one per secret, so the receiver can switch at its "
    "own pace. A secret rotated out before stops signing at once.",
    responses={**_ONE, **PRECONDITION_FAILED},
)
def rotate_webhook_secret(
    endpoint_id: str,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: EndpointManager,
    if_match: IfMatch = None,
) -> EndpointWithSecret:
    endpoint = service.get_endpoint(session=session, endpoint_id=endpoint_id, lock=True)
    check_if_match(if_match, endpoint)
    endpoint, secret = service.rotate_secret(
        session=session, settings=_settings(request), actor=principal.actor, endpoint=endpoint
    )
    return _with_secret(session, response, endpoint, secret)


@router.get(
    "/{endpoint_id}/deliveries",
    response_model=Page[DeliveryRead],
    summary="List an endpoint's deliveries (its delivery log)",
    responses=_DELIVERY,
)
def list_webhook_deliveries(
    endpoint_id: str,
    session: SessionDep,
    _principal: EndpointManager,
    page: PageDep,
    status: StatusFilter = None,
) -> Page[DeliveryRead]:
    views, next_cursor = service.list_deliveries(
        session=session, endpoint_id=endpoint_id, page=page, status=status
    )
    return page.of(DeliveryRead, [DeliveryRead.of(v.delivery, _event(v)) for v in views], next_cursor)


@router.get(
    "/{endpoint_id}/deliveries/{delivery_id}",
    response_model=DeliveryDetail,
    summary="Read a delivery with its attempts: each one's status code or error, duration, and whether "
    "it was asked for by hand",
    responses=_DELIVERY,
)
def get_webhook_delivery(
    endpoint_id: str, delivery_id: str, session: SessionDep, _principal: EndpointManager
) -> DeliveryDetail:
    delivery = service.get_delivery(session=session, endpoint_id=endpoint_id, delivery_id=delivery_id)
    view = service.delivery_view(session, delivery)
    return DeliveryDetail(
        **DeliveryRead.fields_of(delivery, _event(view)),
        attempt_log=[AttemptRead.of(a) for a in service.attempt_log(session, delivery)],
    )


@router.post(
    "/{endpoint_id}/deliveries/{delivery_id}/redeliver",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeliveryRead,
    summary="Deliver again, now: the delivery is due at once and its next attempt logged as manual",
    description="Whatever its status (a failed delivery, or one the receiver wants again). The body is the "
    "same event with the same `webhook-id`, signed anew.",
    responses={
        **_DELIVERY,
        409: {
            "description": "`delivery_in_progress`: a worker is sending it right now; `endpoint_disabled`: "
            "re-enable the endpoint first"
        },
    },
)
def redeliver_webhook_delivery(
    endpoint_id: str, delivery_id: str, session: SessionDep, principal: EndpointManager
) -> DeliveryRead:
    endpoint = service.get_endpoint(session=session, endpoint_id=endpoint_id)
    delivery = service.get_delivery(
        session=session, endpoint_id=endpoint_id, delivery_id=delivery_id, lock=True
    )
    delivery = service.redeliver(session=session, actor=principal.actor, endpoint=endpoint, delivery=delivery)
    return DeliveryRead.of(delivery, _event(service.delivery_view(session, delivery)))
