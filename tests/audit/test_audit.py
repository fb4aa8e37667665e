"""The audit trail through HTTP, and its tamper evidence in the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.audit import service as audit_service
from tests.support.db import user_ref
from tests.support.problems import problem

URL = "/api/v1/audit-events"
UNITS = "/api/v1/units"
Headers = dict[str, str]


@pytest.fixture
def admin_user(make_user: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    return make_user("admin")


@pytest.fixture
def admin(admin_user: dict[str, Any], login: Callable[[str, str], Headers]) -> Headers:
    return login(admin_user["username"], admin_user["password"])


def all_events(client: TestClient, headers: Headers, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        r = client.get(
            URL, params={**params, "limit": 500, **({"cursor": cursor} if cursor else {})}, headers=headers
        )
        assert r.status_code == 200, r.text
        items += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return items


def create_unit(client: TestClient, headers: Headers, code: str, name: str = "Vụ Pháp chế") -> dict[str, Any]:
    r = client.post(UNITS, json={"code": code, "name": name}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


@contextmanager
def unguarded(session_factory: Any, backend: str) -> Iterator[Session]:
    """A session that may change audit_events behind the application's back, as an intruder with
    database access could: triggers off on PostgreSQL (superuser), the triggers dropped on SQLite."""
    with session_factory() as session:
        if backend == "postgresql":
            session.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            session.execute(text("DROP TRIGGER IF EXISTS audit_events_no_update"))
            session.execute(text("DROP TRIGGER IF EXISTS audit_events_no_delete"))
        yield session
        session.commit()


# ---- what gets recorded ----------------------------------------------------------------------------------


def test_unit_changes_are_recorded_with_actor_action_and_object(
    client: TestClient, admin: Headers, admin_user: dict[str, Any], session_factory: Any
) -> None:
    created = client.post(
        UNITS,
        json={"code": "VP", "name": "Văn phòng", "kind": "office"},
        headers={**admin, "X-Request-ID": "req-1"},
    )
    unit = created.json()
    patched = client.patch(
        f"{UNITS}/{unit['id']}",
        json={"name": "Văn phòng Bộ", "active": False},
        headers={**admin, "X-Request-ID": "req-2"},
    )
    assert patched.status_code == 200

    events = all_events(client, admin, object_id=unit["id"])
    assert [(e["action"], e["request_id"]) for e in events] == [
        ("unit.create", "req-1"),
        ("unit.update", "req-2"),
    ]
    for e in events:
        assert set(e) >= {
            "id",
            "at",
            "actor_id",
            "action",
            "object_type",
            "object_id",
            "request_id",
            "outcome",
            "details",
        }
        assert (e["actor_id"], e["actor_type"], e["object_type"], e["object_id"], e["outcome"]) == (
            admin_user["id"],
            "user",
            "unit",
            unit["id"],
            "success",
        )
        assert e["actor_name"] == user_ref(session_factory, admin_user["id"])["full_name"]
    assert events[0]["details"] == {
        "code": "VP",
        "name": "Văn phòng",
        "short_name": None,
        "kind": "office",
        "active": True,
    }
    assert events[1]["details"] == {
        "code": "VP",
        "changes": {"name": ["Văn phòng", "Văn phòng Bộ"], "active": [True, False]},
    }
    assert events[0]["seq"] < events[1]["seq"]


def test_a_service_client_is_the_actor_of_its_upserts(
    client: TestClient, admin: Headers, make_service_client: Callable[..., dict[str, Any]]
) -> None:
    sc = make_service_client(["units:write"], name="Hệ thống đồng bộ đơn vị")
    token = client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": sc["client_id"],
            "client_secret": sc["client_secret"],
        },
    ).json()["access_token"]
    r = client.put(
        f"{UNITS}/by-code/VP", json={"name": "Văn phòng"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 201
    events = all_events(client, admin, object_id=r.json()["id"])
    assert [(e["action"], e["actor_id"], e["actor_type"], e["actor_name"]) for e in events] == [
        ("unit.create", sc["id"], "client", "Hệ thống đồng bộ đơn vị")
    ]


def test_refused_and_empty_changes_record_nothing(client: TestClient, admin: Headers) -> None:
    unit = create_unit(client, admin, "VP")
    url = f"{UNITS}/{unit['id']}"
    assert client.post(UNITS, json={"code": "VP", "name": "X"}, headers=admin).status_code == 409
    assert client.patch(url, json={"name": "X"}, headers={**admin, "If-Match": '"stale"'}).status_code == 412
    assert client.patch(url, json={"code": "OTHER"}, headers=admin).status_code == 409
    assert client.patch(url, json={"name": unit["name"]}, headers=admin).status_code == 200
    assert client.put(f"{UNITS}/by-code/VP", json={"name": unit["name"]}, headers=admin).status_code == 200
    assert [e["action"] for e in all_events(client, admin, object_id=unit["id"])] == ["unit.create"]


def test_filters(
    client: TestClient, admin: Headers, admin_user: dict[str, Any], headers_for: Callable[..., Headers]
) -> None:
    a = create_unit(client, admin, "A")
    b = create_unit(client, headers_for("secretariat"), "B")
    client.patch(f"{UNITS}/{a['id']}", json={"kind": "agency"}, headers=admin)

    creates = all_events(client, admin, action="unit.create")
    assert [e["object_id"] for e in creates] == [a["id"], b["id"]]
    mine = all_events(client, admin, actor_id=admin_user["id"], object_type="unit")
    assert [(e["action"], e["object_id"]) for e in mine] == [
        ("unit.create", a["id"]),
        ("unit.update", a["id"]),
    ]
    assert all_events(client, admin, action="unit.update", object_id=b["id"]) == []
    assert all_events(client, admin, actor_id=str(uuid.uuid4())) == []


def test_pagination_in_chain_order(client: TestClient, admin: Headers) -> None:
    for i in range(7):
        create_unit(client, admin, f"U{i}")
    everything = all_events(client, admin)
    seen: list[dict[str, Any]] = []
    url: str | None = f"{URL}?limit=2"
    while url:
        r = client.get(url, headers=admin)
        assert r.status_code == 200, r.text
        seen += r.json()["items"]
        link = r.headers.get("Link")
        assert (link is None) == (r.json()["next_cursor"] is None)
        url = link[1 : link.index(">")] if link else None
    assert seen == everything
    seqs = [e["seq"] for e in seen]
    assert seqs == list(range(1, len(seen) + 1))  # the whole trail, in order, nothing twice or missing
    assert len([e for e in seen if e["action"] == "unit.create"]) == 7


def _cursor(obj: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        _cursor({"seq": "1"}),
        _cursor([]),
        _cursor({"seq": True}),
        _cursor({"seq": -1}),
        _cursor({"seq": 2**63}),
        _cursor({"seq": 10**30}),
        _cursor(["2020-01-01T00:00:00+00:00", "x"]),
    ],
)
def test_a_bad_cursor_is_422(client: TestClient, admin: Headers, cursor: str) -> None:
    r = client.get(URL, params={"cursor": cursor}, headers=admin)
    problem(r, 422, "validation_error")


def test_one_event_by_id(client: TestClient, admin: Headers) -> None:
    unit = create_unit(client, admin, "VP")
    [event] = all_events(client, admin, object_id=unit["id"])
    r = client.get(f"{URL}/{event['id']}", headers=admin)
    assert (r.status_code, r.json()) == (200, event)
    for missing in (str(uuid.uuid4()), "nope", "x" * 200):
        assert client.get(f"{URL}/{missing}", headers=admin).status_code == 404


def test_no_secret_reaches_the_trail(
    client: TestClient, admin: Headers, make_user: Callable[..., Any]
) -> None:
    user = make_user("observer", password="a-very-secret-password-123")
    client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "password",
            "username": user["username"],
            "password": "a-very-secret-password-123",
        },
    )
    client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "password",
            "username": user["username"],
            "password": "wrong-secret-password-456",
        },
    )
    r = client.get(URL, params={"limit": 500}, headers=admin)
    assert "secret-password" not in r.text
    assert "access_token" not in r.text and "refresh_token" not in r.text


# ---- who may read ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("observer", 200), ("secretariat", 403), ("officer", 403)]
)
def test_only_admin_and_observer_read_the_trail(
    client: TestClient, headers_for: Callable[..., Headers], admin: Headers, role: str, status: int
) -> None:
    create_unit(client, admin, "VP")
    event_id = all_events(client, admin)[0]["id"]
    headers = headers_for(role)
    for path in (URL, f"{URL}/verify", f"{URL}/{event_id}"):
        r = client.get(path, headers=headers)
        assert r.status_code == status, (path, r.text)


@pytest.mark.parametrize("scopes", [["units:read", "units:write", "results:read", "reports:write"], []])
def test_service_clients_never_read_the_trail(
    client: TestClient, make_client_token: Callable[..., Headers], scopes: list[str]
) -> None:
    headers = make_client_token(scopes)
    for path in (URL, f"{URL}/verify"):
        assert client.get(path, headers=headers).status_code == 403


@pytest.mark.parametrize("path", [URL, f"{URL}/verify", f"{URL}/3f8e2a1c-5b7d-4e9f-a0c2-6d1b8e4f7a90"])
def test_without_a_token_it_is_401(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert (r.status_code, r.headers["WWW-Authenticate"]) == (401, "Bearer")


# ---- verification and tamper evidence --------------------------------------------------------------------


def test_an_untouched_chain_verifies(client: TestClient, admin: Headers) -> None:
    for i in range(3):
        create_unit(client, admin, f"U{i}")
    count = len(all_events(client, admin))
    assert count >= 4  # the logins and the three creations
    r = client.get(f"{URL}/verify", headers=admin)
    assert (r.status_code, r.json()) == (200, {"ok": True, "count": count})


def test_verification_reads_in_batches(
    client: TestClient, admin: Headers, session_factory: Any, backend: str
) -> None:
    for i in range(5):
        create_unit(client, admin, f"U{i}")
    events = all_events(client, admin)
    with session_factory() as session:
        for batch in (1, 2, 3, len(events), 1000):
            assert audit_service.verify(session=session, batch=batch) == audit_service.Verification(
                ok=True, count=len(events), first_bad_id=None
            )
    with unguarded(session_factory, backend) as session:
        session.execute(
            text("UPDATE audit_events SET outcome = 'failure' WHERE id = :id"), {"id": events[4]["id"]}
        )
    with session_factory() as session:
        for batch in (1, 2, 4, 5, 1000):
            result = audit_service.verify(session=session, batch=batch)
            assert (result.ok, result.count, result.first_bad_id) == (False, 5, events[4]["id"])


def test_an_edited_row_is_found(
    client: TestClient, admin: Headers, session_factory: Any, backend: str
) -> None:
    unit = create_unit(client, admin, "VP")
    client.patch(f"{UNITS}/{unit['id']}", json={"name": "Văn phòng Bộ"}, headers=admin)
    create_unit(client, admin, "TT")
    target = all_events(client, admin, action="unit.update")[0]
    with unguarded(session_factory, backend) as session:
        session.execute(
            text("UPDATE audit_events SET details = :d WHERE id = :id"),
            {"d": '{"code": "VP", "changes": {"name": ["Văn phòng", "Văn phòng khác"]}}', "id": target["id"]},
        )
    r = client.get(f"{URL}/verify", headers=admin)
    assert (r.status_code, r.json()) == (200, {"ok": False, "first_bad_id": target["id"]})


def events_after_three_units(client: TestClient, admin: Headers) -> list[dict[str, Any]]:
    for code in ("A", "B", "C"):
        create_unit(client, admin, code)
    return all_events(client, admin)


def test_a_removed_row_is_found(
    client: TestClient, admin: Headers, session_factory: Any, backend: str
) -> None:
    events = events_after_three_units(client, admin)
    removed, following = events[-2], events[-1]
    with unguarded(session_factory, backend) as session:
        session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": removed["id"]})
    r = client.get(f"{URL}/verify", headers=admin)
    assert r.json() == {"ok": False, "first_bad_id": following["id"]}


def test_a_reordered_row_is_found(
    client: TestClient, admin: Headers, session_factory: Any, backend: str
) -> None:
    events = events_after_three_units(client, admin)
    first, second = events[-3], events[-2]
    with unguarded(session_factory, backend) as session:  # swap their places in the chain
        session.execute(text("UPDATE audit_events SET seq = -1 WHERE id = :id"), {"id": first["id"]})
        session.execute(
            text("UPDATE audit_events SET seq = :s WHERE id = :id"), {"s": first["seq"], "id": second["id"]}
        )
        session.execute(
            text("UPDATE audit_events SET seq = :s WHERE id = :id"), {"s": second["seq"], "id": first["id"]}
        )
    r = client.get(f"{URL}/verify", headers=admin)
    assert r.json() == {"ok": False, "first_bad_id": second["id"]}


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET outcome = 'failure'",
        "DELETE FROM audit_events",
        "UPDATE audit_events SET details = '{}'",
    ],
)
def test_the_database_refuses_to_change_the_trail(
    client: TestClient, admin: Headers, session_factory: Any, statement: str
) -> None:
    create_unit(client, admin, "VP")
    before = all_events(client, admin)
    with session_factory() as session:
        with pytest.raises(DBAPIError, match="append-only"):
            session.execute(text(statement))
        session.rollback()
    assert all_events(client, admin)[: len(before)] == before
    assert client.get(f"{URL}/verify", headers=admin).json()["ok"] is True


def test_postgresql_refuses_truncate(
    client: TestClient, admin: Headers, session_factory: Any, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's; SQLite has none")
    create_unit(client, admin, "VP")
    with session_factory() as session:
        with pytest.raises(DBAPIError, match="append-only"):
            session.execute(text("TRUNCATE audit_events"))
        session.rollback()
    assert client.get(f"{URL}/verify", headers=admin).json()["ok"] is True
