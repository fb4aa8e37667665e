"""Ballot sessions through HTTP: creating them (each candidates source, prerequisites, who may), changing a
draft, reading and listing them, and their transitions; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from app.core.audit_sealer import seal_pending
from app.models import AuditEvent, BlocMember, Criterion, ScoreEntry, ScoreSheet, SessionCandidate
from app.models.base import new_id, utcnow
from tests.support.builders import Builders, Headers
from tests.support.db import counting
from tests.support.problems import problem
from tests.support.voting import GOVERNMENT_FLAG, MINISTRY_FLAG, SESSION_KEYS, URL, VotingWorld


@pytest.fixture
def w(build: Builders) -> VotingWorld:
    return VotingWorld(build)


# ---- create -------------------------------------------------------------------------------------------


def test_leader_creates_a_session_with_listed_candidates(w: VotingWorld, session_factory: Any) -> None:
    r = w.create()
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == SESSION_KEYS
    assert body["id"]
    assert {k: body[k] for k in SESSION_KEYS - {"id", "created_at", "updated_at"}} == {
        "campaign_id": w.cid,
        "title_code": MINISTRY_FLAG,
        "title_name": "Cờ thi đua của Bộ",
        "name": "Bỏ phiếu suy tôn Cờ thi đua của Bộ năm 2016",
        "seats": 1,
        "candidate_ids": [w.a, w.b, w.c],
        # the names beside the ids, in the same order, as the rows hold them
        "candidate_units": [w.unit_ref(u) for u in (w.a, w.b, w.c)],
        "electorate_user_ids": sorted(w.delegate_ids),
        "electorate_users": [w.user_ref(u) for u in sorted(w.delegate_ids)],
        "max_choices": 1,
        "threshold": {"share": 0.5, "of": "electorate", "inclusive": False},
        "quorum": 0.5,
        "secret": True,
        "method": "electronic",
        "status": "draft",
        "runoff_of": None,
        "candidates_from": None,
        "opened_at": None,
        "closed_at": None,
        "published_at": None,
        "cancelled_at": None,
        "one_delegate_per_unit": False,
        "conference_id": None,
        "conference_name": None,
        "electorate_unit_ids": [],
        "electorate_units": [],
    }
    assert r.headers["ETag"] == f'"{body["id"]}.1"'
    assert r.headers["Location"].endswith(f"{URL}/{body['id']}")
    # It reads back the same, with the same ETag.
    g = w.get(body["id"])
    assert g.status_code == 200
    assert g.json() == body
    assert g.headers["ETag"] == r.headers["ETag"]
    with session_factory() as s:
        positions = s.execute(
            select(SessionCandidate.unit_id, SessionCandidate.position)
            .where(SessionCandidate.session_id == body["id"])
            .order_by(SessionCandidate.position)
        ).all()
        assert [tuple(p) for p in positions] == [(w.a, 0), (w.b, 1), (w.c, 2)]
        events = s.scalars(select(AuditEvent).where(AuditEvent.object_id == body["id"])).all()
        assert [(e.action, e.actor_id) for e in events] == [("voting_session.create", w.delegates[0]["id"])]
        assert events[0].details["candidates"] == 3
        assert events[0].details["electorate"] == 4


def test_settings_given_explicitly_are_kept(w: VotingWorld) -> None:
    body = w.created(
        seats=2,
        max_choices=3,
        threshold={"share": 0.6, "of": "cast", "inclusive": True},
        quorum=0.75,
        secret=False,
        name=None,
        electorate_user_ids=w.delegate_ids[:2],
    )
    assert body["seats"] == 2
    assert body["max_choices"] == 3
    assert body["threshold"] == {"share": 0.6, "of": "cast", "inclusive": True}
    assert body["quorum"] == 0.75
    assert body["secret"] is False
    assert body["name"] is None
    assert body["electorate_user_ids"] == sorted(w.delegate_ids[:2])


def test_max_choices_defaults_to_the_seats_but_never_more_than_the_candidates(w: VotingWorld) -> None:
    assert w.created(seats=2)["max_choices"] == 2
    assert w.created(seats=5)["max_choices"] == 3  # three candidates


def test_deputy_and_secretariat_may_create_others_may_not(w: VotingWorld) -> None:
    assert w.create(w.deputy).status_code == 201
    assert w.create(w.secretariat).status_code == 201
    for headers in (w.member, w.observer, w.admin, w.outsider, w.client_token("results:read")):
        problem(w.create(headers), 403, "forbidden")
    r = w.client.post(URL, json=w.body())
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_leader_of_another_year_may_not_create(
    w: VotingWorld, make_bloc: Callable[..., dict[str, Any]], officer_of: Callable[[str], Headers]
) -> None:
    # C leads the same bloc in 2017; in 2016 it is a plain member.
    make_bloc(unit_ids=[w.c, w.d], year=2017, leader=w.c, bloc_id=w.bloc["id"])
    problem(w.create(officer_of(w.c)), 403, "forbidden")


def test_the_body_is_validated(w: VotingWorld) -> None:
    bad: list[dict[str, Any]] = [
        {"candidate_ids": None},  # neither source
        {"candidates_from": {"session_id": "x"}},  # both sources
        {"candidate_ids": []},
        {"candidate_ids": [w.a, w.a]},
        {"electorate_user_ids": []},
        {"electorate_user_ids": [w.delegate_ids[0], w.delegate_ids[0]]},
        {"electorate_user_ids": ["u"] * 501},
        {"seats": 0},
        {"seats": 51},
        {"max_choices": 0},
        {"max_choices": 4},  # more than the three candidates
        {"threshold": {"share": 1}},
        {"threshold": {"share": -0.1}},
        {"threshold": {"share": 0.5, "of": "members"}},
        {"threshold": {"share": 0.5, "extra": 1}},
        {"quorum": 1.01},
        {"quorum": -0.5},
        {"unknown": 1},
        {"campaign_id": None},
        {"title_code": "no_such_title"},
        {"campaign_id": new_id()},
        {"candidates_from": {"session_id": "x", "session_ids": ["y"]}, "candidate_ids": None},
        {"candidates_from": {"ranking": {}}, "candidate_ids": None},
        {"candidates_from": {"ranking": {"top": 0}}, "candidate_ids": None},
        {"candidates_from": {"session_ids": []}, "candidate_ids": None},
    ]
    for over in bad:  # (None: the field is left out)
        problem(w.client.post(URL, json=w.body(**over), headers=w.leader), 422, "validation_error")


def test_candidates_must_be_members_of_the_bloc_that_year(
    w: VotingWorld, make_bloc: Callable[..., dict[str, Any]]
) -> None:
    # The outside unit is a member of the bloc in 2017, not in 2016.
    make_bloc(unit_ids=[w.outside_unit], year=2017, leader=w.outside_unit, bloc_id=w.bloc["id"])
    body = problem(w.create(candidate_ids=[w.a, w.outside_unit, new_id()]), 422, "candidate_not_member")
    assert [e["loc"] for e in body["errors"]] == [["body", "candidate_ids", 1], ["body", "candidate_ids", 2]]
    assert w.unit(w.outside_unit)[0] in body["detail"]


def test_delegates_must_be_active_officers_of_member_units(w: VotingWorld) -> None:
    observer = w.build.user("observer")
    inactive = w.build.user("officer", unit_id=w.d, active=False)
    secretariat_of_member = w.build.user("secretariat", unit_id=w.d)
    ids = [
        w.delegate_ids[0],
        w.outsider_user["id"],
        observer["id"],
        inactive["id"],
        secretariat_of_member["id"],
    ]
    body = problem(w.create(electorate_user_ids=[*ids, new_id()]), 422, "delegate_not_member")
    assert [e["loc"] for e in body["errors"]] == [["body", "electorate_user_ids", i] for i in range(1, 6)]
    assert w.outsider_user["id"] in body["detail"]
    # A second officer of a member unit is a fine delegate.
    second = w.build.user("officer", unit_id=w.d)
    assert w.create(electorate_user_ids=[w.delegate_ids[0], second["id"]]).status_code == 201


def test_candidates_from_a_published_session_are_its_elected_units(w: VotingWorld) -> None:
    first = w.counted([[w.b], [w.b], [w.b], [w.a]])
    problem(
        w.create(candidate_ids=None, candidates_from={"session_id": first["id"]}), 409, "source_not_published"
    )
    w.acted(first["id"], "publish")
    body = w.created(candidate_ids=None, candidates_from={"session_id": first["id"]})
    assert body["candidate_ids"] == [w.b]
    assert body["candidates_from"] == {"session_id": first["id"]}
    assert body["max_choices"] == 1


def test_candidates_from_several_sessions_unite_their_winners(w: VotingWorld) -> None:
    one = w.counted([[w.c], [w.c], [w.c], None])
    # (another title: C may not be proposed for the same title twice in a year)
    two = w.counted(
        [[w.a, w.c], [w.a, w.c], [w.a, w.c], None], seats=2, title_code="tap_the_lao_dong_xuat_sac"
    )
    for s in (one, two):
        w.acted(s["id"], "publish")
    body = w.created(candidate_ids=None, candidates_from={"session_ids": [one["id"], two["id"]]}, seats=2)
    assert body["candidate_ids"] == [w.c, w.a]
    assert body["candidates_from"] == {"session_ids": [one["id"], two["id"]]}


def test_candidates_from_sessions_refused_when_unknown_unpublished_or_empty(w: VotingWorld) -> None:
    draft = w.created()
    body = problem(
        w.create(candidate_ids=None, candidates_from={"session_ids": [draft["id"], new_id()]}),
        422,
        "validation_error",
    )
    assert body["errors"][0]["loc"] == ["body", "candidates_from", "session_ids", 1]
    problem(
        w.create(candidate_ids=None, candidates_from={"session_ids": [draft["id"]]}),
        409,
        "source_not_published",
    )
    nobody = w.counted([[w.a], None, None, None])  # below quorum: nobody elected
    w.acted(nobody["id"], "publish")
    problem(w.create(candidate_ids=None, candidates_from={"session_id": nobody["id"]}), 422, "no_candidates")


def _scores(session_factory: Any, campaign_id: str, totals: dict[str, float]) -> None:
    """Submitted self sheets with the given totals (one standard item of 100 points)."""
    with session_factory() as s:
        s.add(
            Criterion(
                campaign_id=campaign_id,
                code="1",
                title="Công tác",
                max_points_centi=None,
                kind=None,
                position=0,
            )
        )
        s.add(
            Criterion(
                campaign_id=campaign_id,
                code="1.1",
                parent_code="1",
                title="Hoàn thành nhiệm vụ",
                max_points_centi=10000,
                kind="standard",
                position=1,
            )
        )
        for unit_id, total in totals.items():
            sheet = ScoreSheet(
                id=new_id(),
                campaign_id=campaign_id,
                unit_id=unit_id,
                stage="self",
                status="submitted",
                submitted_at=utcnow(),
                standard_centi=round(total * 100),  # as the scoring services keep it
            )
            s.add(sheet)
            s.flush()
            s.add(ScoreEntry(sheet_id=sheet.id, criterion_code="1.1", points_centi=round(total * 100)))
        s.commit()


def test_candidates_from_the_ranking(w: VotingWorld, session_factory: Any) -> None:
    # B 90, A 85.5, C 85.5, D unscored (no rank): ranks 1, 2, 2, -
    _scores(session_factory, w.cid, {w.b: 90, w.a: 85.5, w.c: 85.5})

    def candidates(rule: dict[str, Any]) -> list[str]:
        body = w.created(candidate_ids=None, candidates_from={"ranking": rule})
        assert body["candidates_from"] == {"ranking": rule}
        return list(body["candidate_ids"])

    assert candidates({"top": 1}) == [w.b]
    tied = candidates({"top": 2})  # the tie at the 2nd rank comes whole
    assert tied[0] == w.b
    assert set(tied[1:]) == {w.a, w.c}
    assert len(candidates({"top": 10})) == 3  # never the unranked D
    assert candidates({"min_total": 90}) == [w.b]
    assert set(candidates({"min_total": 85.5})) == {w.a, w.b, w.c}
    assert candidates({"min_total": 85.51}) == [w.b]
    assert candidates({"top": 2, "min_total": 86}) == [w.b]
    problem(
        w.create(candidate_ids=None, candidates_from={"ranking": {"min_total": 95}}), 422, "no_candidates"
    )


# ---- prerequisites -----------------------------------------------------------------------------------


def test_prerequisites_are_checked_at_creation(w: VotingWorld) -> None:
    def gov(candidates: list[str]) -> Any:
        return w.create(title_code=GOVERNMENT_FLAG, candidate_ids=candidates)

    body = problem(gov([w.a, w.b]), 409, "prerequisite_not_met")
    assert body["missing"] == [
        {"unit_id": w.a, "unit_code": w.unit(w.a)[0], "title_codes": [MINISTRY_FLAG]},
        {"unit_id": w.b, "unit_code": w.unit(w.b)[0], "title_codes": [MINISTRY_FLAG]},
    ]
    # A revoked award, or one of another year, holds nothing.
    w.award(w.a, status="revoked")
    w.award(w.b, year=2015)
    assert len(problem(gov([w.a, w.b]), 409, "prerequisite_not_met")["missing"]) == 2
    # A decided award of the year counts, and so does a proposed one.
    w.award(w.c, status="decided")
    w.award(w.d, status="proposed")
    assert gov([w.c, w.d]).status_code == 201
    body = problem(gov([w.c, w.a]), 409, "prerequisite_not_met")
    assert [m["unit_id"] for m in body["missing"]] == [w.a]
    assert w.unit(w.a)[0] in body["detail"]


def test_government_flag_candidates_from_the_ministry_flag_winners(w: VotingWorld) -> None:
    ministry = w.counted([[w.a, w.b], [w.a, w.b], [w.a, w.b], [w.c]], seats=3, max_choices=3)
    w.acted(ministry["id"], "publish")
    body = w.created(
        title_code=GOVERNMENT_FLAG, candidate_ids=None, candidates_from={"session_id": ministry["id"]}
    )
    assert body["candidate_ids"] == [w.a, w.b]
    assert body["title_code"] == GOVERNMENT_FLAG


# ---- patch ----------------------------------------------------------------------------------------


def test_a_draft_changes_and_is_checked_again(w: VotingWorld) -> None:
    created = w.created(seats=1)
    sid = created["id"]
    etag = f'"{sid}.1"'
    r = w.client.patch(
        f"{URL}/{sid}",
        json={"seats": 2, "candidate_ids": [w.d, w.c], "name": "", "quorum": 0.6},
        headers={**w.leader, "If-Match": etag},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["seats"] == 2
    assert body["max_choices"] == 2  # it followed the seats: it was at its default
    assert body["candidate_ids"] == [w.d, w.c]
    assert body["name"] is None
    assert body["quorum"] == 0.6
    assert r.headers["ETag"] == f'"{sid}.2"'
    assert w.get(sid).json() == body
    # A stale If-Match is refused and changes nothing.
    problem(
        w.client.patch(f"{URL}/{sid}", json={"seats": 1}, headers={**w.leader, "If-Match": etag}),
        412,
        "precondition_failed",
    )
    # Sending what is stored changes nothing: same ETag.
    same = w.client.patch(f"{URL}/{sid}", json={"seats": 2}, headers=w.secretariat)
    assert same.status_code == 200
    assert same.headers["ETag"] == f'"{sid}.2"'
    # The same rules as at creation.
    problem(
        w.client.patch(f"{URL}/{sid}", json={"candidate_ids": [w.outside_unit]}, headers=w.leader),
        422,
        "candidate_not_member",
    )
    problem(
        w.client.patch(
            f"{URL}/{sid}", json={"electorate_user_ids": [w.outsider_user["id"]]}, headers=w.leader
        ),
        422,
        "delegate_not_member",
    )
    problem(
        w.client.patch(f"{URL}/{sid}", json={"title_code": GOVERNMENT_FLAG}, headers=w.leader),
        409,
        "prerequisite_not_met",
    )
    for bad in ({"seats": None}, {"max_choices": 3}, {"unknown": 1}, {"candidate_ids": [w.a, w.a]}):
        problem(w.client.patch(f"{URL}/{sid}", json=bad, headers=w.leader), 422, "validation_error")
    assert w.get(sid).headers["ETag"] == f'"{sid}.2"'


def test_patch_max_choices_null_returns_to_default_and_electorate_replaced(w: VotingWorld) -> None:
    sid = w.created(seats=1, max_choices=3)["id"]
    r = w.client.patch(f"{URL}/{sid}", json={"seats": 2}, headers=w.leader)
    assert r.json()["max_choices"] == 3  # set explicitly: it stays
    r = w.client.patch(
        f"{URL}/{sid}",
        json={"max_choices": None, "electorate_user_ids": w.delegate_ids[1:3]},
        headers=w.leader,
    )
    assert r.status_code == 200, r.text
    assert r.json()["max_choices"] == 2
    assert r.json()["electorate_user_ids"] == sorted(w.delegate_ids[1:3])


def test_patch_who_may(w: VotingWorld) -> None:
    sid = w.created()["id"]
    assert w.client.patch(f"{URL}/{sid}", json={"seats": 2}, headers=w.deputy).status_code == 200
    for headers in (w.member, w.observer):  # they may read it, not change it
        problem(w.client.patch(f"{URL}/{sid}", json={"seats": 3}, headers=headers), 403, "forbidden")
    for headers in (w.outsider, w.admin, w.client_token("results:read")):
        problem(w.client.patch(f"{URL}/{sid}", json={"seats": 3}, headers=headers), 404, "not_found")
    problem(w.client.patch(f"{URL}/{new_id()}", json={"seats": 3}, headers=w.leader), 404, "not_found")
    problem(w.client.patch(f"{URL}/{'x' * 65}", json={"seats": 3}, headers=w.leader), 404, "not_found")


def test_settings_are_frozen_once_open(w: VotingWorld) -> None:
    sid = w.created()["id"]
    w.acted(sid, "open")
    for status in ("open", "closed", "published"):
        body = problem(
            w.client.patch(f"{URL}/{sid}", json={"seats": 2}, headers=w.leader), 409, "session_not_draft"
        )
        assert status in body["detail"]
        if status == "open":
            w.acted(sid, "close")
        elif status == "closed":
            w.acted(sid, "publish")
    assert w.get(sid).json()["seats"] == 1


# ---- transitions ----------------------------------------------------------------------------------


def test_transitions_in_order_and_audited(w: VotingWorld, session_factory: Any) -> None:
    sid = w.created()["id"]
    opened = w.act(sid, "open", w.secretariat)
    assert opened.status_code == 200, opened.text
    assert opened.json()["status"] == "open"
    assert opened.json()["opened_at"] is not None
    assert opened.headers["ETag"] == f'"{sid}.2"'
    closed = w.acted(sid, "close")
    assert closed["status"] == "closed"
    assert closed["closed_at"] is not None
    published = w.act(sid, "publish", w.deputy)
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert published.json()["published_at"] is not None
    seal_pending(session_factory)
    with session_factory() as s:
        actions = s.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == sid).order_by(AuditEvent.seq)
        ).all()
    assert actions == [
        "voting_session.create",
        "voting_session.open",
        "voting_session.close",
        "voting_session.publish",
    ]


def test_cancel_from_draft_and_from_open(w: VotingWorld) -> None:
    draft = w.created()["id"]
    body = w.acted(draft, "cancel")
    assert body["status"] == "cancelled"
    assert body["cancelled_at"] is not None
    opened = w.created()["id"]
    w.acted(opened, "open")
    assert w.acted(opened, "cancel")["status"] == "cancelled"


ILLEGAL = {
    "draft": ("close", "publish"),
    "open": ("open", "publish"),
    "closed": ("open", "close", "cancel"),
    "published": ("open", "close", "publish", "cancel"),
    "cancelled": ("open", "close", "publish", "cancel"),
}


def test_each_illegal_transition_is_409(w: VotingWorld) -> None:
    def session_in(status: str) -> str:
        sid = w.created()["id"]
        path = {
            "draft": [],
            "open": ["open"],
            "closed": ["open", "close"],
            "published": ["open", "close", "publish"],
            "cancelled": ["cancel"],
        }[status]
        for action in path:
            w.acted(sid, action)
        return sid

    for status, actions in ILLEGAL.items():
        sid = session_in(status)
        for action in actions:
            body = problem(w.act(sid, action), 409, "invalid_transition")
            assert body["status"] == 409 and body["session_status"] == status
        assert w.get(sid).json()["status"] == status


def test_transitions_who_may(w: VotingWorld) -> None:
    sid = w.created()["id"]
    for action in ("open", "close", "publish", "cancel"):
        for headers in (w.member, w.observer):
            problem(w.act(sid, action, headers), 403, "forbidden")
        for headers in (w.outsider, w.admin):
            problem(w.act(sid, action, headers), 404, "not_found")
        problem(w.act(new_id(), action), 404, "not_found")
        assert w.client.post(f"{URL}/{sid}/{action}").status_code == 401
    assert w.get(sid).json()["status"] == "draft"


def test_transition_honours_if_match(w: VotingWorld) -> None:
    sid = w.created()["id"]
    problem(w.act(sid, "open", **{"If-Match": f'"{sid}.9"'}), 412, "precondition_failed")
    assert w.act(sid, "open", **{"If-Match": f'"{sid}.1"'}).status_code == 200


# ---- reading ------------------------------------------------------------------------------------------


def test_who_may_read_a_session(w: VotingWorld) -> None:
    sid = w.created(electorate_user_ids=w.delegate_ids[2:])["id"]
    # electorate (C, D), leader (A) and deputy (B) units' officers, secretariat, observer
    for headers in (w.delegate(2), w.delegate(3), w.leader, w.deputy, w.secretariat, w.observer):
        assert w.get(sid, headers).status_code == 200
    reader_client = w.client_token("results:read")
    plain_client = w.client_token("units:read")
    # Others may not know it exists, whatever its status, until a results:read client may see it published.
    extra_member = w.user("officer", unit_id=w.d)  # D's second officer is not in the electorate
    for action in (None, "open", "close"):
        if action:
            w.acted(sid, action)
        for headers in (w.outsider, w.admin, extra_member, reader_client, plain_client):
            problem(w.get(sid, headers), 404, "not_found")
    w.acted(sid, "publish")
    assert w.get(sid, reader_client).status_code == 200
    for headers in (w.outsider, w.admin, extra_member, plain_client):
        problem(w.get(sid, headers), 404, "not_found")
    problem(w.get(new_id()), 404, "not_found")
    problem(w.get("x" * 65), 404, "not_found")
    assert w.client.get(f"{URL}/{sid}").status_code == 401


def test_list_filters_and_visibility(
    w: VotingWorld, make_bloc: Callable[..., dict[str, Any]], make_campaign: Callable[..., dict[str, Any]]
) -> None:
    mine = w.created(electorate_user_ids=w.delegate_ids[2:])["id"]  # C, D vote
    theirs = w.created(electorate_user_ids=w.delegate_ids[:2])["id"]  # A, B vote
    w.acted(theirs, "open")
    other_bloc = make_bloc(2, year=2016)
    other_campaign = make_campaign(other_bloc)
    other_leader = w.headers_of(w.build.user("officer", unit_id=other_bloc["unit_ids"][0]))
    elsewhere = w.client.post(
        URL,
        json={
            "campaign_id": other_campaign["id"],
            "title_code": MINISTRY_FLAG,
            "seats": 1,
            "candidate_ids": other_bloc["unit_ids"],
            "electorate_user_ids": [w.build.user("officer", unit_id=other_bloc["unit_ids"][1])["id"]],
        },
        headers=other_leader,
    )
    assert elsewhere.status_code == 201, elsewhere.text
    elsewhere_id = elsewhere.json()["id"]

    def ids(headers: Headers, query: str = "") -> list[str]:
        r = w.client.get(f"{URL}{query}", headers=headers)
        assert r.status_code == 200, r.text
        return [item["id"] for item in r.json()["items"]]

    assert ids(w.secretariat) == [mine, theirs, elsewhere_id]
    assert ids(w.observer) == [mine, theirs, elsewhere_id]
    assert ids(w.leader) == [mine, theirs]  # leads both sessions' bloc-year
    assert ids(w.delegate(2)) == [mine]  # C votes in "mine" only and leads nothing
    assert ids(w.delegate(2), "?voter=me") == [mine]
    assert ids(w.leader, "?voter=me") == [theirs]
    assert ids(other_leader) == [elsewhere_id]
    assert ids(w.outsider) == []
    assert ids(w.admin) == []
    assert ids(w.secretariat, f"?campaign_id={w.cid}") == [mine, theirs]
    assert ids(w.secretariat, "?status=open") == [theirs]
    assert ids(w.secretariat, f"?status=draft&campaign_id={w.cid}") == [mine]
    assert ids(w.client_token("results:read")) == []
    # Pages: in creation order, with a cursor and a Link header.
    first = w.client.get(f"{URL}?limit=2", headers=w.secretariat)
    assert [i["id"] for i in first.json()["items"]] == [mine, theirs]
    assert first.json()["items"][0]["candidate_ids"] == [w.a, w.b, w.c]
    cursor = first.json()["next_cursor"]
    assert cursor and 'rel="next"' in first.headers["Link"]
    second = w.client.get(f"{URL}?limit=2&cursor={cursor}", headers=w.secretariat)
    assert [i["id"] for i in second.json()["items"]] == [elsewhere_id]
    assert second.json()["next_cursor"] is None
    problem(w.client.get(f"{URL}?status=nonsense", headers=w.secretariat), 422, "validation_error")
    problem(w.client.get(f"{URL}?voter=you", headers=w.secretariat), 422, "validation_error")
    assert w.client.get(URL).status_code == 401


def test_create_honours_idempotency_key(w: VotingWorld) -> None:
    headers = {**w.leader, "Idempotency-Key": "session-1"}
    first = w.client.post(URL, json=w.body(), headers=headers)
    again = w.client.post(URL, json=w.body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    problem(w.client.post(URL, json=w.body(seats=2), headers=headers), 422, "idempotency_key_reused")


def test_campaign_closed_refuses_new_sessions(
    w: VotingWorld, make_campaign: Callable[..., dict[str, Any]]
) -> None:
    closed = make_campaign(w.bloc, year=2017, status="closed")
    with w.session_factory() as s:  # the units are members in 2017 as well
        for u in w.units:
            s.add(
                BlocMember(
                    id=new_id(),
                    bloc_id=w.bloc["id"],
                    year=2017,
                    unit_id=u,
                    role="leader" if u == w.a else "member",
                )
            )
        s.commit()
    problem(w.create(campaign_id=closed["id"]), 409, "campaign_closed")


# ---- names ---------------------------------------------------------------------------------------------


def test_a_page_of_sessions_names_its_candidates_and_electors_in_a_constant_number_of_statements(
    w: VotingWorld,
) -> None:
    """The names come from one query per kind for the whole page, never one per session (no N+1)."""
    engine = w.client.app.state.engine  # type: ignore[attr-defined]
    ballots = [([w.a, w.b], w.delegate_ids[:2]), ([w.c], w.delegate_ids[2:]), ([w.d, w.a], w.delegate_ids)]
    headers = w.secretariat  # logged in before counting, and one request made: only the list is counted
    assert w.client.get(URL, headers=headers).status_code == 200
    counts = []
    made = 0
    for n in (1, 6):
        while made < n:
            candidates, electors = ballots[made % len(ballots)]
            w.build.voting_session(w.cid, candidates, electors, status="draft")
            made += 1
        with counting(engine) as statements:
            r = w.client.get(f"{URL}?campaign_id={w.cid}&limit=500", headers=headers)
        assert r.status_code == 200, r.text
        items = r.json()["items"]
        assert len(items) == n
        for item in items:
            assert item["title_name"] == "Cờ thi đua của Bộ"
            assert item["candidate_units"] == [w.unit_ref(u) for u in item["candidate_ids"]]
            assert item["electorate_users"] == [w.user_ref(u) for u in item["electorate_user_ids"]]
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
