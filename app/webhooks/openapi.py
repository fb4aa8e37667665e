"""The OpenAPI document's ``webhooks`` section (OpenAPI 3.1): what a receiver is sent, one entry per event
type of the catalogue (``app.events.catalogue.TYPES``), generated from it so that it cannot drift.

Each entry is a POST whose body is the event (``EventRead``) with ``data`` typed as that type's payload, and
whose headers are the Standard Webhooks ones. These are not routes the service serves: FastAPI documents
the routes of ``FastAPI(webhooks=...)`` and never mounts them.
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any

from fastapi import APIRouter, Header
from pydantic import Field, create_model

from app.events.catalogue import TYPES, EventType
from app.events.payloads import EventRead

HEADERS = (
    (
        "webhook_id",
        "webhook-id",
        "The event's id (`id` in the body), the same on every attempt and redelivery: drop a delivery whose "
        "id you have already processed.",
    ),
    (
        "webhook_timestamp",
        "webhook-timestamp",
        "When this attempt was signed, in Unix seconds: refuse a delivery more than five minutes away from "
        "your clock (a replay).",
    ),
    (
        "webhook_signature",
        "webhook-signature",
        "`v1,<base64 HMAC-SHA256>` of `{webhook-id}.{webhook-timestamp}.{body}` under the endpoint's secret "
        "(the bytes after `whsec_`, base64-decoded), one per secret in use (two for a while after a "
        "rotation), separated by spaces: accept the delivery when one of them is yours.",
    ),
)

ACKNOWLEDGED = "Acknowledged. Any 2xx status acknowledges the delivery; the response body is ignored."
RETRIED = (
    "Any other status (redirects are not followed), or no answer within `THIDUA_WEBHOOK_TIMEOUT_SECONDS`: "
    "the delivery is retried with backoff for at least 24 hours; `410 Gone` disables the endpoint "
    "(docs/webhooks.md)."
)


def operation_id(name: str) -> str:
    """``receive_award_decided`` for ``award.decided``."""
    return "receive_" + name.replace(".", "_")


def model_name(name: str) -> str:
    """``AwardDecidedEvent`` for ``award.decided``."""
    return "".join(part.capitalize() for part in name.replace(".", "_").split("_")) + "Event"


def event_model(kind: EventType) -> type[EventRead]:
    """The delivery body of ``kind``: ``EventRead`` with ``type`` fixed and ``data`` its payload."""
    model: type[EventRead] = create_model(
        model_name(kind.name),
        __base__=EventRead,
        __doc__=f"The `{kind.name}` event as delivered. {kind.description}",
        type=(str, Field(description=f"Always `{kind.name}`.", json_schema_extra={"const": kind.name})),
        data=(kind.payload, Field(description=f"The `{kind.name}` payload.")),
    )
    return model


def _receiver(kind: EventType) -> Any:
    """A function whose signature FastAPI reads: the body model and the three headers."""

    def receive(**_: Any) -> None:  # never called: documentation only
        return None

    body = inspect.Parameter("body", inspect.Parameter.KEYWORD_ONLY, annotation=event_model(kind))
    headers = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[str, Header(alias=alias, description=text)],
        )
        for name, alias, text in HEADERS
    ]
    receive.__signature__ = inspect.Signature([body, *headers], return_annotation=None)  # type: ignore[attr-defined]  # read by FastAPI
    receive.__name__ = operation_id(kind.name)
    return receive


def webhooks_router() -> APIRouter:
    """One documented webhook per event type, in the catalogue's order."""
    router = APIRouter()
    for kind in TYPES.values():
        router.add_api_route(
            kind.name,
            _receiver(kind),
            methods=["POST"],
            status_code=204,
            operation_id=operation_id(kind.name),
            summary=f"`{kind.name}`: {kind.description}",
            description=f"Sent to each active endpoint that lists `{kind.name}` and whose owner client may "
            "read the event (the change feed's rule). At least once: the same `webhook-id` on every "
            "attempt. Verify `webhook-signature` before trusting the body.",
            tags=["webhooks"],
            response_description=ACKNOWLEDGED,
            responses={"default": {"description": RETRIED}},
        )
    return router
