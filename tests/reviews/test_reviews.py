"""A unit's review of its people through HTTP, on SQLite and PostgreSQL: creating it (candidates with the
law's verdicts, the threshold the law sets), what is refused, the transitions, who may do what,
idempotency and If-Match."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.eligibility.service import today
from tests.support.builders import Builders
from tests.support.problems import problem
from tests.support.reviews import CSTDCS, LDTT, ReviewWorld, review_url

YEAR = 2025
REVIEW_KEYS = {
    "id",
    "unit_id",
    "unit_name",
    "year",
    "title_code",
    "title_name",
    "status",
    "regime",
    "threshold",
    "secret",
    "candidates",
    "electorate",
    "created_by",
    "created_by_name",
    "created_at",
    "updated_at",
    "opened_at",
    "counted_at",
    "decided_at",
    "cancelled_at",
    "decision",
}


@pytest.fixture
def w(build: Builders) -> ReviewWorld:
    return ReviewWorld(build)


def _verdicts(review: dict[str, Any]) -> dict[str, tuple[str, list[str]]]:
    """full name -> (verdict, codes of the hard criteria not met)."""
    return {
        c["full_name"]: (c["verdict"]["verdict"], [u["code"] for u in c["verdict"]["unmet"] if u["hard"]])
        for c in review["candidates"]
    }


# ---- creating ------------------------------------------------------------------------------------------


def test_create_shows_each_candidate_with_the_laws_verdict(w: ReviewWorld) -> None:
    binh = w.person("Lê Văn Bình", year=YEAR, rating="completed")
    an = w.person("Nguyễn Thị An", year=YEAR, rating="good")
    r = w.create(YEAR)
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == REVIEW_KEYS
    assert r.headers["location"].endswith(f"/api/v1/reviews/{body['id']}")
    assert r.headers["etag"] == f'"{body["id"]}.1"'
    assert (body["unit_id"], body["unit_name"], body["year"], body["status"]) == (
        w.unit,
        "Văn phòng Bộ",
        YEAR,
        "draft",
    )
    assert (body["title_code"], body["title_name"], body["secret"]) == (LDTT, "Lao động tiên tiến", True)
    assert body["regime"] == "R2025"
    # Everyone who worked in the unit that year, by name; each with the verdict as of today.
    assert [c["person_id"] for c in body["candidates"]] == [binh, an]
    assert _verdicts(body) == {"Lê Văn Bình": ("not_eligible", ["rating"]), "Nguyễn Thị An": ("eligible", [])}
    an_verdict = body["candidates"][1]["verdict"]
    assert an_verdict["regime"] == "R2025" and an_verdict["judged_on"] == today().isoformat()
    [rating] = body["candidates"][0]["verdict"]["unmet"]
    assert rating["outcome"] == "not_met" and "Điều 24" in rating["citation"] and rating["summary_vi"]
    # Lao động tiên tiến has no council threshold in the law: more than half of all five electors.
    assert body["threshold"] == {
        "share": 0.5,
        "inclusive": False,
        "source": "default: more than half of the electorate (no threshold in the law for this title)",
        "required": 3,
    }
    assert [e["user_id"] for e in body["electorate"]] == sorted(w.electorate_ids)
    assert {e["full_name"] for e in body["electorate"]} >= {"Trần Thủ Trưởng"}
    assert body["created_by"] == w.officers[0]["id"] and body["created_by_name"]
    assert all(body[k] is None for k in ("opened_at", "counted_at", "decided_at", "cancelled_at", "decision"))
    [event] = w.events(body["id"])
    assert event.action == "review.create" and event.actor_id == w.officers[0]["id"]
    assert event.details["candidates"] == 2 and event.details["electorate"] == 5
    assert w.client.get(review_url(body["id"]), headers=w.head).json() == body


def test_chien_si_thi_dua_co_so_takes_the_laws_eighty_percent_of_all_members(w: ReviewWorld) -> None:
    w.person("Nguyễn Thị An", year=YEAR, rating="excellent", titles={LDTT: [YEAR]})
    body = w.created(YEAR, CSTDCS)
    threshold = body["threshold"]
    assert (threshold["share"], threshold["inclusive"], threshold["required"]) == (0.8, True, 4)
    assert threshold["source"].startswith("R2025: ") and "98/2023" in threshold["source"]
    assert _verdicts(body) == {"Nguyễn Thị An": ("eligible", [])}
    # The law that sets the threshold asks for a secret ballot.
    w.done(body["id"], "cancel")
    r = w.create(YEAR, CSTDCS, secret=False)
    problem(r, 422, "secret_ballot_required")
    assert r.json()["errors"][0]["loc"] == ["body", "secret"]


def test_the_ministrys_regulation_may_set_a_threshold_the_law_does_not(w: ReviewWorld) -> None:
    w.person("Nguyễn Thị An", year=YEAR)
    regulation = {
        "values": {"council_thresholds": {LDTT: "2/3"}},
        "effective_from": "2024-01-01",
        "reason": "Quy chế thi đua, khen thưởng của Bộ",
    }
    r = w.client.post("/api/v1/regulations/ministry", json=regulation, headers=w.secretariat)
    assert r.status_code == 201, r.text
    body = w.created(YEAR, secret=False)  # the law asks for no secret ballot on this title
    threshold = body["threshold"]
    assert (round(threshold["share"], 4), threshold["inclusive"], threshold["required"]) == (0.6667, True, 4)
    assert threshold["source"].startswith("R2025: Quy chế (council_thresholds)")


def test_listed_candidates_keep_their_order_and_must_have_worked_in_the_unit(w: ReviewWorld) -> None:
    an = w.person("Nguyễn Thị An", year=YEAR)
    binh = w.person("Lê Văn Bình", year=YEAR)
    elsewhere = w.person("Phạm Văn Cường", year=YEAR, unit_id=w.other_unit)
    late = w.person("Đỗ Thị Dung", year=YEAR, started_on=date(YEAR + 1, 1, 5))
    r = w.create(YEAR, candidate_ids=[an, elsewhere, late])
    body = problem(r, 422, "candidate_not_in_unit")
    assert [e["loc"] for e in body["errors"]] == [["body", "candidate_ids", 1], ["body", "candidate_ids", 2]]
    listed = w.created(YEAR, candidate_ids=[an, binh])
    assert [c["person_id"] for c in listed["candidates"]] == [an, binh]
    problem(w.create(YEAR + 1, candidate_ids=[an, an]), 422, "validation_error")


def test_a_unit_with_nobody_that_year_has_nobody_to_review(w: ReviewWorld) -> None:
    w.person("Nguyễn Thị An", year=YEAR, started_on=date(YEAR + 1, 1, 1))
    problem(w.create(YEAR), 422, "no_candidates")


def test_the_electorate_is_the_units_active_officers_and_head(w: ReviewWorld) -> None:
    w.person("Nguyễn Thị An", year=YEAR)
    observer = w.build.user("observer", unit_id=w.unit)
    inactive = w.build.user("officer", unit_id=w.unit, active=False)
    outsider = w.build.user("officer", unit_id=w.other_unit)
    both = w.build.user("officer", "unit_head", unit_id=w.unit)
    bad = [w.officers[0]["id"], observer["id"], inactive["id"], outsider["id"], "no-such-user"]
    body = problem(w.create(YEAR, electorate_user_ids=bad), 422, "elector_not_in_unit")
    assert [e["loc"] for e in body["errors"]] == [["body", "electorate_user_ids", i] for i in (1, 2, 3, 4)]
    problem(w.create(YEAR, electorate_user_ids=[]), 422, "validation_error")
    problem(w.create(YEAR, electorate_user_ids=[both["id"], both["id"]]), 422, "validation_error")
    ok = w.created(YEAR, electorate_user_ids=[both["id"], w.head_user["id"]])
    assert ok["threshold"]["required"] == 2  # more than half of 2


@pytest.mark.parametrize(
    "over",
    [
        {"title_code": "chien_si_thi_dua_cap_bo"},  # the minister decides it, not the unit head
        {"title_code": "co_thi_dua_bo"},
        {"year": 1900},
        {"secret": None},
        {"unexpected": 1},
    ],
)
def test_invalid_bodies_are_422(w: ReviewWorld, over: dict[str, Any]) -> None:
    w.person("Nguyễn Thị An", year=YEAR)
    body = {**w.body(YEAR), **over}
    r = w.client.post(f"/api/v1/units/{w.unit}/reviews", json=body, headers=w.officer())
    problem(r, 422, "validation_error")


def test_one_live_review_per_unit_year_and_title(w: ReviewWorld) -> None:
    w.person("Nguyễn Thị An", year=YEAR, titles={LDTT: [YEAR]})
    first = w.created(YEAR)
    again = problem(w.create(YEAR, headers=w.head), 409, "review_exists")
    assert again["review_id"] == first["id"]
    w.created(YEAR, CSTDCS)  # another title
    w.created(YEAR - 1)  # another year
    w.done(first["id"], "cancel")
    assert w.created(YEAR)["id"] != first["id"]


def test_the_units_reviews_are_listed(w: ReviewWorld) -> None:
    w.person("Nguyễn Thị An", year=YEAR, titles={LDTT: [YEAR]})
    ldtt = w.created(YEAR)["id"]
    cstdcs = w.created(YEAR, CSTDCS)["id"]
    old = w.created(YEAR - 1)["id"]
    url = f"/api/v1/units/{w.unit}/reviews"
    for headers in (w.officer(1), w.head, w.secretariat, w.observer, w.admin):
        r = w.client.get(url, headers=headers)
        assert r.status_code == 200, r.text
        assert [i["id"] for i in r.json()["items"]] == [ldtt, cstdcs, old]
    assert [i["id"] for i in w.client.get(f"{url}?year={YEAR}", headers=w.head).json()["items"]] == [
        ldtt,
        cstdcs,
    ]
    assert [i["id"] for i in w.client.get(f"{url}?title_code={CSTDCS}", headers=w.head).json()["items"]] == [
        cstdcs
    ]
    page = w.client.get(f"{url}?limit=2", headers=w.head)
    assert (
        len(page.json()["items"]) == 2 and page.json()["next_cursor"] and 'rel="next"' in page.headers["link"]
    )
    for headers in (w.other_officer, w.other_head):
        problem(w.client.get(url, headers=headers), 403)
    problem(w.client.get("/api/v1/units/no-such-unit/reviews", headers=w.secretariat), 404, "not_found")


# ---- transitions ---------------------------------------------------------------------------------------


def test_transitions_follow_the_state_machine(w: ReviewWorld) -> None:
    w.person("Nguyễn Thị An", year=YEAR)
    rid = w.created(YEAR)["id"]
    problem(w.act(rid, "close"), 409, "invalid_transition")
    problem(w.decide(rid, date(YEAR + 1, 1, 15)), 409, "invalid_transition")
    opened = w.done(rid, "open", w.head)
    assert opened["status"] == "voting" and opened["opened_at"]
    problem(w.act(rid, "open"), 409, "invalid_transition")
    counted = w.done(rid, "close", w.secretariat)
    assert counted["status"] == "counted" and counted["counted_at"]
    problem(w.act(rid, "cancel"), 409, "invalid_transition")
    problem(w.act(rid, "open"), 409, "invalid_transition")
    actions = [e.action for e in w.events(rid)]
    assert actions == ["review.create", "review.open", "review.close"]


def test_a_draft_or_voting_review_may_be_cancelled(w: ReviewWorld) -> None:
    w.person("Nguyễn Thị An", year=YEAR, titles={LDTT: [YEAR]})
    draft = w.created(YEAR)["id"]
    cancelled = w.done(draft, "cancel", w.head)
    assert cancelled["status"] == "cancelled" and cancelled["cancelled_at"]
    voting = w.created(YEAR, CSTDCS)["id"]
    w.done(voting, "open")
    assert w.done(voting, "cancel", w.secretariat)["status"] == "cancelled"
    problem(w.vote(voting, 0, {}), 409, "review_not_voting")


def test_if_match_guards_the_transitions(w: ReviewWorld) -> None:
    w.person("Nguyễn Thị An", year=YEAR)
    r = w.create(YEAR)
    rid, etag = r.json()["id"], r.headers["etag"]
    problem(w.act(rid, "open", headers={**w.officer(), "If-Match": '"stale.0"'}), 412, "precondition_failed")
    opened = w.act(rid, "open", headers={**w.officer(), "If-Match": etag})
    assert opened.status_code == 200 and opened.headers["etag"] == f'"{rid}.2"'
    problem(w.act(rid, "close", headers={**w.officer(), "If-Match": etag}), 412)
    assert w.client.get(review_url(rid), headers=w.head).headers["etag"] == opened.headers["etag"]
    counted = w.act(rid, "close", headers={**w.officer(), "If-Match": opened.headers["etag"]})
    assert counted.status_code == 200
    stale = w.client.post(
        review_url(rid, "/decide"),
        json={"decision_number": "1/QĐ", "decision_date": "2026-01-15"},
        headers={**w.head, "If-Match": opened.headers["etag"]},
    )
    problem(stale, 412)


# ---- who may ------------------------------------------------------------------------------------------


def test_readers_and_the_hidden(w: ReviewWorld) -> None:
    w.person("Nguyễn Thị An", year=YEAR)
    rid = w.created(YEAR)["id"]
    for headers in (w.officer(3), w.head, w.secretariat, w.observer, w.admin):
        assert w.client.get(review_url(rid), headers=headers).status_code == 200
        assert w.client.get(review_url(rid, "/turnout"), headers=headers).status_code == 200
    # The head or an officer of another unit does not learn the review exists.
    for headers in (w.other_head, w.other_officer, w.role("officer")):
        problem(w.client.get(review_url(rid), headers=headers), 404, "not_found")
        problem(w.act(rid, "open", headers), 404, "not_found")
        problem(w.decide(rid, date(YEAR + 1, 1, 15), headers), 404, "not_found")
    problem(w.client.get(review_url("no-such-review"), headers=w.secretariat), 404, "not_found")
    assert w.client.get(review_url(rid)).status_code == 401


def test_who_runs_creates_and_decides(w: ReviewWorld) -> None:
    w.person("Nguyễn Thị An", year=YEAR)
    for headers in (w.other_head, w.other_officer, w.observer, w.admin):
        problem(w.create(YEAR, headers=headers), 403, "forbidden")
    rid = w.created(YEAR)["id"]
    problem(w.act(rid, "open", w.observer), 403)
    problem(w.act(rid, "open", w.admin), 403)
    w.done(rid, "open", w.officer(2))
    w.done(rid, "close", w.head)
    # Deciding is the head's (or the secretariat's), not the officers'.
    problem(w.decide(rid, date(YEAR + 1, 1, 15), w.officer()), 403, "not_unit_head")
    in_vietnamese = w.decide(rid, date(YEAR + 1, 1, 15), {**w.officer(), "Accept-Language": "vi"})
    assert "thủ trưởng đơn vị" in problem(in_vietnamese, 403, "not_unit_head")["detail"]
    problem(w.decide(rid, date(YEAR + 1, 1, 15), w.observer), 403, "not_unit_head")
    assert w.decide(rid, date(YEAR + 1, 1, 15), w.head).status_code == 200


def test_a_head_who_is_also_an_officer_does_both(w: ReviewWorld) -> None:
    w.person("Nguyễn Thị An", year=YEAR)
    both = w.build.user("officer", "unit_head", unit_id=w.unit)
    headers = w.headers_of(both)
    r = w.create(YEAR, headers=headers, electorate_user_ids=[both["id"]])
    rid = r.json()["id"]
    w.done(rid, "open", headers)
    w.done(rid, "close", headers)
    assert w.decide(rid, date(YEAR + 1, 1, 15), headers).json()["status"] == "decided"


# ---- idempotency ---------------------------------------------------------------------------------------


def test_create_honours_idempotency_key(w: ReviewWorld) -> None:
    w.person("Nguyễn Thị An", year=YEAR, titles={LDTT: [YEAR]})
    url = f"/api/v1/units/{w.unit}/reviews"
    headers = {**w.officer(), "Idempotency-Key": "review-2025-ldtt"}
    first = w.client.post(url, json=w.body(YEAR), headers=headers)
    assert first.status_code == 201
    replay = w.client.post(url, json=w.body(YEAR), headers=headers)
    assert replay.status_code == 201 and replay.headers["idempotent-replayed"] == "true"
    assert replay.json() == first.json() and replay.headers["etag"] == first.headers["etag"]
    problem(w.client.post(url, json=w.body(YEAR, CSTDCS), headers=headers), 422)
    # Without the key, the same body is a second review: refused.
    problem(w.create(YEAR), 409, "review_exists")
    assert [e.action for e in w.events(first.json()["id"])] == ["review.create"]
