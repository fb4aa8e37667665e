"""The stage for the people tests: two units (the Office, VP, and the Inspectorate, TTRA), the people who
act on them, and helpers to call the people API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import httpx

from app.core.time import VN_TZ
from tests.support.builders import Builders, Headers
from tests.support.db import audit_events

URL = "/api/v1/people"


class PeopleWorld:
    """``unit`` (VP) and ``other_unit`` (TTRA); ``admin``, ``secretariat``, ``observer``, ``officer`` (of VP),
    ``stranger`` (an officer of TTRA), ``reader`` (a ``units:read`` client) and ``client`` (a client with
    every other scope), each made when first asked for."""

    def __init__(self, build: Builders) -> None:
        self.build = build
        self.client = build.client
        self.session_factory = build.session_factory
        self.unit = build.unit(code="VP", name="Văn phòng Bộ")
        self.other_unit = build.unit(code="TTRA", name="Thanh tra Bộ")
        self._headers: dict[str, Headers] = {}

    def _cached(self, key: str, make: Any) -> Headers:
        if key not in self._headers:
            self._headers[key] = make()
        return self._headers[key]

    admin = property(lambda self: self._cached("admin", lambda: self.build.headers("admin")))
    secretariat = property(lambda self: self._cached("secr", lambda: self.build.headers("secretariat")))
    observer = property(lambda self: self._cached("obs", lambda: self.build.headers("observer")))
    officer = property(lambda self: self._cached("off", lambda: self.build.officer_of(self.unit["id"])))
    stranger = property(
        lambda self: self._cached("str", lambda: self.build.officer_of(self.other_unit["id"]))
    )
    reader = property(
        lambda self: self._cached("reader", lambda: self.build.client_token(["units:read"], self.unit["id"]))
    )
    client_without_scope = property(
        lambda self: self._cached(
            "client",
            lambda: self.build.client_token(
                ["units:write", "reports:write", "scores:write", "results:read"], self.unit["id"]
            ),
        )
    )

    @staticmethod
    def today() -> date:
        """Today in Vietnam, where employments start."""
        return datetime.now(VN_TZ).date()

    def who(self, name: str) -> Headers:
        headers: Headers = getattr(self, name)
        return headers

    # ---- calls ---------------------------------------------------------------------------------------

    def body(self, **fields: Any) -> dict[str, Any]:
        """A valid creation body for the unit, with ``fields`` over it (None removes a field)."""
        body = {
            "code": "CB0001",
            "full_name": "Nguyễn Văn An",
            "gender": "male",
            "birth_date": "1980-05-01",
            "position": "Chuyên viên chính",
            "unit_id": self.unit["id"],
            "started_on": "2015-01-05",
        }
        body.update(fields)
        return {k: v for k, v in body.items() if v is not None}

    def create(self, headers: Headers | None = None, **fields: Any) -> dict[str, Any]:
        r = self.client.post(URL, json=self.body(**fields), headers=headers or self.admin)
        assert r.status_code == 201, r.text
        return dict(r.json())

    def get(self, person_id: str, headers: Headers | None = None) -> httpx.Response:
        return self.client.get(f"{URL}/{person_id}", headers=headers or self.admin)

    def list(self, headers: Headers | None = None, **params: Any) -> httpx.Response:
        return self.client.get(URL, params=params, headers=headers or self.admin)

    def codes(self, headers: Headers | None = None, **params: Any) -> list[str]:
        r = self.list(headers, **params)
        assert r.status_code == 200, r.text
        return [p["code"] for p in r.json()["items"]]

    def patch(self, person_id: str, body: dict[str, Any], headers: Headers | None = None) -> httpx.Response:
        return self.client.patch(f"{URL}/{person_id}", json=body, headers=headers or self.admin)

    def transfer(self, person_id: str, headers: Headers | None = None, **body: Any) -> httpx.Response:
        return self.client.post(f"{URL}/{person_id}/transfers", json=body, headers=headers or self.admin)

    def employments(self, person_id: str, headers: Headers | None = None) -> list[dict[str, Any]]:
        r = self.client.get(f"{URL}/{person_id}/employments", headers=headers or self.admin)
        assert r.status_code == 200, r.text
        return list(r.json()["items"])

    # ---- reading back --------------------------------------------------------------------------------

    def events(
        self, object_id: str | None = None, action: str | None = None
    ) -> list[tuple[str, dict[str, Any]]]:
        """The audit events (logins aside) about ``object_id`` and/or with ``action``, oldest first."""
        events = audit_events(self.session_factory, action, object_id)
        return [(e.action, e.details) for e in events if not e.action.startswith("auth.")]
