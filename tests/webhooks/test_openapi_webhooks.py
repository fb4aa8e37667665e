"""The OpenAPI document's ``webhooks`` section: one entry per event type of the catalogue, with readable
operation ids, the Standard Webhooks headers, and a body schema that admits what the worker really sends
(``app.events.serialise.body``) for each type."""

from __future__ import annotations

import json
import re
import types
import typing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from pydantic import BaseModel

from app.events.catalogue import NAMES, TYPES
from app.events.serialise import body
from app.main import create_app
from app.models import Event
from app.webhooks.openapi import model_name, operation_id
from tests.support.settings import make_settings
from tests.support.webhooks import service_defaults  # noqa: F401  # the service's settings, not the delivery tests'

ROOT = Path(__file__).resolve().parents[2]
ID_SHAPE = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("webhooks-doc") / "x.db"
    return create_app(make_settings(f"sqlite:///{db}")).openapi()


def test_every_event_type_has_its_webhook_and_nothing_else(document: dict[str, Any]) -> None:
    assert list(document["webhooks"]) == list(NAMES)
    assert document["openapi"].startswith("3.1")
    committed = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
    assert committed["webhooks"] == document["webhooks"]


def test_operation_ids_are_readable_unique_and_apart_from_the_apis(document: dict[str, Any]) -> None:
    api_ids = {op["operationId"] for item in document["paths"].values() for op in item.values()}
    ids = [document["webhooks"][name]["post"]["operationId"] for name in NAMES]
    assert ids == [operation_id(name) for name in NAMES]
    assert operation_id("voting_session.published") == "receive_voting_session_published"
    assert len(set(ids)) == len(ids) and not set(ids) & api_ids
    assert all(ID_SHAPE.match(i) and len(i) <= 40 for i in ids), ids


def test_each_webhook_documents_the_headers_the_body_and_the_answers(document: dict[str, Any]) -> None:
    for name, kind in TYPES.items():
        post = document["webhooks"][name]["post"]
        headers = {p["name"]: p for p in post["parameters"]}
        assert set(headers) == {"webhook-id", "webhook-timestamp", "webhook-signature"}
        assert all(p["in"] == "header" and p["required"] for p in headers.values())
        ref = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert ref == f"#/components/schemas/{model_name(name)}"
        schema = document["components"]["schemas"][model_name(name)]
        assert schema["properties"]["type"]["const"] == name
        assert schema["properties"]["data"]["$ref"] == f"#/components/schemas/{kind.payload.__name__}"
        assert set(post["responses"]) == {"204", "default"}
        assert "2xx" in post["responses"]["204"]["description"]
        assert "retried" in post["responses"]["default"]["description"]
        assert kind.description and kind.description in post["summary"]


def _sample(annotation: Any) -> Any:
    """A value of ``annotation``: what a payload field may hold (the first branch of a union)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return _sample(typing.get_args(annotation)[0])
    if origin is list:
        return [_sample(typing.get_args(annotation)[0])]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {n: _sample(f.annotation) for n, f in annotation.model_fields.items()}
    values: dict[Any, Any] = {
        str: "Vụ Khoa học",
        int: 2026,
        bool: True,
        datetime: datetime(2026, 12, 7, 11, 0, tzinfo=UTC),
        date: date(2026, 12, 7),
    }
    return values[annotation]


@pytest.mark.parametrize("name", NAMES)
def test_the_documented_body_admits_what_is_sent(document: dict[str, Any], name: str) -> None:
    kind = TYPES[name]
    payload = kind.payload.model_validate(_sample(kind.payload))
    event = Event(
        public_id="evt-1",
        seq=42,
        type=name,
        object_type=kind.object_type,
        object_id="obj-1",
        object_version=3,
        at=datetime(2026, 12, 7, 11, 0, tzinfo=UTC),
        payload=payload.model_dump(mode="json"),
    )
    sent = json.loads(body(event))
    schema = {"$ref": f"#/components/schemas/{model_name(name)}", "components": document["components"]}
    validator = jsonschema_rs.validator_for(schema)
    assert [e.message for e in validator.iter_errors(sent)] == []
    assert not validator.is_valid({**sent, "type": "something.else"})
    assert not validator.is_valid({**sent, "data": {}})
