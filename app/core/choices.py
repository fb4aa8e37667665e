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


def sent(name: str) -> JsonSchema:
    """``name`` is sent, and not as ``null``."""
    return {"required": [name], "properties": {name: {"not": {"type": "null"}}}}


def not_sent(name: str) -> JsonSchema:
    """``name`` is left out (or sent as ``null``)."""
    return {"not": sent(name)}


def listed(name: str) -> JsonSchema:
    """``name`` is a list with at least one element."""
    return {"required": [name], "properties": {name: {"type": "array", "minItems": 1}}}


def not_listed(name: str) -> JsonSchema:
    """``name`` is left out, ``null`` or an empty list."""
    return {"not": listed(name)}


def when(field: str, value: str, *rules: JsonSchema) -> JsonSchema:
    """The body has ``field`` equal to ``value`` and follows ``rules`` (a branch of a ``one_of_kinds``)."""
    return {"allOf": [{"required": [field], "properties": {field: {"const": value}}}, *rules]}


def one_of_kinds(*branches: JsonSchema) -> JsonSchema:
    """Exactly one of ``branches`` (each a ``when``) holds; inside ``allOf``, as ``all_of`` puts the other
    rules, which is the shape client generators read (a bare top-level ``oneOf`` they take for a union of
    types and drop the operation)."""
    return {"allOf": [{"oneOf": list(branches)}]}
