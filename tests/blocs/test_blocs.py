"""Blocs and their yearly members through HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
import unicodedata
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.blocs import leadership
from app.blocs import service as blocs_service
from app.core.audit import SYSTEM
from app.core.errors import Conflict
from app.models import BlocMember, Registration
from app.models.base import new_id
from tests.support.builders import sign_pledge
from tests.support.db import audit_events, in_thread, unit_ref
from tests.support.problems import ODD_IDS, problem, read_and_patch_are_404

URL = "/api/v1/blocs"
Headers = dict[str, str]
Maker = Callable[..., dict[str, Any]]


def new_code() -> str:
    return f"K{uuid.uuid4().hex[:10].upper()}"


def members_url(bloc_id: str, year: int) -> str:
    return f"{URL}/{bloc_id}/years/{year}/members"


def delegates_url(bloc_id: str, year: int) -> str:
    return f"{URL}/{bloc_id}/years/{year}/delegates"


def body_of(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {"members": [{"unit_id": unit_id, "role": role} for unit_id, role in pairs]}


def roles_of(response: Any) -> list[tuple[str, str]]:
    assert response.status_code == 200, response.text
    return [(m["unit_id"], m["role"]) for m in response.json()["members"]]


@pytest.fixture
def sec(headers_for: Callable[..., Headers]) -> Headers:
    return headers_for("secretariat")


@pytest.fixture
def create(client: TestClient, sec: Headers) -> Maker:
    def _create(
        code: str | None = None, name: str = "Khối thi đua các cơ quan Bộ", **extra: Any
    ) -> dict[str, Any]:
        r = client.post(URL, json={"code": code or new_code(), "name": name, **extra}, headers=sec)
        assert r.status_code == 201, r.text
        return r.json()

    return _create


@pytest.fixture
def units(make_unit: Maker) -> list[dict[str, Any]]:
    """Five units whose codes sort in creation order."""
    prefix = uuid.uuid4().hex[:6].upper()
    return [make_unit(code=f"{prefix}{i}") for i in range(5)]


# ---- blocs: create -------------------------------------------------------------------------------------


def test_secretariat_creates_a_bloc_stored_nfc(
    client: TestClient, sec: Headers, session_factory: Any
) -> None:
    name = unicodedata.normalize("NFD", "Khối thi đua các cơ quan Bộ")
    r = client.post(
        URL, json={"code": "KHOI_CQB", "name": f" {name} ", "description": "Khối 1\nnăm 2016"}, headers=sec
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == {"id", "code", "name", "description", "created_at", "updated_at"}
    assert (body["code"], body["name"], body["description"]) == (
        "KHOI_CQB",
        unicodedata.normalize("NFC", "Khối thi đua các cơ quan Bộ"),
        "Khối 1\nnăm 2016",
    )
    assert body["created_at"] == body["updated_at"]
    assert datetime.fromisoformat(body["created_at"]).utcoffset() == timedelta(0)
    assert r.headers["ETag"] == f'"{body["id"]}.1"'
    assert r.headers["Location"] == f"http://testserver{URL}/{body['id']}"
    got = client.get(f"{URL}/{body['id']}", headers=sec)
    assert (got.status_code, got.json(), got.headers["ETag"]) == (200, body, r.headers["ETag"])
    [event] = audit_events(session_factory, "bloc.create", body["id"])
    assert event.details == {"code": "KHOI_CQB", "name": body["name"], "description": "Khối 1\nnăm 2016"}


def test_an_empty_description_is_stored_as_null(client: TestClient, sec: Headers) -> None:
    r = client.post(URL, json={"code": new_code(), "name": "Khối 2", "description": ""}, headers=sec)
    assert (r.status_code, r.json()["description"]) == (201, None)


@pytest.mark.parametrize("role", ["secretariat", "admin"])
def test_secretariat_and_admin_may_create(
    client: TestClient, headers_for: Callable[..., Headers], role: str
) -> None:
    r = client.post(URL, json={"code": new_code(), "name": "Khối"}, headers=headers_for(role))
    assert r.status_code == 201, r.text


def test_others_may_not_create(
    client: TestClient,
    sec: Headers,
    headers_for: Callable[..., Headers],
    make_client_token: Callable[..., Headers],
) -> None:
    for headers in (
        headers_for("officer"),
        headers_for("observer"),
        make_client_token(["units:read", "units:write", "results:read"]),
    ):
        r = client.post(URL, json={"code": "NOPE", "name": "Khối"}, headers=headers)
        problem(r, 403, "forbidden")
    assert client.get(URL, params={"code": "NOPE"}, headers=sec).json()["items"] == []


def test_duplicate_code_is_409_already_exists(client: TestClient, sec: Headers, create: Maker) -> None:
    first = create(code="KHOI1", name="Khối một")
    r = client.post(URL, json={"code": "KHOI1", "name": "Khối khác"}, headers=sec)
    problem(r, 409, "already_exists")
    assert r.json()["errors"] == [
        {"loc": ["body", "code"], "msg": "already exists", "type": "already_exists"}
    ]
    assert [b["id"] for b in client.get(URL, headers=sec).json()["items"]] == [first["id"]]


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Thiếu mã"},
        {"code": "K1"},
        {"code": "", "name": "X"},
        {"code": "có dấu", "name": "X"},
        {"code": "K" * 65, "name": "X"},
        {"code": "K1", "name": "  "},
        {"code": "K1", "name": "x" * 301},
        {"code": "K1", "name": "a\x00b"},
        {"code": "K1", "name": "X", "description": "x" * 2001},
        {"code": "K1", "name": "X", "description": "a\x00b"},
        {"code": "K1", "name": "X", "extra": 1},
    ],
)
def test_invalid_create_bodies_are_422(client: TestClient, sec: Headers, body: dict[str, Any]) -> None:
    r = client.post(URL, json=body, headers=sec)
    problem(r, 422, "validation_error")
    assert r.json()["errors"]
    assert client.get(URL, headers=sec).json()["items"] == []


def test_create_honours_idempotency_key(client: TestClient, sec: Headers) -> None:
    headers = {**sec, "Idempotency-Key": str(uuid.uuid4())}
    first = client.post(URL, json={"code": "IDEM", "name": "Khối"}, headers=headers)
    again = client.post(URL, json={"code": "IDEM", "name": "Khối"}, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Idempotent-Replayed"] == "true"
    other = client.post(URL, json={"code": "IDEM2", "name": "Khối"}, headers=headers)
    problem(other, 422, "idempotency_key_reused")
    assert [b["code"] for b in client.get(URL, headers=sec).json()["items"]] == ["IDEM"]


# ---- blocs: read ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "secretariat", "officer", "observer"])
def test_every_user_may_read(
    client: TestClient, headers_for: Callable[..., Headers], create: Maker, role: str
) -> None:
    bloc = create()
    headers = headers_for(role)
    assert client.get(f"{URL}/{bloc['id']}", headers=headers).json() == bloc
    assert client.get(URL, headers=headers).json() == {"items": [bloc], "next_cursor": None, "total": None}


@pytest.mark.parametrize(
    ("scopes", "status"),
    [(["units:read"], 200), (["results:read"], 200), (["reports:write", "scores:write", "units:write"], 403)],
)
def test_service_clients_read_with_units_or_results_scope(
    client: TestClient,
    make_client_token: Callable[..., Headers],
    create: Maker,
    scopes: list[str],
    status: int,
) -> None:
    bloc = create()
    headers = make_client_token(scopes)
    one = client.get(f"{URL}/{bloc['id']}", headers=headers)
    many = client.get(URL, headers=headers)
    assert (one.status_code, many.status_code) == (status, status)
    if status == 200:
        assert one.json() == bloc
        assert many.json()["items"] == [bloc]


def test_list_is_paginated_in_creation_order(client: TestClient, sec: Headers, create: Maker) -> None:
    made = [create(code=f"P{i}")["id"] for i in range(5)]
    seen: list[str] = []
    r = client.get(URL, params={"limit": 2}, headers=sec)
    while True:
        assert r.status_code == 200, r.text
        seen += [b["id"] for b in r.json()["items"]]
        if r.json()["next_cursor"] is None:
            assert "Link" not in r.headers
            break
        assert r.headers["Link"].endswith('>; rel="next"')
        r = client.get(URL, params={"limit": 2, "cursor": r.json()["next_cursor"]}, headers=sec)
    assert seen == made
    assert [b["id"] for b in client.get(URL, params={"code": "P3"}, headers=sec).json()["items"]] == [made[3]]
    assert client.get(URL, params={"limit": 501}, headers=sec).status_code == 422


@pytest.mark.parametrize("bloc_id", ODD_IDS)
def test_unknown_or_malformed_id_is_404(client: TestClient, sec: Headers, bloc_id: str) -> None:
    read_and_patch_are_404(
        client,
        f"{URL}/{bloc_id}",
        sec,
        {"name": "X"},
        client.get(members_url(bloc_id, 2016), headers=sec),
        client.put(members_url(bloc_id, 2016), json=body_of(), headers=sec),
        client.get(delegates_url(bloc_id, 2016), headers=sec),
    )


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", URL, None),
        ("POST", URL, {"code": "K", "name": "X"}),
        ("GET", f"{URL}/{uuid.uuid4()}", None),
        ("PATCH", f"{URL}/{uuid.uuid4()}", {"name": "X"}),
        ("GET", members_url(str(uuid.uuid4()), 2016), None),
        ("PUT", members_url(str(uuid.uuid4()), 2016), body_of()),
        ("GET", delegates_url(str(uuid.uuid4()), 2016), None),
    ],
)
@pytest.mark.parametrize("auth", [None, "Bearer not-a-token"])
def test_without_a_valid_token_it_is_401(
    client: TestClient, method: str, path: str, body: dict[str, Any] | None, auth: str | None
) -> None:
    r = client.request(method, path, json=body, headers={"Authorization": auth} if auth else {})
    problem(r, 401, "not_authenticated")
    assert r.headers["WWW-Authenticate"] == "Bearer"


# ---- blocs: patch --------------------------------------------------------------------------------------


def test_patch_changes_name_and_description(
    client: TestClient, sec: Headers, create: Maker, session_factory: Any
) -> None:
    bloc = create(code="KP", name="Khối cũ", description="Mô tả")
    url = f"{URL}/{bloc['id']}"
    r = client.patch(url, json={"name": unicodedata.normalize("NFD", "Khối mới"), "code": "KP"}, headers=sec)
    assert r.status_code == 200, r.text
    assert r.json() == {**bloc, "name": "Khối mới", "updated_at": r.json()["updated_at"]}
    assert r.headers["ETag"] == f'"{bloc["id"]}.2"'
    cleared = client.patch(url, json={"description": None}, headers=sec)
    assert (cleared.json()["description"], cleared.headers["ETag"]) == (None, f'"{bloc["id"]}.3"')
    unchanged = client.patch(url, json={"name": "Khối mới"}, headers=sec)
    assert unchanged.headers["ETag"] == f'"{bloc["id"]}.3"'
    assert [e.details["changes"] for e in audit_events(session_factory, "bloc.update", bloc["id"])] == [
        {"name": ["Khối cũ", "Khối mới"]},
        {"description": ["Mô tả", None]},
    ]


def test_code_is_immutable(client: TestClient, sec: Headers, create: Maker) -> None:
    bloc = create(code="KP")
    r = client.patch(f"{URL}/{bloc['id']}", json={"code": "KP2", "name": "Khác"}, headers=sec)
    problem(r, 409, "immutable_field")
    assert client.get(f"{URL}/{bloc['id']}", headers=sec).json() == bloc


def test_patch_if_match(client: TestClient, sec: Headers, create: Maker) -> None:
    bloc = create()
    url = f"{URL}/{bloc['id']}"
    etag = client.get(url, headers=sec).headers["ETag"]
    assert client.patch(url, json={"name": "Một"}, headers={**sec, "If-Match": etag}).status_code == 200
    stale = client.patch(url, json={"name": "Hai"}, headers={**sec, "If-Match": etag})
    problem(stale, 412, "precondition_failed")
    assert client.get(url, headers=sec).json()["name"] == "Một"


@pytest.mark.parametrize(
    "body", [{"name": None}, {"code": None}, {"name": ""}, {"id": "x"}, {"code": "có dấu"}]
)
def test_invalid_patch_bodies_are_422(
    client: TestClient, sec: Headers, create: Maker, body: dict[str, Any]
) -> None:
    bloc = create()
    r = client.patch(f"{URL}/{bloc['id']}", json=body, headers=sec)
    assert r.status_code == 422, r.text
    assert client.get(f"{URL}/{bloc['id']}", headers=sec).json() == bloc


def test_who_may_patch(
    client: TestClient,
    create: Maker,
    headers_for: Callable[..., Headers],
    make_client_token: Callable[..., Headers],
) -> None:
    bloc = create()
    url = f"{URL}/{bloc['id']}"
    for headers in (headers_for("officer"), headers_for("observer"), make_client_token(["units:write"])):
        r = client.patch(url, json={"name": "Không được"}, headers=headers)
        problem(r, 403, "forbidden")
    for role in ("secretariat", "admin"):
        r = client.patch(url, json={"name": f"Khối {role}"}, headers=headers_for(role))
        assert (r.status_code, r.json()["name"]) == (200, f"Khối {role}")


# ---- members: put and get ------------------------------------------------------------------------------


def test_put_members_then_read_them_in_order(
    client: TestClient,
    sec: Headers,
    create: Maker,
    units: list[dict[str, Any]],
    session_factory: Any,
    headers_for: Callable[..., Headers],
) -> None:
    bloc = create()
    u = [x["id"] for x in units]
    body = body_of((u[4], "member"), (u[3], "deputy"), (u[0], "member"), (u[2], "leader"), (u[1], "member"))
    r = client.put(members_url(bloc["id"], 2016), json=body, headers=sec)
    assert r.status_code == 200, r.text
    expected = {
        "bloc_id": bloc["id"],
        "year": 2016,
        "members": [
            {
                "unit_id": units[i]["id"],
                "role": role,
                "unit_code": units[i]["code"],
                "unit_name": units[i]["name"],
            }
            for i, role in ((2, "leader"), (3, "deputy"), (0, "member"), (1, "member"), (4, "member"))
        ],
    }
    assert r.json() == expected
    got = client.get(members_url(bloc["id"], 2016), headers=headers_for("observer"))
    assert (got.status_code, got.json()) == (200, expected)
    assert got.headers["ETag"] == r.headers["ETag"]
    [event] = audit_events(session_factory, "bloc.members.set", bloc["id"])
    assert event.details == {
        "bloc_code": bloc["code"],
        "year": 2016,
        "added": sorted(
            ({"unit_id": m["unit_id"], "role": m["role"]} for m in body["members"]),
            key=lambda m: m["unit_id"],
        ),
        "removed": [],
        "role_changes": [],
    }
    assert (event.actor_type, event.object_type) == ("user", "bloc")


def test_a_year_without_members_is_an_empty_list(client: TestClient, sec: Headers, create: Maker) -> None:
    bloc = create()
    r = client.get(members_url(bloc["id"], 2030), headers=sec)
    assert (r.status_code, r.json()) == (200, {"bloc_id": bloc["id"], "year": 2030, "members": []})


def test_put_replaces_the_list_and_changes_roles_in_place(
    client: TestClient, sec: Headers, create: Maker, units: list[dict[str, Any]], session_factory: Any
) -> None:
    bloc = create()
    u = [x["id"] for x in units]
    url = members_url(bloc["id"], 2016)
    first = client.put(url, json=body_of((u[0], "leader"), (u[1], "deputy"), (u[2], "member")), headers=sec)
    assert first.status_code == 200, first.text
    # Leader and deputy swap, u2 leaves, u3 joins: the one-leader index never sees two leaders.
    r = client.put(url, json=body_of((u[0], "deputy"), (u[1], "leader"), (u[3], "member")), headers=sec)
    assert roles_of(r) == [(u[1], "leader"), (u[0], "deputy"), (u[3], "member")]
    assert r.headers["ETag"] != first.headers["ETag"]
    assert roles_of(client.get(url, headers=sec)) == [(u[1], "leader"), (u[0], "deputy"), (u[3], "member")]
    latest = audit_events(session_factory, "bloc.members.set", bloc["id"])[-1]
    assert latest.details == {
        "bloc_code": bloc["code"],
        "year": 2016,
        "added": [{"unit_id": u[3], "role": "member"}],
        "removed": [{"unit_id": u[2], "role": "member"}],
        "role_changes": sorted(
            [
                {"unit_id": u[0], "from": "leader", "to": "deputy"},
                {"unit_id": u[1], "from": "deputy", "to": "leader"},
            ],
            key=lambda c: c["unit_id"],
        ),
    }
    # A leader may become a plain member and a member the leader, with no deputy at all.
    r = client.put(url, json=body_of((u[0], "member"), (u[1], "member"), (u[3], "leader")), headers=sec)
    assert roles_of(r) == [(u[3], "leader"), (u[0], "member"), (u[1], "member")]
    with session_factory() as s:
        assert s.query(BlocMember).filter_by(bloc_id=bloc["id"], year=2016).count() == 3


def test_the_same_list_again_changes_nothing(
    client: TestClient, sec: Headers, create: Maker, units: list[dict[str, Any]], session_factory: Any
) -> None:
    bloc = create()
    body = body_of((units[0]["id"], "leader"), (units[1]["id"], "member"))
    first = client.put(members_url(bloc["id"], 2016), json=body, headers=sec)
    again = client.put(members_url(bloc["id"], 2016), json=body, headers=sec)
    assert (again.status_code, again.json(), again.headers["ETag"]) == (
        200,
        first.json(),
        first.headers["ETag"],
    )
    assert len(audit_events(session_factory, "bloc.members.set", bloc["id"])) == 1


def test_put_members_if_match(
    client: TestClient, sec: Headers, create: Maker, units: list[dict[str, Any]]
) -> None:
    bloc = create()
    url = members_url(bloc["id"], 2016)
    empty_tag = client.get(url, headers=sec).headers["ETag"]
    one = body_of((units[0]["id"], "leader"))
    r = client.put(url, json=one, headers={**sec, "If-Match": empty_tag})
    assert r.status_code == 200, r.text
    stale = client.put(url, json=body_of((units[1]["id"], "leader")), headers={**sec, "If-Match": empty_tag})
    problem(stale, 412, "precondition_failed")
    assert roles_of(client.get(url, headers=sec)) == [(units[0]["id"], "leader")]
    ok = client.put(
        url, json=body_of((units[1]["id"], "leader")), headers={**sec, "If-Match": r.headers["ETag"]}
    )
    assert roles_of(ok) == [(units[1]["id"], "leader")]


@pytest.mark.parametrize(
    ("roles", "messages"),
    [
        ([], ["a bloc-year needs exactly one leader (got 0)"]),
        (["member", "member"], ["a bloc-year needs exactly one leader (got 0)"]),
        (["deputy", "member"], ["a bloc-year needs exactly one leader (got 0)"]),
        (["leader", "leader", "member"], ["a bloc-year needs exactly one leader (got 2)"]),
        (["leader", "deputy", "deputy"], ["a bloc-year has at most one deputy (got 2)"]),
        (
            ["deputy", "deputy", "member"],
            ["a bloc-year needs exactly one leader (got 0)", "a bloc-year has at most one deputy (got 2)"],
        ),
    ],
)
def test_one_leader_and_at_most_one_deputy(
    client: TestClient,
    sec: Headers,
    create: Maker,
    units: list[dict[str, Any]],
    roles: list[str],
    messages: list[str],
) -> None:
    bloc = create()
    body = body_of(*((units[i]["id"], role) for i, role in enumerate(roles)))
    r = client.put(members_url(bloc["id"], 2016), json=body, headers=sec)
    problem(r, 422, "validation_error")
    assert r.json()["errors"] == [
        {"loc": ["body", "members"], "msg": m, "type": "leadership"} for m in messages
    ]
    assert client.get(members_url(bloc["id"], 2016), headers=sec).json()["members"] == []


def test_a_unit_listed_twice_is_422(
    client: TestClient, sec: Headers, create: Maker, units: list[dict[str, Any]]
) -> None:
    bloc = create()
    u = units[0]["id"]
    r = client.put(
        members_url(bloc["id"], 2016),
        json=body_of((u, "leader"), (units[1]["id"], "member"), (u, "member")),
        headers=sec,
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [
        {"loc": ["body", "members", 2, "unit_id"], "msg": "unit listed twice", "type": "duplicate_unit"}
    ]


def test_an_unknown_unit_is_422_naming_it(
    client: TestClient, sec: Headers, create: Maker, units: list[dict[str, Any]]
) -> None:
    bloc = create()
    ghost = str(uuid.uuid4())
    r = client.put(
        members_url(bloc["id"], 2016),
        json=body_of((units[0]["id"], "leader"), (ghost, "member")),
        headers=sec,
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [
        {"loc": ["body", "members", 1, "unit_id"], "msg": f"no unit has id {ghost!r}", "type": "unknown_unit"}
    ]
    assert client.get(members_url(bloc["id"], 2016), headers=sec).json()["members"] == []


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"members": None},
        {"members": [{"unit_id": "x", "role": "chair"}]},
        {"members": [{"unit_id": "x"}]},
        {"members": [{"role": "leader"}]},
        {"members": [{"unit_id": "x" * 65, "role": "leader"}]},
        {"members": [{"unit_id": "x", "role": "leader", "extra": 1}]},
        {"members": [], "year": 2016},
    ],
)
def test_malformed_member_bodies_are_422(
    client: TestClient, sec: Headers, create: Maker, body: dict[str, Any]
) -> None:
    bloc = create()
    r = client.put(members_url(bloc["id"], 2016), json=body, headers=sec)
    problem(r, 422, "validation_error")


def test_at_most_200_members(client: TestClient, sec: Headers, create: Maker, make_unit: Maker) -> None:
    bloc = create()
    ids = [make_unit()["id"] for _ in range(201)]
    too_many = body_of((ids[0], "leader"), *((i, "member") for i in ids[1:]))
    r = client.put(members_url(bloc["id"], 2016), json=too_many, headers=sec)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["loc"] == ["body", "members"]
    ok = client.put(members_url(bloc["id"], 2016), json={"members": too_many["members"][:200]}, headers=sec)
    assert ok.status_code == 200, ok.text
    assert len(ok.json()["members"]) == 200


@pytest.mark.parametrize("year", [1944, 2201, -1])
def test_year_out_of_range_is_422(
    client: TestClient, sec: Headers, create: Maker, units: list[dict[str, Any]], year: int
) -> None:
    bloc = create()
    for r in (
        client.put(members_url(bloc["id"], year), json=body_of((units[0]["id"], "leader")), headers=sec),
        client.get(members_url(bloc["id"], year), headers=sec),
        client.get(delegates_url(bloc["id"], year), headers=sec),
    ):
        problem(r, 422, "validation_error")
        assert r.json()["errors"][0]["loc"] == ["path", "year"]


@pytest.mark.parametrize("year", [1945, 2200])
def test_year_bounds_are_allowed(
    client: TestClient, sec: Headers, create: Maker, units: list[dict[str, Any]], year: int
) -> None:
    bloc = create()
    r = client.put(members_url(bloc["id"], year), json=body_of((units[0]["id"], "leader")), headers=sec)
    assert roles_of(r) == [(units[0]["id"], "leader")]


def test_only_the_secretariat_may_set_members(
    client: TestClient,
    sec: Headers,
    create: Maker,
    make_bloc: Maker,
    officer_of: Callable[[str], Headers],
    headers_for: Callable[..., Headers],
    make_client_token: Callable[..., Headers],
) -> None:
    existing = make_bloc(3, year=2016)
    url = members_url(existing["id"], 2016)
    before = client.get(url, headers=sec).json()
    body = body_of((existing["unit_ids"][1], "leader"), (existing["unit_ids"][0], "member"))
    for headers in (
        officer_of(existing["leader"]),  # even the leader unit's officer
        headers_for("officer"),
        headers_for("observer"),
        headers_for("admin"),
        make_client_token(["units:write", "units:read", "results:read"]),
    ):
        r = client.put(url, json=body, headers=headers)
        problem(r, 403, "forbidden")
    assert client.get(url, headers=sec).json() == before
    assert roles_of(client.put(url, json=body, headers=sec)) == [
        (existing["unit_ids"][1], "leader"),
        (existing["unit_ids"][0], "member"),
    ]


def test_every_principal_may_read_members(
    client: TestClient,
    make_bloc: Maker,
    headers_for: Callable[..., Headers],
    make_client_token: Callable[..., Headers],
) -> None:
    bloc = make_bloc(2, year=2016)
    expected = [(bloc["unit_ids"][0], "leader"), (bloc["unit_ids"][1], "deputy")]
    for headers in (
        *(headers_for(role) for role in ("admin", "secretariat", "officer", "observer")),
        make_client_token(["units:read"]),
        make_client_token(["reports:write"], unit_id=bloc["unit_ids"][0]),
    ):
        assert roles_of(client.get(members_url(bloc["id"], 2016), headers=headers)) == expected


# ---- members: one bloc per unit and year ---------------------------------------------------------------


def test_a_unit_in_another_bloc_that_year_is_409(
    client: TestClient, sec: Headers, create: Maker, units: list[dict[str, Any]]
) -> None:
    a, b = create(code="KA"), create(code="KB")
    u = [x["id"] for x in units]
    assert (
        client.put(
            members_url(a["id"], 2016), json=body_of((u[0], "leader"), (u[1], "member")), headers=sec
        ).status_code
        == 200
    )
    r = client.put(members_url(b["id"], 2016), json=body_of((u[2], "leader"), (u[1], "member")), headers=sec)
    problem(r, 409, "unit_in_other_bloc")
    assert r.json()["errors"] == [
        {
            "loc": ["body", "members", 1, "unit_id"],
            "msg": f"unit {u[1]} is a member of bloc 'KA' in 2016",
            "type": "unit_in_other_bloc",
        }
    ]
    assert r.json()["unit_ids"] == [u[1]]
    assert client.get(members_url(b["id"], 2016), headers=sec).json()["members"] == []
    # Another year is another matter: the unit may change blocs from one year to the next.
    r = client.put(members_url(b["id"], 2017), json=body_of((u[2], "leader"), (u[1], "member")), headers=sec)
    assert roles_of(r) == [(u[2], "leader"), (u[1], "member")]
    # And once bloc A lets it go in 2016, bloc B may take it that year too.
    assert (
        client.put(members_url(a["id"], 2016), json=body_of((u[0], "leader")), headers=sec).status_code == 200
    )
    r = client.put(members_url(b["id"], 2016), json=body_of((u[2], "leader"), (u[1], "member")), headers=sec)
    assert roles_of(r) == [(u[2], "leader"), (u[1], "member")]


def test_history_is_kept_per_year(
    client: TestClient,
    sec: Headers,
    create: Maker,
    units: list[dict[str, Any]],
    headers_for: Callable[..., Headers],
) -> None:
    bloc = create()
    u = [x["id"] for x in units]
    y2016 = body_of((u[0], "leader"), (u[1], "deputy"), (u[2], "member"))
    y2017 = body_of((u[1], "leader"), (u[3], "member"))
    assert client.put(members_url(bloc["id"], 2016), json=y2016, headers=sec).status_code == 200
    assert client.put(members_url(bloc["id"], 2017), json=y2017, headers=sec).status_code == 200
    observer = headers_for("observer")
    assert roles_of(client.get(members_url(bloc["id"], 2016), headers=observer)) == [
        (u[0], "leader"),
        (u[1], "deputy"),
        (u[2], "member"),
    ]
    assert roles_of(client.get(members_url(bloc["id"], 2017), headers=observer)) == [
        (u[1], "leader"),
        (u[3], "member"),
    ]
    # Rewriting 2017 leaves 2016 alone.
    assert (
        client.put(members_url(bloc["id"], 2017), json=body_of((u[4], "leader")), headers=sec).status_code
        == 200
    )
    assert len(client.get(members_url(bloc["id"], 2016), headers=observer).json()["members"]) == 3
    assert roles_of(client.get(members_url(bloc["id"], 2017), headers=observer)) == [(u[4], "leader")]


# ---- members: activity --------------------------------------------------------------------------------


def _sign(session_factory: Any, campaign_id: str, unit_id: str) -> None:
    with session_factory() as s:
        sign_pledge(
            s, campaign_id, [unit_id], title="Giao ước thi đua", signatory=("Nguyễn Văn A", "Vụ trưởng")
        )
        s.commit()


def _register(session_factory: Any, campaign_id: str, unit_id: str) -> None:
    with session_factory() as s:
        s.add(Registration(id=new_id(), campaign_id=campaign_id, unit_id=unit_id, title_code="co_thi_dua_bo"))
        s.commit()


def _score(session_factory: Any, campaign_id: str, unit_id: str) -> None:
    from app.models import ScoreSheet

    with session_factory() as s:
        s.add(ScoreSheet(id=new_id(), campaign_id=campaign_id, unit_id=unit_id, stage="self"))
        s.commit()


def _report(session_factory: Any, campaign_id: str, unit_id: str) -> None:
    from app.models import Report

    with session_factory() as s:
        s.add(
            Report(
                id=new_id(),
                campaign_id=campaign_id,
                unit_id=unit_id,
                kind="annual",
                version=1,
                title="Báo cáo",
                sections=[],
                metrics={},
                submitted_by="user:x",
            )
        )
        s.commit()


def _vote(session_factory: Any, campaign_id: str, unit_id: str) -> None:
    from app.models import BallotVoter, User, VotingSession

    with session_factory() as s:
        officer = User(
            id=new_id(),
            username=f"o{new_id()[:8]}",
            full_name="Đại biểu",
            password_hash="x",
            roles=["officer"],
            unit_id=unit_id,
        )
        vs = VotingSession(
            id=new_id(),
            campaign_id=campaign_id,
            title_code="co_thi_dua_bo",
            seats=1,
            max_choices=1,
            status="closed",
        )
        s.add_all([officer, vs])
        s.flush()
        s.add(BallotVoter(session_id=vs.id, user_id=officer.id))
        s.commit()


def _contribute(session_factory: Any, campaign_id: str, unit_id: str) -> None:
    from app.models import YearReport, YearReportContribution

    with session_factory() as s:
        report = YearReport(id=new_id(), campaign_id=campaign_id, title="Báo cáo tổng kết")
        s.add(report)
        s.flush()
        s.add(
            YearReportContribution(
                report_id=report.id,
                unit_id=unit_id,
                section_key="results",
                kind="addition",
                text="Bổ sung",
                based_on_version=1,
            )
        )
        s.commit()


_ACTIVITY = {
    "signature": _sign,
    "registration": _register,
    "score_sheet": _score,
    "report": _report,
    "ballot": _vote,
    "year_report_contribution": _contribute,
}


@pytest.mark.parametrize("activity", list(_ACTIVITY))
def test_removing_a_unit_with_activity_is_409(
    client: TestClient,
    sec: Headers,
    make_bloc: Maker,
    make_campaign: Maker,
    session_factory: Any,
    activity: str,
) -> None:
    bloc = make_bloc(4, year=2016)
    leader, deputy, busy, idle = bloc["unit_ids"]
    campaign = make_campaign(bloc)
    _ACTIVITY[activity](session_factory, campaign["id"], busy)
    url = members_url(bloc["id"], 2016)
    before = client.get(url, headers=sec).json()

    r = client.put(url, json=body_of((leader, "leader"), (deputy, "deputy")), headers=sec)
    problem(r, 409, "member_has_activity")
    assert r.json()["unit_ids"] == [busy]
    assert r.json()["errors"] == [
        {
            "loc": ["body", "members"],
            "msg": f"unit {busy} has activity in 2016 and cannot be removed",
            "type": "member_has_activity",
        }
    ]
    assert client.get(url, headers=sec).json() == before
    # Its role may change, and units without activity may leave.
    r = client.put(url, json=body_of((busy, "leader"), (leader, "member"), (deputy, "deputy")), headers=sec)
    assert roles_of(r) == [(busy, "leader"), (deputy, "deputy"), (leader, "member")]
    assert idle not in {m for m, _ in roles_of(client.get(url, headers=sec))}


def test_activity_in_another_bloc_year_does_not_block(
    client: TestClient, sec: Headers, make_bloc: Maker, make_campaign: Maker, session_factory: Any
) -> None:
    bloc = make_bloc(3, year=2016)
    leader, deputy, unit = bloc["unit_ids"]
    make_bloc(unit_ids=[leader, deputy, unit], year=2017, bloc_id=bloc["id"])
    _register(session_factory, make_campaign(bloc, year=2017)["id"], unit)
    r = client.put(members_url(bloc["id"], 2016), json=body_of((leader, "leader")), headers=sec)
    assert roles_of(r) == [(leader, "leader")]
    r = client.put(members_url(bloc["id"], 2017), json=body_of((leader, "leader")), headers=sec)
    problem(r, 409, "member_has_activity")


def test_units_with_activity(
    make_bloc: Maker, make_campaign: Maker, session_factory: Any, make_unit: Maker
) -> None:
    bloc = make_bloc(4, year=2016)
    a, b, c, d = bloc["unit_ids"]
    campaign = make_campaign(bloc)
    _sign(session_factory, campaign["id"], a)
    _register(session_factory, campaign["id"], b)
    _register(session_factory, campaign["id"], a)
    with session_factory() as s:
        assert blocs_service.units_with_activity(s, bloc["id"], 2016, [a, b, c, d]) == {a, b}
        assert blocs_service.units_with_activity(s, bloc["id"], 2016, [c, d]) == set()
        assert blocs_service.units_with_activity(s, bloc["id"], 2016, []) == set()
        assert blocs_service.units_with_activity(s, bloc["id"], 2017, [a, b]) == set()


# ---- members: concurrency ------------------------------------------------------------------------------


def _set(session_factory: Any, bloc_id: str, entries: list[tuple[str, str]], commit: bool = True) -> Any:
    with session_factory() as s:
        rows = blocs_service.set_members(session=s, actor=SYSTEM, bloc_id=bloc_id, year=2016, entries=entries)
        if commit:
            s.commit()
        return rows


def test_two_blocs_claiming_one_unit_at_once_one_wins(
    session_factory: Any, create: Maker, units: list[dict[str, Any]]
) -> None:
    a, b = create(code="KA"), create(code="KB")
    u = [x["id"] for x in units]
    with session_factory() as first:
        blocs_service.set_members(
            session=first,
            actor=SYSTEM,
            bloc_id=a["id"],
            year=2016,
            entries=[(u[0], "leader"), (u[2], "member")],
        )
        thread, outcome = in_thread(
            lambda: _set(session_factory, b["id"], [(u[1], "leader"), (u[2], "member")])
        )
        time.sleep(
            0.5
        )  # the second writer now waits (SQLite's write lock, or the unique index on PostgreSQL)
        first.commit()
        thread.join(timeout=30)
    error = outcome.get("error")
    assert isinstance(error, Conflict), outcome
    assert (error.code, error.extra) == ("unit_in_other_bloc", {"unit_ids": [u[2]]})
    with session_factory() as s:
        rows = s.execute(select(BlocMember.bloc_id, BlocMember.unit_id).where(BlocMember.year == 2016)).all()
        assert sorted(rows) == sorted([(a["id"], u[0]), (a["id"], u[2])])


def test_the_database_decides_when_the_check_is_passed(
    session_factory: Any, create: Maker, units: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race the check cannot see (both requests checked before either wrote): the unique constraint
    refuses the second insert, and the answer still names the unit."""
    a, b = create(code="KA"), create(code="KB")
    u = [x["id"] for x in units]
    _set(session_factory, a["id"], [(u[0], "leader"), (u[2], "member")])
    real = blocs_service._in_other_blocs
    calls: list[int] = []

    def blind_first_time(*args: Any, **kwargs: Any) -> dict[str, str]:
        calls.append(1)
        return {} if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(blocs_service, "_in_other_blocs", blind_first_time)
    with pytest.raises(Conflict) as raised:
        _set(session_factory, b["id"], [(u[1], "leader"), (u[2], "member")])
    assert (raised.value.code, raised.value.extra) == ("unit_in_other_bloc", {"unit_ids": [u[2]]})
    assert raised.value.errors[0]["loc"] == ["body", "members", 1, "unit_id"]
    assert len(calls) == 2


def test_removal_waits_for_activity_being_recorded(
    session_factory: Any, make_bloc: Maker, make_campaign: Maker
) -> None:
    """A registration in flight holds the unit's membership row; the removal waits for it, then sees it."""
    bloc = make_bloc(3, year=2016)
    leader, deputy, unit = bloc["unit_ids"]
    campaign = make_campaign(bloc)
    with session_factory() as recording:
        role = leadership.unit_role_for_activity(recording, bloc_id=bloc["id"], year=2016, unit_id=unit)
        assert role == "member"
        recording.add(
            Registration(id=new_id(), campaign_id=campaign["id"], unit_id=unit, title_code="co_thi_dua_bo")
        )
        recording.flush()
        thread, outcome = in_thread(
            lambda: _set(session_factory, bloc["id"], [(leader, "leader"), (deputy, "deputy")])
        )
        time.sleep(0.5)  # the removal now waits on the membership row (or SQLite's write lock)
        assert "error" not in outcome and "value" not in outcome
        recording.commit()
        thread.join(timeout=30)
    error = outcome.get("error")
    assert isinstance(error, Conflict), outcome
    assert (error.code, error.extra) == ("member_has_activity", {"unit_ids": [unit]})
    with session_factory() as s:
        assert leadership.unit_role(s, bloc_id=bloc["id"], year=2016, unit_id=unit) == "member"
        assert leadership.unit_role_for_activity(s, bloc_id=bloc["id"], year=2016, unit_id=None) is None


def test_concurrent_puts_over_http_exactly_one_wins(
    client: TestClient, sec: Headers, create: Maker, units: list[dict[str, Any]], session_factory: Any
) -> None:
    blocs = [create(code=f"KR{i}") for i in range(2)]
    u = [x["id"] for x in units]
    barrier = threading.Barrier(2)
    results: dict[int, Any] = {}

    def put(i: int) -> None:
        body = body_of((u[i], "leader"), (u[4], "member"))
        barrier.wait()
        results[i] = client.put(members_url(blocs[i]["id"], 2016), json=body, headers=sec)

    threads = [threading.Thread(target=put, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    statuses = sorted(r.status_code for r in results.values())
    assert statuses == [200, 409], [r.text for r in results.values()]
    loser = next(r for r in results.values() if r.status_code == 409)
    assert (loser.json()["code"], loser.json()["unit_ids"]) == ("unit_in_other_bloc", [u[4]])
    winner = next(i for i, r in results.items() if r.status_code == 200)
    with session_factory() as s:
        assert s.scalar(select(BlocMember.bloc_id).where(BlocMember.unit_id == u[4])) == blocs[winner]["id"]


# ---- delegates ----------------------------------------------------------------------------------------


def test_delegates_are_the_active_officers_of_member_units(
    client: TestClient,
    sec: Headers,
    make_bloc: Maker,
    make_user: Maker,
    make_unit: Maker,
    officer_of: Callable[[str], Headers],
    session_factory: Any,
) -> None:
    bloc = make_bloc(3, year=2016)
    leader, deputy, member = bloc["unit_ids"]
    people = {
        "leader_officer": make_user("officer", unit_id=leader, full_name="Trần Thị B"),
        "member_officer": make_user("officer", unit_id=member, full_name="Lê Văn C"),
        "member_officer_2": make_user("officer", "observer", unit_id=member, full_name="Đỗ Văn D"),
    }
    make_user("officer", unit_id=member, full_name="Đã nghỉ", active=False)
    make_user("observer", unit_id=member, full_name="Chỉ xem")
    make_user("officer", unit_id=make_unit()["id"], full_name="Đơn vị khác")
    make_bloc(unit_ids=[deputy], year=2017, bloc_id=bloc["id"])  # another year's membership is irrelevant

    r = client.get(delegates_url(bloc["id"], 2016), headers=sec)
    assert r.status_code == 200, r.text
    # In the members' order (leader, deputy, members by code), then by name.
    # Each with the unit's code and name (api.md: "user_id", "full_name", "unit_id", "unit_name").
    expected = [
        {
            "user_id": people["leader_officer"]["id"],
            "full_name": "Trần Thị B",
            **unit_ref(session_factory, leader),
        },
        {
            "user_id": people["member_officer"]["id"],
            "full_name": "Lê Văn C",
            **unit_ref(session_factory, member),
        },
        {
            "user_id": people["member_officer_2"]["id"],
            "full_name": "Đỗ Văn D",
            **unit_ref(session_factory, member),
        },
    ]
    assert r.json() == {"items": expected, "next_cursor": None, "total": None}
    empty = client.get(delegates_url(bloc["id"], 2018), headers=sec).json()
    assert empty == {"items": [], "next_cursor": None, "total": None}

    # The page envelope: two at a time, the Link header to the rest, the total on request.
    first = client.get(
        delegates_url(bloc["id"], 2016), params={"limit": 2, "include_total": "true"}, headers=sec
    )
    assert first.json()["items"] == expected[:2] and first.json()["total"] == 3
    link = first.headers["Link"]
    assert link.endswith('>; rel="next"') and "limit=2" in link and "include_total=true" in link
    rest = client.get(link[1 : link.index(">")], headers=sec)
    assert rest.json() == {"items": expected[2:], "next_cursor": None, "total": 3}
    assert "Link" not in rest.headers
    bad = client.get(delegates_url(bloc["id"], 2016), params={"cursor": "bm9wZQ"}, headers=sec)
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"


def test_who_may_list_delegates(
    client: TestClient,
    make_bloc: Maker,
    officer_of: Callable[[str], Headers],
    headers_for: Callable[..., Headers],
    make_client_token: Callable[..., Headers],
) -> None:
    bloc = make_bloc(3, year=2016)
    leader, deputy, member = bloc["unit_ids"]
    url = delegates_url(bloc["id"], 2016)
    for headers in (officer_of(leader), officer_of(deputy), headers_for("secretariat")):
        r = client.get(url, headers=headers)
        assert r.status_code == 200, r.text
        assert len(r.json()["items"]) == 2  # the two officers made above for the leader and deputy
    for headers in (
        officer_of(member),
        headers_for("officer"),
        headers_for("observer"),
        headers_for("admin"),
        headers_for("observer", unit_id=leader),  # the leader unit, but not an officer
        make_client_token(["units:read", "results:read"], unit_id=leader),
    ):
        r = client.get(url, headers=headers)
        problem(r, 403, "forbidden")


# ---- /auth/me ------------------------------------------------------------------------------------------


def test_me_lists_the_units_memberships_newest_first(
    client: TestClient,
    make_bloc: Maker,
    make_campaign: Maker,
    make_user: Maker,
    login: Callable[[str, str], Headers],
    make_unit: Maker,
) -> None:
    unit = make_unit()["id"]
    other = make_unit()["id"]
    bloc_a = make_bloc(unit_ids=[unit, other], year=2016, leader=unit)
    bloc_b = make_bloc(unit_ids=[other, unit], year=2017, leader=other, deputy=unit)
    make_bloc(unit_ids=[other, unit], year=2018, leader=other, deputy=False, bloc_id=bloc_a["id"])
    campaign_2016 = make_campaign(bloc_a)
    make_campaign(bloc_a, year=2017)  # bloc A's 2017 campaign: the unit is not in bloc A that year
    user = make_user("officer", unit_id=unit)
    r = client.get("/api/v1/auth/me", headers=login(user["username"], user["password"]))
    assert r.status_code == 200, r.text
    assert r.json()["memberships"] == [
        {"year": 2018, "bloc_id": bloc_a["id"], "role": "member", "campaign_id": None},
        {"year": 2017, "bloc_id": bloc_b["id"], "role": "deputy", "campaign_id": None},
        {"year": 2016, "bloc_id": bloc_a["id"], "role": "leader", "campaign_id": campaign_2016["id"]},
    ]
    observer = make_user("observer")
    assert (
        client.get("/api/v1/auth/me", headers=login(observer["username"], observer["password"])).json()[
            "memberships"
        ]
        == []
    )


def test_diff_members_is_pure() -> None:
    change = blocs_service.diff_members(
        {"a": "leader", "b": "member", "c": "deputy"}, {"a": "member", "b": "member", "d": "leader"}
    )
    assert change.added == {"d": "leader"}
    assert change.removed == {"c": "deputy"}
    assert change.role_changes == {"a": ("leader", "member")}
    assert blocs_service.diff_members({"a": "leader"}, {"a": "leader"}).empty
