"""The procedure a proposal walks, as data (issue 13; law.md §4), and the pure rules over it.

Each ``Step`` names an action, the states it may start from, the state it leads to, who may take it, and
the procedure step whose time limit starts (its clock). Guards that need facts (every item has the
council's outcome, the consultation period is over, …) are pure functions over ``Facts`` the service
gathers; they say in both languages why an action is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from app.models.proposal import ItemStatus, ProposalStatus

S = ProposalStatus


class By(StrEnum):
    """Who takes an action: the proposer (the proposing unit's officers, the bloc's leader, the unit's
    service client), the office (secretariat, admin), or the system (issuing a decision, recording the
    higher level's outcome)."""

    PROPOSER = "proposer"
    OFFICE = "office"
    SYSTEM = "system"


@dataclass(frozen=True)
class Step:
    action: str
    sources: frozenset[ProposalStatus]
    target: ProposalStatus
    by: frozenset[By]
    clock: str | None
    """The procedure step (``app.law.procedure``) whose time limit runs in the target state; None: the
    deadline of the state before keeps running (taking a file up does not restart the appraisal)."""
    keeps_clock: bool = False


def _step(
    action: str, sources: Sequence[S], target: S, by: Sequence[By], clock: str | None, keeps: bool = False
) -> Step:
    return Step(action, frozenset(sources), target, frozenset(by), clock, keeps)


STEPS: tuple[Step, ...] = (
    _step("submit", (S.DRAFT, S.RETURNED), S.SUBMITTED, (By.PROPOSER, By.OFFICE), "appraisal"),
    _step("take_up", (S.SUBMITTED,), S.UNDER_REVIEW, (By.OFFICE,), None, keeps=True),
    _step("return", (S.SUBMITTED, S.UNDER_REVIEW, S.CHECKED), S.RETURNED, (By.OFFICE,), "return_fix"),
    _step("check", (S.UNDER_REVIEW,), S.CHECKED, (By.OFFICE,), "council"),
    _step("open_consultation", (S.CHECKED,), S.CONSULTATION, (By.OFFICE,), "consultation"),
    _step("to_council", (S.CHECKED, S.CONSULTATION), S.COUNCIL, (By.OFFICE,), "council"),
    _step("to_signing", (S.COUNCIL,), S.SIGNING, (By.OFFICE,), "signing"),
    _step("forward", (S.COUNCIL,), S.FORWARDED, (By.OFFICE,), "forwarded"),
    _step("decide", (S.SIGNING, S.FORWARDED), S.DECIDED, (By.SYSTEM,), None),
    _step("reject", (S.COUNCIL, S.FORWARDED), S.REJECTED, (By.OFFICE, By.SYSTEM), None),
    _step("withdraw", (S.DRAFT, S.SUBMITTED, S.RETURNED), S.WITHDRAWN, (By.PROPOSER, By.OFFICE), None),
)
STEP_BY_ACTION: dict[str, Step] = {s.action: s for s in STEPS}
ACTIONS: tuple[str, ...] = tuple(STEP_BY_ACTION)
TERMINAL: frozenset[ProposalStatus] = frozenset({S.DECIDED, S.REJECTED, S.WITHDRAWN})
# Actions a client or a user calls through the API; ``decide`` and the outcome recording belong to the
# decisions feature, which calls the flow itself.
API_ACTIONS: tuple[str, ...] = tuple(a for a in ACTIONS if a != "decide")


def step(action: str) -> Step | None:
    return STEP_BY_ACTION.get(action)


def next_status(current: ProposalStatus, action: str) -> ProposalStatus | None:
    """The state after ``action``, or None when the action cannot start from ``current``."""
    found = STEP_BY_ACTION.get(action)
    return found.target if found is not None and current in found.sources else None


def allowed_actions(current: ProposalStatus, by: frozenset[By] | None = None) -> list[str]:
    """The actions that may start from ``current`` (for ``by``, when given), in procedure order."""
    return [s.action for s in STEPS if current in s.sources and (by is None or s.by & by)]


# ---- guards ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemFacts:
    id: str
    status: ItemStatus
    needs_consultation: bool
    authority: str  # app.law.procedure.decided_by: minister | prime_minister | president | unit_head


@dataclass(frozen=True)
class Missing:
    """A required document the dossier lacks (``item_id`` None: the proposal's own), in both languages."""

    doc_type: str
    item_id: str | None
    en: str
    vi: str


@dataclass(frozen=True)
class Facts:
    items: tuple[ItemFacts, ...]
    today: date
    missing_documents: tuple[Missing, ...] = ()
    consultation_due: date | None = None
    unanswered_comments: int = 0
    return_reasons: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Refusal:
    code: str
    en: str
    vi: str
    extra: dict[str, Any] | None = None


_LIVE = frozenset({ItemStatus.PENDING, ItemStatus.RETURNED, ItemStatus.APPROVED})
_HIGHER = frozenset({"prime_minister", "president"})


def _live(facts: Facts) -> list[ItemFacts]:
    return [i for i in facts.items if i.status in _LIVE]


def guard(action: str, facts: Facts) -> Refusal | None:
    """Why ``action`` may not be taken now (None: it may). The state itself is checked before."""
    live = _live(facts)
    if action == "submit":
        if not live:
            return Refusal(
                "proposal_empty", "The proposal has no item.", "Tờ trình chưa có nội dung đề nghị nào."
            )
        if facts.missing_documents:
            return Refusal(
                "dossier_incomplete",
                "The dossier lacks: " + ", ".join(m.en for m in facts.missing_documents) + ".",
                "Hồ sơ còn thiếu: " + ", ".join(m.vi for m in facts.missing_documents) + ".",
                extra={
                    "missing": [
                        {"doc_type": m.doc_type, "item_id": m.item_id} for m in facts.missing_documents
                    ]
                },
            )
    if action == "return":
        unknown = [k for k in facts.return_reasons if k not in {i.id for i in facts.items}]
        if not facts.return_reasons or unknown:
            return Refusal(
                "return_reasons_required",
                "A return names, for each item to fix, the reason (reasons: {item_id: text}).",
                "Trả lại hồ sơ phải nêu lý do cho từng nội dung cần sửa (reasons: {item_id: lý do}).",
            )
    if action == "to_council" and any(i.needs_consultation for i in live):
        if facts.consultation_due is None:
            return Refusal(
                "consultation_required",
                "An item of this proposal must go through public consultation first.",
                "Có nội dung đề nghị phải lấy ý kiến nhân dân trước khi trình Hội đồng.",
            )
        if facts.today <= facts.consultation_due:
            return Refusal(
                "consultation_running",
                f"The public consultation runs until {facts.consultation_due.isoformat()}.",
                f"Thời gian lấy ý kiến đến hết ngày {facts.consultation_due.strftime('%d/%m/%Y')}.",
            )
        if facts.unanswered_comments:
            return Refusal(
                "comments_unanswered",
                f"{facts.unanswered_comments} comment(s) of the consultation have no answer yet.",
                f"Còn {facts.unanswered_comments} ý kiến góp ý chưa được trả lời.",
            )
    if action == "open_consultation" and not any(i.needs_consultation for i in live):
        return Refusal(
            "consultation_not_required",
            "No item of this proposal needs a public consultation.",
            "Không có nội dung đề nghị nào phải lấy ý kiến nhân dân.",
        )
    if action in ("to_signing", "forward", "reject"):
        return _after_council(action, facts)
    return None


def _after_council(action: str, facts: Facts) -> Refusal | None:
    pending = [i for i in facts.items if i.status in (ItemStatus.PENDING, ItemStatus.RETURNED)]
    approved = [i for i in facts.items if i.status == ItemStatus.APPROVED]
    if action in ("to_signing", "forward") and pending:
        return Refusal(
            "council_outcome_missing",
            f"{len(pending)} item(s) have no council outcome yet.",
            f"Còn {len(pending)} nội dung chưa có kết quả biểu quyết của Hội đồng.",
        )
    if action in ("to_signing", "forward") and not approved:
        return Refusal(
            "nothing_approved",
            "The council approved no item: reject the proposal.",
            "Hội đồng không thông qua nội dung nào: đề nghị không được chấp thuận.",
        )
    higher = [i for i in approved if i.authority in _HIGHER]
    if action == "to_signing" and higher:
        return Refusal(
            "decided_higher",
            "These items are decided by a higher authority: forward the proposal.",
            "Các nội dung này do cấp trên quyết định: trình cấp trên.",
        )
    if action == "forward" and len(higher) != len(approved):
        return Refusal(
            "decided_here",
            "These items are decided by the minister: send the proposal to signing.",
            "Các nội dung này thuộc thẩm quyền Bộ trưởng: trình ký quyết định.",
        )
    if action == "reject" and approved:
        return Refusal(
            "items_approved",
            "Some items were approved: the proposal goes on to signing or is forwarded.",
            "Có nội dung đã được thông qua: trình ký hoặc trình cấp trên.",
        )
    return None


def overdue(status: ProposalStatus, due_on: date | None, today: date) -> bool:
    return status not in TERMINAL and due_on is not None and today > due_on
