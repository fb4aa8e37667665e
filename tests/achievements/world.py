"""The stage for the records tests: two units (VP, "the unit", and TTRA), a person of each, the people
who act on them, and helpers to call the records API."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from tests.support.builders import Builders, Headers
from tests.support.db import audit_events

API = "/api/v1"


class RecordsWorld:
    """``unit`` (VP) with ``person`` (Nguyễn Văn An), ``other_unit`` (TTRA) with ``other_person``;
    ``admin``, ``secretariat``, ``observer``, ``officer`` (of VP), ``stranger`` (an officer of TTRA),
    ``reader`` (a ``units:read`` client) and ``client_without_scope``, each made when first asked for."""

    def __init__(self, build: Builders) -> None:
        self.build = build
        self.client = build.client
        self.session_factory = build.session_factory
        self.unit = build.unit(code="VP", name="Văn phòng Bộ")
        self.other_unit = build.unit(code="TTRA", name="Thanh tra Bộ")
        self.person = build.person(self.unit["id"], code="CB0001", birth_date=date(1980, 5, 1))
        self.other_person = build.person(self.other_unit["id"], code="CB0002", full_name="Đặng Thị Bình")
        self._headers: dict[str, Headers] = {}

    def _cached(self, key: str, make: Any) -> Headers:
        if key not in self._headers:
            self._headers[key] = make()
        return self._headers[key]

    def who(self, name: str) -> Headers:
        makers = {
            "admin": lambda: self.build.headers("admin"),
            "secretariat": lambda: self.build.headers("secretariat"),
            "observer": lambda: self.build.headers("observer"),
            "officer": lambda: self.build.officer_of(self.unit["id"]),
            "stranger": lambda: self.build.officer_of(self.other_unit["id"]),
            "reader": lambda: self.build.client_token(["units:read"], self.unit["id"]),
            "client_without_scope": lambda: self.build.client_token(
                ["units:write", "reports:write", "scores:write", "results:read"], self.unit["id"]
            ),
        }
        return self._cached(name, makers[name])

    admin = property(lambda self: self.who("admin"))
    secretariat = property(lambda self: self.who("secretariat"))
    officer = property(lambda self: self.who("officer"))

    # ---- paths ---------------------------------------------------------------------------------------

    def of_person(self, what: str, person: dict[str, Any] | None = None) -> str:
        return f"{API}/people/{(person or self.person)['id']}/{what}"

    def of_unit(self, what: str, unit: dict[str, Any] | None = None) -> str:
        return f"{API}/units/{(unit or self.unit)['id']}/{what}"

    # ---- calls ---------------------------------------------------------------------------------------

    def post(self, url: str, body: dict[str, Any], who: str = "admin") -> httpx.Response:
        return self.client.post(url, json=body, headers=self.who(who))

    def created(self, url: str, body: dict[str, Any], who: str = "admin") -> dict[str, Any]:
        r = self.post(url, body, who)
        assert r.status_code == 201, r.text
        return dict(r.json())

    def get(self, url: str, who: str = "admin", **params: Any) -> httpx.Response:
        return self.client.get(url, params=params, headers=self.who(who))

    def items(self, url: str, who: str = "admin", **params: Any) -> list[dict[str, Any]]:
        r = self.get(url, who, **params)
        assert r.status_code == 200, r.text
        return list(r.json()["items"])

    def patch(self, url: str, body: dict[str, Any], who: str = "admin", **headers: str) -> httpx.Response:
        return self.client.patch(url, json=body, headers={**self.who(who), **headers})

    def delete(self, url: str, who: str = "admin", **headers: str) -> httpx.Response:
        return self.client.delete(url, headers={**self.who(who), **headers})

    def put(self, url: str, body: dict[str, Any], who: str = "admin", **headers: str) -> httpx.Response:
        return self.client.put(url, json=body, headers={**self.who(who), **headers})

    # ---- reading back --------------------------------------------------------------------------------

    def events(self, object_id: str) -> list[tuple[str, dict[str, Any]]]:
        return [(e.action, e.details) for e in audit_events(self.session_factory, object_id=object_id)]

    def subject_of_person(self, person: dict[str, Any] | None = None) -> dict[str, Any]:
        """The subject fields of a person's record."""
        person = person or self.person
        return {
            "subject": "person",
            "person_id": person["id"],
            "person_code": person["code"],
            "person_name": person["full_name"],
            "unit_id": None,
            "unit_code": None,
            "unit_name": None,
        }

    def subject_of_unit(self, unit: dict[str, Any] | None = None) -> dict[str, Any]:
        unit = unit or self.unit
        return {
            "subject": "unit",
            "person_id": None,
            "person_code": None,
            "person_name": None,
            "unit_id": unit["id"],
            "unit_code": unit["code"],
            "unit_name": unit["name"],
        }
