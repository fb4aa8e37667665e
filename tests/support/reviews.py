"""A unit with its officers, its head and its people, for the tests of its year-end review of its people
(tests/reviews/)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from app.core.audit_sealer import seal_pending
from app.models import AuditEvent
from tests.support import history
from tests.support.builders import Builders, Headers

LDTT = "lao_dong_tien_tien"
CSTDCS = "chien_si_thi_dua_co_so"


def review_url(review_id: str, tail: str = "") -> str:
    return f"/api/v1/reviews/{review_id}{tail}"


class ReviewWorld:
    """Unit U with four officers and a head (the electorate: five), a second unit V with its own officer
    and head; the secretariat, an observer and an admin. People are added per test (``person``)."""

    def __init__(self, build: Builders) -> None:
        self.build = build
        self.client = build.client
        self.session_factory = build.session_factory
        self.unit = build.unit(name="Văn phòng Bộ")["id"]
        self.other_unit = build.unit(name="Vụ Tổ chức cán bộ")["id"]
        self.officers = [build.user("officer", unit_id=self.unit) for _ in range(4)]
        self.head_user = build.user("unit_head", unit_id=self.unit, full_name="Trần Thủ Trưởng")
        self.electorate = [*self.officers, self.head_user]
        self.electorate_ids = [u["id"] for u in self.electorate]
        self._headers: dict[str, Headers] = {}

    # ---- people acting -----------------------------------------------------------------------------

    def headers_of(self, user: dict[str, Any]) -> Headers:
        if user["id"] not in self._headers:
            self._headers[user["id"]] = self.build.headers_of(user)
        return self._headers[user["id"]]

    def officer(self, i: int = 0) -> Headers:
        return self.headers_of(self.officers[i])

    @property
    def head(self) -> Headers:
        return self.headers_of(self.head_user)

    def elector(self, i: int) -> Headers:
        return self.headers_of(self.electorate[i])

    def role(self, role: str, unit_id: str | None = None) -> Headers:
        key = f"role:{role}:{unit_id}"
        if key not in self._headers:
            self._headers[key] = self.build.headers(role, unit_id=unit_id)
        return self._headers[key]

    secretariat = property(lambda self: self.role("secretariat"))
    observer = property(lambda self: self.role("observer"))
    admin = property(lambda self: self.role("admin"))
    other_head = property(lambda self: self.role("unit_head", self.other_unit))
    other_officer = property(lambda self: self.role("officer", self.other_unit))

    # ---- facts -------------------------------------------------------------------------------------

    def person(
        self,
        name: str,
        *,
        year: int,
        rating: str | None = "good",
        unit_id: str | None = None,
        started_on: date = date(2010, 1, 1),
        titles: dict[str, list[int]] | None = None,
        initiative: bool = False,
    ) -> str:
        """A person working in the unit since ``started_on``, rated ``rating`` in ``year``, holding the
        decided ``titles`` ({code: years}), with an initiative recognised at unit level in ``year``."""
        sf = self.session_factory
        person_id = history.person(sf, unit_id or self.unit, full_name=name, started_on=started_on)
        if rating is not None:
            history.rating(sf, year=year, rating=rating, person_id=person_id)
        for code, years in (titles or {}).items():
            history.titles(sf, person_id, code, years)
        if initiative:
            history.initiative(sf, year=year, scope="unit", person_id=person_id)
        return person_id

    # ---- the review --------------------------------------------------------------------------------

    def body(self, year: int, title_code: str = LDTT, **over: Any) -> dict[str, Any]:
        return {"year": year, "title_code": title_code, "electorate_user_ids": self.electorate_ids, **over}

    def create(
        self, year: int, title_code: str = LDTT, *, headers: Headers | None = None, **over: Any
    ) -> Any:
        return self.client.post(
            f"/api/v1/units/{self.unit}/reviews",
            json=self.body(year, title_code, **over),
            headers=headers or self.officer(),
        )

    def created(self, year: int, title_code: str = LDTT, **over: Any) -> dict[str, Any]:
        r = self.create(year, title_code, **over)
        assert r.status_code == 201, r.text
        return dict(r.json())

    def act(self, review_id: str, action: str, headers: Headers | None = None, **kw: Any) -> Any:
        return self.client.post(review_url(review_id, f"/{action}"), headers=headers or self.officer(), **kw)

    def done(self, review_id: str, action: str, headers: Headers | None = None, **kw: Any) -> dict[str, Any]:
        r = self.act(review_id, action, headers, **kw)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def vote(self, review_id: str, i: int, choices: dict[str, str]) -> Any:
        return self.client.post(
            review_url(review_id, "/ballots"), json={"choices": choices}, headers=self.elector(i)
        )

    def voted(self, review_id: str, ballots: list[dict[str, str]]) -> list[str]:
        """Elector i casts ballots[i]; returns the receipts."""
        receipts = []
        for i, choices in enumerate(ballots):
            r = self.vote(review_id, i, choices)
            assert r.status_code == 201, r.text
            receipts.append(r.json()["receipt"])
        return receipts

    def decide(
        self, review_id: str, on: date, headers: Headers | None = None, number: str = "12/QĐ-VP"
    ) -> Any:
        return self.act(
            review_id,
            "decide",
            headers or self.head,
            json={"decision_number": number, "decision_date": on.isoformat()},
        )

    def events(self, object_id: str) -> list[AuditEvent]:
        seal_pending(self.session_factory)
        with self.session_factory() as s:
            return list(
                s.scalars(
                    select(AuditEvent).where(AuditEvent.object_id == object_id).order_by(AuditEvent.seq)
                )
            )
