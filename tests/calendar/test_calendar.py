"""The calendar of public holidays through HTTP, on SQLite and PostgreSQL: the default table, the office's
corrections, the deadlines counted on them, who may change them, and bad input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.calendar import service
from app.models import PublicHoliday
from tests.support.db import audit_events
from tests.support.problems import problem

URL = "/api/v1/calendar"
Headers = dict[str, str]


@pytest.fixture
def secretariat(headers_for: Callable[..., Headers]) -> Headers:
    return headers_for("secretariat")


def _due(client: TestClient, headers: Headers, start: str, days: int) -> str:
    r = client.get(f"{URL}/working-days", params={"from": start, "days": days}, headers=headers)
    assert r.status_code == 200, r.text
    return str(r.json()["due"])


def _rows(session_factory: Any) -> list[tuple[str, str, str]]:
    with session_factory() as s:
        return [(r.day.isoformat(), r.name, r.kind.value) for r in s.scalars(select(PublicHoliday))]


# ---- reading -------------------------------------------------------------------------------------------


def test_a_years_default_holidays(client: TestClient, headers_for: Callable[..., Headers]) -> None:
    r = client.get(f"{URL}/holidays", params={"year": 2017}, headers=headers_for("observer"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["year"] == 2017
    days = [(i["day"], i["kind"], i["source"]) for i in body["items"]]
    assert days[:3] == [
        ("2017-01-01", "holiday", "default"),
        ("2017-01-02", "holiday", "default"),
        ("2017-01-26", "holiday", "default"),
    ]
    tet = next(i for i in body["items"] if i["day"] == "2017-01-28")
    assert tet == {
        "day": "2017-01-28",
        "name": "Tết Nguyên đán (mùng 1)",
        "kind": "holiday",
        "source": "default",
        "confirmed": True,
    }
    assert len(body["items"]) == 15


def test_every_principal_may_read(client: TestClient, build: Any) -> None:
    for headers in (build.officer_of(build.unit()["id"]), build.client_token(["units:read"])):
        assert client.get(f"{URL}/holidays", params={"year": 2016}, headers=headers).status_code == 200
        assert _due(client, headers, "2016-12-30", 20) == "2017-02-06"
    problem(client.get(f"{URL}/holidays", params={"year": 2016}), 401, "not_authenticated")
    problem(client.get(f"{URL}/working-days", params={"from": "2016-12-30", "days": 1}), 401)


def test_twenty_working_days_from_30_december_2016_skip_tet(client: TestClient, secretariat: Headers) -> None:
    r = client.get(f"{URL}/working-days", params={"from": "2016-12-30", "days": 20}, headers=secretariat)
    assert r.status_code == 200, r.text
    assert r.json() == {"from": "2016-12-30", "days": 20, "due": "2017-02-06"}
    assert _due(client, secretariat, "2016-12-30", 0) == "2016-12-30"


# ---- the office's entries ------------------------------------------------------------------------------


def test_a_holiday_the_office_adds_moves_a_deadline(
    client: TestClient, secretariat: Headers, session_factory: Any
) -> None:
    assert _due(client, secretariat, "2016-05-03", 5) == "2016-05-10"
    r = client.put(
        f"{URL}/holidays/2016-05-04",
        json={"name": "  Nghỉ theo quyết định của Bộ ", "kind": "holiday"},
        headers=secretariat,
    )
    assert r.status_code == 201, r.text
    assert r.json() == {
        "day": "2016-05-04",
        "name": "Nghỉ theo quyết định của Bộ",
        "kind": "holiday",
        "source": "office",
        "confirmed": True,
    }
    assert _due(client, secretariat, "2016-05-03", 5) == "2016-05-11"
    assert _rows(session_factory) == [("2016-05-04", "Nghỉ theo quyết định của Bộ", "holiday")]
    (event,) = audit_events(session_factory, "public_holiday.set")
    assert event.object_id == "2016-05-04"
    assert event.details == {"name": "Nghỉ theo quyết định của Bộ", "kind": "holiday", "before": None}


def test_replace_then_remove_an_entry(client: TestClient, build: Any, session_factory: Any) -> None:
    admin = build.headers("admin")
    url = f"{URL}/holidays/2017-01-26"  # a default Tết day
    assert _due(client, admin, "2017-01-25", 1) == "2017-02-02"
    r = client.put(url, json={"name": "Làm việc", "kind": "working_day"}, headers=admin)
    assert r.status_code == 201, r.text
    assert _due(client, admin, "2017-01-25", 1) == "2017-01-26"
    listed = client.get(f"{URL}/holidays", params={"year": 2017}, headers=admin).json()["items"]
    assert next(i for i in listed if i["day"] == "2017-01-26")["source"] == "office"
    # the same again changes nothing; another name replaces it
    assert client.put(url, json={"name": "Làm việc", "kind": "working_day"}, headers=admin).status_code == 200
    r = client.put(url, json={"name": "Tết (Bộ cho nghỉ)", "kind": "holiday"}, headers=admin)
    assert r.status_code == 200 and r.json()["kind"] == "holiday"
    events = audit_events(session_factory, object_id="2017-01-26")
    assert [e.action for e in events] == ["public_holiday.set", "public_holiday.set"]
    assert events[1].details["before"] == {"name": "Làm việc", "kind": "working_day"}
    # removed: the default day applies again
    assert client.delete(url, headers=admin).status_code == 204
    assert _rows(session_factory) == []
    assert audit_events(session_factory, "public_holiday.delete")[0].details == {
        "name": "Tết (Bộ cho nghỉ)",
        "kind": "holiday",
    }
    listed = client.get(f"{URL}/holidays", params={"year": 2017}, headers=admin).json()["items"]
    assert next(i for i in listed if i["day"] == "2017-01-26")["source"] == "default"
    problem(client.delete(url, headers=admin), 404, "not_found")


def test_a_worked_saturday_counts(client: TestClient, secretariat: Headers) -> None:
    assert _due(client, secretariat, "2016-05-06", 1) == "2016-05-09"  # Friday → Monday
    r = client.put(
        f"{URL}/holidays/2016-05-07", json={"name": "Làm bù", "kind": "working_day"}, headers=secretariat
    )
    assert r.status_code == 201, r.text
    assert _due(client, secretariat, "2016-05-06", 1) == "2016-05-07"


def test_the_service_merges_the_table_and_the_office(
    client: TestClient, secretariat: Headers, session_factory: Any
) -> None:
    client.put(f"{URL}/holidays/2017-01-26", json={"name": "Làm", "kind": "working_day"}, headers=secretariat)
    client.put(
        f"{URL}/holidays/2017-01-21", json={"name": "Làm bù", "kind": "working_day"}, headers=secretariat
    )
    client.put(f"{URL}/holidays/2017-01-20", json={"name": "Nghỉ", "kind": "holiday"}, headers=secretariat)
    with session_factory() as s:
        off = service.holidays(s, date(2017, 1, 20), date(2017, 1, 31))
        assert sorted(d.isoformat() for d in off) == [
            "2017-01-20",
            "2017-01-27",
            "2017-01-28",
            "2017-01-29",
            "2017-01-30",
            "2017-01-31",
        ]
        assert service.working_weekend_days(s, date(2017, 1, 1), date(2017, 1, 31)) == {date(2017, 1, 21)}
        assert service.due_date(s, date(2017, 1, 19), 2) == date(2017, 1, 23)  # 21 (Sat) worked, 23
        assert service.overdue(s, date(2017, 1, 19), 2, date(2017, 1, 23)) is False
        assert service.overdue(s, date(2017, 1, 19), 2, date(2017, 1, 24)) is True
        assert service.overdue(s, date(2017, 1, 19), None, date(2030, 1, 1)) is False


# ---- who may change it ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["observer", "officer"])
def test_only_the_secretariat_and_the_admin_may_change_it(
    client: TestClient, build: Any, session_factory: Any, role: str
) -> None:
    headers = build.headers(role, unit_id=build.unit()["id"] if role == "officer" else None)
    body = {"name": "Nghỉ", "kind": "holiday"}
    problem(client.put(f"{URL}/holidays/2016-05-04", json=body, headers=headers), 403, "forbidden")
    problem(client.delete(f"{URL}/holidays/2016-05-04", headers=headers), 403, "forbidden")
    client_headers = build.client_token(["units:read"])
    problem(client.put(f"{URL}/holidays/2016-05-04", json=body, headers=client_headers), 403, "forbidden")
    problem(client.put(f"{URL}/holidays/2016-05-04", json=body), 401, "not_authenticated")
    assert _rows(session_factory) == []
    assert audit_events(session_factory, "public_holiday.set") == []


# ---- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "body"),
    [
        ("2016-02-30", {"name": "x", "kind": "holiday"}),  # no such day
        ("20160504", {"name": "x", "kind": "holiday"}),
        ("1900-01-01", {"name": "x", "kind": "holiday"}),  # outside the records' years
        ("2016-05-04", {"name": "x", "kind": "weekend"}),
        ("2016-05-04", {"name": "   ", "kind": "holiday"}),
        ("2016-05-04", {"name": "x" * 201, "kind": "holiday"}),
        ("2016-05-04", {"name": "a\u0000b", "kind": "holiday"}),
        ("2016-05-04", {"name": "x", "kind": "holiday", "source": "office"}),  # unknown field
        ("2016-05-04", {"kind": "holiday"}),
    ],
)
def test_bad_writes_are_422(
    client: TestClient, secretariat: Headers, session_factory: Any, day: str, body: dict[str, Any]
) -> None:
    problem(client.put(f"{URL}/holidays/{day}", json=body, headers=secretariat), 422, "validation_error")
    assert _rows(session_factory) == []


def test_the_name_is_stored_nfc(client: TestClient, secretariat: Headers, session_factory: Any) -> None:
    decomposed = "Nghi\u0309 bu\u0300"  # "Nghỉ bù" typed with combining marks
    r = client.put(
        f"{URL}/holidays/2016-05-04", json={"name": decomposed, "kind": "holiday"}, headers=secretariat
    )
    assert r.status_code == 201, r.text
    assert _rows(session_factory)[0][1] == "Ngh\u1ec9 b\u00f9"


@pytest.mark.parametrize(
    "params",
    [
        {"year": 1900},
        {"year": "2016x"},
        {},
    ],
)
def test_bad_year_is_422(client: TestClient, secretariat: Headers, params: dict[str, Any]) -> None:
    problem(client.get(f"{URL}/holidays", params=params, headers=secretariat), 422, "validation_error")


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2016-12-30", "days": -1},
        {"from": "2016-12-30", "days": 1001},
        {"from": "2016-12-32", "days": 1},
        {"from": "30/12/2016", "days": 1},
        {"days": 1},
        {"from": "2016-12-30"},
    ],
)
def test_bad_period_is_422(client: TestClient, secretariat: Headers, params: dict[str, Any]) -> None:
    problem(client.get(f"{URL}/working-days", params=params, headers=secretariat), 422, "validation_error")


def test_refusals_in_vietnamese(client: TestClient, secretariat: Headers) -> None:
    vi = {**secretariat, "Accept-Language": "vi"}
    body = problem(client.delete(f"{URL}/holidays/2016-05-04", headers=vi), 404, "not_found")
    assert body["detail"] == "Cơ quan chưa khai báo ngày này trong lịch nghỉ."
