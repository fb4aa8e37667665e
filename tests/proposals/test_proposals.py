"""Proposals for commendation through HTTP, on SQLite and PostgreSQL (issue 13 points 1, 3 and 9): drafting,
items, the procedure's moves with who may take each, returns with reasons, replays, deadlines, who may see
a proposal, and the refusals as problem details."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from app.models import ItemStatus, ProposalItem, ProposalTransition
from app.people.dates import vn_today
from tests.support.builders import Builders
from tests.support.problems import problem
from tests.support.proposals import (
    MINISTRY_MERIT,
    MINISTRY_SOLDIER,
    NATIONAL_SOLDIER,
    PM_MERIT,
    URL,
    ProposalWorld,
)

PROPOSAL_KEYS = {
    "id",
    "year",
    "title",
    "origin",
    "unit_id",
    "unit_code",
    "unit_name",
    "bloc_id",
    "campaign_id",
    "source_session_id",
    "status",
    "round",
    "regime",
    "step_started_on",
    "due_on",
    "overdue",
    "submitted_at",
    "forwarded_to",
    "forwarded_on",
    "forwarded_ref",
    "allowed_actions",
    "documents",
    "unanswered_comments",
    "proposal_items",
    "created_at",
    "updated_at",
}


@pytest.fixture
def w(build: Builders) -> ProposalWorld:
    return ProposalWorld(build)


def _transitions(w: ProposalWorld, pid: str) -> list[dict[str, Any]]:
    r = w.client.get(f"{URL}/{pid}/transitions", headers=w.secretariat)
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


# ---- drafting -------------------------------------------------------------------------------------------


def test_an_officer_drafts_the_units_proposal_with_items(w: ProposalWorld) -> None:
    r = w.propose(items=[w.item(), w.item(w.person2, MINISTRY_MERIT)])
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == PROPOSAL_KEYS
    assert r.headers["ETag"] and r.headers["Location"].endswith(f"{URL}/{body['id']}")
    assert body["status"] == "draft" and body["origin"] == "unit" and body["round"] == 1
    assert (body["unit_id"], body["unit_code"], body["unit_name"]) == (w.c, *w.unit(w.c))
    first, second = body["proposal_items"]
    assert first["person_name"] == "Trần Thị Bình" and first["name"] and first["kind"] == "title"
    assert second["kind"] == "form" and second["form_code"] == MINISTRY_MERIT
    assert first["status"] == "pending" and first["verdict"] is None
    assert body["allowed_actions"] == ["submit", "withdraw"]
    assert body["documents"] == {} and body["overdue"] is False


def test_mixing_deciding_authorities_is_422(w: ProposalWorld) -> None:
    r = w.propose(items=[w.item(), w.item(w.person2, NATIONAL_SOLDIER)])
    body = problem(r, 422, "mixed_authority")
    assert body["authorities"] == {"minister": [MINISTRY_SOLDIER], "prime_minister": [NATIONAL_SOLDIER]}
    pid = w.proposal()["id"]
    r = w.client.post(f"{URL}/{pid}/items", json=w.item(w.person2, PM_MERIT), headers=w.member)
    problem(r, 422, "mixed_authority")


def test_a_unit_proposes_only_its_own_people(w: ProposalWorld) -> None:
    problem(w.propose(items=[w.item(w.stranger)]), 422, "subject_not_in_unit")
    problem(w.propose(items=[{"unit_id": w.d, "title_code": "tap_the_lao_dong_xuat_sac"}]), 422)


def test_bad_input_is_422(w: ProposalWorld) -> None:
    problem(w.propose(year=1800), 422, "validation_error")
    problem(w.propose(items=[{"person_id": w.person1}]), 422, "validation_error")
    problem(w.propose(items=[w.item(achievements="x" * 20_001)]), 422, "validation_error")
    problem(w.propose(items=[w.item(code="no_such_title")]), 422)


def test_another_units_officer_cannot_draft_for_the_unit(w: ProposalWorld) -> None:
    problem(w.propose(headers=w.other), 403)
    problem(w.propose(headers=w.observer), 403)


def test_the_secretariat_drafts_its_own(w: ProposalWorld) -> None:
    body = {"year": 2016, "title": "Đề nghị của Thường trực", "items": [w.item(w.stranger)]}
    r = w.client.post(f"{URL}/secretariat", json=body, headers=w.secretariat)
    assert r.status_code == 201, r.text
    assert r.json()["origin"] == "secretariat" and r.json()["unit_id"] is None
    problem(w.client.post(f"{URL}/secretariat", json=body, headers=w.member), 403)


# ---- editing ---------------------------------------------------------------------------------------------


def test_items_are_edited_while_draft_with_if_match(w: ProposalWorld) -> None:
    created = w.propose()
    pid, etag = created.json()["id"], created.headers["ETag"]
    r = w.client.post(f"{URL}/{pid}/items", json=w.item(w.person2), headers={**w.member, "If-Match": etag})
    assert r.status_code == 201, r.text
    assert len(r.json()["proposal_items"]) == 2 and r.headers["ETag"] != etag
    problem(
        w.client.patch(f"{URL}/{pid}", json={"title": "Mới"}, headers={**w.member, "If-Match": etag}), 412
    )
    item_id = r.json()["proposal_items"][1]["id"]
    r = w.client.patch(
        f"{URL}/{pid}/items/{item_id}",
        json={"form_code": MINISTRY_MERIT, "achievements": "Mới"},
        headers=w.member,
    )
    assert r.status_code == 200, r.text
    assert (
        r.json()["proposal_items"][1]["form_code"] == MINISTRY_MERIT
        and r.json()["proposal_items"][1]["title_code"] is None
    )
    r = w.client.delete(f"{URL}/{pid}/items/{item_id}", headers=w.member)
    assert r.status_code == 200 and len(r.json()["proposal_items"]) == 1
    r = w.client.patch(f"{URL}/{pid}", json={"title": "Tờ trình mới"}, headers=w.member)
    assert r.status_code == 200 and r.json()["title"] == "Tờ trình mới"
    w.moved(pid, "submit", w.member)
    problem(w.client.patch(f"{URL}/{pid}", json={"title": "Sau"}, headers=w.member), 409, "proposal_locked")
    problem(
        w.client.post(f"{URL}/{pid}/items", json=w.item(w.person2), headers=w.member), 409, "proposal_locked"
    )


# ---- the procedure ---------------------------------------------------------------------------------------


def test_the_whole_walk_to_the_council(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    submitted = w.moved(pid, "submit", w.member)
    assert submitted["status"] == "submitted" and submitted["regime"] and submitted["submitted_at"]
    item = submitted["proposal_items"][0]
    assert (
        item["verdict_outcome"] in ("eligible", "not_eligible", "needs_judgement") or item["verdict_outcome"]
    )
    assert item["verdict"]["outcome"] == item["verdict_outcome"]
    assert w.read(pid, w.member).json()["allowed_actions"] == ["withdraw"]
    assert w.read(pid).json()["allowed_actions"] == ["take_up", "return", "withdraw"]
    body = w.walk(pid, "take_up", "check", "to_council")
    assert body["status"] == "council"
    history = _transitions(w, pid)
    assert [t["action"] for t in history] == ["submit", "take_up", "check", "to_council"]
    assert history[0]["from_status"] == "draft" and history[0]["to_status"] == "submitted"
    assert history[1]["actor_name"] and history[0]["round"] == 1


def test_return_with_reasons_and_resubmit(w: ProposalWorld) -> None:
    pid = w.proposal(items=[w.item(), w.item(w.person2)])["id"]
    first, second = w.walk(pid, "submit", "take_up")["proposal_items"]
    returned = w.moved(
        pid, "return", body={"reasons": {first["id"]: "Thiếu xác nhận sáng kiến."}, "note": "Bổ sung"}
    )
    assert returned["status"] == "returned"
    items = {i["id"]: i for i in returned["proposal_items"]}
    assert items[first["id"]]["status"] == "returned"
    assert items[first["id"]]["return_reason"] == "Thiếu xác nhận sáng kiến."
    assert items[second["id"]]["status"] == "pending"
    history = _transitions(w, pid)
    assert (
        history[-1]["reasons"] == {first["id"]: "Thiếu xác nhận sáng kiến."}
        and history[-1]["note"] == "Bổ sung"
    )
    r = w.client.patch(
        f"{URL}/{pid}/items/{first['id']}", json={"achievements": "Đã bổ sung."}, headers=w.member
    )
    assert r.status_code == 200, r.text
    again = w.moved(pid, "submit", w.member)
    assert again["status"] == "submitted" and again["round"] == 2
    assert [i["status"] for i in again["proposal_items"]] == ["pending", "pending"]
    assert _transitions(w, pid)[-1]["round"] == 2


def test_a_return_names_the_items(w: ProposalWorld) -> None:
    pid = w.walk(w.proposal()["id"], "submit")["id"]
    problem(w.move(pid, "return", body={"reasons": {"no-such-item": "x"}}), 409, "return_reasons_required")
    problem(w.move(pid, "return", body={"reasons": {}}), 422)


def test_out_of_order_is_409_with_the_allowed_actions(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    body = problem(w.move(pid, "check"), 409, "invalid_transition")
    assert body["current_status"] == "draft"
    assert body["allowed_actions"] == ["submit", "withdraw"]


def test_a_retried_move_is_a_no_op(w: ProposalWorld, session_factory: Any) -> None:
    pid = w.proposal()["id"]
    w.moved(pid, "submit", w.member)
    again = w.moved(pid, "submit", w.member)
    assert again["status"] == "submitted" and again["round"] == 1
    with session_factory() as s:
        count = s.scalar(select(func.count()).where(ProposalTransition.proposal_id == pid))
    assert count == 1


def test_an_empty_proposal_is_not_submitted(w: ProposalWorld) -> None:
    pid = w.proposal(items=[])["id"]
    problem(w.move(pid, "submit", w.member), 409, "proposal_empty")


def test_overdue_flag_and_filter(w: ProposalWorld) -> None:
    late = w.walk(w.proposal()["id"], "submit")["id"]
    on_time = w.walk(w.proposal()["id"], "submit")["id"]
    w.set_columns(late, due_on=vn_today() - timedelta(days=1))
    w.set_columns(on_time, due_on=vn_today() + timedelta(days=5))
    assert w.read(late).json()["overdue"] is True
    assert w.read(on_time).json()["overdue"] is False
    r = w.client.get(URL, params={"overdue": "true"}, headers=w.secretariat)
    assert [p["id"] for p in r.json()["items"]] == [late]


def test_list_is_narrowed_to_the_callers_unit(w: ProposalWorld) -> None:
    mine = w.proposal()["id"]
    other = w.client.post(
        f"{URL}/secretariat",
        json={"year": 2017, "title": "Khác", "items": [w.item(w.stranger)]},
        headers=w.secretariat,
    ).json()["id"]
    assert [p["id"] for p in w.client.get(URL, headers=w.member).json()["items"]] == [mine]
    assert [p["id"] for p in w.client.get(URL, headers=w.observer).json()["items"]] == [mine, other]
    assert w.client.get(URL, headers=w.other).json()["items"] == []
    assert [
        p["id"] for p in w.client.get(URL, params={"year": 2017}, headers=w.secretariat).json()["items"]
    ] == [other]
    by_status = w.client.get(URL, params={"status": "draft", "unit_id": w.c}, headers=w.secretariat).json()
    assert [p["id"] for p in by_status["items"]] == [mine]


# ---- who may ---------------------------------------------------------------------------------------------


def test_visibility(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    problem(w.read(pid, w.other), 404, "not_found")
    problem(w.read(pid, w.leader), 404, "not_found")
    assert w.read(pid, w.observer).status_code == 200
    assert w.read(pid, w.head).status_code == 200
    assert w.read(pid, w.observer).json()["allowed_actions"] == []
    problem(w.move(pid, "submit", w.observer), 403)
    problem(w.move(pid, "submit", w.other), 404)


OFFICE_ACTIONS = [
    ("take_up", ["submit"], None),
    ("check", ["submit", "take_up"], None),
    ("to_council", ["submit", "take_up", "check"], None),
    ("return", ["submit"], "reasons"),
]


@pytest.mark.parametrize(("action", "before", "body"), OFFICE_ACTIONS)
def test_office_moves_allowed_to_the_secretariat_denied_to_the_proposer(
    w: ProposalWorld, action: str, before: list[str], body: str | None
) -> None:
    proposal = w.walk(w.proposal()["id"], *before)
    pid = proposal["id"]
    payload = {"reasons": {proposal["proposal_items"][0]["id"]: "Sửa."}} if body else None
    problem(w.move(pid, action, w.member, payload), 403)
    problem(w.move(pid, action, w.observer, payload), 403)
    assert w.move(pid, action, w.secretariat, payload).status_code == 200


@pytest.mark.parametrize("action", ["submit", "withdraw"])
def test_proposer_moves_allowed_to_the_unit_denied_to_others(w: ProposalWorld, action: str) -> None:
    pid = w.proposal()["id"]
    problem(w.move(pid, action, w.observer), 403)
    problem(w.move(pid, action, w.other), 404)
    assert w.move(pid, action, w.head).status_code == 200


def test_withdraw_withdraws_the_items(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    body = w.moved(pid, "withdraw", w.member)
    assert body["status"] == "withdrawn" and body["proposal_items"][0]["status"] == "withdrawn"
    assert body["allowed_actions"] == [] and body["due_on"] is None


def test_after_the_council_the_guards_answer(w: ProposalWorld) -> None:
    pid = w.walk(w.proposal()["id"], "submit", "take_up", "check", "to_council")["id"]
    problem(w.move(pid, "to_signing"), 409, "council_outcome_missing")
    problem(
        w.move(
            pid,
            "forward",
            body={"forwarded_to": "Bộ Nội vụ", "forwarded_on": "2017-01-10", "forwarded_ref": "12/TTr"},
        ),
        409,
    )
    assert w.moved(pid, "reject")["status"] == "rejected"


def test_vietnamese_problem(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    r = w.client.post(f"{URL}/{pid}/check", headers={**w.secretariat, "Accept-Language": "vi"})
    body = problem(r, 409, "invalid_transition")
    assert "Hồ sơ đang ở trạng thái" in body["detail"]
    r = w.client.post(
        URL,
        json=w.proposal_body(items=[w.item(), w.item(w.person2, NATIONAL_SOLDIER)]),
        headers={**w.member, "Accept-Language": "vi"},
    )
    assert "Mỗi tờ trình" in problem(r, 422, "mixed_authority")["detail"]


# ---- consultation ----------------------------------------------------------------------------------------


def test_consultation_comments_and_the_council(w: ProposalWorld) -> None:
    pid = w.walk(
        w.proposal(items=[w.item(code=NATIONAL_SOLDIER)], title="CSTĐ toàn quốc")["id"],
        "submit",
        "take_up",
        "check",
    )["id"]
    problem(w.move(pid, "to_council"), 409, "consultation_required")
    comment = {"author_name": "Nguyễn Văn Góp", "body": "Đề nghị làm rõ sáng kiến."}
    problem(
        w.client.post(f"{URL}/{pid}/comments", json=comment, headers=w.secretariat),
        409,
        "not_in_consultation",
    )
    assert w.moved(pid, "open_consultation")["status"] == "consultation"
    r = w.client.post(f"{URL}/{pid}/comments", json=comment, headers=w.secretariat)
    assert r.status_code == 201, r.text
    cid = r.json()["id"]
    problem(w.client.post(f"{URL}/{pid}/comments", json=comment, headers=w.member), 403)
    w.set_columns(pid, due_on=date.today() + timedelta(days=10))
    problem(w.move(pid, "to_council"), 409, "consultation_running")
    w.set_columns(pid, due_on=date(2020, 1, 1))
    problem(w.move(pid, "to_council"), 409, "comments_unanswered")
    assert w.read(pid).json()["unanswered_comments"] == 1
    r = w.client.post(
        f"{URL}/{pid}/comments/{cid}/answer", json={"answer": "Đã làm rõ."}, headers=w.secretariat
    )
    assert r.status_code == 200 and r.json()["answer"] == "Đã làm rõ."
    listed = w.client.get(f"{URL}/{pid}/comments", headers=w.member).json()["items"]
    assert [c["id"] for c in listed] == [cid]
    assert w.moved(pid, "to_council")["status"] == "council"


def test_consultation_not_required(w: ProposalWorld) -> None:
    pid = w.walk(w.proposal()["id"], "submit", "take_up", "check")["id"]
    problem(w.move(pid, "open_consultation"), 409, "consultation_not_required")


def _at_council_approved(w: ProposalWorld, code: str, session_factory: Any) -> str:
    """A proposal of ``code`` walked to the council, its items approved there (as the council would)."""
    pid = w.walk(w.proposal(items=[w.item(code=code)])["id"], "submit", "take_up", "check", "to_council")[
        "id"
    ]
    with session_factory() as s:
        for item in s.scalars(select(ProposalItem).where(ProposalItem.proposal_id == pid)):
            item.status = ItemStatus.APPROVED
        s.commit()
    return str(pid)


FORWARD = {"forwarded_to": "Bộ Nội vụ", "forwarded_on": "2017-01-10", "forwarded_ref": "12/TTr-BKHCN"}


def test_to_signing_allowed_to_the_office_denied_to_the_proposer(
    w: ProposalWorld, session_factory: Any
) -> None:
    pid = _at_council_approved(w, MINISTRY_SOLDIER, session_factory)
    problem(w.move(pid, "to_signing", w.member), 403)
    problem(w.move(pid, "forward", body=FORWARD), 409, "decided_here")
    assert w.moved(pid, "to_signing")["status"] == "signing"


def test_forward_allowed_to_the_office_denied_to_the_proposer(w: ProposalWorld, session_factory: Any) -> None:
    pid = _at_council_approved(w, PM_MERIT, session_factory)
    problem(w.move(pid, "forward", w.member, FORWARD), 403)
    problem(w.move(pid, "to_signing"), 409, "decided_higher")
    body = w.moved(pid, "forward", body=FORWARD)
    assert body["status"] == "forwarded" and body["forwarded_ref"] == "12/TTr-BKHCN"
    assert body["forwarded_on"] == "2017-01-10" and body["forwarded_to"] == "Bộ Nội vụ"


def test_reject_and_open_consultation_denied_to_the_proposer(w: ProposalWorld) -> None:
    pid = w.walk(w.proposal(items=[w.item(code=NATIONAL_SOLDIER)])["id"], "submit", "take_up", "check")["id"]
    problem(w.move(pid, "open_consultation", w.member), 403)
    problem(w.move(pid, "open_consultation", w.observer), 403)
    assert w.moved(pid, "open_consultation")["status"] == "consultation"
    w.set_columns(pid, due_on=date(2020, 1, 1))
    w.walk(pid, "to_council")
    problem(w.move(pid, "reject", w.member), 403)
    problem(w.move(pid, "reject", w.head), 403)
    assert w.moved(pid, "reject")["status"] == "rejected"


def test_an_incomplete_dossier_is_not_submitted(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    body = problem(w.move(pid, "submit", w.member, dossier=False), 409, "dossier_incomplete")
    assert body["missing"] and all("doc_type" in m for m in body["missing"])
    assert w.read(pid).json()["status"] == "draft"
    w.complete_dossier(pid)
    documents = w.read(pid).json()["documents"]
    assert documents["submission"] == 1 and documents["achievement_report"] == 1
    assert w.moved(pid, "submit", w.member)["status"] == "submitted"
