"""Request and response models for webhook endpoints and their delivery log.

The URL and the event types are only shaped here (lengths, one line, no duplicates); whether the service
may call the URL, and whether the owner may receive each type, are the service's checks, which say why.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from app.core.literal import InlineEnum
from app.core.patch import PatchBody, refuse_null
from app.core.text import SINGLE_LINE, clean_text
from app.events.catalogue import NAMES
from app.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.models.event import DeliveryStatus
from app.webhooks.urls import MAX_URL_LENGTH

ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
MAX_EVENT_TYPES = 64

Status = InlineEnum[DeliveryStatus]


def _unique(values: list[Any]) -> list[Any]:
    if len(set(values)) != len(values):
        raise ValueError("must not contain duplicates")
    return values


# Trimmed and NFC like any typed text (a pasted URL often ends in a space), then one line.
Url = Annotated[
    str,
    BeforeValidator(clean_text),
    StringConstraints(min_length=1, max_length=MAX_URL_LENGTH),
    SINGLE_LINE,
    Field(
        description="Where deliveries are POSTed: an absolute `https` URL (plain `http` only where the "
        "deployment allows it) whose host resolves to public addresses only; no user name or password, "
        "no fragment (docs/webhooks.md).",
        examples=["https://portal.example.gov.vn/hooks/thidua"],
    ),
]
EventTypeName = Annotated[str, StringConstraints(min_length=1, max_length=64)]
EventTypes = Annotated[
    list[EventTypeName],
    Field(
        min_length=1,
        max_length=MAX_EVENT_TYPES,
        description="The event types to receive (see the `webhooks` section): each a known type the owner "
        "client may read. Known today: " + ", ".join(f"`{n}`" for n in NAMES) + ".",
        json_schema_extra={"uniqueItems": True},
    ),
    AfterValidator(_unique),
]
Description = Annotated[
    str, BeforeValidator(clean_text), StringConstraints(min_length=1, max_length=500), SINGLE_LINE
]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


class EndpointCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Url
    event_types: EventTypes
    description: Description | None = None
    client_id: Id | None = Field(
        default=None,
        description="The service client that will own the endpoint (its `id`, as in "
        "`/api/v1/service-clients/{client_id}`): required from an admin; a service client registers for "
        "itself and may leave it out (or name itself).",
    )


class EndpointUpdate(PatchBody):
    """Only the fields sent change. `description: null` clears the description."""

    url: Url | None = None
    event_types: EventTypes | None = None
    description: Description | None = None
    active: bool | None = Field(
        default=None,
        description="`false` stops deliveries; `true` re-enables a disabled endpoint: its reason is "
        "cleared and its pending deliveries resume.",
    )

    _refuse_null = field_validator("url", "event_types", "active")(refuse_null)


class EndpointRead(BaseModel):
    id: str
    client_id: str = Field(description="The service client that owns the endpoint.")
    client_name: str = Field(description="That client's name.")
    url: str
    description: str | None
    event_types: list[str]
    active: bool = Field(description="Whether deliveries are made; see `disabled_reason` when not.")
    disabled_at: datetime | None = Field(description="When it was disabled; null while active.")
    disabled_reason: str | None = Field(
        description="Why it was disabled: by hand, or by the service after its deliveries kept failing "
        "(with the last attempt's outcome) or its receiver answered 410 Gone."
    )
    failing_since: datetime | None = Field(
        description="Since when every attempt has failed (null once one succeeds): the service disables "
        "an endpoint that keeps failing."
    )
    previous_secret_expires_at: datetime | None = Field(
        description="After a rotation, until when the previous secret still signs beside the new one."
    )
    start_seq: int = Field(description="It receives the events after this feed position (`seq`).")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, endpoint: WebhookEndpoint, client_names: dict[str, str]) -> EndpointRead:
        return cls(
            id=endpoint.id,
            client_id=endpoint.client_id,
            client_name=client_names.get(endpoint.client_id, ""),
            url=endpoint.url,
            description=endpoint.description,
            event_types=[str(t) for t in endpoint.event_types],
            active=endpoint.active,
            disabled_at=endpoint.disabled_at,
            disabled_reason=endpoint.disabled_reason,
            failing_since=endpoint.failing_since,
            previous_secret_expires_at=endpoint.previous_secret_expires_at,
            start_seq=endpoint.start_seq,
            created_at=endpoint.created_at,
            updated_at=endpoint.updated_at,
        )


class EndpointWithSecret(EndpointRead):
    secret: str = Field(
        description="The signing secret (`whsec_...`), shown only in this response: store it now. "
        "Receivers verify `webhook-signature` with it (Standard Webhooks; docs/webhooks.md)."
    )


class DeliveredEvent(BaseModel):
    """The event a delivery carries."""

    id: str = Field(description="The event's id: the delivery's `webhook-id`, the same on every attempt.")
    seq: int | None = Field(description="Its position in the feed.")
    type: str
    timestamp: datetime


class DeliveryRead(BaseModel):
    id: str
    event: DeliveredEvent
    status: Status = Field(
        description="`pending` (waiting for `next_attempt_at`), `delivering` (being sent now), "
        "`succeeded`, or `failed` (retries exhausted: redeliver it by hand)."
    )
    attempts: int = Field(description="How many attempts were made.")
    next_attempt_at: datetime | None = Field(description="When it is tried next, while `pending`.")
    last_attempt_at: datetime | None
    last_status_code: int | None = Field(description="The receiver's HTTP status at the last attempt.")
    last_error: str | None = Field(description="Why the last attempt got no answer (timeout, refused, ...).")
    succeeded_at: datetime | None
    manual: bool = Field(description="Its next attempt was asked for by hand (a redelivery).")
    created_at: datetime

    @classmethod
    def fields_of(cls, delivery: WebhookDelivery, event: DeliveredEvent) -> dict[str, Any]:
        pending = delivery.status == DeliveryStatus.PENDING
        return {
            "id": delivery.id,
            "event": event,
            "status": delivery.status,
            "attempts": delivery.attempts,
            "next_attempt_at": delivery.next_attempt_at if pending else None,
            "last_attempt_at": delivery.last_attempt_at,
            "last_status_code": delivery.last_status_code,
            "last_error": delivery.last_error,
            "succeeded_at": delivery.succeeded_at,
            "manual": delivery.manual,
            "created_at": delivery.created_at,
        }

    @classmethod
    def of(cls, delivery: WebhookDelivery, event: DeliveredEvent) -> DeliveryRead:
        return cls(**cls.fields_of(delivery, event))


class AttemptRead(BaseModel):
    id: str
    at: datetime
    status_code: int | None = Field(description="The receiver's HTTP status; null when it did not answer.")
    error: str | None = Field(description="Why there was no answer (or what was wrong with it).")
    duration_ms: int
    manual: bool = Field(description="A redelivery asked for by hand.")

    @classmethod
    def of(cls, attempt: WebhookAttempt) -> AttemptRead:
        return cls(
            id=attempt.id,
            at=attempt.at,
            status_code=attempt.status_code,
            error=attempt.error,
            duration_ms=attempt.duration_ms,
            manual=attempt.manual,
        )


class DeliveryDetail(DeliveryRead):
    attempt_log: list[AttemptRead] = Field(description="Every attempt, oldest first.")
