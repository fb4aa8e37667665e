"""Councils and their members through HTTP, on SQLite and PostgreSQL; and who may call each council route
(an allowed and a denied call per route; the permission matrix walks them all as every kind of principal)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.builders import Builders
from tests.support.council import COUNCILS, CSTD_BO, CouncilWorld, session_url
from tests.support.problems import problem


class World(CouncilWorld):
    """A council of five (member 0 the chair, 1 the secretary) and a draft session on one item."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build, size=5)
        [self.item] = self.proposal([(self.person(), CSTD_BO)])
        self.sid = self.session([self.item])

    @property
    def url(self) -> str:
        return f"{COUNCILS}/{self.council_id}"


@pytest.fixture
def w(build: Builders) -> World:
    return World(build)


# ---- councils ------------------------------------------------------------------------------------------


def test_create_read_and_change_a_council(w: World) -> None:
    body = {"name": "Hội đồng TĐKT nhiệm kỳ 2026-2031", "authority": "Bộ KH&CN", "term_start": "2026-07-01"}
    r = w.client.post(COUNCILS, json=body, headers=w.admin | {"Idempotency-Key": "council-2026"})
    created = w.ok(r, 201)
    assert r.headers["location"].endswith(f"/councils/{created['id']}")
    assert created | {"id": None, "created_at": None, "updated_at": None} == {
        "id": None,
        "name": "Hội đồng TĐKT nhiệm kỳ 2026-2031",
        "authority": "Bộ KH&CN",
        "term_start": "2026-07-01",
        "term_end": None,
        "members": [],
        "version": 1,
        "created_at": None,
        "updated_at": None,
    }
    replay = w.client.post(COUNCILS, json=body, headers=w.admin | {"Idempotency-Key": "council-2026"})
    assert replay.status_code == 201 and replay.json()["id"] == created["id"]
    got = w.client.get(f"{COUNCILS}/{created['id']}", headers=w.outsider)  # every signed-in user reads
    assert got.status_code == 200 and got.headers["etag"]
    changed = w.client.patch(
        f"{COUNCILS}/{created['id']}",
        json={"term_end": "2031-06-30"},
        headers=w.secretariat | {"If-Match": got.headers["etag"]},
    )
    assert w.ok(changed)["term_end"] == "2031-06-30" and changed.json()["version"] == 2
    problem(
        w.client.patch(
            f"{COUNCILS}/{created['id']}",
            json={"name": "X"},
            headers=w.secretariat | {"If-Match": got.headers["etag"]},
        ),
        412,
    )
    problem(
        w.client.patch(f"{COUNCILS}/{created['id']}", json={"term_end": "2020-01-01"}, headers=w.secretariat),
        422,
    )
    listed = w.ok(w.client.get(COUNCILS, headers=w.member(3)))
    assert [c["id"] for c in listed["items"]] == [w.council_id, created["id"]] and listed[
        "next_cursor"
    ] is None


def test_who_may_manage_councils(w: World) -> None:
    body = {"name": "Hội đồng", "authority": "Bộ", "term_start": "2026-07-01"}
    for headers in (w.outsider, w.observer, w.chair):
        problem(w.client.post(COUNCILS, json=body, headers=headers), 403, "forbidden")
        problem(w.client.patch(w.url, json={"name": "X"}, headers=headers), 403, "forbidden")
    problem(w.client.get(COUNCILS), 401)
    problem(w.client.get(COUNCILS, headers=w.build.client_token(["units:read"])), 403)
    problem(w.client.get(f"{COUNCILS}/no-such-council", headers=w.observer), 404, "not_found")
    vi = problem(w.client.post(COUNCILS, json=body, headers=w.observer | {"Accept-Language": "vi"}), 403)
    assert vi["detail"].startswith("Chỉ Thường trực Hội đồng")


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"name": "", "authority": "Bộ", "term_start": "2026-07-01"}, ["body", "name"]),
        ({"name": "H", "authority": "Bộ"}, ["body", "term_start"]),
        ({"name": "H", "authority": "Bộ", "term_start": "2026-07-01", "x": 1}, ["body", "x"]),
        ({"name": "H", "authority": "Bộ", "term_start": "1900-01-01"}, ["body", "term_start"]),
    ],
)
def test_bad_council_bodies_are_422(w: World, body: dict[str, Any], loc: list[str]) -> None:
    got = problem(w.client.post(COUNCILS, json=body, headers=w.secretariat), 422, "validation_error")
    assert got["errors"][0]["loc"] == loc


# ---- members -------------------------------------------------------------------------------------------


def test_members_carry_their_accounts_name(w: World) -> None:
    page = w.ok(w.client.get(f"{w.url}/members?limit=2", headers=w.outsider))
    assert [m["full_name"] for m in page["items"]] == ["Thành Viên 00", "Thành Viên 01"]
    assert page["items"][0]["user_name"] == "Thành Viên 00" and page["items"][0]["role"] == "chair"
    assert page["next_cursor"] is not None
    council = w.ok(w.client.get(w.url, headers=w.outsider))
    assert [m["is_secretary"] for m in council["members"]] == [False, True, False, False, False]


def test_one_chair_one_membership_per_account_and_a_real_account(w: World) -> None:
    url = f"{w.url}/members"
    problem(
        w.client.post(url, json={"full_name": "A", "role": "chair"}, headers=w.secretariat),
        409,
        "council_has_chair",
    )
    problem(
        w.client.post(url, json={"full_name": "A", "user_id": w.users[2]["id"]}, headers=w.secretariat),
        409,
        "council_member_exists",
    )
    problem(
        w.client.post(url, json={"full_name": "A", "user_id": "nobody"}, headers=w.secretariat),
        422,
        "user_not_found",
    )
    problem(
        w.client.post(url, json={"full_name": "A", "role": "boss"}, headers=w.secretariat),
        422,
        "validation_error",
    )
    # the chair hands over: the old one steps down, the new one takes the role
    w.ok(w.client.patch(f"{url}/{w.member_ids[0]}", json={"role": "vice_chair"}, headers=w.secretariat))
    changed = w.ok(w.client.patch(f"{url}/{w.member_ids[4]}", json={"role": "chair"}, headers=w.secretariat))
    assert changed["role"] == "chair"
    problem(w.act(w.sid, "open", w.member(0)), 403, "not_council_chair")


def test_who_may_manage_members(w: World) -> None:
    url = f"{w.url}/members"
    body = {"full_name": "Phạm Văn Mới"}
    for headers in (w.outsider, w.observer, w.chair, w.secretary):
        problem(w.client.post(url, json=body, headers=headers), 403)
        problem(w.client.patch(f"{url}/{w.member_ids[4]}", json={"position": "X"}, headers=headers), 403)
        problem(w.client.delete(f"{url}/{w.member_ids[4]}", headers=headers), 403)
    problem(w.client.patch(f"{url}/no-such-member", json={"position": "X"}, headers=w.secretariat), 404)
    problem(w.client.delete(f"{COUNCILS}/other/members/{w.member_ids[4]}", headers=w.secretariat), 404)
    added = w.ok(w.client.post(url, json=body, headers=w.admin), 201)
    assert added["user_id"] is None and added["role"] == "member"


def test_a_member_counted_by_a_session_is_never_removed(w: World) -> None:
    url = f"{w.url}/members"
    spare = w.ok(w.client.post(url, json={"full_name": "Nhầm Tên"}, headers=w.secretariat), 201)["id"]
    w.attend(w.sid, range(5))  # the spare has no attendance line: absent when the session opens
    assert w.client.delete(f"{url}/{w.member_ids[4]}", headers=w.secretariat).status_code == 204  # draft only
    w.ok(w.act(w.sid, "open"))
    problem(w.client.delete(f"{url}/{spare}", headers=w.secretariat), 409, "council_member_counted")
    left = w.ok(w.client.patch(f"{url}/{spare}", json={"left_on": "2025-01-01"}, headers=w.secretariat))
    assert left["left_on"] == "2025-01-01"


# ---- sessions: an allowed and a denied call per route --------------------------------------------------


def test_session_routes_allowed_and_denied(w: World) -> None:
    sid, item = w.sid, w.item
    # reading: the council's members, observers, the secretariat; others 404, clients 404
    for headers in (w.member(4), w.observer, w.secretariat, w.admin):
        assert w.client.get(session_url(sid), headers=headers).status_code == 200
        assert w.client.get(session_url(sid, "/turnout"), headers=headers).status_code == 200
    problem(w.client.get(session_url(sid), headers=w.outsider), 404, "not_found")
    problem(w.client.get(session_url(sid, "/turnout"), headers=w.outsider), 404)
    problem(w.client.get(session_url(sid, "/result"), headers=w.outsider), 404)
    problem(w.client.get(session_url(sid), headers=w.build.client_token(["results:read"])), 404)
    # listing: members and readers; an officer who is not a member 403 (the council itself is public)
    assert w.client.get(f"{w.url}/sessions", headers=w.member(3)).status_code == 200
    problem(w.client.get(f"{w.url}/sessions", headers=w.outsider), 403)
    # preparing: the secretariat; not the chair nor a member
    body = {"held_on": "2024-12-21", "agenda": [item]}
    problem(w.client.post(f"{w.url}/sessions", json=body, headers=w.chair), 403)
    problem(w.client.patch(session_url(sid), json={"place": "X"}, headers=w.chair), 403)
    assert w.client.patch(session_url(sid), json={"place": "Hội trường"}, headers=w.admin).status_code == 200
    problem(w.act(sid, "cancel", w.chair), 403)
    # attendance: the secretary or the secretariat; not the chair
    lines = [{"member_id": m, "present": True} for m in w.member_ids]
    problem(
        w.client.put(session_url(sid, "/attendance"), json=lines, headers=w.chair),
        403,
        "not_council_secretary",
    )
    assert w.client.put(session_url(sid, "/attendance"), json=lines, headers=w.secretariat).status_code == 200
    # opening and closing: the chair or the secretariat; not the secretary
    problem(w.act(sid, "open", w.secretary), 403, "not_council_chair")
    w.ok(w.act(sid, "open", w.chair))
    # written votes: the secretary or the secretariat; not a member
    problem(
        w.client.post(
            session_url(sid, "/written-votes"),
            json={"member_id": w.member_ids[3], "choices": {}},
            headers=w.member(3),
        ),
        403,
    )
    problem(
        w.client.post(
            session_url(sid, "/written-votes"),
            json={"member_id": w.member_ids[3], "choices": {}},
            headers=w.secretary,
        ),
        422,
        "member_not_absent",
    )
    problem(w.act(sid, "close", w.secretary), 403)
    w.ok(w.act(sid, "close", w.secretariat))
    assert w.client.get(session_url(sid, "/result"), headers=w.member(2)).status_code == 200
    listed = w.ok(w.client.get(f"{w.url}/sessions?status=closed", headers=w.observer))
    assert [s["id"] for s in listed["items"]] == [sid]
