"""Paper and mixed ballots through HTTP, on SQLite and PostgreSQL: the session's method, the counting
committee, the members' independent counts compared until they agree, the result and the publication that
follow, the corrections that withdraw them, and the electronic session left as it was."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.core.audit_sealer import seal_pending
from app.models import AuditEvent, Award, PaperCount, VotingSession
from tests.support.builders import Builders
from tests.support.counting import PaperWorld
from tests.support.problems import problem
from tests.support.voting import MINISTRY_FLAG, URL


@pytest.fixture
def w(build: Builders) -> PaperWorld:
    return PaperWorld(build)


def awards_of(w: PaperWorld, sid: str) -> list[tuple[str, str, str]]:
    with w.session_factory() as s:
        rows = s.execute(
            select(Award.unit_id, Award.title_code, Award.status).where(Award.source_session_id == sid)
        ).all()
    return sorted(tuple(r) for r in rows)


def actions(w: PaperWorld, sid: str) -> list[str]:
    seal_pending(w.session_factory)
    with w.session_factory() as s:
        return list(
            s.scalars(select(AuditEvent.action).where(AuditEvent.object_id == sid).order_by(AuditEvent.seq))
        )


def stored(w: PaperWorld, sid: str) -> tuple[Any, Any, int]:
    with w.session_factory() as s:
        vs = s.get(VotingSession, sid)
        assert vs is not None
        n = len(s.scalars(select(PaperCount.id).where(PaperCount.session_id == sid)).all())
        return vs.paper_count, vs.result, n


# ---- the method -------------------------------------------------------------------------------------------


def test_the_method_is_a_setting_of_the_draft(w: PaperWorld) -> None:
    assert w.created()["method"] == "electronic"
    created = w.created(method="paper")
    assert created["method"] == "paper"
    sid = created["id"]
    r = w.client.patch(f"{URL}/{sid}", json={"method": "mixed"}, headers=w.leader)
    assert r.status_code == 200, r.text
    assert r.json()["method"] == "mixed"
    assert w.get(sid).json()["method"] == "mixed"
    problem(w.client.patch(f"{URL}/{sid}", json={"method": "pen"}, headers=w.leader), 422)
    problem(w.client.patch(f"{URL}/{sid}", json={"method": None}, headers=w.leader), 422)
    w.acted(sid, "open")
    problem(
        w.client.patch(f"{URL}/{sid}", json={"method": "paper"}, headers=w.leader), 409, "session_not_draft"
    )


def test_a_paper_session_refuses_electronic_ballots_and_a_mixed_one_takes_them(w: PaperWorld) -> None:
    paper = w.created(method="paper")["id"]
    assert w.set_committee(paper).status_code == 200
    w.acted(paper, "open")
    r = w.client.post(f"{URL}/{paper}/ballots", json={"choices": [w.a]}, headers=w.delegate(0))
    problem(r, 409, "paper_session")
    mixed = w.created(method="mixed")["id"]
    w.acted(mixed, "open")
    w.vote(mixed, 0, [w.a])


# ---- the committee ----------------------------------------------------------------------------------------


def test_the_managers_name_the_committee_while_the_session_is_draft_or_open(w: PaperWorld) -> None:
    sid = w.created(method="paper")["id"]
    r = w.set_committee(sid)
    assert r.status_code == 200, r.text
    members = r.json()["members"]
    assert [(m["position"], m["full_name"], m["title"], m["role"], m["user_id"]) for m in members] == [
        (1, "Nguyễn Thị Hoa", "Chánh Văn phòng Khối", "head", w.counter_ids[0]),
        (2, "Trần Văn Bình", "Chuyên viên", "member", w.counter_ids[1]),
        (3, "Lê Văn Cường", "Chuyên viên", "member", None),
    ]
    # a committee member reads it (they are not in the electorate: the session exists for them all the same)
    g = w.client.get(f"{URL}/{sid}/counting-committee", headers=w.counter(1))
    assert g.status_code == 200, g.text
    assert g.json() == {"status": "draft", "method": "paper", "members": members}
    # the secretariat replaces it while open; the committee is replaced whole
    w.acted(sid, "open")
    smaller = {"members": w.committee_body()["members"][:2]}
    assert w.set_committee(sid, smaller, w.secretariat).json()["members"][1]["full_name"] == "Trần Văn Bình"
    assert len(w.client.get(f"{URL}/{sid}/counting-committee", headers=w.leader).json()["members"]) == 2
    # neither a delegate nor an outsider names it
    problem(w.set_committee(sid, headers=w.delegate(2)), 403)
    problem(w.set_committee(sid, headers=w.outsider), 404)
    w.acted(sid, "close")
    problem(w.set_committee(sid), 409, "counting_committee_locked")
    assert actions(w, sid).count("counting_committee.set") == 2


@pytest.mark.parametrize(
    ("members", "why"),
    [
        ([{"full_name": "A", "user_id": "u1"}, {"full_name": "B", "user_id": "u2"}], "head"),
        ([{"full_name": "A", "role": "head", "user_id": "u1"}, {"full_name": "B"}], "two members"),
        (
            [{"full_name": "A", "role": "head", "user_id": "u1"}, {"full_name": "B", "user_id": "u1"}],
            "one member only",
        ),
    ],
)
def test_a_committee_without_a_head_or_two_accounts_is_refused(
    w: PaperWorld, members: list[dict[str, Any]], why: str
) -> None:
    sid = w.created(method="paper")["id"]
    body = problem(w.set_committee(sid, {"members": members}), 422, "validation_error")
    assert why in body["errors"][0]["msg"]


def test_a_committee_account_must_be_an_active_user(w: PaperWorld) -> None:
    sid = w.created(method="paper")["id"]
    members = w.committee_body()["members"]
    members[1]["user_id"] = "no-such-user"
    body = problem(w.set_committee(sid, {"members": members}), 422, "validation_error")
    assert body["errors"] == [
        {"loc": ["body", "members", 1, "user_id"], "msg": "no such active user", "type": "unknown_user"}
    ]


def test_a_paper_session_closes_only_with_its_committee(w: PaperWorld) -> None:
    sid = w.created(method="paper")["id"]
    w.acted(sid, "open")
    problem(w.act(sid, "close"), 409, "counting_committee_missing")
    assert w.set_committee(sid).status_code == 200
    assert w.acted(sid, "close")["status"] == "closed"


# ---- the paper counts ----------------------------------------------------------------------------------


def test_two_agreeing_entries_give_the_result_and_publication_proposes_the_awards(w: PaperWorld) -> None:
    sid = w.paper_session()
    problem(w.results(sid), 409, "results_not_available")
    problem(w.client.get(f"{URL}/{sid}/minutes", headers=w.leader), 409, "results_not_available")
    body = problem(w.act(sid, "publish"), 409, "paper_count_missing")
    assert body["entries"] == 0

    first = w.entered(sid, 0, w.count())
    assert first["agreement"] == {"agree": False, "entries": 1, "differences": []}
    assert first["paper_count"] is None
    [entry] = first["entries"]
    assert entry["member_name"] == "Nguyễn Thị Hoa"
    assert (entry["entered_by"], entry["entered_by_name"]) == (w.counter_ids[0], "Nguyễn Thị Hoa")
    assert entry["count"] == w.count()
    problem(w.act(sid, "publish"), 409, "paper_count_missing")
    problem(w.results(sid), 409, "results_not_available")

    second = w.entered(sid, 1, w.count())
    assert second["agreement"] == {"agree": True, "entries": 2, "differences": []}
    assert second["paper_count"] == w.count()
    assert [e["member_name"] for e in second["entries"]] == ["Nguyễn Thị Hoa", "Trần Văn Bình"]
    r = w.results(sid)
    assert r.status_code == 200, r.text
    results = r.json()
    assert (results["electorate"], results["ballots_cast"], results["blank"]) == (4, 4, 0)
    assert results["quorum_met"] is True
    assert [(c["unit_id"], c["votes"], c["elected"]) for c in results["candidates"]] == [
        (w.a, 3, True),
        (w.b, 0, False),
        (w.c, 0, False),
    ]
    assert w.acted(sid, "publish")["status"] == "published"
    assert awards_of(w, sid) == [(w.a, MINISTRY_FLAG, "proposed")]
    problem(w.enter(sid, 0, w.count()), 409, "paper_count_published")
    assert actions(w, sid).count("paper_count.entered") == 2
    paper_count, result, n = stored(w, sid)
    assert paper_count == w.count() and result is not None and n == 2


def test_entries_that_differ_are_listed_and_publication_refused_until_corrected(w: PaperWorld) -> None:
    sid = w.paper_session()
    w.entered(sid, 0, w.count())
    other = w.count(valid=2, invalid=2, votes={w.a: 2, w.b: 0, w.c: 0})
    other["invalid_reasons"] = [{"reason": "Gạch tên quá số đơn vị được bầu", "count": 2}]
    found = w.entered(sid, 1, other)["agreement"]
    expected = [
        {"field": "valid", "values": [3, 2]},
        {"field": "invalid", "values": [1, 2]},
        {
            "field": "invalid_reasons",
            "values": [
                [{"reason": "Gạch tên quá số đơn vị được bầu", "count": 1}],
                [{"reason": "Gạch tên quá số đơn vị được bầu", "count": 2}],
            ],
        },
        {"field": f"votes.{w.a}", "values": [3, 2]},
    ]
    assert found == {"agree": False, "entries": 2, "differences": expected}
    assert w.counts(sid).json()["agreement"] == found
    body = problem(w.act(sid, "publish"), 409, "paper_counts_disagree")
    assert body["differences"] == expected
    problem(w.results(sid), 409, "results_not_available")
    assert stored(w, sid)[:2] == (None, None)
    # the second member recounts: now they agree
    assert w.entered(sid, 1, w.count())["agreement"]["agree"] is True
    assert w.acted(sid, "publish")["status"] == "published"


def test_a_correction_after_the_agreement_withdraws_the_result_until_they_agree_again(w: PaperWorld) -> None:
    sid = w.paper_session()
    w.entered(sid, 0, w.count())
    w.entered(sid, 1, w.count())
    assert w.results(sid).status_code == 200
    w.entered(sid, 0, w.count(blank=1))
    problem(w.results(sid), 409, "results_not_available")
    assert stored(w, sid) == (None, None, 2)
    problem(w.act(sid, "publish"), 409, "paper_counts_disagree")
    w.entered(sid, 1, w.count(blank=1))
    assert w.results(sid).json()["blank"] == 1


def test_an_invalid_count_is_refused_naming_its_field_and_nothing_is_stored(w: PaperWorld) -> None:
    sid = w.paper_session()
    cases = [
        (w.count(returned=5, valid=4), ["body", "returned"]),
        (w.count(issued=5, returned=5, valid=4), ["body", "issued"]),  # 5 issued to an electorate of 4
        (w.count(blank=4), ["body", "blank"]),
        (w.count(invalid_reasons=[]), ["body", "invalid_reasons"]),
        (w.count(votes={w.a: 3, w.b: 0}), ["body", "votes", w.c]),
        (w.count(votes={w.a: 3, w.b: 0, w.c: 0, w.d: 0}), ["body", "votes", w.d]),
        (w.count(votes={w.a: 3, w.b: 1, w.c: 0}), ["body", "votes"]),  # 4 votes, 3 valid × 1 choice
    ]
    for body, loc in cases:
        problem_body = problem(w.enter(sid, 0, body), 422, "validation_error")
        assert [e["loc"] for e in problem_body["errors"]] == [loc], problem_body
    problem(w.enter(sid, 0, w.count(issued=-1)), 422, "validation_error")
    assert stored(w, sid) == (None, None, 0)
    assert "paper_count.entered" not in actions(w, sid)


def test_who_enters_and_reads_the_counts(w: PaperWorld) -> None:
    sid = w.paper_session()
    problem(w.client.put(f"{URL}/{sid}/paper-counts/mine", json=w.count(), headers=w.leader), 403)
    problem(w.client.put(f"{URL}/{sid}/paper-counts/mine", json=w.count(), headers=w.outsider), 404)
    problem(w.counts(sid, w.delegate(2)), 403)
    w.entered(sid, 0, w.count())
    # the second counter has not entered: who entered and when, not the numbers
    blind = w.counts(sid, w.counter(1)).json()
    assert [e["count"] for e in blind["entries"]] == [None]
    assert blind["entries"][0]["member_name"] == "Nguyễn Thị Hoa"
    recount = w.count(valid=2, invalid=2, votes={w.a: 2, w.b: 0, w.c: 0})
    w.entered(sid, 1, {**recount, "invalid_reasons": [{"reason": "Rách", "count": 2}]})
    seen = w.counts(sid, w.counter(1)).json()
    assert [e["count"]["valid"] for e in seen["entries"]] == [3, 2]
    assert seen["agreement"]["differences"][0] == {"field": "valid", "values": [3, 2]}
    assert [e["count"]["valid"] for e in w.counts(sid, w.secretariat).json()["entries"]] == [3, 2]


def test_a_draft_or_open_session_takes_no_count_and_an_electronic_one_none_at_all(w: PaperWorld) -> None:
    sid = w.created(method="paper")["id"]
    assert w.set_committee(sid).status_code == 200
    problem(w.enter(sid, 0, w.count()), 409, "session_not_closed")
    electronic = w.created()["id"]
    assert w.set_committee(electronic).status_code == 200
    w.acted(electronic, "open")
    w.vote(electronic, 0, [w.a])
    closed = w.acted(electronic, "close")
    assert closed["method"] == "electronic"
    problem(w.enter(electronic, 0, w.count()), 409, "not_paper_session")
    # counted at the close as always
    assert w.results(electronic).json()["ballots_cast"] == 1


# ---- mixed ----------------------------------------------------------------------------------------------


def test_a_mixed_session_adds_the_paper_count_to_the_electronic_ballots(w: PaperWorld) -> None:
    # delegates 0, 1, 2 vote electronically (A, A, blank); one paper ballot, for A
    sid = w.paper_session("mixed", votes=[[w.a], [w.a], []])
    problem(w.results(sid), 409, "results_not_available")
    paper = {
        "issued": 1,
        "returned": 1,
        "valid": 1,
        "invalid": 0,
        "blank": 0,
        "invalid_reasons": [],
        "votes": {w.a: 1, w.b: 0, w.c: 0},
    }
    # 2 paper ballots + 3 electronic ones would exceed the electorate of 4
    over = problem(w.enter(sid, 0, {**paper, "issued": 2}), 422, "validation_error")
    assert [e["loc"] for e in over["errors"]] == [["body", "issued"]]
    w.entered(sid, 0, paper)
    assert w.entered(sid, 1, paper)["agreement"]["agree"] is True
    results = w.results(sid).json()
    assert (results["ballots_cast"], results["blank"], results["quorum_met"]) == (4, 1, True)
    assert [(c["unit_id"], c["votes"], c["elected"]) for c in results["candidates"]] == [
        (w.a, 3, True),
        (w.b, 0, False),
        (w.c, 0, False),
    ]
    assert w.acted(sid, "publish")["status"] == "published"
    assert awards_of(w, sid) == [(w.a, MINISTRY_FLAG, "proposed")]
