"""Results of ballot sessions through HTTP: the tally frozen at close, who sees it when, the awards that
follow publication, quorum, ties and runoffs, and non-secret ballots; on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.models import AuditEvent, Award
from app.models.base import new_id
from tests.support.builders import Builders
from tests.support.problems import problem
from tests.support.voting import MINISTRY_FLAG, URL, VotingWorld


@pytest.fixture
def w(build: Builders) -> VotingWorld:
    return VotingWorld(build)


def line(
    w: VotingWorld, unit_id: str, votes: int, share: float, passes: bool, elected: bool
) -> dict[str, Any]:
    code, name = w.unit(unit_id)
    return {
        "unit_id": unit_id,
        "unit_code": code,
        "unit_name": name,
        "votes": votes,
        "share": share,
        "passes": passes,
        "elected": elected,
    }


def awards_of(w: VotingWorld, session_id: str) -> list[tuple[str, str, str, int]]:
    with w.session_factory() as s:
        rows = s.execute(
            select(Award.unit_id, Award.title_code, Award.status, Award.year).where(
                Award.source_session_id == session_id
            )
        ).all()
    return sorted(tuple(r) for r in rows)


# ---- the tally ----------------------------------------------------------------------------------------


def test_close_computes_and_freezes_the_tally(w: VotingWorld) -> None:
    closed = w.counted([[w.a], [w.a], [w.a], [w.b]])
    sid = closed["id"]
    r = w.results(sid)
    assert r.status_code == 200, r.text
    assert r.json() == {
        "status": "closed",
        "electorate": 4,
        "ballots_cast": 4,
        "blank": 0,
        "quorum_met": True,
        "candidates": [
            line(w, w.a, 3, 0.75, True, True),
            line(w, w.b, 1, 0.25, False, False),
            line(w, w.c, 0, 0.0, False, False),
        ],
        "elected": [w.a],
        "elected_units": [w.unit_ref(w.a)],
        "tied": [],
        "tied_units": [],
        "unfilled_seats": 0,
    }
    # Frozen: no more ballots, and the published results are the same count.
    problem(
        w.client.post(f"{URL}/{sid}/ballots", json={"choices": [w.b]}, headers=w.delegate(0)),
        409,
        "session_not_open",
    )
    w.acted(sid, "publish")
    published = w.results(sid).json()
    assert published == {**r.json(), "status": "published"}
    with w.session_factory() as s:
        close_event = s.scalars(
            select(AuditEvent).where(AuditEvent.object_id == sid, AuditEvent.action == "voting_session.close")
        ).one()
    assert close_event.details["ballots_cast"] == 4
    assert close_event.details["elected"] == [w.a]


def test_a_ballot_after_close_is_refused(w: VotingWorld) -> None:
    sid = w.counted([[w.a], [w.a], [w.a], None])["id"]
    problem(
        w.client.post(f"{URL}/{sid}/ballots", json={"choices": [w.a]}, headers=w.delegate(3)),
        409,
        "session_not_open",
    )
    assert w.results(sid).json()["ballots_cast"] == 3


def test_blank_ballots_count_as_cast(w: VotingWorld) -> None:
    body = w.results(w.counted([[], [], [w.a], None])["id"]).json()
    assert (body["ballots_cast"], body["blank"], body["quorum_met"]) == (3, 2, True)
    assert body["candidates"][0]["votes"] == 1
    assert body["elected"] == []
    assert body["unfilled_seats"] == 1


def test_below_quorum_nobody_is_elected_and_no_award_follows(w: VotingWorld) -> None:
    # A has every ballot cast (share 1 of those cast) but only 1 of 4 delegates voted: quorum 0.5 not met.
    sid = w.counted([[w.a], None, None, None], threshold={"share": 0.5, "of": "cast", "inclusive": False})[
        "id"
    ]
    body = w.results(sid).json()
    assert body["quorum_met"] is False
    assert body["candidates"][0] == line(w, w.a, 1, 1.0, True, False)
    assert (body["elected"], body["tied"], body["unfilled_seats"]) == ([], [], 1)
    w.acted(sid, "publish")
    assert awards_of(w, sid) == []
    problem(w.act(sid, "runoff"), 409, "no_runoff_needed")


def test_publish_proposes_awards_for_the_elected(w: VotingWorld) -> None:
    sid = w.counted([[w.a, w.b], [w.a, w.b], [w.a, w.b], [w.c]], seats=3, max_choices=2)["id"]
    assert awards_of(w, sid) == []  # not at close
    w.acted(sid, "publish")
    assert awards_of(w, sid) == sorted(
        [(w.a, MINISTRY_FLAG, "proposed", 2016), (w.b, MINISTRY_FLAG, "proposed", 2016)]
    )
    listed = w.client.get(f"/api/v1/awards?year=2016&title_code={MINISTRY_FLAG}", headers=w.member).json()
    assert sorted((a["unit_id"], a["status"], a["source_session_id"]) for a in listed["items"]) == sorted(
        [(w.a, "proposed", sid), (w.b, "proposed", sid)]
    )


def test_publish_is_refused_whole_when_an_elected_unit_already_has_the_title(w: VotingWorld) -> None:
    w.award(w.a, MINISTRY_FLAG)
    sid = w.counted([[w.a], [w.a], [w.a], None])["id"]
    r = w.act(sid, "publish")
    assert r.status_code == 409, r.text
    assert w.get(sid).json()["status"] == "closed"  # nothing of the publication was kept
    assert awards_of(w, sid) == []


# ---- who sees results when ----------------------------------------------------------------------------


def test_results_visibility_follows_the_status(w: VotingWorld) -> None:
    sid = w.created()["id"]
    reader_client = w.client_token("results:read")
    plain_client = w.client_token("units:read")
    managers = (w.leader, w.deputy, w.secretariat)
    not_readers = (w.outsider, w.admin, plain_client)

    # draft and open: nobody, though readers learn why (409) and others learn nothing (404)
    for action in (None, "open"):
        if action:
            w.acted(sid, action)
        for headers in (*managers, w.observer, w.member):
            problem(w.results(sid, headers), 409, "results_not_available")
        for headers in (*not_readers, reader_client):
            problem(w.results(sid, headers), 404, "not_found")
    w.vote(sid, 0, [w.a])
    w.vote(sid, 1, [w.a])
    w.vote(sid, 2, [w.a])

    # closed: the leader, secretariat and observer
    w.acted(sid, "close")
    for headers in (*managers, w.observer):
        assert w.results(sid, headers).status_code == 200
    problem(w.results(sid, w.member), 409, "results_not_available")  # a delegate waits for publication
    for headers in (*not_readers, reader_client):
        problem(w.results(sid, headers), 404, "not_found")

    # published: everyone who may read the session, results:read clients included
    w.acted(sid, "publish")
    for headers in (*managers, w.observer, w.member, w.delegate(3), reader_client):
        r = w.results(sid, headers)
        assert r.status_code == 200, r.text
        assert r.json()["elected"] == [w.a]
    for headers in not_readers:
        problem(w.results(sid, headers), 404, "not_found")
    problem(w.results(new_id()), 404, "not_found")
    assert w.client.get(f"{URL}/{sid}/results").status_code == 401


def test_cancelled_session_has_no_results(w: VotingWorld) -> None:
    sid = w.created()["id"]
    w.acted(sid, "open")
    w.vote(sid, 0, [w.a])
    w.acted(sid, "cancel")
    problem(w.results(sid), 409, "results_not_available")


def test_non_secret_ballots_are_shown_to_the_leader_and_secretariat_only(w: VotingWorld) -> None:
    sid = w.counted(
        [[w.a], [w.b], [], None], secret=False, threshold={"share": 0.3, "of": "cast", "inclusive": False}
    )["id"]
    # each voter with the full name, each choice with the unit's code and name (not secret: by design)
    expected = sorted(
        [
            {**w.user_ref(w.delegate_ids[0]), "choices": [w.a], "choice_units": [w.unit_ref(w.a)]},
            {**w.user_ref(w.delegate_ids[1]), "choices": [w.b], "choice_units": [w.unit_ref(w.b)]},
            {**w.user_ref(w.delegate_ids[2]), "choices": [], "choice_units": []},
        ],
        key=lambda b: b["user_id"],
    )
    for headers in (w.leader, w.deputy, w.secretariat):
        assert w.results(sid, headers).json()["ballots"] == expected
    assert "ballots" not in w.results(sid, w.observer).json()
    w.acted(sid, "publish")
    for headers in (w.observer, w.member, w.client_token("results:read")):
        assert "ballots" not in w.results(sid, headers).json()
    assert w.results(sid, w.leader).json()["ballots"] == expected


def test_a_secret_session_never_names_a_voter(w: VotingWorld) -> None:
    sid = w.counted([[w.a], [w.a], [w.a], None])["id"]
    for headers in (w.leader, w.secretariat, w.observer):
        assert "ballots" not in w.results(sid, headers).json()


# ---- ties and runoffs ---------------------------------------------------------------------------------


def test_a_tie_across_the_last_seat_leads_to_a_runoff(w: VotingWorld) -> None:
    everyone = [w.a, w.b, w.c]
    source = w.counted(
        [everyone, everyone, everyone, [w.a]],
        seats=2,
        max_choices=3,
        threshold={"share": 0.5, "of": "electorate", "inclusive": True},
        quorum=0.75,
    )
    sid = source["id"]
    body = w.results(sid).json()
    assert body["candidates"] == [
        line(w, w.a, 4, 1.0, True, True),
        line(w, w.b, 3, 0.75, True, False),
        line(w, w.c, 3, 0.75, True, False),
    ]
    assert (body["elected"], body["tied"], body["unfilled_seats"]) == ([w.a], [w.b, w.c], 1)
    assert body["elected_units"] == [w.unit_ref(w.a)]
    assert body["tied_units"] == [w.unit_ref(w.b), w.unit_ref(w.c)]

    # Only the leader or secretariat; readers who may not run it get 403, others 404.
    problem(w.act(sid, "runoff", w.member), 403, "forbidden")
    problem(w.act(sid, "runoff", w.observer), 403, "forbidden")
    problem(w.act(sid, "runoff", w.outsider), 404, "not_found")

    r = w.act(sid, "runoff")
    assert r.status_code == 201, r.text
    runoff = r.json()
    assert r.headers["Location"].endswith(f"{URL}/{runoff['id']}")
    assert r.headers["ETag"] == f'"{runoff["id"]}.1"'
    same = ("campaign_id", "title_code", "electorate_user_ids", "threshold", "quorum", "secret")
    assert {k: runoff[k] for k in same} == {k: source[k] for k in same}
    assert runoff["runoff_of"] == sid
    assert runoff["status"] == "draft"
    assert runoff["candidate_ids"] == [w.b, w.c]
    assert runoff["candidate_units"] == [w.unit_ref(w.b), w.unit_ref(w.c)]
    assert runoff["electorate_users"] == source["electorate_users"]
    assert runoff["seats"] == 1
    assert runoff["max_choices"] == 1
    assert runoff["candidates_from"] is None
    assert runoff["name"] == f"{source['name']} (bỏ phiếu lại)"
    assert w.get(runoff["id"]).json() == runoff

    # One runoff at a time.
    body = problem(w.act(sid, "runoff", w.secretariat), 409, "runoff_exists")
    assert body["runoff_id"] == runoff["id"]

    # The source is published (A's award), and the runoff decides the last seat.
    w.acted(sid, "publish")
    w.acted(runoff["id"], "open")
    for i, choice in enumerate([[w.b], [w.b], [w.b], [w.c]]):
        w.vote(runoff["id"], i, choice)
    w.acted(runoff["id"], "close")
    assert w.results(runoff["id"]).json()["elected"] == [w.b]
    w.acted(runoff["id"], "publish")
    assert awards_of(w, sid) == [(w.a, MINISTRY_FLAG, "proposed", 2016)]
    assert awards_of(w, runoff["id"]) == [(w.b, MINISTRY_FLAG, "proposed", 2016)]


def test_a_cancelled_runoff_may_be_replaced(w: VotingWorld) -> None:
    sid = w.counted([[w.a, w.b], [w.a, w.b], [w.a, w.b], None], max_choices=2)["id"]
    assert w.results(sid).json()["tied"] == [w.a, w.b]
    first = w.act(sid, "runoff").json()
    w.acted(first["id"], "cancel")
    second = w.act(sid, "runoff")
    assert second.status_code == 201, second.text
    assert second.json()["candidate_ids"] == [w.a, w.b]
    assert second.json()["id"] != first["id"]


def test_no_runoff_without_a_tie(w: VotingWorld) -> None:
    clear = w.counted([[w.a], [w.a], [w.a], None])["id"]
    problem(w.act(clear, "runoff"), 409, "no_runoff_needed")
    w.acted(clear, "publish")
    problem(w.act(clear, "runoff"), 409, "no_runoff_needed")
    draft = w.created()["id"]
    problem(w.act(draft, "runoff"), 409, "no_runoff_needed")
    w.acted(draft, "open")
    problem(w.act(draft, "runoff"), 409, "no_runoff_needed")
    problem(w.act(new_id(), "runoff"), 404, "not_found")
