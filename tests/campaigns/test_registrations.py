"""Registrations (đăng ký thi đua) through HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import time
import unicodedata
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.campaigns import registrations as registrations_service
from app.core.errors import Conflict
from app.core.principal import Principal
from app.models import AuditEvent, Registration
from tests.support.db import in_thread, unit_ref
from tests.support.problems import problem

Headers = dict[str, str]


def url(campaign: dict[str, Any], suffix: str = "") -> str:
    return f"/api/v1/campaigns/{campaign['id']}/registrations{suffix}"


def registrations_in_db(session_factory: Any) -> list[tuple[str, str]]:
    with session_factory() as s:
        rows = s.scalars(select(Registration).order_by(Registration.created_at, Registration.id))
        return [(r.unit_id, r.title_code) for r in rows]


def listed(response: Any) -> list[tuple[str, str]]:
    assert response.status_code == 200, response.text
    return [(r["unit_id"], r["title_code"]) for r in response.json()["items"]]


# ---- create: who ---------------------------------------------------------------------------------------


def test_officer_registers_its_unit(
    client: TestClient,
    bloc: dict[str, Any],
    campaign: dict[str, Any],
    officer_of: Callable[[str], Headers],
    session_factory: Any,
) -> None:
    unit = bloc["unit_ids"][2]
    officer = officer_of(unit)
    targets = [
        unicodedata.normalize("NFD", "  Hoàn thành 100% nhiệm vụ được giao "),
        "Không có cá nhân vi phạm",
    ]
    body = {"unit_id": unit, "title_code": "tap_the_lao_dong_xuat_sac", "targets": targets}
    r = client.post(url(campaign), json=body, headers=officer)
    assert r.status_code == 201, r.text
    created = r.json()
    assert set(created) == {
        "id",
        "campaign_id",
        "unit_id",
        "unit_code",
        "unit_name",
        "title_code",
        "title_name",
        "targets",
        "created_at",
        "verdict",
    }
    named = ("campaign_id", "unit_id", "unit_code", "unit_name", "title_code", "title_name", "targets")
    assert {k: created[k] for k in named} == {
        "campaign_id": campaign["id"],
        **unit_ref(session_factory, unit),
        "title_code": "tap_the_lao_dong_xuat_sac",
        "title_name": "Tập thể lao động xuất sắc",
        "targets": ["Hoàn thành 100% nhiệm vụ được giao", "Không có cá nhân vi phạm"],
    }
    assert r.headers["Location"] == f"http://testserver{url(campaign)}/{created['id']}"
    # The registration shows the law's verdict today: the unit is not rated and has no people counted.
    verdict = created["verdict"]
    assert (verdict["subject_id"], verdict["code"], verdict["year"]) == (
        unit,
        "tap_the_lao_dong_xuat_sac",
        2016,
    )
    assert (verdict["regime"]["code"], verdict["regime"]["basis"]) == ("R2025", "evaluation_date")
    assert verdict["verdict"] == "not_eligible"
    assert client.get(url(campaign, f"/{created['id']}"), headers=officer).json() == created
    page = client.get(url(campaign), headers=officer).json()
    assert page == {"items": [created], "next_cursor": None, "total": None}
    with session_factory() as s:
        [event] = s.scalars(select(AuditEvent).where(AuditEvent.action == "registration.create")).all()
        assert (event.object_type, event.object_id) == ("registration", created["id"])
        assert event.details == {
            "campaign_id": campaign["id"],
            "unit_id": unit,
            "title_code": "tap_the_lao_dong_xuat_sac",
            "targets": ["Hoàn thành 100% nhiệm vụ được giao", "Không có cá nhân vi phạm"],
        }
        assert s.get(Registration, created["id"]).created_by == event.actor_id


def test_targets_default_to_empty(
    client: TestClient, bloc: dict[str, Any], campaign: dict[str, Any], officer_of: Callable[[str], Headers]
) -> None:
    unit = bloc["unit_ids"][3]
    r = client.post(
        url(campaign), json={"unit_id": unit, "title_code": "co_thi_dua_bo"}, headers=officer_of(unit)
    )
    assert (r.status_code, r.json()["targets"]) == (201, [])


@pytest.mark.parametrize("who", ["leader", "deputy", "secretariat"])
def test_leader_deputy_and_secretariat_register_any_member(
    client: TestClient,
    bloc: dict[str, Any],
    campaign: dict[str, Any],
    officer_of: Callable[[str], Headers],
    secretariat: Headers,
    who: str,
) -> None:
    headers = secretariat if who == "secretariat" else officer_of(bloc[who])
    for unit in bloc["unit_ids"]:
        r = client.post(url(campaign), json={"unit_id": unit, "title_code": "co_thi_dua_bo"}, headers=headers)
        assert r.status_code == 201, r.text
    assert listed(client.get(url(campaign), headers=secretariat)) == [
        (u, "co_thi_dua_bo") for u in bloc["unit_ids"]
    ]


@pytest.mark.parametrize("who", ["other_member", "outsider", "admin", "observer"])
def test_others_may_not_register_a_unit(
    client: TestClient,
    bloc: dict[str, Any],
    campaign: dict[str, Any],
    bystander: Callable[[str], Headers],
    session_factory: Any,
    who: str,
) -> None:
    headers = bystander(who)
    r = client.post(
        url(campaign), json={"unit_id": bloc["unit_ids"][2], "title_code": "co_thi_dua_bo"}, headers=headers
    )
    problem(r, 403, "forbidden")
    assert registrations_in_db(session_factory) == []


def test_service_client_may_not_register(
    client: TestClient,
    bloc: dict[str, Any],
    campaign: dict[str, Any],
    make_client_token: Callable[..., Headers],
) -> None:
    unit = bloc["unit_ids"][2]
    headers = make_client_token(["reports:write", "scores:write"], unit)
    r = client.post(url(campaign), json={"unit_id": unit, "title_code": "co_thi_dua_bo"}, headers=headers)
    assert r.status_code == 403


def test_last_years_leader_may_not_register_others(
    client: TestClient, two_years: Any, officer_of: Callable[[str], Headers]
) -> None:
    [a, _b, c], c2016, c2017 = two_years
    a_officer = officer_of(a)
    body = {"unit_id": c, "title_code": "co_thi_dua_bo"}
    assert client.post(url(c2016), json=body, headers=a_officer).status_code == 201
    refused = client.post(url(c2017), json=body, headers=a_officer)
    assert refused.status_code == 403
    # but A still registers itself in 2017, as a member
    assert client.post(url(c2017), json={**body, "unit_id": a}, headers=a_officer).status_code == 201


# ---- create: what --------------------------------------------------------------------------------------


def test_unit_must_be_a_member_that_year(
    client: TestClient,
    bloc: dict[str, Any],
    campaign: dict[str, Any],
    make_bloc: Callable[..., dict[str, Any]],
    make_unit: Callable[..., dict[str, Any]],
    officer_of: Callable[[str], Headers],
    secretariat: Headers,
    session_factory: Any,
) -> None:
    outsider = make_unit()["id"]
    next_year_only = make_unit()["id"]
    make_bloc(bloc_id=bloc["id"], unit_ids=[bloc["unit_ids"][0], next_year_only], year=2017)
    other_bloc = make_bloc(2, year=2016)["unit_ids"][0]
    cases = [
        (outsider, officer_of(outsider)),
        (outsider, secretariat),
        (outsider, officer_of(bloc["leader"])),
        (next_year_only, officer_of(next_year_only)),
        (other_bloc, secretariat),
        (str(uuid.uuid4()), secretariat),
    ]
    for unit, headers in cases:
        r = client.post(url(campaign), json={"unit_id": unit, "title_code": "co_thi_dua_bo"}, headers=headers)
        problem(r, 422, "not_a_member")
        assert r.json()["errors"][0]["loc"] == ["body", "unit_id"]
    assert registrations_in_db(session_factory) == []


@pytest.mark.parametrize("title_code", ["khong_co", "CO_THI_DUA_BO", "x" * 64])
def test_unknown_title_is_422(
    client: TestClient, bloc: dict[str, Any], campaign: dict[str, Any], secretariat: Headers, title_code: str
) -> None:
    r = client.post(
        url(campaign), json={"unit_id": bloc["unit_ids"][2], "title_code": title_code}, headers=secretariat
    )
    problem(r, 422, "validation_error")
    assert r.json()["errors"] == [
        {"loc": ["body", "title_code"], "msg": "unknown title", "type": "value_error"}
    ]


def test_a_title_the_secretariat_added_may_be_registered(
    client: TestClient, bloc: dict[str, Any], campaign: dict[str, Any], secretariat: Headers
) -> None:
    new = client.post(
        "/api/v1/titles",
        json={"code": "co_khoi", "name": "Cờ Khối", "level": "ministry"},
        headers=secretariat,
    )
    assert new.status_code == 201
    r = client.post(
        url(campaign), json={"unit_id": bloc["unit_ids"][2], "title_code": "co_khoi"}, headers=secretariat
    )
    assert r.status_code == 201, r.text


def test_one_registration_per_unit_and_title(
    client: TestClient,
    bloc: dict[str, Any],
    campaign: dict[str, Any],
    make_campaign: Callable[..., dict[str, Any]],
    make_bloc: Callable[..., dict[str, Any]],
    officer_of: Callable[[str], Headers],
    session_factory: Any,
) -> None:
    unit, other = bloc["unit_ids"][2], bloc["unit_ids"][3]
    officer = officer_of(unit)
    body = {"unit_id": unit, "title_code": "co_thi_dua_bo", "targets": ["Một"]}
    assert client.post(url(campaign), json=body, headers=officer).status_code == 201
    again = client.post(url(campaign), json={**body, "targets": ["Hai"]}, headers=officer)
    problem(again, 409, "already_registered")
    by_leader = client.post(url(campaign), json=body, headers=officer_of(bloc["leader"]))
    problem(by_leader, 409, "already_registered")
    # another title, another unit, another year's campaign: all fine
    assert (
        client.post(
            url(campaign), json={**body, "title_code": "tap_the_lao_dong_xuat_sac"}, headers=officer
        ).status_code
        == 201
    )
    assert (
        client.post(url(campaign), json={**body, "unit_id": other}, headers=officer_of(other)).status_code
        == 201
    )
    next_year = make_campaign(make_bloc(bloc_id=bloc["id"], unit_ids=[unit], year=2017))
    assert client.post(url(next_year), json=body, headers=officer).status_code == 201
    assert registrations_in_db(session_factory) == [
        (unit, "co_thi_dua_bo"),
        (unit, "tap_the_lao_dong_xuat_sac"),
        (other, "co_thi_dua_bo"),
        (unit, "co_thi_dua_bo"),
    ]
    with session_factory() as s:
        first = s.scalars(select(Registration).where(Registration.campaign_id == campaign["id"])).first()
        assert first.targets == ["Một"]


def test_closed_campaign_refuses_registrations(
    client: TestClient,
    bloc: dict[str, Any],
    campaign: dict[str, Any],
    officer_of: Callable[[str], Headers],
    secretariat: Headers,
    session_factory: Any,
) -> None:
    assert (
        client.patch(
            f"/api/v1/campaigns/{campaign['id']}", json={"status": "closed"}, headers=secretariat
        ).status_code
        == 200
    )
    unit = bloc["unit_ids"][2]
    for headers in (officer_of(unit), officer_of(bloc["leader"]), secretariat):
        r = client.post(url(campaign), json={"unit_id": unit, "title_code": "co_thi_dua_bo"}, headers=headers)
        problem(r, 409, "campaign_closed")
    assert registrations_in_db(session_factory) == []
    # reading stays possible
    assert listed(client.get(url(campaign), headers=officer_of(unit))) == []


def test_closed_campaign_refuses_an_unauthorised_caller_with_403(
    client: TestClient,
    bloc: dict[str, Any],
    make_campaign: Callable[..., dict[str, Any]],
    officer_of: Callable[[str], Headers],
) -> None:
    closed = make_campaign(bloc, status="closed")
    r = client.post(
        url(closed),
        json={"unit_id": bloc["unit_ids"][2], "title_code": "co_thi_dua_bo"},
        headers=officer_of(bloc["unit_ids"][3]),
    )
    assert r.status_code == 403


@pytest.mark.parametrize(
    "fields",
    [
        {"targets": [""]},
        {"targets": ["   "]},
        {"targets": ["x" * 1001]},
        {"targets": ["ok", 5]},
        {"targets": [None]},
        {"targets": "Hoàn thành"},
        {"targets": None},
        {"targets": [f"Chỉ tiêu {i}" for i in range(51)]},
        {"unit_id": ""},
        {"unit_id": "x" * 65},
        {"title_code": ""},
        {"title_code": "x" * 65},
        {"title_code": None},
        {"campaign_id": "x"},
        {"unknown": 1},
    ],
)
def test_invalid_bodies_are_422(
    client: TestClient,
    bloc: dict[str, Any],
    campaign: dict[str, Any],
    secretariat: Headers,
    session_factory: Any,
    fields: dict[str, Any],
) -> None:
    body = {"unit_id": bloc["unit_ids"][2], "title_code": "co_thi_dua_bo", **fields}
    r = client.post(url(campaign), json=body, headers=secretariat)
    problem(r, 422, "validation_error")
    assert registrations_in_db(session_factory) == []


def test_target_limits_count_nfc_characters(
    client: TestClient, bloc: dict[str, Any], campaign: dict[str, Any], secretariat: Headers
) -> None:
    # 1000 "ệ" are 3000 code points decomposed, 1000 in NFC: the limit is on what is stored.
    targets = [unicodedata.normalize("NFD", "ệ" * 1000)] + [f"Chỉ tiêu {i}" for i in range(49)]
    body = {"unit_id": bloc["unit_ids"][2], "title_code": "co_thi_dua_bo", "targets": targets}
    r = client.post(url(campaign), json=body, headers=secretariat)
    assert r.status_code == 201, r.text
    assert len(r.json()["targets"]) == 50
    assert r.json()["targets"][0] == "ệ" * 1000


@pytest.mark.parametrize("campaign_id", ["3f8e2a1c-5b7d-4e9f-a0c2-6d1b8e4f7a90", "x" * 300, "nope"])
def test_unknown_campaign_is_404(
    client: TestClient, bloc: dict[str, Any], secretariat: Headers, campaign_id: str
) -> None:
    fake = {"id": campaign_id}
    r = client.post(
        url(fake), json={"unit_id": bloc["unit_ids"][0], "title_code": "co_thi_dua_bo"}, headers=secretariat
    )
    problem(r, 404, "not_found")
    assert client.get(url(fake), headers=secretariat).status_code == 404
    assert client.get(url(fake, f"/{uuid.uuid4()}"), headers=secretariat).status_code == 404


def test_create_honours_idempotency_key(
    client: TestClient,
    bloc: dict[str, Any],
    campaign: dict[str, Any],
    officer_of: Callable[[str], Headers],
    session_factory: Any,
) -> None:
    unit = bloc["unit_ids"][2]
    headers = {**officer_of(unit), "Idempotency-Key": str(uuid.uuid4())}
    body = {"unit_id": unit, "title_code": "co_thi_dua_bo"}
    first = client.post(url(campaign), json=body, headers=headers)
    again = client.post(url(campaign), json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert registrations_in_db(session_factory) == [(unit, "co_thi_dua_bo")]


def test_without_a_token_it_is_401(
    client: TestClient, bloc: dict[str, Any], campaign: dict[str, Any]
) -> None:
    for r in (
        client.get(url(campaign)),
        client.post(url(campaign), json={"unit_id": bloc["unit_ids"][0], "title_code": "co_thi_dua_bo"}),
        client.get(url(campaign, f"/{uuid.uuid4()}")),
    ):
        assert r.status_code == 401
        assert r.headers["WWW-Authenticate"] == "Bearer"


# ---- read ----------------------------------------------------------------------------------------------


@pytest.fixture
def registered(
    client: TestClient, bloc: dict[str, Any], campaign: dict[str, Any], secretariat: Headers
) -> list[dict[str, Any]]:
    out = []
    for unit in bloc["unit_ids"][:3]:
        for title in ("co_thi_dua_bo", "tap_the_lao_dong_xuat_sac"):
            r = client.post(url(campaign), json={"unit_id": unit, "title_code": title}, headers=secretariat)
            assert r.status_code == 201, r.text
            out.append(r.json())
    return out


@pytest.mark.parametrize("who", ["leader", "deputy", "member", "secretariat", "observer"])
def test_bloc_members_secretariat_and_observers_read(
    client: TestClient,
    bloc: dict[str, Any],
    campaign: dict[str, Any],
    registered: list[dict[str, Any]],
    officer_of: Callable[[str], Headers],
    headers_for: Callable[..., Headers],
    who: str,
) -> None:
    headers = {
        "leader": lambda: officer_of(bloc["leader"]),
        "deputy": lambda: officer_of(bloc["deputy"]),
        "member": lambda: officer_of(bloc["unit_ids"][3]),  # a member that registered nothing
        "secretariat": lambda: headers_for("secretariat"),
        "observer": lambda: headers_for("observer"),
    }[who]()
    r = client.get(url(campaign), headers=headers)
    assert r.status_code == 200, r.text
    assert r.json() == {"items": registered, "next_cursor": None, "total": None}
    one = client.get(url(campaign, f"/{registered[0]['id']}"), headers=headers)
    assert (one.status_code, one.json()) == (200, registered[0])


@pytest.mark.parametrize("who", ["outsider", "next_year_member", "admin", "client"])
def test_others_may_not_read(
    client: TestClient,
    bloc: dict[str, Any],
    campaign: dict[str, Any],
    registered: list[dict[str, Any]],
    officer_of: Callable[[str], Headers],
    headers_for: Callable[..., Headers],
    make_unit: Callable[..., dict[str, Any]],
    make_bloc: Callable[..., dict[str, Any]],
    make_client_token: Callable[..., Headers],
    who: str,
) -> None:
    def next_year_member() -> Headers:
        unit = make_unit()["id"]
        make_bloc(bloc_id=bloc["id"], unit_ids=[unit], year=2017)
        return officer_of(unit)

    headers = {
        "outsider": lambda: officer_of(make_unit()["id"]),
        "next_year_member": next_year_member,
        "admin": lambda: headers_for("admin"),
        "client": lambda: make_client_token(["results:read", "units:read"]),
    }[who]()
    for r in (
        client.get(url(campaign), headers=headers),
        client.get(url(campaign, f"/{registered[0]['id']}"), headers=headers),
    ):
        problem(r, 403, "forbidden")


def test_list_filters_and_pagination(
    client: TestClient,
    bloc: dict[str, Any],
    campaign: dict[str, Any],
    registered: list[dict[str, Any]],
    secretariat: Headers,
) -> None:
    a, b = bloc["unit_ids"][:2]

    def get(**params: Any) -> list[tuple[str, str]]:
        return listed(client.get(url(campaign), params=params, headers=secretariat))

    assert get(unit_id=a) == [(a, "co_thi_dua_bo"), (a, "tap_the_lao_dong_xuat_sac")]
    assert get(title_code="co_thi_dua_bo") == [(u, "co_thi_dua_bo") for u in bloc["unit_ids"][:3]]
    assert get(unit_id=b, title_code="tap_the_lao_dong_xuat_sac") == [(b, "tap_the_lao_dong_xuat_sac")]
    assert get(unit_id=bloc["unit_ids"][3]) == []
    assert get(title_code="khong_co") == []

    seen: list[str] = []
    next_url: str | None = url(campaign) + "?limit=4"
    pages = 0
    while next_url:
        r = client.get(next_url, headers=secretariat)
        assert r.status_code == 200, r.text
        seen += [x["id"] for x in r.json()["items"]]
        pages += 1
        next_url = r.headers["Link"][1 : r.headers["Link"].index(">")] if r.json()["next_cursor"] else None
    assert (pages, seen) == (2, [x["id"] for x in registered])
    for bad in ({"limit": 0}, {"limit": 501}, {"cursor": "bad"}, {"unit_id": "x" * 65}):
        assert client.get(url(campaign), params=bad, headers=secretariat).status_code == 422


def test_a_registration_is_read_through_its_own_campaign(
    client: TestClient,
    bloc: dict[str, Any],
    campaign: dict[str, Any],
    registered: list[dict[str, Any]],
    make_campaign: Callable[..., dict[str, Any]],
    secretariat: Headers,
) -> None:
    other = make_campaign(bloc, year=2017)
    r = client.get(url(other, f"/{registered[0]['id']}"), headers=secretariat)
    problem(r, 404, "not_found")
    assert client.get(url(campaign, "/" + "x" * 300), headers=secretariat).status_code == 404


# ---- concurrent registrations of one unit and title -------------------------------------------------------


def test_concurrent_registrations_give_one_row_and_one_409(
    session_factory: Any, bloc: dict[str, Any], campaign: dict[str, Any]
) -> None:
    secretariat = Principal(kind="user", id=str(uuid.uuid4()), name="tk", roles=frozenset({"secretariat"}))
    fields = {"campaign_id": campaign["id"], "unit_id": bloc["unit_ids"][2], "title_code": "co_thi_dua_bo"}

    def second() -> Any:
        with session_factory() as s:
            return registrations_service.create(session=s, principal=secretariat, targets=["Hai"], **fields)

    with session_factory() as first:
        registrations_service.create(session=first, principal=secretariat, targets=["Một"], **fields)
        thread, outcome = in_thread(second)
        time.sleep(0.5)  # the second writer now waits on the first (campaign row lock or SQLite's write lock)
        first.commit()
        thread.join(timeout=30)
    assert isinstance(outcome.get("error"), Conflict), outcome
    assert outcome["error"].code == "already_registered"
    with session_factory() as s:
        assert s.scalars(select(Registration.targets)).all() == [["Một"]]
