"""Units' reports (báo cáo công tác thi đua) through HTTP, on SQLite and PostgreSQL: submitting versions,
who may submit and read, input limits, late flags, idempotency, concurrency, and service clients kept
to their scopes and unit."""

from __future__ import annotations

import json
import threading
import unicodedata
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.models import AuditEvent, Report
from app.reports import service
from tests.support.builders import BlocYear, Builders, Headers
from tests.support.problems import problem

REPORT_KEYS = {
    "id",
    "campaign_id",
    "unit_id",
    "unit_code",
    "unit_name",
    "kind",
    "version",
    "title",
    "sections",
    "metrics",
    "submitted_at",
    "late",
    "submitted_by_kind",
}


def body_for(unit_id: str, kind: str = "annual", **over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "unit_id": unit_id,
        "kind": kind,
        "title": "Báo cáo công tác thi đua, khen thưởng năm 2016",
        "sections": [
            {"heading": "I. Kết quả", "body": "Hoàn thành 100% nhiệm vụ được giao."},
            {"heading": "II. Kiến nghị", "body": ""},
        ],
        "metrics": {"documents_issued": 152, "completion_rate": 98.5},
    }
    body.update(over)
    return {k: v for k, v in body.items() if v is not None}


class World(BlocYear):
    """One bloc in 2016: A leads, B deputises, C and D are members; an officer of each; a campaign;
    secretariat, observer, admin; a unit outside the bloc with its officer; service clients."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build)
        for unit_id in self.units:
            self.officer(unit_id)
        self.outside = self.outside_unit = build.unit()["id"]

    def client_for(self, unit_id: str | None, *scopes: str) -> Headers:
        """A fresh service client (``reports:write`` unless ``scopes`` say otherwise)."""
        return self.build.client_token(list(scopes or ("reports:write",)), unit_id)

    def url(self, campaign_id: str | None = None) -> str:
        return f"/api/v1/campaigns/{campaign_id or self.cid}/reports"

    def submit(
        self, unit_id: str, headers: Headers | None = None, kind: str = "annual", **over: Any
    ) -> httpx.Response:
        return self.client.post(
            self.url(), json=body_for(unit_id, kind, **over), headers=headers or self.officer(unit_id)
        )

    def submitted(self, unit_id: str, kind: str = "annual", **over: Any) -> dict[str, Any]:
        r = self.submit(unit_id, kind=kind, **over)
        assert r.status_code == 201, r.text
        return dict(r.json())

    def stored(self) -> list[tuple[str, str, int]]:
        with self.session_factory() as s:
            rows = s.scalars(select(Report).order_by(Report.submitted_at, Report.id))
            return [(r.unit_id, r.kind, r.version) for r in rows]

    def listed(self, headers: Headers, query: str = "") -> list[tuple[str, str, int]]:
        r = self.client.get(self.url() + query, headers=headers)
        assert r.status_code == 200, r.text
        return [(i["unit_id"], i["kind"], i["version"]) for i in r.json()["items"]]


@pytest.fixture
def world(build: Builders) -> World:
    return World(build)


# ---- submitting ----------------------------------------------------------------------------------------


def test_an_officer_submits_versions_of_its_units_report(world: World) -> None:
    title = unicodedata.normalize("NFD", "  Báo cáo tổng kết năm 2016  ")
    r = world.submit(world.c, title=title)
    assert r.status_code == 201, r.text
    first = r.json()
    assert set(first) == REPORT_KEYS
    assert r.headers["location"] == f"http://testserver/api/v1/reports/{first['id']}"
    assert {k: v for k, v in first.items() if k not in ("id", "submitted_at")} == {
        "campaign_id": world.cid,
        **world.unit_ref(world.c),  # the unit's code and name, as its row holds them
        "kind": "annual",
        "version": 1,
        "title": "Báo cáo tổng kết năm 2016",
        "sections": [
            {"heading": "I. Kết quả", "body": "Hoàn thành 100% nhiệm vụ được giao."},
            {"heading": "II. Kiến nghị", "body": ""},
        ],
        "metrics": {"documents_issued": 152, "completion_rate": 98.5},
        "late": False,
        "submitted_by_kind": "user",
    }
    assert isinstance(first["metrics"]["documents_issued"], int)
    assert datetime.fromisoformat(first["submitted_at"]).utcoffset() is not None

    second = world.submitted(world.c, metrics=None)
    assert (second["version"], second["metrics"]) == (2, {})
    assert second["id"] != first["id"]
    assert world.submitted(world.c, kind="mid_year")["version"] == 1  # versions count per kind
    assert world.submitted(world.d)["version"] == 1  # and per unit
    assert world.stored() == [
        (world.c, "annual", 1),
        (world.c, "annual", 2),
        (world.c, "mid_year", 1),
        (world.d, "annual", 1),
    ]
    # Older versions stay readable.
    old = world.client.get(f"/api/v1/reports/{first['id']}", headers=world.officer(world.c))
    assert old.status_code == 200 and old.json() == first


def test_a_reports_write_client_submits_for_the_unit_it_is_bound_to(world: World) -> None:
    r = world.submit(world.c, headers=world.client_for(world.c))
    assert r.status_code == 201, r.text
    assert (r.json()["version"], r.json()["submitted_by_kind"]) == (1, "client")
    assert world.stored() == [(world.c, "annual", 1)]


def test_nobody_else_may_submit_a_units_report(world: World) -> None:
    refused = {
        "officer of another member": world.officer(world.d),
        "leader's officer": world.officer(world.a),
        "deputy's officer": world.officer(world.b),
        "secretariat": world.secretariat,
        "observer": world.observer,
        "admin": world.admin,
        "reports:write client of another unit": world.client_for(world.d),
        "scores:write client of the unit": world.client_for(world.c, "scores:write"),
        "results:read client": world.client_for(None, "results:read"),
        "units:write client": world.client_for(None, "units:write"),
    }
    for who, headers in refused.items():
        r = world.submit(world.c, headers=headers)
        assert r.status_code == 403, (who, r.text)
        assert r.json()["code"] == "forbidden", who
    r = world.client.post(world.url(), json=body_for(world.c))
    problem(r, 401, "not_authenticated")
    assert r.headers["www-authenticate"] == "Bearer"
    assert world.stored() == []


def test_the_unit_must_be_a_member_of_the_bloc_that_year(world: World) -> None:
    data = problem(world.submit(world.outside, headers=world.outsider), 422, "not_a_member")
    assert data["errors"] == [
        {"loc": ["body", "unit_id"], "msg": "not a member of the bloc that year", "type": "not_a_member"}
    ]
    client = world.client_for(world.outside)
    problem(world.submit(world.outside, headers=client), 422, "not_a_member")
    assert world.stored() == []


def test_unknown_campaign_is_404_and_closed_campaign_409(
    world: World, make_bloc: Callable[..., dict[str, Any]], make_campaign: Callable[..., dict[str, Any]]
) -> None:
    for missing in (str(uuid.uuid4()), "x" * 65):
        r = world.client.post(world.url(missing), json=body_for(world.c), headers=world.officer(world.c))
        problem(r, 404, "not_found")
    bloc2017 = make_bloc(year=2017, unit_ids=world.bloc["unit_ids"], bloc_id=world.bloc["id"])
    closed = make_campaign(bloc2017, status="closed")
    r = world.client.post(world.url(closed["id"]), json=body_for(world.c), headers=world.officer(world.c))
    problem(r, 409, "campaign_closed")
    assert world.stored() == []


# ---- late ----------------------------------------------------------------------------------------------


@pytest.fixture
def deadlines_world(
    world: World, make_bloc: Callable[..., dict[str, Any]], make_campaign: Callable[..., dict[str, Any]]
) -> World:
    """The world's bloc gets a 2017 campaign with deadlines: mid-year 2017-06-30, annual 2017-12-31."""
    bloc2017 = make_bloc(year=2017, unit_ids=world.bloc["unit_ids"], bloc_id=world.bloc["id"])
    campaign = make_campaign(
        bloc2017, mid_year_report_deadline=date(2017, 6, 30), annual_report_deadline=date(2017, 12, 31)
    )
    world.cid = campaign["id"]
    return world


@pytest.mark.parametrize(
    ("kind", "at", "late"),
    [
        # The deadline day ends at midnight Vietnam time (UTC+07:00), i.e. 17:00 UTC that day.
        ("annual", datetime(2017, 12, 31, 16, 59, 59, 999999, tzinfo=UTC), False),
        ("annual", datetime(2017, 12, 31, 17, 0, 0, tzinfo=UTC), True),
        ("annual", datetime(2017, 7, 15, tzinfo=UTC), False),  # the mid-year deadline is not annual's
        ("mid_year", datetime(2017, 6, 30, 16, 59, 59, tzinfo=UTC), False),
        ("mid_year", datetime(2017, 6, 30, 17, 0, 0, tzinfo=UTC), True),
        ("mid_year", datetime(2018, 1, 5, tzinfo=UTC), True),
    ],
)
def test_late_after_the_deadline_day_in_vietnam_accepted_and_flagged(
    deadlines_world: World, monkeypatch: pytest.MonkeyPatch, kind: str, at: datetime, late: bool
) -> None:
    world = deadlines_world
    monkeypatch.setattr(service, "utcnow", lambda: at)
    report = world.submitted(world.c, kind=kind)
    assert (report["late"], datetime.fromisoformat(report["submitted_at"])) == (late, at)
    with world.session_factory() as s:
        assert s.scalars(select(Report.late)).all() == [late]


def test_no_deadline_is_never_late(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "utcnow", lambda: datetime(2099, 1, 1, tzinfo=UTC))
    assert world.submitted(world.c)["late"] is False


def test_late_rule() -> None:
    deadline = date(2016, 12, 31)
    assert service.deadline_end(deadline) == datetime(2016, 12, 31, 17, 0, tzinfo=UTC)
    assert not service.is_late(datetime(2016, 12, 31, 16, 59, 59, 999999, tzinfo=UTC), deadline)
    assert service.is_late(datetime(2016, 12, 31, 17, 0, tzinfo=UTC), deadline)
    assert not service.is_late(datetime(2030, 1, 1, tzinfo=UTC), None)


# ---- audit ---------------------------------------------------------------------------------------------


def test_submission_is_audited_without_its_content(world: World) -> None:
    report = world.submitted(world.c)
    r = world.client.get("/api/v1/audit-events", params={"action": "report.submit"}, headers=world.observer)
    assert r.status_code == 200, r.text
    (event,) = r.json()["items"]
    assert (event["object_type"], event["object_id"], event["outcome"]) == ("report", report["id"], "success")
    assert event["details"] == {
        "campaign_id": world.cid,
        "unit_id": world.c,
        "kind": "annual",
        "version": 1,
        "late": False,
    }
    with world.session_factory() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "report.submit")).all()
        assert "Hoàn thành" not in json.dumps([e.details for e in events], ensure_ascii=False)


# ---- input limits --------------------------------------------------------------------------------------

_SECTION = {"heading": "Mục", "body": "Nội dung"}


@pytest.mark.parametrize(
    ("over", "loc"),
    [
        ({"title": ""}, ["body", "title"]),
        ({"title": "   "}, ["body", "title"]),
        ({"title": "t" * 301}, ["body", "title"]),
        ({"sections": []}, ["body", "sections"]),
        ({"sections": [_SECTION] * 51}, ["body", "sections"]),
        ({"sections": [{"heading": "", "body": "x"}]}, ["body", "sections", 0, "heading"]),
        ({"sections": [{"heading": "h" * 301, "body": "x"}]}, ["body", "sections", 0, "heading"]),
        ({"sections": [{"heading": "h", "body": "b" * 100_001}]}, ["body", "sections", 0, "body"]),
        ({"sections": [{"heading": "h"}]}, ["body", "sections", 0, "body"]),
        ({"sections": [{"heading": "h", "body": "b", "extra": 1}]}, ["body", "sections", 0, "extra"]),
        ({"metrics": {f"m{i}": i for i in range(101)}}, ["body", "metrics"]),
        ({"metrics": {"a b": 1}}, ["body", "metrics", "a b", "[key]"]),
        ({"metrics": {"x" * 101: 1}}, ["body", "metrics", "x" * 101, "[key]"]),
        ({"metrics": {"số_liệu": 1}}, ["body", "metrics", "số_liệu", "[key]"]),
        ({"metrics": {"a": "1"}}, ["body", "metrics", "a", "int"]),
        ({"metrics": {"a": True}}, ["body", "metrics", "a", "int"]),
        ({"metrics": {"a": None}}, ["body", "metrics", "a", "int"]),
        ({"kind": "quarterly"}, ["body", "kind"]),
        ({"unit_id": ""}, ["body", "unit_id"]),
        ({"extra": "field"}, ["body", "extra"]),
    ],
)
def test_limits_are_422_and_store_nothing(world: World, over: dict[str, Any], loc: list[Any]) -> None:
    r = world.client.post(world.url(), json={**body_for(world.c), **over}, headers=world.officer(world.c))
    data = problem(r, 422, "validation_error")
    assert loc in [e["loc"] for e in data["errors"]], data["errors"]
    assert world.stored() == []


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_metrics_must_be_finite(world: World, number: str) -> None:
    raw = json.dumps(body_for(world.c, metrics=None))[:-1] + f', "metrics": {{"rate": {number}}}}}'
    r = world.client.post(
        world.url(), content=raw, headers={**world.officer(world.c), "Content-Type": "application/json"}
    )
    problem(r, 422, "validation_error")
    assert world.stored() == []


def test_the_limits_themselves_are_accepted(world: World) -> None:
    report = world.submitted(
        world.c,
        title="t" * 300,
        sections=[{"heading": "h" * 300, "body": "b" * 100_000}] + [_SECTION] * 49,
        metrics={("m" * 98 + f"{i:02d}"): i + 0.5 for i in range(100)},
    )
    assert (len(report["sections"]), len(report["metrics"]), len(report["title"])) == (50, 100, 300)
    assert world.submitted(world.c, metrics={"A-z_0.9": -1, "big": 10**15})["metrics"] == {
        "A-z_0.9": -1,
        "big": 10**15,
    }


def test_a_body_over_the_size_limit_is_413_and_stores_nothing(world: World) -> None:
    # Every section is within its own limit; the whole body is over the default 1 MiB.
    sections = [{"heading": "h", "body": "b" * 100_000}] * 11
    r = world.submit(world.c, sections=sections)
    problem(r, 413, "payload_too_large")
    assert world.stored() == []


def test_the_limits_are_in_the_openapi_document(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    create = schemas["ReportCreate"]
    props = create["properties"]
    assert create["additionalProperties"] is False
    assert set(create["required"]) == {"unit_id", "kind", "title", "sections"}
    assert (props["title"]["minLength"], props["title"]["maxLength"]) == (1, 300)
    assert (props["sections"]["minItems"], props["sections"]["maxItems"]) == (1, 50)
    assert props["kind"]["enum"] == ["mid_year", "annual"]
    metrics = props["metrics"]
    assert metrics["maxProperties"] == 100
    assert metrics["propertyNames"] == {"maxLength": 100, "minLength": 1}
    assert list(metrics["patternProperties"]) == ["^[A-Za-z0-9_.-]+$"]
    section = schemas["Section"]["properties"]
    assert (section["heading"]["minLength"], section["heading"]["maxLength"]) == (1, 300)
    assert section["body"]["maxLength"] == 100_000


# ---- idempotency ---------------------------------------------------------------------------------------


def test_idempotency_key_replays_and_never_makes_a_second_version(world: World) -> None:
    headers = {**world.client_for(world.c), "Idempotency-Key": "report-2016-annual-1"}
    first = world.submit(world.c, headers=headers)
    assert first.status_code == 201, first.text
    again = world.submit(world.c, headers=headers)
    assert again.status_code == 201, again.text
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["location"] == first.headers["location"]
    problem(world.submit(world.c, headers=headers, title="Another title"), 422, "idempotency_key_reused")
    assert world.stored() == [(world.c, "annual", 1)]
    # Another key is another submission: a new version.
    other = world.submit(world.c, headers={**headers, "Idempotency-Key": "report-2016-annual-2"})
    assert other.status_code == 201 and other.json()["version"] == 2


def test_a_version_taken_concurrently_is_retried_once(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    world.submitted(world.c)
    real = service._next_version
    calls: list[int] = []

    def stale_once(session: Any, campaign_id: str, unit_id: str, kind: str) -> int:
        calls.append(1)
        # The first answer is what a transaction that read before a concurrent commit would see.
        return 1 if len(calls) == 1 else real(session, campaign_id, unit_id, kind)

    monkeypatch.setattr(service, "_next_version", stale_once)
    assert world.submitted(world.c)["version"] == 2
    assert len(calls) == 2

    monkeypatch.setattr(service, "_next_version", lambda *_args: 1)
    problem(world.submit(world.c), 409, "concurrent_update")
    assert world.stored() == [(world.c, "annual", 1), (world.c, "annual", 2)]
    r = world.client.get("/api/v1/audit-events", params={"action": "report.submit"}, headers=world.admin)
    assert [e["details"]["version"] for e in r.json()["items"]] == [1, 2]


# ---- reading -------------------------------------------------------------------------------------------


def _fill(world: World) -> dict[str, dict[str, Any]]:
    """C: annual v1, v2 and mid-year v1; D: annual v1."""
    return {
        "c1": world.submitted(world.c),
        "c2": world.submitted(world.c),
        "cm": world.submitted(world.c, kind="mid_year"),
        "d1": world.submitted(world.d),
    }


def test_list_gives_the_latest_version_per_unit_and_kind(world: World) -> None:
    reports = _fill(world)
    latest = [(world.c, "annual", 2), (world.c, "mid_year", 1), (world.d, "annual", 1)]
    everything = [(world.c, "annual", 1), *latest]
    assert world.listed(world.secretariat) == latest
    assert world.listed(world.secretariat, "?all_versions=true") == everything
    assert world.listed(world.secretariat, f"?unit_id={world.c}") == latest[:2]
    assert world.listed(world.secretariat, "?kind=annual") == [latest[0], latest[2]]
    assert world.listed(world.secretariat, f"?unit_id={world.c}&kind=annual&all_versions=true") == [
        (world.c, "annual", 1),
        (world.c, "annual", 2),
    ]
    r = world.client.get(world.url(), headers=world.secretariat)
    assert r.json()["items"][0] == reports["c2"]
    # every item names its unit beside the id
    assert [{k: i[k] for k in ("unit_id", "unit_code", "unit_name")} for i in r.json()["items"]] == [
        world.unit_ref(u) for u, _kind, _version in latest
    ]
    assert r.json()["next_cursor"] is None and "link" not in r.headers
    problem(
        world.client.get(world.url() + "?kind=quarterly", headers=world.secretariat), 422, "validation_error"
    )
    problem(world.client.get(world.url() + "?limit=501", headers=world.secretariat), 422, "validation_error")


def test_list_is_paginated(world: World) -> None:
    _fill(world)
    seen: list[tuple[str, str, int]] = []
    url = world.url() + "?all_versions=true&limit=3"
    r = world.client.get(url, headers=world.observer)
    assert r.status_code == 200
    page = r.json()
    seen += [(i["unit_id"], i["kind"], i["version"]) for i in page["items"]]
    assert len(page["items"]) == 3 and page["next_cursor"]
    assert r.headers["link"].endswith('>; rel="next"')
    r = world.client.get(url + f"&cursor={page['next_cursor']}", headers=world.observer)
    page = r.json()
    seen += [(i["unit_id"], i["kind"], i["version"]) for i in page["items"]]
    assert page["next_cursor"] is None
    assert seen == world.listed(world.observer, "?all_versions=true") and len(seen) == 4


def test_who_reads_which_reports(world: World) -> None:
    reports = _fill(world)
    every = [(world.c, "annual", 2), (world.c, "mid_year", 1), (world.d, "annual", 1)]
    only_c = every[:2]
    expectations: dict[str, tuple[Headers, list[tuple[str, str, int]]]] = {
        "secretariat": (world.secretariat, every),
        "observer": (world.observer, every),
        "leader's officer": (world.officer(world.a), every),
        "deputy's officer": (world.officer(world.b), every),
        "C's officer": (world.officer(world.c), only_c),
        "C's reports:write client": (world.client_for(world.c), only_c),
        "D's officer": (world.officer(world.d), [every[2]]),
        "officer outside the bloc": (world.outsider, []),
        "admin": (world.admin, []),
        "C's scores:write client": (world.client_for(world.c, "scores:write"), []),
        "results:read client": (world.client_for(None, "results:read"), []),
    }
    for who, (headers, visible) in expectations.items():
        assert world.listed(headers) == visible, who
        # Asking for another unit's reports shows nothing rather than refusing.
        assert world.listed(headers, f"?unit_id={world.c}") == [r for r in visible if r[0] == world.c], who
        for report in reports.values():
            r = world.client.get(f"/api/v1/reports/{report['id']}", headers=headers)
            if report["unit_id"] in {v[0] for v in visible} or visible == every:
                assert r.status_code == 200 and r.json() == report, who
            else:
                problem(r, 404, "not_found")
    problem(world.client.get(world.url(str(uuid.uuid4())), headers=world.secretariat), 404, "not_found")
    for missing in (str(uuid.uuid4()), "y" * 65):
        problem(world.client.get(f"/api/v1/reports/{missing}", headers=world.secretariat), 404, "not_found")
    problem(world.client.get(f"/api/v1/reports/{reports['c1']['id']}"), 401, "not_authenticated")
    problem(world.client.get(world.url()), 401, "not_authenticated")


def test_leadership_is_per_year(
    world: World, make_bloc: Callable[..., dict[str, Any]], make_campaign: Callable[..., dict[str, Any]]
) -> None:
    """In 2017 D leads the same bloc: A's officer reads only A's reports there, D's officer every one."""
    ids = world.bloc["unit_ids"]
    bloc2017 = make_bloc(year=2017, unit_ids=ids, bloc_id=world.bloc["id"], leader=world.d, deputy=False)
    world.cid = make_campaign(bloc2017)["id"]
    c = world.submitted(world.c)
    assert world.listed(world.officer(world.a)) == []
    assert world.listed(world.officer(world.d)) == [(world.c, "annual", 1)]
    problem(world.client.get(f"/api/v1/reports/{c['id']}", headers=world.officer(world.a)), 404, "not_found")
    assert world.client.get(f"/api/v1/reports/{c['id']}", headers=world.officer(world.d)).status_code == 200


# ---- service clients: their scopes and their unit only ---------------------------------------------


def test_a_reports_write_client_is_kept_to_its_scope_and_unit(world: World) -> None:
    client_c = world.client_for(world.c)
    # Its own unit: allowed.
    assert world.submit(world.c, headers=client_c).status_code == 201
    # Another unit's report: 403, nothing stored.
    problem(world.submit(world.d, headers=client_c), 403, "forbidden")
    assert world.stored() == [(world.c, "annual", 1)]
    # The audit trail: admins and observers only.
    problem(world.client.get("/api/v1/audit-events", headers=client_c), 403, "forbidden")
    problem(world.client.get("/api/v1/audit-events/verify", headers=client_c), 403, "forbidden")
    assert world.client.get("/api/v1/audit-events", headers=world.observer).status_code == 200

    # Voting: an open session of the bloc; a delegate may vote, the client may not.
    delegates = {}
    for unit in world.bloc["unit_ids"]:
        me = world.client.get("/api/v1/auth/me", headers=world.officer(unit)).json()
        delegates[unit] = me["id"]
    r = world.client.post(
        "/api/v1/voting-sessions",
        json={
            "campaign_id": world.cid,
            "title_code": "co_thi_dua_bo",
            "seats": 1,
            "candidate_ids": [world.a, world.c],
            "electorate_user_ids": list(delegates.values()),
        },
        headers=world.officer(world.a),
    )
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    assert (
        world.client.post(f"/api/v1/voting-sessions/{sid}/open", headers=world.officer(world.a)).status_code
        == 200
    )
    ballot = {"choices": [world.c]}
    problem(
        world.client.post(f"/api/v1/voting-sessions/{sid}/ballots", json=ballot, headers=client_c),
        403,
        "forbidden",
    )
    turnout = world.client.get(f"/api/v1/voting-sessions/{sid}/turnout", headers=world.secretariat).json()
    assert turnout["voted"] == 0
    ok = world.client.post(
        f"/api/v1/voting-sessions/{sid}/ballots", json=ballot, headers=world.officer(world.c)
    )
    assert ok.status_code == 201, ok.text


# ---- concurrency: real servers -------------------------------------------------------------------------


@pytest.mark.live
def test_concurrent_submissions_never_share_a_version(world: World, live_server: Any) -> None:
    servers = [live_server(), live_server()]
    headers = world.officer(world.c)
    n = 12
    results: list[int] = []
    errors: list[str] = []
    start = threading.Barrier(n)

    def submit(i: int) -> None:
        url = servers[i % 2].url + world.url()
        with httpx.Client(timeout=60) as http:
            start.wait()
            r = http.post(url, json=body_for(world.c, title=f"Lần nộp {i}"), headers=headers)
        if r.status_code == 201:
            results.append(r.json()["version"])
        else:
            errors.append(r.text)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert sorted(results) == list(range(1, n + 1))
    assert sorted(v for _u, _k, v in world.stored()) == list(range(1, n + 1))


def test_deadline_of_a_kind() -> None:
    class Campaign:
        mid_year_report_deadline = date(2016, 6, 30)
        annual_report_deadline = None

    assert service.deadline_of(Campaign(), "mid_year") == date(2016, 6, 30)  # type: ignore[arg-type]
    assert service.deadline_of(Campaign(), "annual") is None  # type: ignore[arg-type]
