"""Rules between fields of a body that the models check (``model_validator``), written as JSON Schema too, so
the OpenAPI document says what the server accepts: exactly one of two fields, or not both."""

from __future__ import annotations

from typing import Any

JsonSchema = dict[str, Any]


def exactly_one_of(*names: str) -> JsonSchema:
    """Exactly one of ``names`` is sent, and not as ``null``."""
    return {
        "oneOf": [{"required": [name], "properties": {name: {"not": {"type": "null"}}}} for name in names]
    }


def at_least_one_of(*names: str) -> JsonSchema:
    """At least one of ``names`` is sent, and not as ``null``."""
    return {
        "anyOf": [{"required": [name], "properties": {name: {"not": {"type": "null"}}}} for name in names]
    }


def not_both(first: str, second: str) -> JsonSchema:
    """``first`` and ``second`` are not both sent."""
    return {"not": {"required": [first, second]}}


def all_of(*rules: JsonSchema) -> JsonSchema:
    return {"allOf": list(rules)}
