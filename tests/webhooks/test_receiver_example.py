"""docs/webhooks.md cannot rot: its receiver example is run here against deliveries signed by the service
(``app.webhooks.signing``), and its table of event types is the catalogue's."""

from __future__ import annotations

import re
import threading
import time
import types
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.events.catalogue import TYPES, EventType
from app.events.serialise import body as delivery_body
from app.models import Event
from app.webhooks import signing
from tests.support.webhooks import service_defaults  # noqa: F401  # the service's settings, not the delivery tests'

DOC = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"
EXAMPLE = re.compile(r"<!-- receiver-example:[^>]*-->\n```python\n(.*?)\n```", re.DOTALL)
TABLE = re.compile(r"<!-- event-types:[^>]*-->\n(.*?)\n<!-- /event-types -->", re.DOTALL)


def _example() -> types.ModuleType:
    (source,) = EXAMPLE.findall(DOC.read_text(encoding="utf-8"))
    module = types.ModuleType("receiver_example")
    exec(compile(source, "docs/webhooks.md (receiver example)", "exec"), module.__dict__)
    return module


@pytest.fixture
def receiver() -> types.ModuleType:
    return _example()


def _delivery(secrets: list[str], *, at: int | None = None) -> tuple[dict[str, str], bytes]:
    event = Event(
        public_id="0b7d4e9a-1c2f-4a5b-8e6d-3f9a0c1b2d4e",
        seq=7,
        type="award.decided",
        object_type="award",
        object_id="award-1",
        object_version=2,
        at=datetime(2026, 12, 7, 10, 0, tzinfo=UTC),
        payload={"id": "award-1", "status": "decided", "decision_number": "12/QĐ-BKHCN"},
    )
    body = delivery_body(event)
    timestamp = int(time.time()) if at is None else at
    return signing.headers(secrets, event.public_id, timestamp, body), body


def test_the_example_accepts_a_delivery_signed_by_the_service(receiver: types.ModuleType) -> None:
    secret = signing.new_secret()
    headers, body = _delivery([secret])
    event = receiver.verify(secret, headers, body)
    assert event["id"] == headers["webhook-id"] and event["data"]["decision_number"] == "12/QĐ-BKHCN"


def test_the_example_accepts_either_secret_while_a_rotation_overlaps(receiver: types.ModuleType) -> None:
    new, old = signing.new_secret(), signing.new_secret()
    headers, body = _delivery([new, old])
    assert len(headers["webhook-signature"].split(" ")) == 2
    for secret in (new, old):
        assert receiver.verify(secret, headers, body)["type"] == "award.decided"


def test_the_example_refuses_a_tampered_body_another_secret_and_an_old_or_future_timestamp(
    receiver: types.ModuleType,
) -> None:
    secret = signing.new_secret()
    headers, body = _delivery([secret])
    refusals = {
        "tampered body": (secret, headers, body.replace(b"12/Q", b"99/Q")),
        "another secret": (signing.new_secret(), headers, body),
        "old timestamp": (secret, *_delivery([secret], at=int(time.time()) - 301)),
        "future timestamp": (secret, *_delivery([secret], at=int(time.time()) + 301)),
        "no signature": (secret, {k: v for k, v in headers.items() if k != "webhook-signature"}, body),
        "bad timestamp": (secret, {**headers, "webhook-timestamp": "yesterday"}, body),
        "other version": (
            secret,
            {**headers, "webhook-signature": headers["webhook-signature"].replace("v1,", "v2,")},
            body,
        ),
    }
    for name, (key, sent_headers, sent_body) in refusals.items():
        with pytest.raises(receiver.InvalidDelivery):
            receiver.verify(key, sent_headers, sent_body)
            pytest.fail(name)
    # The example and the service's own check agree on the tolerance.
    assert receiver.TOLERANCE_SECONDS == signing.TOLERANCE_SECONDS


@pytest.fixture
def running(receiver: types.ModuleType) -> Iterator[tuple[str, list[Any]]]:
    """The example's server on a loopback port, with its secret set and its handler recording."""
    handled: list[Any] = []
    receiver.SECRET = signing.new_secret()
    receiver.handle = handled.append
    server = receiver.ThreadingHTTPServer(("127.0.0.1", 0), receiver.Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hooks", handled
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.live
def test_the_example_server_acknowledges_once_and_refuses_a_forgery(
    receiver: types.ModuleType, running: tuple[str, list[Any]]
) -> None:
    url, handled = running
    headers, body = _delivery([receiver.SECRET])
    first = httpx.post(url, content=body, headers=headers)
    again = httpx.post(url, content=body, headers=headers)  # at least once: the same webhook-id again
    forged = httpx.post(url, content=body.replace(b"decided", b"revoked"), headers=headers)
    assert (first.status_code, again.status_code, forged.status_code) == (204, 204, 400)
    assert [e["id"] for e in handled] == [headers["webhook-id"]]


def _row(kind: EventType) -> str:
    needs = "—" if kind.scope is None else f"`{kind.scope}`"
    if kind.unit_bound:
        needs += ", bound to the event's unit"
    fields = ", ".join(f"`{name}`" for name in kind.payload.model_fields)
    return f"| `{kind.name}` | {kind.description} | {needs} | {fields} |"


def test_the_docs_table_of_event_types_is_the_catalogue() -> None:
    (table,) = TABLE.findall(DOC.read_text(encoding="utf-8"))
    expected = [
        "| type | about | the owner client needs | `data` fields |",
        "|---|---|---|---|",
        *(_row(kind) for kind in TYPES.values()),
    ]
    assert table.splitlines() == expected
