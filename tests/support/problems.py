"""The one assertion for an RFC 9457 problem response."""

from __future__ import annotations

from typing import Any

import httpx

PROBLEM_JSON = "application/problem+json"


def problem(response: httpx.Response, status: int, code: str | None = None, **fields: Any) -> dict[str, Any]:
    """Assert ``response`` is a problem with this ``status`` (and ``code``, and each of ``fields`` as given);
    return its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON, response.headers["content-type"]
    body = dict(response.json())
    if code is not None:
        assert body["code"] == code, body
    for key, value in fields.items():
        assert body[key] == value, (key, body)
    return body


# Ids a path parameter must answer 404 to: unknown, malformed, oversized, injection-shaped.
ODD_IDS = ["3f8e2a1c-5b7d-4e9f-a0c2-6d1b8e4f7a90", "not-a-uuid", "x" * 300, "1' OR '1'='1"]


def read_and_patch_are_404(
    client: Any, url: str, headers: dict[str, str], patch: dict[str, Any], *more: httpx.Response
) -> None:
    """GET and PATCH of ``url`` (and each response in ``more``) answer the 404 ``not_found`` problem."""
    for r in (client.get(url, headers=headers), client.patch(url, json=patch, headers=headers), *more):
        problem(r, 404, "not_found")


def expected_errors(*rows: tuple[list[Any], str, str]) -> list[dict[str, Any]]:
    """A problem's expected ``errors``, written as a table of (loc, msg, type) rows."""
    return [{"loc": loc, "msg": msg, "type": type_} for loc, msg, type_ in rows]
