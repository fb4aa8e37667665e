"""Campaigns through HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import time
import unicodedata
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.campaigns import service as campaigns_service
from app.core.audit import SYSTEM
from app.core.errors import Conflict
from app.models import AuditEvent, Campaign
from tests.support.db import audit_events, in_thread
from tests.support.problems import ODD_IDS, problem, read_and_patch_are_404

URL = "/api/v1/campaigns"
Headers = dict[str, str]
READ_KEYS = {
    "id",
    "bloc_id",
    "year",
    "title",
    "theme",
    "deadlines",
    "tie_break",
    "status",
    "created_at",
    "updated_at",
}
NO_DEADLINES = {"mid_year_report": None, "annual_report": None, "scoring": None}


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()["items"]]


# ---- create --------------------------------------------------------------------------------------------


def test_secretariat_creates_a_campaign(
    client: TestClient, secretariat: Headers, bloc: dict[str, Any], session_factory: Any
) -> None:
    theme = unicodedata.normalize("NFD", " Nâng cao trách nhiệm – Phối hợp hiệu quả ")
    body = {
        "bloc_id": bloc["id"],
        "year": 2016,
        "title": "Phong trào thi đua năm 2016",
        "theme": theme,
        "deadlines": {
            "mid_year_report": "2016-06-15",
            "annual_report": "2016-11-30",
            "scoring": "2016-12-10",
        },
    }
    expected = {
        **body,
        "theme": "Nâng cao trách nhiệm – Phối hợp hiệu quả",
        "tie_break": [],
        "status": "active",
    }
    r = client.post(URL, json=body, headers=secretariat)
    assert r.status_code == 201, r.text
    created = r.json()
    assert set(created) == READ_KEYS
    assert {k: v for k, v in created.items() if k not in ("id", "created_at", "updated_at")} == expected
    assert created["created_at"] == created["updated_at"]
    assert datetime.fromisoformat(created["created_at"]).utcoffset() == timedelta(0)
    assert r.headers["ETag"] == f'"{created["id"]}.1"'
    assert r.headers["Location"] == f"http://testserver{URL}/{created['id']}"
    got = client.get(f"{URL}/{created['id']}", headers=secretariat)
    assert got.json() == created
    assert got.headers["ETag"] == r.headers["ETag"]
    [event] = audit_events(session_factory, "campaign.create")
    assert (event.object_type, event.object_id) == ("campaign", created["id"])
    assert event.details == expected


def test_create_minimal(client: TestClient, secretariat: Headers, bloc: dict[str, Any]) -> None:
    r = client.post(URL, json={"bloc_id": bloc["id"], "year": 2017, "title": "Năm 2017"}, headers=secretariat)
    assert r.status_code == 201, r.text
    assert (r.json()["theme"], r.json()["deadlines"], r.json()["tie_break"]) == (None, NO_DEADLINES, [])


def test_partial_deadlines(client: TestClient, secretariat: Headers, bloc: dict[str, Any]) -> None:
    body = {"bloc_id": bloc["id"], "year": 2016, "title": "X", "deadlines": {"scoring": "2016-12-01"}}
    r = client.post(URL, json=body, headers=secretariat)
    assert r.status_code == 201, r.text
    assert r.json()["deadlines"] == {**NO_DEADLINES, "scoring": "2016-12-01"}


@pytest.mark.parametrize("role", ["admin", "officer", "observer"])
def test_other_roles_may_not_create(
    client: TestClient,
    headers_for: Callable[..., Headers],
    bloc: dict[str, Any],
    session_factory: Any,
    role: str,
) -> None:
    r = client.post(URL, json={"bloc_id": bloc["id"], "year": 2016, "title": "X"}, headers=headers_for(role))
    problem(r, 403, "forbidden")
    with session_factory() as s:
        assert s.scalars(select(Campaign)).all() == []


def test_the_leader_may_not_create(
    client: TestClient, officer_of: Callable[[str], Headers], bloc: dict[str, Any]
) -> None:
    r = client.post(
        URL, json={"bloc_id": bloc["id"], "year": 2016, "title": "X"}, headers=officer_of(bloc["leader"])
    )
    assert r.status_code == 403


def test_service_client_may_not_create(
    client: TestClient, make_client_token: Callable[..., Headers], bloc: dict[str, Any]
) -> None:
    headers = make_client_token(["units:write", "results:read"])
    assert (
        client.post(
            URL, json={"bloc_id": bloc["id"], "year": 2016, "title": "X"}, headers=headers
        ).status_code
        == 403
    )


@pytest.mark.parametrize("bloc_id", ["3f8e2a1c-5b7d-4e9f-a0c2-6d1b8e4f7a90", "not-a-bloc"])
def test_unknown_bloc_is_422(client: TestClient, secretariat: Headers, bloc_id: str) -> None:
    r = client.post(URL, json={"bloc_id": bloc_id, "year": 2016, "title": "X"}, headers=secretariat)
    problem(r, 422, "validation_error")
    assert r.json()["errors"] == [{"loc": ["body", "bloc_id"], "msg": "unknown bloc", "type": "value_error"}]


def test_one_campaign_per_bloc_and_year(
    client: TestClient, secretariat: Headers, bloc: dict[str, Any], make_bloc: Callable[..., dict[str, Any]]
) -> None:
    body = {"bloc_id": bloc["id"], "year": 2016, "title": "Lần đầu"}
    assert client.post(URL, json=body, headers=secretariat).status_code == 201
    again = client.post(URL, json={**body, "title": "Lần hai"}, headers=secretariat)
    problem(again, 409, "already_exists")
    assert client.post(URL, json={**body, "year": 2017}, headers=secretariat).status_code == 201
    other = make_bloc(2, year=2016)
    assert client.post(URL, json={**body, "bloc_id": other["id"]}, headers=secretariat).status_code == 201
    listed = client.get(URL, params={"bloc_id": bloc["id"], "year": 2016}, headers=secretariat).json()[
        "items"
    ]
    assert [c["title"] for c in listed] == ["Lần đầu"]


def test_a_campaign_written_meanwhile_is_409(
    client: TestClient, secretariat: Headers, bloc: dict[str, Any], campaign: dict[str, Any]
) -> None:
    r = client.post(URL, json={"bloc_id": bloc["id"], "year": 2016, "title": "X"}, headers=secretariat)
    problem(r, 409, "already_exists")


@pytest.mark.parametrize(
    "fields",
    [
        {"year": 1944},
        {"year": 2201},
        {"year": "2016"},
        {"year": 2016.5},
        {"year": None},
        {"title": ""},
        {"title": "   "},
        {"title": "x" * 301},
        {"theme": "x" * 501},
        {"bloc_id": "x" * 65},
        {"deadlines": {"scoring": "2016-13-01"}},
        {"deadlines": {"scoring": "16-12-01"}},
        {"deadlines": {"scoring": "2016-12-01T00:00:00"}},
        {"deadlines": {"scoring": 1480550400}},
        {"deadlines": {"scoring": "tomorrow"}},
        {"deadlines": {"final": "2016-12-01"}},
        {"deadlines": {"mid_year_report": "2016-12-01", "annual_report": "2016-06-01"}},
        {"tie_break": ["standard_total"]},
        {"status": "active"},
        {"unknown": 1},
    ],
)
def test_invalid_create_bodies_are_422(
    client: TestClient, secretariat: Headers, bloc: dict[str, Any], fields: dict[str, Any]
) -> None:
    body = {"bloc_id": bloc["id"], "year": 2016, "title": "Phong trào", **fields}
    r = client.post(URL, json=body, headers=secretariat)
    problem(r, 422, "validation_error")
    assert r.json()["errors"]
    assert ids(client.get(URL, headers=secretariat)) == []


def test_mid_year_deadline_may_equal_the_annual_one(
    client: TestClient, secretariat: Headers, bloc: dict[str, Any]
) -> None:
    deadlines = {"mid_year_report": "2016-11-30", "annual_report": "2016-11-30"}
    r = client.post(
        URL,
        json={"bloc_id": bloc["id"], "year": 2016, "title": "X", "deadlines": deadlines},
        headers=secretariat,
    )
    assert r.status_code == 201, r.text


def test_create_honours_idempotency_key(
    client: TestClient, secretariat: Headers, bloc: dict[str, Any]
) -> None:
    headers = {**secretariat, "Idempotency-Key": str(uuid.uuid4())}
    body = {"bloc_id": bloc["id"], "year": 2016, "title": "X"}
    first = client.post(URL, json=body, headers=headers)
    again = client.post(URL, json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(ids(client.get(URL, headers=secretariat))) == 1


# ---- read ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "secretariat", "officer", "observer"])
def test_every_role_may_read(
    client: TestClient, headers_for: Callable[..., Headers], campaign: dict[str, Any], role: str
) -> None:
    headers = headers_for(role)
    r = client.get(f"{URL}/{campaign['id']}", headers=headers)
    assert r.status_code == 200, r.text
    assert (r.json()["id"], r.json()["year"], r.json()["status"]) == (campaign["id"], 2016, "active")
    assert r.headers["ETag"] == f'"{campaign["id"]}.1"'
    assert ids(client.get(URL, headers=headers)) == [campaign["id"]]


@pytest.mark.parametrize("scopes", [["results:read"], ["reports:write"], []])
def test_service_clients_may_read(
    client: TestClient,
    make_client_token: Callable[..., Headers],
    make_unit: Callable[..., dict[str, Any]],
    campaign: dict[str, Any],
    scopes: list[str],
) -> None:
    headers = make_client_token(scopes, make_unit()["id"] if "reports:write" in scopes else None)
    assert client.get(f"{URL}/{campaign['id']}", headers=headers).status_code == 200
    assert ids(client.get(URL, headers=headers)) == [campaign["id"]]


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("GET", "", None),
        ("POST", "", {"bloc_id": "x", "year": 2016, "title": "X"}),
        ("GET", "/{id}", None),
        ("PATCH", "/{id}", {"title": "X"}),
    ],
)
def test_without_a_token_it_is_401(
    client: TestClient, campaign: dict[str, Any], method: str, suffix: str, body: Any
) -> None:
    r = client.request(method, URL + suffix.format(id=campaign["id"]), json=body)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("campaign_id", ODD_IDS)
def test_unknown_or_malformed_id_is_404(client: TestClient, secretariat: Headers, campaign_id: str) -> None:
    read_and_patch_are_404(client, f"{URL}/{campaign_id}", secretariat, {"title": "X"})


def test_list_filters(
    client: TestClient,
    secretariat: Headers,
    make_bloc: Callable[..., dict[str, Any]],
    make_campaign: Callable[..., dict[str, Any]],
    make_unit: Callable[..., dict[str, Any]],
) -> None:
    a, b, c, d, e = (make_unit()["id"] for _ in range(5))
    x16 = make_bloc(unit_ids=[a, b, c], year=2016)
    x17 = make_bloc(bloc_id=x16["id"], unit_ids=[b, c], year=2017)
    y17 = make_bloc(unit_ids=[d, a], year=2017)
    y16 = make_bloc(bloc_id=y17["id"], unit_ids=[e], year=2016)
    cx16 = make_campaign(x16)["id"]
    cx17 = make_campaign(x17, status="closed")["id"]
    cy17 = make_campaign(y17)["id"]
    cy16 = make_campaign(y16)["id"]

    def listed(**params: Any) -> list[str]:
        return ids(client.get(URL, params=params, headers=secretariat))

    assert listed() == [cx16, cx17, cy17, cy16]
    assert listed(bloc_id=x16["id"]) == [cx16, cx17]
    assert listed(year=2016) == [cx16, cy16]
    assert listed(bloc_id=y17["id"], year=2017) == [cy17]
    # unit A is in bloc X in 2016 and in bloc Y in 2017: those two campaigns, not X 2017 nor Y 2016
    assert listed(unit_id=a) == [cx16, cy17]
    assert listed(unit_id=a, year=2017) == [cy17]
    assert listed(unit_id=b) == [cx16, cx17]
    assert listed(unit_id=e) == [cy16]
    assert listed(unit_id=str(uuid.uuid4())) == []
    assert listed(status="closed") == [cx17]
    assert listed(status="active", bloc_id=x16["id"]) == [cx16]
    assert listed(bloc_id=str(uuid.uuid4())) == []


@pytest.mark.parametrize(
    "params",
    [{"year": "x"}, {"year": 1900}, {"status": "open"}, {"limit": 0}, {"limit": 501}, {"cursor": "bad"}],
)
def test_bad_list_parameters_are_422(
    client: TestClient, secretariat: Headers, params: dict[str, Any]
) -> None:
    r = client.get(URL, params=params, headers=secretariat)
    problem(r, 422, "validation_error")


def test_pagination_follows_link(
    client: TestClient,
    secretariat: Headers,
    bloc: dict[str, Any],
    make_campaign: Callable[..., dict[str, Any]],
) -> None:
    created = [make_campaign(bloc, year=2010 + i)["id"] for i in range(7)]
    seen: list[str] = []
    url: str | None = f"{URL}?limit=3&bloc_id={bloc['id']}"
    while url:
        r = client.get(url, headers=secretariat)
        seen += ids(r)
        url = r.headers["Link"][1 : r.headers["Link"].index(">")] if r.json()["next_cursor"] else None
    assert seen == created


# ---- update: who -----------------------------------------------------------------------------------------


def test_leadership_is_per_year(
    client: TestClient, two_years: Any, officer_of: Callable[[str], Headers]
) -> None:
    [a, b, _c], campaign_2016, campaign_2017 = two_years
    c2016, c2017 = campaign_2016["id"], campaign_2017["id"]
    leader_2016 = officer_of(a)

    ok = client.patch(f"{URL}/{c2016}", json={"title": "Năm 2016 (Khối trưởng A)"}, headers=leader_2016)
    assert ok.status_code == 200, ok.text
    assert ok.json()["title"] == "Năm 2016 (Khối trưởng A)"

    refused = client.patch(f"{URL}/{c2017}", json={"title": "Không được"}, headers=leader_2016)
    problem(refused, 403, "forbidden")
    assert client.get(f"{URL}/{c2017}", headers=leader_2016).json()["title"] == "Phong trào thi đua năm 2017"

    leader_2017 = officer_of(b)
    assert client.patch(f"{URL}/{c2017}", json={"theme": "Đổi mới"}, headers=leader_2017).status_code == 200
    assert client.patch(f"{URL}/{c2016}", json={"theme": "Đổi mới"}, headers=leader_2017).status_code == 403


def test_deputy_manages(
    client: TestClient, bloc: dict[str, Any], campaign: dict[str, Any], officer_of: Callable[[str], Headers]
) -> None:
    r = client.patch(
        f"{URL}/{campaign['id']}", json={"tie_break": ["standard_total"]}, headers=officer_of(bloc["deputy"])
    )
    assert r.status_code == 200, r.text
    assert r.json()["tie_break"] == ["standard_total"]


def test_secretariat_manages_any_campaign(
    client: TestClient, secretariat: Headers, campaign: dict[str, Any]
) -> None:
    r = client.patch(f"{URL}/{campaign['id']}", json={"title": "Đổi tên"}, headers=secretariat)
    assert (r.status_code, r.json()["title"]) == (200, "Đổi tên")


@pytest.mark.parametrize("who", ["member", "outsider", "admin", "observer"])
def test_others_may_not_patch(
    client: TestClient,
    campaign: dict[str, Any],
    bystander: Callable[[str], Headers],
    session_factory: Any,
    who: str,
) -> None:
    headers = bystander(who)
    r = client.patch(f"{URL}/{campaign['id']}", json={"title": "X", "status": "closed"}, headers=headers)
    assert r.status_code == 403
    with session_factory() as s:
        row = s.get(Campaign, campaign["id"])
        assert (row.title, row.status, row.version) == ("Phong trào thi đua năm 2016", "active", 1)


def test_service_client_may_not_patch(
    client: TestClient,
    make_client_token: Callable[..., Headers],
    bloc: dict[str, Any],
    campaign: dict[str, Any],
) -> None:
    headers = make_client_token(["reports:write", "scores:write"], bloc["leader"])
    assert client.patch(f"{URL}/{campaign['id']}", json={"title": "X"}, headers=headers).status_code == 403


# ---- update: what ----------------------------------------------------------------------------------------


def test_patch_fields_and_audit(
    client: TestClient, secretariat: Headers, campaign: dict[str, Any], session_factory: Any
) -> None:
    url = f"{URL}/{campaign['id']}"
    etag = client.get(url, headers=secretariat).headers["ETag"]
    r = client.patch(
        url,
        json={
            "title": "Phong trào thi đua năm 2016 – Khối cơ quan Bộ",
            "theme": "Nâng cao trách nhiệm",
            "deadlines": {"mid_year_report": "2016-06-15", "annual_report": "2016-11-30"},
            "tie_break": ["standard_total", "-penalty_total"],
        },
        headers={**secretariat, "If-Match": etag},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["title"], body["theme"], body["tie_break"], body["status"]) == (
        "Phong trào thi đua năm 2016 – Khối cơ quan Bộ",
        "Nâng cao trách nhiệm",
        ["standard_total", "-penalty_total"],
        "active",
    )
    assert body["deadlines"] == {
        "mid_year_report": "2016-06-15",
        "annual_report": "2016-11-30",
        "scoring": None,
    }
    assert r.headers["ETag"] == f'"{campaign["id"]}.2"'
    assert body["updated_at"] > body["created_at"]
    assert client.get(url, headers=secretariat).json() == body
    [event] = audit_events(session_factory, "campaign.update")
    assert event.object_id == campaign["id"]
    assert event.details == {
        "bloc_id": campaign["bloc_id"],
        "year": 2016,
        "changes": {
            "title": ["Phong trào thi đua năm 2016", "Phong trào thi đua năm 2016 – Khối cơ quan Bộ"],
            "theme": [None, "Nâng cao trách nhiệm"],
            "deadlines": [
                NO_DEADLINES,
                {"mid_year_report": "2016-06-15", "annual_report": "2016-11-30", "scoring": None},
            ],
            "tie_break": [[], ["standard_total", "-penalty_total"]],
        },
    }


def test_deadlines_merge_date_by_date(
    client: TestClient, secretariat: Headers, campaign: dict[str, Any]
) -> None:
    url = f"{URL}/{campaign['id']}"

    def patch(deadlines: Any) -> Any:
        r = client.patch(url, json={"deadlines": deadlines}, headers=secretariat)
        assert r.status_code == 200, r.text
        return r.json()["deadlines"]

    assert patch({"mid_year_report": "2016-06-15", "scoring": "2016-12-10"}) == {
        "mid_year_report": "2016-06-15",
        "annual_report": None,
        "scoring": "2016-12-10",
    }
    assert patch({"annual_report": "2016-11-30"}) == {
        "mid_year_report": "2016-06-15",
        "annual_report": "2016-11-30",
        "scoring": "2016-12-10",
    }
    assert patch({"scoring": None}) == {
        "mid_year_report": "2016-06-15",
        "annual_report": "2016-11-30",
        "scoring": None,
    }
    assert patch({}) == {"mid_year_report": "2016-06-15", "annual_report": "2016-11-30", "scoring": None}
    # the merged result must keep the mid-year deadline first
    r = client.patch(url, json={"deadlines": {"annual_report": "2016-06-01"}}, headers=secretariat)
    assert r.status_code == 422
    assert r.json()["errors"][0]["loc"] == ["body", "deadlines", "mid_year_report"]
    assert patch(None) == NO_DEADLINES


def test_theme_is_cleared_by_null_or_empty(
    client: TestClient, secretariat: Headers, campaign: dict[str, Any]
) -> None:
    url = f"{URL}/{campaign['id']}"
    assert client.patch(url, json={"theme": "Chủ đề"}, headers=secretariat).json()["theme"] == "Chủ đề"
    assert client.patch(url, json={"theme": ""}, headers=secretariat).json()["theme"] is None
    assert client.patch(url, json={"theme": "Chủ đề"}, headers=secretariat).json()["theme"] == "Chủ đề"
    assert client.patch(url, json={"theme": None}, headers=secretariat).json()["theme"] is None


def test_unchanged_patch_writes_nothing(
    client: TestClient, secretariat: Headers, campaign: dict[str, Any], session_factory: Any
) -> None:
    r = client.patch(
        f"{URL}/{campaign['id']}",
        json={"title": "Phong trào thi đua năm 2016", "tie_break": [], "status": "active", "deadlines": {}},
        headers=secretariat,
    )
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == f'"{campaign["id"]}.1"'
    assert audit_events(session_factory, "campaign.update") == []


def test_stale_if_match_is_412(client: TestClient, secretariat: Headers, campaign: dict[str, Any]) -> None:
    url = f"{URL}/{campaign['id']}"
    old = client.get(url, headers=secretariat).headers["ETag"]
    assert (
        client.patch(url, json={"title": "Một"}, headers={**secretariat, "If-Match": old}).status_code == 200
    )
    r = client.patch(url, json={"title": "Hai"}, headers={**secretariat, "If-Match": old})
    problem(r, 412, "precondition_failed")
    assert client.get(url, headers=secretariat).json()["title"] == "Một"


@pytest.mark.parametrize(
    "tie_break",
    [
        ["standard_total", "-penalty_total"],
        ["-self_total"],
        ["review_total", "self_total", "-penalty_total", "bonus_total", "standard_total"],
        [],
    ],
)
def test_valid_tie_breaks(
    client: TestClient, secretariat: Headers, campaign: dict[str, Any], tie_break: list[str]
) -> None:
    r = client.patch(f"{URL}/{campaign['id']}", json={"tie_break": tie_break}, headers=secretariat)
    assert r.status_code == 200, r.text
    assert r.json()["tie_break"] == tie_break


@pytest.mark.parametrize(
    "body",
    [
        {"tie_break": ["total"]},
        {"tie_break": ["+standard_total"]},
        {"tie_break": ["Standard_total"]},
        {"tie_break": ["--penalty_total"]},
        {"tie_break": ["standard_total", "standard_total"]},
        {"tie_break": ["penalty_total", "-penalty_total"]},
        {
            "tie_break": [
                "review_total",
                "self_total",
                "-penalty_total",
                "bonus_total",
                "standard_total",
                "self_total",
            ]
        },
        {"tie_break": "standard_total"},
        {"tie_break": None},
        {"title": None},
        {"title": ""},
        {"status": None},
        {"status": "draft"},
        {"deadlines": {"scoring": "2016/12/01"}},
        {"deadlines": {"mid_year_report": "2016-12-01", "annual_report": "2016-06-01"}},
        {"bloc_id": str(uuid.uuid4())},
        {"year": 2017},
        {"unknown": True},
    ],
)
def test_invalid_patch_bodies_are_422(
    client: TestClient, secretariat: Headers, campaign: dict[str, Any], body: dict[str, Any]
) -> None:
    r = client.patch(f"{URL}/{campaign['id']}", json=body, headers=secretariat)
    problem(r, 422, "validation_error")
    assert (
        client.get(f"{URL}/{campaign['id']}", headers=secretariat).headers["ETag"] == f'"{campaign["id"]}.1"'
    )


# ---- closing ---------------------------------------------------------------------------------------------


def test_leader_closes_and_a_closed_campaign_refuses_changes(
    client: TestClient,
    bloc: dict[str, Any],
    campaign: dict[str, Any],
    officer_of: Callable[[str], Headers],
    secretariat: Headers,
    session_factory: Any,
) -> None:
    url = f"{URL}/{campaign['id']}"
    leader = officer_of(bloc["leader"])
    r = client.patch(url, json={"status": "closed", "title": "Đã tổng kết"}, headers=leader)
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["title"]) == ("closed", "Đã tổng kết")
    [event] = audit_events(session_factory, "campaign.update")
    assert event.details["changes"]["status"] == ["active", "closed"]

    for headers in (leader, secretariat):
        for body in ({"title": "Sửa"}, {"tie_break": ["standard_total"]}, {"status": "closed"}, {}):
            refused = client.patch(url, json=body, headers=headers)
            assert refused.status_code == 409, (body, refused.text)
            assert refused.json()["code"] == "campaign_closed"
        reopen = client.patch(url, json={"status": "active"}, headers=headers)
        problem(reopen, 409, "invalid_transition")
    vi = client.patch(url, json={"title": "Sửa"}, headers={**secretariat, "Accept-Language": "vi"})
    assert vi.json()["detail"] == "Phong trào thi đua đã kết thúc, không thể thay đổi."
    after = client.get(url, headers=secretariat)
    assert (after.json()["title"], after.json()["status"]) == ("Đã tổng kết", "closed")
    assert after.headers["ETag"] == f'"{campaign["id"]}.2"'


def test_closed_campaign_still_refuses_outsiders_with_403(
    client: TestClient,
    bloc: dict[str, Any],
    make_campaign: Callable[..., dict[str, Any]],
    officer_of: Callable[[str], Headers],
) -> None:
    closed = make_campaign(bloc, year=2016, status="closed")
    r = client.patch(f"{URL}/{closed['id']}", json={"title": "X"}, headers=officer_of(bloc["unit_ids"][3]))
    assert r.status_code == 403


# ---- concurrent creators of one bloc-year ----------------------------------------------------------------


def test_concurrent_creates_give_one_campaign_and_one_409(session_factory: Any, bloc: dict[str, Any]) -> None:
    def second() -> Any:
        with session_factory() as s:
            return campaigns_service.create(
                session=s, actor=SYSTEM, bloc_id=bloc["id"], year=2016, title="Thứ hai"
            )

    with session_factory() as first:
        campaigns_service.create(session=first, actor=SYSTEM, bloc_id=bloc["id"], year=2016, title="Thứ nhất")
        thread, outcome = in_thread(second)
        time.sleep(0.5)  # the second writer now waits on the first (unique index or SQLite's write lock)
        first.commit()
        thread.join(timeout=30)
    assert isinstance(outcome.get("error"), Conflict), outcome
    assert outcome["error"].code == "already_exists"
    with session_factory() as s:
        assert s.scalars(select(Campaign.title)).all() == ["Thứ nhất"]
        assert s.scalars(select(AuditEvent.action).where(AuditEvent.action == "campaign.create")).all() == [
            "campaign.create"
        ]
