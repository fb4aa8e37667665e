"""Walking a list the way a client does: follow ``Link: <...>; rel="next"`` until there is none."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from tests.support.builders import Headers


def next_url(response: Any) -> str | None:
    """The ``rel="next"`` target of the response's ``Link`` header, or None without one."""
    link = response.headers.get("Link")
    if link is None:
        return None
    assert link.startswith("<") and link.endswith('>; rel="next"'), link
    return str(link[1 : link.index(">")])


def walk(client: TestClient, url: str, headers: Headers, **params: Any) -> tuple[list[Any], list[Any]]:
    """Every item of the list, and every page's body, following the ``Link`` headers from ``url``.

    Checks on the way what every page must hold: 200, the envelope, ``next_cursor`` and ``Link`` agreeing,
    and the ``Link`` keeping the first request's query parameters (with the cursor set)."""
    items: list[Any] = []
    bodies: list[Any] = []
    r = client.get(url, params=params, headers=headers)
    while True:
        assert r.status_code == 200, r.text
        body = r.json()
        assert set(body) == {"items", "next_cursor", "total"}, body
        items += body["items"]
        bodies.append(body)
        target = next_url(r)
        if body["next_cursor"] is None:
            assert target is None, target
            return items, bodies
        assert target is not None, "a next_cursor without a Link header"
        query = parse_qs(urlsplit(target).query)
        assert query["cursor"] == [body["next_cursor"]], target
        for name, value in params.items():
            assert query[name] == [str(value).lower() if isinstance(value, bool) else str(value)], target
        assert len(bodies) <= 1000, "the list never ends"
        r = client.get(target, headers=headers)
