"""Criteria trees as the API takes and returns them, written one node a line."""

from __future__ import annotations

from typing import Any


def item(code: str, title: str, max_points: Any, kind: str, required: bool | None = None) -> dict[str, Any]:
    """A scored item; ``required`` is left out of the dict when ``None`` (the body omits it)."""
    node: dict[str, Any] = {"code": code, "title": title, "max_points": max_points, "kind": kind}
    if required is not None:
        node["required"] = required
    return node


def group(code: str, title: str, *children: dict[str, Any]) -> dict[str, Any]:
    """A group of ``children``; it carries no points of its own."""
    return {"code": code, "title": title, "children": list(children)}
