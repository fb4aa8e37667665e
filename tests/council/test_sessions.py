"""A council session through HTTP, on SQLite and PostgreSQL: the agenda, attendance and quorum, the
thresholds over ALL members, written votes, the close and what it sets on the proposal items."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.models import CouncilAgendaItem, ProposalItem
from tests.support.builders import Builders
from tests.support.council import BANG_KHEN, CO_BO, COUNCILS, CSTD_BO, CouncilWorld, session_url
from tests.support.problems import problem


@pytest.fixture
def w(build: Builders) -> CouncilWorld:
    return CouncilWorld(build)


def items_of(w: CouncilWorld, item_ids: list[str]) -> dict[str, ProposalItem]:
    with w.session_factory() as s:
        return {i.id: i for i in s.scalars(select(ProposalItem).where(ProposalItem.id.in_(item_ids)))}


def vote_all(w: CouncilWorld, sid: str, votes: list[dict[str, str]]) -> None:
    for i, choices in enumerate(votes):
        w.ok(w.vote(sid, i, choices), 201)


# ---- the thresholds ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("yes", "outcome"), [(13, "rejected"), (14, "approved")])
def test_ninety_percent_of_fifteen_members_is_fourteen(w: CouncilWorld, yes: int, outcome: str) -> None:
    [item] = w.proposal([(w.person(), CSTD_BO)])
    sid = w.opened([item])
    opened = w.ok(w.client.get(session_url(sid), headers=w.observer))
    assert opened["members_count"] == 15 and opened["status"] == "open"
    assert [(a["required_share"], a["required_yes"]) for a in opened["agenda"]] == [("9/10", 14)]
    vote_all(w, sid, [{item: "yes"}] * yes + [{item: "no"}] * (15 - yes))
    closed = w.ok(w.act(sid, "close"))
    assert closed["status"] == "closed" and closed["agenda"][0]["outcome"] == outcome
    stored = items_of(w, [item])[item]
    assert stored.status == outcome
    assert stored.council_result == {
        "yes": yes,
        "no": 15 - yes,
        "abstain": 0,
        "required": 14,
        "members": 15,
        "session_id": sid,
    }


def test_eighty_percent_and_a_form_without_threshold(w: CouncilWorld) -> None:
    flag, form = w.proposal([(f"unit:{w.unit}", CO_BO), (w.person(), BANG_KHEN)])
    sid = w.opened([flag, form], present=range(11))  # 11 of 15 present: quorum (10) met
    agenda = w.ok(w.client.get(session_url(sid), headers=w.chair))["agenda"]
    # 80% of ALL 15 members = 12; the form: more than half of the 11 present = 6
    assert [(a["code"], a["required_share"], a["required_yes"]) for a in agenda] == [
        (CO_BO, "4/5", 12),
        (BANG_KHEN, None, 6),
    ]
    assert agenda[0]["subject_name"] == "Văn phòng Bộ" and agenda[1]["subject_name"] == "Nguyễn Văn An"
    assert agenda[0]["threshold_source"] == "Nghị định 98/2023/NĐ-CP, khoản 7 Điều 30"
    assert agenda[1]["threshold_source"].startswith("quá nửa số thành viên có mặt")
    vote_all(w, sid, [{flag: "yes", form: "yes"}] * 6 + [{flag: "yes", form: "no"}] * 5)
    result = w.ok(w.act(sid, "close"))
    assert [a["outcome"] for a in result["agenda"]] == ["rejected", "approved"]  # 11 < 12; 6 ≥ 6
    got = w.ok(w.client.get(session_url(sid, "/result"), headers=w.member(5)))
    assert got["agenda"][0] | {"subject_name": None} == {
        "proposal_item_id": flag,
        "subject_name": None,
        "code": CO_BO,
        "code_name": got["agenda"][0]["code_name"],
        "yes": 11,
        "no": 0,
        "abstain": 0,
        "required": 12,
        "required_share": "4/5",
        "outcome": "rejected",
    }
    assert (got["members"], got["present"], got["voted"], got["written"]) == (15, 11, 11, 0)


def test_an_absent_members_written_vote_counts(w: CouncilWorld) -> None:
    [item] = w.proposal([(w.person(), CSTD_BO)])
    sid = w.opened([item], present=range(13))  # members 13 and 14 absent
    vote_all(w, sid, [{item: "yes"}] * 13)
    problem(w.written(sid, 2, {item: "yes"}), 422, "member_not_absent")  # present: votes for themself
    assert w.written(sid, 13, {item: "yes"}).status_code == 201
    problem(w.written(sid, 13, {item: "no"}), 409, "already_voted")
    turnout = w.ok(w.client.get(session_url(sid, "/turnout"), headers=w.member(13)))
    assert turnout == {"members": 15, "present": 13, "voted": 14, "written": 1, "i_voted": True}
    w.ok(w.act(sid, "close", w.secretariat))
    assert items_of(w, [item])[item].council_result["yes"] == 14  # type: ignore[index]
    assert items_of(w, [item])[item].status == "approved"


def test_a_substitute_counts_as_present(w: CouncilWorld) -> None:
    [item] = w.proposal([(w.person(), CSTD_BO)])
    sid = w.session([item])
    present = list(range(9))  # 9 of 15: below the quorum of 10 …
    view = w.attend(sid, [*present, 9], m9="Trần Thị Bình")  # … until member 9 sends a substitute
    assert view["present"] == 10 and view["quorum_required"] == 10 and view["quorum"] == "2/3"
    assert "25/2025" in view["quorum_source"]
    assert view["attendance"][9]["substitute_name"] == "Trần Thị Bình"
    w.ok(w.act(sid, "open"))


# ---- quorum, agenda, transitions -----------------------------------------------------------------------


def test_opening_without_quorum_is_409_and_changes_nothing(w: CouncilWorld) -> None:
    [item] = w.proposal([(w.person(), CSTD_BO)])
    sid = w.session([item])
    w.attend(sid, range(9))
    body = problem(w.act(sid, "open"), 409, "quorum_not_met", present=9, required=10, members=15)
    assert "9" in body["detail"] and "10" in body["detail"]
    vi = problem(w.client.post(session_url(sid, "/open"), headers=w.chair | {"Accept-Language": "vi"}), 409)
    assert vi["title"] == "Chưa đủ số thành viên dự họp theo quy định" and "cần ít nhất 10" in vi["detail"]
    again = w.ok(w.client.get(session_url(sid), headers=w.chair))
    assert again["status"] == "draft" and again["members_count"] is None
    assert len([a for a in again["attendance"] if a["present"] is not None]) == 15  # as recorded


def test_a_member_who_left_is_not_counted(w: CouncilWorld) -> None:
    w.ok(
        w.client.patch(
            f"{COUNCILS}/{w.council_id}/members/{w.member_ids[14]}",
            json={"left_on": "2024-06-01"},
            headers=w.secretariat,
        )
    )
    [item] = w.proposal([(w.person(), CSTD_BO)])
    sid = w.session([item])
    view = w.attend(sid, range(14), members=14)
    assert len(view["attendance"]) == 14
    opened = w.ok(w.act(sid, "open"))
    assert opened["members_count"] == 14 and opened["agenda"][0]["required_yes"] == 13  # ceil(12.6)
    problem(w.vote(sid, 14, {item: "yes"}), 403, "not_present")


def test_only_items_waiting_for_the_council_go_on_the_agenda(w: CouncilWorld) -> None:
    [ready] = w.proposal([(w.person(), CSTD_BO)])
    [checked] = w.proposal([(w.person(), CSTD_BO)], status="checked")
    [returned] = w.proposal([(w.person(), CSTD_BO)], item_status="returned")
    url = f"{COUNCILS}/{w.council_id}/sessions"
    body = {"held_on": "2024-12-20", "agenda": [ready, checked, returned, "no-such-item"]}
    got = problem(w.client.post(url, json=body, headers=w.secretariat), 409, "agenda_item_not_ready")
    assert [(e["loc"], e["type"]) for e in got["errors"]] == [
        (["body", "agenda", 1], "proposal_not_in_council"),
        (["body", "agenda", 2], "item_not_pending"),
        (["body", "agenda", 3], "not_found"),
    ]
    sid = w.session([ready])
    got = problem(
        w.client.post(url, json={"held_on": "2024-12-21", "agenda": [ready]}, headers=w.secretariat), 409
    )
    assert got["errors"][0]["type"] == "item_scheduled"
    w.ok(w.act(sid, "cancel", w.secretariat))  # a cancelled session frees its items
    w.session([ready])


def test_a_draft_changes_then_is_frozen(w: CouncilWorld) -> None:
    first, second = w.proposal([(w.person(), CSTD_BO), (w.person("Lê Thị Hoa"), CO_BO)])
    sid = w.session([first])
    r = w.client.get(session_url(sid), headers=w.secretariat)
    etag = r.headers["etag"]
    changed = w.client.patch(
        session_url(sid),
        json={"agenda": [second, first], "place": "Hội trường A"},
        headers=w.secretariat | {"If-Match": etag},
    )
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert [a["proposal_item_id"] for a in changed.json()["agenda"]] == [second, first]
    problem(
        w.client.patch(session_url(sid), json={"place": "X"}, headers=w.secretariat | {"If-Match": etag}), 412
    )
    w.attend(sid, range(15))
    w.ok(w.act(sid, "open"))
    got = problem(w.client.patch(session_url(sid), json={"place": "X"}, headers=w.secretariat), 409)
    assert got["code"] == "invalid_transition" and got["current_status"] == "open"
    assert got["allowed_actions"] == ["close"]
    problem(w.act(sid, "cancel", w.secretariat), 409, "invalid_transition")
    problem(w.act(sid, "open"), 409, "invalid_transition")
    problem(w.client.put(session_url(sid, "/attendance"), json=[], headers=w.secretary), 409)


def test_close_freezes_outcomes_on_the_agenda_rows(w: CouncilWorld) -> None:
    item, abstained = w.proposal([(w.person(), CSTD_BO), (w.person("Lê Thị Hoa"), CSTD_BO)])
    sid = w.opened([item, abstained])
    vote_all(w, sid, [{item: "yes"}] * 14 + [{item: "no", abstained: "abstain"}])
    problem(w.client.get(session_url(sid, "/result"), headers=w.chair), 409, "results_not_available")
    w.ok(w.act(sid, "close"))
    with w.session_factory() as s:
        rows = {a.proposal_item_id: a for a in s.scalars(select(CouncilAgendaItem))}
    assert (rows[item].outcome, rows[abstained].outcome) == ("approved", "rejected")
    assert items_of(w, [abstained])[abstained].council_result == {
        "yes": 0,
        "no": 0,
        "abstain": 15,  # left out or abstained: both are abstentions
        "required": 14,
        "members": 15,
        "session_id": sid,
    }
    problem(w.act(sid, "close"), 409, "invalid_transition")
    problem(w.vote(sid, 0, {item: "yes"}), 409, "session_not_open")


# ---- bad input -----------------------------------------------------------------------------------------

BAD_SESSIONS: list[tuple[dict[str, Any], str]] = [
    ({"held_on": "2024-12-20"}, "missing"),
    ({"held_on": "2024-12-20", "agenda": []}, "too_short"),
    ({"held_on": "20/12/2024", "agenda": ["x"]}, "date_from_datetime_parsing"),
    ({"held_on": "2024-12-20", "agenda": ["x", "x"]}, "value_error"),
    ({"held_on": "2024-12-20", "agenda": ["x"], "secret": False}, "extra_forbidden"),
]


@pytest.mark.parametrize(("body", "kind"), BAD_SESSIONS)
def test_bad_session_bodies_are_422(w: CouncilWorld, body: dict[str, Any], kind: str) -> None:
    got = problem(
        w.client.post(f"{COUNCILS}/{w.council_id}/sessions", json=body, headers=w.secretariat),
        422,
        "validation_error",
    )
    assert got["errors"], got


def test_bad_ballots_and_attendance_are_422(w: CouncilWorld) -> None:
    [item] = w.proposal([(w.person(), CSTD_BO)])
    sid = w.session([item])
    problem(w.client.put(session_url(sid, "/attendance"), json={"x": 1}, headers=w.secretary), 422)
    problem(
        w.client.put(
            session_url(sid, "/attendance"),
            json=[{"member_id": "nobody", "present": True}],
            headers=w.secretary,
        ),
        422,
        "not_council_member",
    )
    twice = [{"member_id": w.member_ids[0], "present": True}] * 2
    problem(w.client.put(session_url(sid, "/attendance"), json=twice, headers=w.secretary), 422)
    w.attend(sid, range(15))
    w.ok(w.act(sid, "open"))
    problem(w.vote(sid, 0, {item: "maybe"}), 422, "validation_error")
    got = problem(w.vote(sid, 0, {"other-item": "yes"}), 422, "not_on_agenda")
    assert got["errors"] == [
        {
            "loc": ["body", "choices", "other-item"],
            "msg": "not on the session's agenda",
            "type": "not_on_agenda",
        }
    ]
    vi = problem(
        w.client.post(
            session_url(sid, "/ballots"),
            json={"choices": {"other-item": "yes"}},
            headers=w.member(0) | {"Accept-Language": "vi"},
        ),
        422,
    )
    assert vi["detail"] == "Phiếu biểu quyết có nội dung không thuộc chương trình phiên họp."
    assert w.vote(sid, 0, {item: "yes"}).status_code == 201  # the refused ones did not count
