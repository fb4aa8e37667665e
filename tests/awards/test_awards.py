"""Awards: proposed from a published session's result, read, decided and revoked through HTTP, on SQLite
and PostgreSQL. ``propose_for_session`` is called here the way the voting feature calls it on publish."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.awards import service as awards_service
from app.core.audit import Actor
from app.core.errors import Conflict
from app.models import Award, Unit, VotingSession
from app.models.base import new_id, utcnow
from app.voting.tally import Rules, tally
from tests.support.builders import BlocYear, Builders, Headers
from tests.support.db import audit_events
from tests.support.problems import problem

AWARD_KEYS = {
    "id",
    "subject_kind",
    "unit_id",
    "unit_code",
    "unit_name",
    "person_id",
    "person_code",
    "person_name",
    "kind",
    "title_code",
    "form_code",
    "name",
    "year",
    "method",
    "status",
    "achievement",
    "campaign_id",
    "source_session_id",
    "source_review_id",
    "decision_number",
    "decision_date",
    "regime",
    "verdict",
    "override_reason",
    "cash",
    "revoked_reason",
    "created_at",
    "updated_at",
}
ACTOR = Actor(id="publisher-user-id", type="user")


class World(BlocYear):
    """A bloc of 6 units in 2016 with its campaign, and a way to publish sessions over its members."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build, size=6)

    def session_row(
        self,
        title_code: str,
        elected: list[str],
        *,
        quorum_met: bool = True,
        campaign: dict[str, Any] | None = None,
    ) -> str:
        """A closed session of ``campaign`` (this world's by default) whose frozen result elects
        ``elected`` (all 6 delegates approve them); below quorum when ``quorum_met`` is false (1 ballot)."""
        campaign = campaign or self.campaign
        ballots = [list(elected)] * (6 if quorum_met else 1)
        result = tally(
            list(dict.fromkeys([*self.unit_ids, *elected])), 6, ballots, Rules(seats=max(1, len(elected)))
        )
        assert result.quorum_met is quorum_met
        vs = VotingSession(
            id=new_id(),
            campaign_id=campaign["id"],
            title_code=title_code,
            seats=max(1, len(elected)),
            max_choices=max(1, len(elected)),
            status="closed",
            opened_at=utcnow(),
            closed_at=utcnow(),
            result=result.as_dict(),
        )
        with self.session_factory() as s:
            s.add(vs)
            s.commit()
        return vs.id

    def propose(self, session_id: str) -> list[str]:
        with self.session_factory() as s:
            vs = s.get(VotingSession, session_id)
            awards = awards_service.propose_for_session(s, voting_session=vs, actor=ACTOR)
            ids = [a.id for a in awards]
            s.commit()
        return ids

    def publish(self, title_code: str, elected: list[str], **kw: Any) -> list[str]:
        return self.propose(self.session_row(title_code, elected, **kw))

    def other_bloc(self, make_bloc: Any, make_campaign: Any) -> tuple[list[str], dict[str, Any]]:
        """Another bloc of 3 units in 2016, with its campaign."""
        bloc = make_bloc(3)
        return bloc["unit_ids"], make_campaign(bloc)

    def award(self, award_id: str, headers: Headers | None = None) -> Any:
        return self.client.get(f"/api/v1/awards/{award_id}", headers=headers or self.secretariat)

    def decide(self, award_id: str, headers: Headers | None = None, **body: Any) -> Any:
        payload = {"decision_number": "245/QĐ-BKHCN", "decision_date": "2017-02-10", **body}
        return self.client.post(
            f"/api/v1/awards/{award_id}/decide", json=payload, headers=headers or self.secretariat
        )

    def revoke(self, award_id: str, headers: Headers | None = None, reason: str = "Vi phạm quy định") -> Any:
        return self.client.post(
            f"/api/v1/awards/{award_id}/revoke", json={"reason": reason}, headers=headers or self.secretariat
        )

    def set_quota(self, title_code: str, quota: dict[str, Any] | None) -> None:
        r = self.client.patch(f"/api/v1/titles/{title_code}", json={"quota": quota}, headers=self.secretariat)
        assert r.status_code == 200, r.text


@pytest.fixture
def world(build: Builders) -> World:
    return World(build)


def award_rows(session_factory: Any) -> list[tuple[str, str, int, str]]:
    with session_factory() as s:
        return sorted((a.unit_id, a.title_code, a.year, a.status) for a in s.scalars(select(Award)).all())


def recent(value: str) -> bool:
    at = datetime.fromisoformat(value)
    return at.utcoffset() == timedelta(0) and abs(at - datetime.now(UTC)) < timedelta(minutes=5)


# ---- proposing ------------------------------------------------------------------------------------------


def test_publication_proposes_an_award_per_elected_unit(world: World, session_factory: Any) -> None:
    a, b = world.unit_ids[1], world.unit_ids[3]
    session_id = world.session_row("co_thi_dua_bo", [a, b])
    ids = world.propose(session_id)
    assert len(ids) == 2

    got = [world.award(i) for i in ids]
    assert all(r.status_code == 200 for r in got)
    bodies = [r.json() for r in got]
    assert set(bodies[0]) == AWARD_KEYS
    assert {x["unit_id"] for x in bodies} == {a, b}
    by_unit = {x["unit_id"]: x for x in bodies}
    first = by_unit[a]
    assert (first["unit_code"], first["unit_name"]) == world.unit(world.unit_ids[1])
    assert (first["title_code"], first["year"], first["status"]) == ("co_thi_dua_bo", 2016, "proposed")
    assert (first["subject_kind"], first["kind"], first["name"], first["method"]) == (
        "unit",
        "title",
        "Cờ thi đua của Bộ",
        "regular",
    )
    assert (first["person_id"], first["form_code"], first["regime"], first["verdict"], first["cash"]) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert (first["campaign_id"], first["source_session_id"]) == (world.campaign["id"], session_id)
    assert (first["decision_number"], first["decision_date"], first["revoked_reason"]) == (None, None, None)
    assert recent(first["updated_at"]) and recent(first["created_at"])
    assert got[0].headers["ETag"] == f'"{bodies[0]["id"]}.1"'

    events = audit_events(session_factory, "award.propose")
    assert sorted(e.object_id for e in events) == sorted(ids)
    assert {e.actor_id for e in events} == {ACTOR.id}
    assert events[0].details == {
        "unit_id": events[0].details["unit_id"],
        "person_id": None,
        "title_code": "co_thi_dua_bo",
        "form_code": None,
        "year": 2016,
        "campaign_id": world.campaign["id"],
        "source_session_id": session_id,
    }


def test_below_quorum_nobody_is_awarded(world: World, session_factory: Any) -> None:
    assert world.publish("co_thi_dua_bo", [world.unit_ids[0]], quorum_met=False) == []
    assert award_rows(session_factory) == []
    assert audit_events(session_factory, "award.propose") == []


def test_a_unit_awarded_the_title_that_year_is_a_409_naming_it(world: World, session_factory: Any) -> None:
    a, b = world.unit_ids[0], world.unit_ids[1]
    world.publish("co_thi_dua_bo", [a])
    second = world.session_row("co_thi_dua_bo", [b, a])
    with session_factory() as s:
        with pytest.raises(Conflict) as caught:
            awards_service.propose_for_session(s, voting_session=s.get(VotingSession, second), actor=ACTOR)
        s.rollback()
    err = caught.value
    assert (err.status, err.code) == (409, "award_exists")
    code, name = world.unit(a)
    assert name in (err.detail or "") and code in (err.detail or "")
    assert err.extra == {"unit_id": a, "title_code": "co_thi_dua_bo", "year": 2016}
    # Nothing of the failed publication stays: b got no award either.
    assert award_rows(session_factory) == [(a, "co_thi_dua_bo", 2016, "proposed")]


def test_another_title_or_year_is_not_a_duplicate(
    world: World, session_factory: Any, make_bloc: Any, make_campaign: Any
) -> None:
    a = world.unit_ids[0]
    world.publish("co_thi_dua_bo", [a])
    world.publish("tap_the_lao_dong_xuat_sac", [a])
    bloc_2017 = make_bloc(unit_ids=world.unit_ids, year=2017, bloc_id=world.bloc["id"])
    world.campaign = make_campaign(bloc_2017)
    world.publish("co_thi_dua_bo", [a])
    assert award_rows(session_factory) == sorted(
        [
            (a, "co_thi_dua_bo", 2016, "proposed"),
            (a, "tap_the_lao_dong_xuat_sac", 2016, "proposed"),
            (a, "co_thi_dua_bo", 2017, "proposed"),
        ]
    )


def test_a_revoked_award_frees_its_place_and_the_database_holds_one_live_award(
    world: World, session_factory: Any
) -> None:
    a = world.unit_ids[0]
    (award_id,) = world.publish("co_thi_dua_bo", [a])
    # While the award is live, the database refuses a second one, whatever path the write takes.
    with session_factory() as s:
        s.add(Award(unit_id=a, title_code="co_thi_dua_bo", year=2016, status="proposed"))
        with pytest.raises(IntegrityError):
            s.flush()
        s.rollback()
    assert world.revoke(award_id).status_code == 200
    # Revoked, it is history: a new proposal for the same unit, title and year is accepted...
    second = world.session_row("co_thi_dua_bo", [a])
    with session_factory() as s:
        (again,) = awards_service.propose_for_session(
            s, voting_session=s.get(VotingSession, second), actor=ACTOR
        )
        again_id = again.id
        s.commit()
    assert award_rows(session_factory) == [
        (a, "co_thi_dua_bo", 2016, "proposed"),
        (a, "co_thi_dua_bo", 2016, "revoked"),
    ]
    # ...and that one live award holds the place again.
    third = world.session_row("co_thi_dua_bo", [a])
    with session_factory() as s, pytest.raises(Conflict) as caught:
        awards_service.propose_for_session(s, voting_session=s.get(VotingSession, third), actor=ACTOR)
    assert caught.value.code == "award_exists"
    assert world.award(again_id).json()["status"] == "proposed"


def test_a_concurrent_duplicate_is_caught_at_the_constraint(
    world: World, session_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another request committed the award between our look and our insert: still 409 award_exists."""
    a = world.unit_ids[0]
    world.publish("co_thi_dua_bo", [a])
    second = world.session_row("co_thi_dua_bo", [a])
    real_scalar = awards_service.Session.scalar

    def blind_scalar(self: Any, stmt: Any, *args: Any, **kwargs: Any) -> Any:
        if "FROM awards" in str(stmt) and "count" not in str(stmt).lower():
            return None  # the look misses the row the other request wrote
        return real_scalar(self, stmt, *args, **kwargs)

    monkeypatch.setattr(awards_service.Session, "scalar", blind_scalar)
    with session_factory() as s, pytest.raises(Conflict) as caught:
        awards_service.propose_for_session(s, voting_session=s.get(VotingSession, second), actor=ACTOR)
    assert caught.value.code == "award_exists"


# ---- quotas ---------------------------------------------------------------------------------------------


def test_bloc_count_quota(world: World, session_factory: Any) -> None:
    world.set_quota("co_thi_dua_bo", {"max_count": 2, "scope": "bloc"})
    u = world.unit_ids
    world.publish("co_thi_dua_bo", [u[0]])
    with session_factory() as s, pytest.raises(Conflict) as caught:
        vs = s.get(VotingSession, world.session_row("co_thi_dua_bo", [u[1], u[2]]))
        awards_service.propose_for_session(s, voting_session=vs, actor=ACTOR)
    err = caught.value
    assert (err.status, err.code) == (409, "quota_exceeded")
    assert "at most 2" in (err.detail or "") and "Cờ thi đua của Bộ" in (err.detail or "")
    assert err.extra["already"] == 2 and err.extra["population"] == 6
    assert err.extra["quota"] == {"max_count": 2, "scope": "bloc"}
    assert err.detail_vi and "chỉ tiêu" in err.detail_vi
    # one more fits
    world.publish("co_thi_dua_bo", [u[1]])
    assert len(award_rows(session_factory)) == 2


def test_bloc_share_quota_counts_only_the_blocs_members_and_not_revoked_awards(
    world: World, session_factory: Any, make_bloc: Any, make_campaign: Any
) -> None:
    # 34% of 6 units is 2.04: two awards fit, a third does not.
    world.set_quota("co_thi_dua_bo", {"max_share": 0.34, "scope": "bloc"})
    u = world.unit_ids
    # An award in another bloc does not take a place in this bloc's quota.
    other_units, other_campaign = world.other_bloc(make_bloc, make_campaign)
    world.publish("co_thi_dua_bo", [other_units[0]], campaign=other_campaign)

    first, _second = world.publish("co_thi_dua_bo", [u[0], u[1]])
    with session_factory() as s, pytest.raises(Conflict) as caught:
        vs = s.get(VotingSession, world.session_row("co_thi_dua_bo", [u[2]]))
        awards_service.propose_for_session(s, voting_session=vs, actor=ACTOR)
    assert caught.value.code == "quota_exceeded"
    assert "34%" in (caught.value.detail or "")
    # A revoked award frees its place in the quota.
    assert world.revoke(first).status_code == 200
    world.publish("co_thi_dua_bo", [u[2]])
    statuses = sorted(s for *_, s in award_rows(session_factory))
    assert statuses == ["proposed", "proposed", "proposed", "revoked"]


def test_ministry_quota_counts_every_bloc(
    world: World, session_factory: Any, make_bloc: Any, make_campaign: Any
) -> None:
    world.set_quota("co_thi_dua_chinh_phu", {"max_count": 1, "scope": "ministry"})
    other_units, other_campaign = world.other_bloc(make_bloc, make_campaign)
    world.publish("co_thi_dua_chinh_phu", [other_units[0]], campaign=other_campaign)
    with session_factory() as s, pytest.raises(Conflict) as caught:
        vs = s.get(VotingSession, world.session_row("co_thi_dua_chinh_phu", [world.unit_ids[0]]))
        awards_service.propose_for_session(s, voting_session=vs, actor=ACTOR)
    assert caught.value.code == "quota_exceeded"
    assert "ministry" in (caught.value.detail or "")


def test_ministry_share_quota_is_a_share_of_the_active_units(world: World, session_factory: Any) -> None:
    with session_factory() as s:
        active = s.scalar(select(func.count()).select_from(Unit).where(Unit.active.is_(True)))
    # exactly one award fits: 1.5 / active units
    world.set_quota("co_thi_dua_bo", {"max_share": round(1.5 / active, 6), "scope": "ministry"})
    world.publish("co_thi_dua_bo", [world.unit_ids[0]])
    with session_factory() as s, pytest.raises(Conflict) as caught:
        vs = s.get(VotingSession, world.session_row("co_thi_dua_bo", [world.unit_ids[1]]))
        awards_service.propose_for_session(s, voting_session=vs, actor=ACTOR)
    assert caught.value.code == "quota_exceeded"
    assert caught.value.extra["population"] == active


# ---- reading --------------------------------------------------------------------------------------------


def test_list_filters_and_pages(world: World) -> None:
    u = world.unit_ids
    flags = world.publish("co_thi_dua_bo", [u[0], u[1]])
    excellent = world.publish("tap_the_lao_dong_xuat_sac", [u[0]])
    assert world.decide(flags[0]).status_code == 200

    def ids(**params: Any) -> list[str]:
        r = world.client.get("/api/v1/awards", params=params, headers=world.observer)
        assert r.status_code == 200, r.text
        assert r.json()["next_cursor"] is None
        return [a["id"] for a in r.json()["items"]]

    everything = ids()
    assert sorted(everything) == sorted(flags + excellent)
    assert ids(year=2016) == everything and ids(year=2017) == []
    assert sorted(ids(unit_id=u[0])) == sorted([flags[0], excellent[0]])
    assert ids(title_code="tap_the_lao_dong_xuat_sac") == excellent
    assert ids(status="decided") == [flags[0]]
    assert sorted(ids(status="proposed")) == sorted([flags[1], excellent[0]])
    assert ids(status="revoked") == []
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert ids(updated_since=later) == []
    assert sorted(ids(updated_since="2016-01-01T00:00:00+07:00")) == sorted(everything)

    bad = world.client.get("/api/v1/awards", params={"status": "won"}, headers=world.observer)
    problem(bad, 422, "validation_error")
    problem(world.client.get("/api/v1/awards?limit=501", headers=world.observer), 422, "validation_error")

    # Pages of one, in creation order, with a Link to the next.
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        r = world.client.get("/api/v1/awards", params=params, headers=world.observer)
        body = r.json()
        seen += [a["id"] for a in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            assert "Link" not in r.headers
            break
        assert 'rel="next"' in r.headers["Link"]
    assert seen == everything


def test_who_may_read_awards(
    world: World, make_client_token: Callable[..., Headers], headers_for: Callable[..., Headers]
) -> None:
    (award_id,) = world.publish("co_thi_dua_bo", [world.unit_ids[0]])
    officer_elsewhere = headers_for("officer")
    for headers in (
        world.secretariat,
        world.observer,
        officer_elsewhere,
        headers_for("admin"),
        make_client_token(["results:read"]),
    ):
        assert world.award(award_id, headers).status_code == 200
        assert world.client.get("/api/v1/awards", headers=headers).status_code == 200
    units_only = make_client_token(["units:read"])
    problem(world.award(award_id, units_only), 403, "forbidden")
    problem(world.client.get("/api/v1/awards", headers=units_only), 403, "forbidden")
    r = world.client.get(f"/api/v1/awards/{award_id}")
    problem(r, 401, "not_authenticated")
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_unknown_and_malformed_ids_are_404(world: World) -> None:
    problem(world.award(str(uuid.uuid4())), 404, "not_found")
    problem(world.award("x" * 300), 404, "not_found")
    problem(world.decide(str(uuid.uuid4())), 404, "not_found")
    problem(world.revoke("nope"), 404, "not_found")


# ---- deciding and revoking ------------------------------------------------------------------------------


def test_secretariat_decides_a_proposed_award(world: World, session_factory: Any) -> None:
    (award_id,) = world.publish("co_thi_dua_bo", [world.unit_ids[0]])
    before = world.award(award_id)
    r = world.decide(award_id, decision_number="  245/QĐ-BKHCN ")
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["status"], body["decision_number"], body["decision_date"]) == (
        "decided",
        "245/QĐ-BKHCN",
        "2017-02-10",
    )
    assert r.headers["ETag"] == f'"{award_id}.2"' != before.headers["ETag"]
    assert world.award(award_id).json() == body
    (event,) = audit_events(session_factory, "award.decide")
    assert event.object_id == award_id
    assert event.details == {
        "unit_id": world.unit_ids[0],
        "person_id": None,
        "title_code": "co_thi_dua_bo",
        "form_code": None,
        "year": 2016,
        "decision_number": "245/QĐ-BKHCN",
        "decision_date": "2017-02-10",
        # judged under the regime of the decision date, paid at that date's base salary
        "regime": "R2016",
        "verdict": "needs_judgement",
        "cash_vnd": 18_760_000,
    }
    # 15.5 × 1,210,000 = 18,755,000, rounded up to the next 10,000 (law.md section 6's worked example)
    assert body["cash"] == {"base_salary_vnd": 1_210_000, "multiple": 15.5, "amount_vnd": 18_760_000}
    assert (body["regime"], body["verdict"]["regime"]["code"], body["override_reason"]) == (
        "R2016",
        "R2016",
        None,
    )
    # Deciding again is not a transition.
    body409 = problem(world.decide(award_id), 409, "invalid_transition")
    assert (body409["status"], body409["award_status"]) == (409, "decided")


def test_if_match(world: World) -> None:
    (award_id,) = world.publish("co_thi_dua_bo", [world.unit_ids[0]])
    etag = world.award(award_id).headers["ETag"]
    stale = '"' + award_id + '.9"'
    r = world.client.post(
        f"/api/v1/awards/{award_id}/decide",
        json={"decision_number": "1/QĐ", "decision_date": "2017-01-01"},
        headers={**world.secretariat, "If-Match": stale},
    )
    problem(r, 412, "precondition_failed")
    assert world.award(award_id).json()["status"] == "proposed"
    r = world.client.post(
        f"/api/v1/awards/{award_id}/decide",
        json={"decision_number": "1/QĐ", "decision_date": "2017-01-01"},
        headers={**world.secretariat, "If-Match": etag},
    )
    assert r.status_code == 200
    r = world.client.post(
        f"/api/v1/awards/{award_id}/revoke",
        json={"reason": "x"},
        headers={**world.secretariat, "If-Match": etag},
    )
    problem(r, 412, "precondition_failed")


@pytest.mark.parametrize(
    "body",
    [
        {"decision_number": "", "decision_date": "2017-02-10"},
        {"decision_number": "   ", "decision_date": "2017-02-10"},
        {"decision_number": "x" * 101, "decision_date": "2017-02-10"},
        {"decision_number": "245/QĐ-BKHCN", "decision_date": "10/02/2017"},
        {"decision_number": "245/QĐ-BKHCN", "decision_date": "2017-02-30"},
        {"decision_number": "245/QĐ-BKHCN"},
        {"decision_date": "2017-02-10"},
        {"decision_number": "245/QĐ-BKHCN", "decision_date": "2017-02-10", "status": "decided"},
    ],
)
def test_decide_validates_the_body(world: World, body: dict[str, Any]) -> None:
    (award_id,) = world.publish("co_thi_dua_bo", [world.unit_ids[0]])
    r = world.client.post(f"/api/v1/awards/{award_id}/decide", json=body, headers=world.secretariat)
    problem(r, 422, "validation_error")
    assert world.award(award_id).json()["status"] == "proposed"


def test_a_decision_number_of_100_characters_is_kept(world: World) -> None:
    (award_id,) = world.publish("co_thi_dua_bo", [world.unit_ids[0]])
    r = world.decide(award_id, decision_number="9" * 100)
    assert r.status_code == 200 and r.json()["decision_number"] == "9" * 100


@pytest.mark.parametrize("who", ["observer", "admin", "officer", "client"])
def test_only_the_secretariat_decides_and_revokes(
    world: World,
    who: str,
    headers_for: Callable[..., Headers],
    officer_of: Callable[[str], Headers],
    make_client_token: Callable[..., Headers],
) -> None:
    (award_id,) = world.publish("co_thi_dua_bo", [world.unit_ids[0]])
    headers = {
        "observer": world.observer,
        "admin": headers_for("admin"),
        # even the leader of the bloc that proposed it, or an officer of the awarded unit
        "officer": officer_of(world.unit_ids[0]),
        "client": make_client_token(["results:read"]),
    }[who]
    problem(world.decide(award_id, headers), 403, "forbidden")
    problem(world.revoke(award_id, headers), 403, "forbidden")
    assert world.award(award_id).json()["status"] == "proposed"


@pytest.mark.parametrize("decided", [False, True])
def test_revoke_a_proposed_or_decided_award(world: World, session_factory: Any, decided: bool) -> None:
    (award_id,) = world.publish("co_thi_dua_bo", [world.unit_ids[0]])
    if decided:
        assert world.decide(award_id).status_code == 200
    r = world.revoke(award_id, reason="  Đơn vị có cá nhân vi phạm kỷ luật.  ")
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["status"], body["revoked_reason"]) == ("revoked", "Đơn vị có cá nhân vi phạm kỷ luật.")
    # The decision stays on the record of a revoked award.
    assert body["decision_number"] == ("245/QĐ-BKHCN" if decided else None)
    (event,) = audit_events(session_factory, "award.revoke")
    assert event.details["from"] == ("decided" if decided else "proposed")
    assert event.details["reason"] == "Đơn vị có cá nhân vi phạm kỷ luật."
    problem(world.revoke(award_id), 409, "invalid_transition")
    problem(world.decide(award_id), 409, "invalid_transition")


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_revoke_needs_a_reason(world: World, reason: str) -> None:
    (award_id,) = world.publish("co_thi_dua_bo", [world.unit_ids[0]])
    problem(world.revoke(award_id, reason=reason), 422, "validation_error")
    r = world.client.post(f"/api/v1/awards/{award_id}/revoke", json={}, headers=world.secretariat)
    problem(r, 422, "validation_error")
    assert world.revoke(award_id, reason="x" * 2000).status_code == 200


def test_vietnamese_problem_details(world: World) -> None:
    (award_id,) = world.publish("co_thi_dua_bo", [world.unit_ids[0]])
    world.revoke(award_id)
    r = world.client.post(
        f"/api/v1/awards/{award_id}/revoke",
        json={"reason": "lần hai"},
        headers={**world.secretariat, "Accept-Language": "vi"},
    )
    body = problem(r, 409, "invalid_transition")
    assert "thu hồi" in body["detail"]
