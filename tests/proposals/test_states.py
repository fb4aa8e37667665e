"""The procedure's state machine and guards, without a database."""

from __future__ import annotations

from datetime import date

from app.models.proposal import ItemStatus, ProposalStatus
from app.proposals import states
from app.proposals.states import By, Facts, ItemFacts

S = ProposalStatus
TODAY = date(2017, 1, 10)


def item(
    status: ItemStatus = ItemStatus.PENDING, *, consult: bool = False, authority: str = "minister"
) -> ItemFacts:
    return ItemFacts(
        id=f"i-{status}-{authority}", status=status, needs_consultation=consult, authority=authority
    )


def code(action: str, facts: Facts) -> str | None:
    refusal = states.guard(action, facts)
    return None if refusal is None else refusal.code


def test_the_happy_path_reaches_decided() -> None:
    status = S.DRAFT
    for action in ("submit", "take_up", "check", "to_council", "to_signing", "decide"):
        nxt = states.next_status(status, action)
        assert nxt is not None, (status, action)
        status = nxt
    assert status == S.DECIDED


def test_a_returned_proposal_is_submitted_again() -> None:
    assert states.next_status(S.UNDER_REVIEW, "return") == S.RETURNED
    assert states.next_status(S.RETURNED, "submit") == S.SUBMITTED


def test_out_of_order_actions_have_no_next_state() -> None:
    assert states.next_status(S.DRAFT, "check") is None
    assert states.next_status(S.DECIDED, "withdraw") is None
    assert states.next_status(S.COUNCIL, "submit") is None
    assert states.next_status(S.DRAFT, "no_such_action") is None


def test_allowed_actions_are_listed_per_actor() -> None:
    assert states.allowed_actions(S.DRAFT) == ["submit", "withdraw"]
    assert states.allowed_actions(S.UNDER_REVIEW, frozenset({By.OFFICE})) == ["return", "check"]
    assert states.allowed_actions(S.UNDER_REVIEW, frozenset({By.PROPOSER})) == []
    assert states.allowed_actions(S.COUNCIL, frozenset({By.OFFICE})) == ["to_signing", "forward", "reject"]


def test_submit_needs_items_and_a_complete_dossier() -> None:
    empty = states.guard("submit", Facts(items=(), today=TODAY))
    assert empty is not None and empty.code == "proposal_empty"
    lacks = (states.Missing("submission", None, "submission", "tờ trình"),)
    missing = states.guard("submit", Facts(items=(item(),), today=TODAY, missing_documents=lacks))
    assert missing is not None and missing.code == "dossier_incomplete" and "tờ trình" in missing.vi
    assert missing.extra == {"missing": [{"doc_type": "submission", "item_id": None}]}
    assert states.guard("submit", Facts(items=(item(),), today=TODAY)) is None


def test_return_needs_a_reason_per_item_it_names() -> None:
    it = item()
    assert code("return", Facts(items=(it,), today=TODAY)) == "return_reasons_required"
    unknown = Facts(items=(it,), today=TODAY, return_reasons={"other": "x"})
    assert states.guard("return", unknown) is not None
    assert states.guard("return", Facts(items=(it,), today=TODAY, return_reasons={it.id: "thiếu"})) is None


def test_consultation_must_end_and_be_answered_before_the_council() -> None:
    consult = (item(consult=True),)
    assert code("to_council", Facts(items=consult, today=TODAY)) == "consultation_required"
    running = Facts(items=consult, today=TODAY, consultation_due=TODAY)
    assert code("to_council", running) == "consultation_running"
    unanswered = Facts(items=consult, today=TODAY, consultation_due=date(2017, 1, 9), unanswered_comments=2)
    assert code("to_council", unanswered) == "comments_unanswered"
    done = Facts(items=consult, today=TODAY, consultation_due=date(2017, 1, 9))
    assert states.guard("to_council", done) is None
    assert code("open_consultation", Facts(items=(item(),), today=TODAY)) == "consultation_not_required"


def test_after_the_council_the_authority_decides_the_way() -> None:
    minister = Facts(items=(item(ItemStatus.APPROVED), item(ItemStatus.REJECTED)), today=TODAY)
    assert states.guard("to_signing", minister) is None
    assert code("forward", minister) == "decided_here"
    pm = Facts(items=(item(ItemStatus.APPROVED, authority="prime_minister"),), today=TODAY)
    assert states.guard("forward", pm) is None
    assert code("to_signing", pm) == "decided_higher"
    undecided = Facts(items=(item(ItemStatus.APPROVED), item()), today=TODAY)
    assert code("to_signing", undecided) == "council_outcome_missing"
    none = Facts(items=(item(ItemStatus.REJECTED),), today=TODAY)
    assert code("to_signing", none) == "nothing_approved"
    assert states.guard("reject", none) is None
    assert code("reject", minister) == "items_approved"


def test_overdue_only_while_the_procedure_runs() -> None:
    assert states.overdue(S.UNDER_REVIEW, date(2017, 1, 9), TODAY)
    assert not states.overdue(S.UNDER_REVIEW, TODAY, TODAY)
    assert not states.overdue(S.DECIDED, date(2017, 1, 9), TODAY)
    assert not states.overdue(S.DRAFT, None, TODAY)
