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
