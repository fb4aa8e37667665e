"""Who may act on a unit's review of its people, as policies the routes declare (see ``app.core.policy``).

- A review exists for the unit's officers and head, its electorate, the secretariat, admins and observers;
  anyone else gets 404 (a review names people and shows their verdicts: personnel data).
- The unit's officers and head, and the secretariat, create and run it (open, close, cancel).
- The head of the unit (thủ trưởng đơn vị: Law 06/2022 Art 80(1)) or the secretariat decides it.
- Only its electorate votes.

The checks read plain columns (the review's unit and status, one electorate row), never load a
``UnitReview``: the services then take the row FOR UPDATE / FOR SHARE and must read it fresh.
"""

from __future__ import annotations

from typing import Annotated

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import Forbidden, NotFound
from app.core.policy import ANY_PRINCIPAL, Allow, Params, Policy, Rule, Visibility, Who, remembered, role
from app.core.principal import Principal
from app.models import ReviewBallot, ReviewElector, Unit, UnitReview
from app.voting import receipts

_MAX_ID_LENGTH = 64
UNIT_ROLES = ("officer", "unit_head")


def review_not_found() -> NotFound:
    return NotFound("The review does not exist.", detail_vi="Không tìm thấy đợt bình xét.")


def unit_not_found() -> NotFound:
    return NotFound("The unit does not exist.", detail_vi="Không tìm thấy đơn vị.")


def _review_unit(session: Session, review_id: str) -> str | None:
    """The review's unit (None when there is no such review); read once per policy check."""
    if len(review_id) > _MAX_ID_LENGTH:
        return None
    return remembered(
        session,
        ("review_unit", review_id),
        lambda: session.scalar(select(UnitReview.unit_id).where(UnitReview.id == review_id)),
    )


def _unit_exists(session: Session, _p: Principal, params: Params) -> bool:
    unit_id = params["unit_id"]
    return remembered(
        session,
        ("unit_exists", unit_id),
        lambda: len(unit_id) <= _MAX_ID_LENGTH and session.get(Unit, unit_id) is not None,
    )


def acts_for(principal: Principal, unit_id: str | None) -> bool:
    """An officer or the head of ``unit_id``."""
    return unit_id is not None and principal.has_role(*UNIT_ROLES) and principal.unit_id == unit_id


def heads(principal: Principal, unit_id: str | None) -> bool:
    return unit_id is not None and principal.has_role("unit_head") and principal.unit_id == unit_id


def is_elector(session: Session, principal: Principal, review_id: str) -> bool:
    if not principal.is_user or len(review_id) > _MAX_ID_LENGTH:
        return False
    elector = select(ReviewElector.user_id).where(
        ReviewElector.review_id == review_id, ReviewElector.user_id == principal.id
    )
    return remembered(session, ("review_elector", review_id), lambda: session.scalar(elector) is not None)


def may_read(session: Session, principal: Principal, params: Params) -> bool:
    """Whether the review exists for ``principal``: False also when there is no such review."""
    review_id = params["review_id"]
    unit_id = _review_unit(session, review_id)
    if unit_id is None:
        return False
    if principal.has_role("admin", "secretariat", "observer"):
        return True
    return acts_for(principal, unit_id) or is_elector(session, principal, review_id)


def _holds_receipt(session: Session, _principal: Principal, params: Params) -> bool:
    """A receipt of one of the review's ballots: the capability to learn that the review exists."""
    receipt = params.get("receipt", "")
    if not receipts.well_formed(receipt):
        return False
    review_id = session.scalar(
        select(ReviewBallot.review_id).where(ReviewBallot.receipt_hash == receipts.receipt_hash(receipt))
    )
    return review_id is not None and review_id == params["review_id"]


def _only_electors() -> Forbidden:
    return Forbidden(
        "Only the review's electors, signed in as themselves, cast ballots.",
        detail_vi="Chỉ thành viên bỏ phiếu của đợt bình xét, đăng nhập bằng tài khoản của mình, "
        "được bỏ phiếu.",
    )


def not_in_electorate() -> Forbidden:
    return Forbidden(
        "You are not in this review's electorate.",
        code="not_in_electorate",
        detail_vi="Bạn không có tên trong danh sách bỏ phiếu của đợt bình xét này.",
    )


def _not_runner() -> Forbidden:
    return Forbidden(
        "Only the unit's officers and head, or the secretariat, run its review.",
        detail_vi="Chỉ cán bộ thi đua, thủ trưởng đơn vị hoặc Thường trực Hội đồng được tổ chức bình xét.",
    )


def _not_head() -> Forbidden:
    return Forbidden(
        "Only the head of the unit (or the secretariat) decides its people's titles.",
        code="not_unit_head",
        detail_vi="Chỉ thủ trưởng đơn vị (hoặc Thường trực Hội đồng) quyết định danh hiệu của cá nhân "
        "trong đơn vị.",
    )


def _may_cast_or_hidden(session: Session, principal: Principal, params: Params) -> bool:
    """A service client is refused (403) before the review is even looked up; others must read it."""
    if not principal.is_user:
        raise _only_electors()
    return may_read(session, principal, params)


# ---- rules ---------------------------------------------------------------------------------------------

OFFICE = role("admin", "secretariat", "observer")
OF_PATH_UNIT = Rule(
    who="officer or head of the unit in the path (`unit_id`)",
    admits=frozenset({Who.OFFICER, Who.HEAD}),
    test=lambda _s, p, params: acts_for(p, params["unit_id"]),
)
OF_REVIEW_UNIT = Rule(
    who="officer or head of the review's unit",
    admits=frozenset({Who.OFFICER, Who.HEAD}),
    test=lambda s, p, params: acts_for(p, _review_unit(s, params["review_id"])),
)
HEAD_OF_REVIEW_UNIT = Rule(
    who="head of the review's unit (`unit_head`)",
    admits=frozenset({Who.HEAD}),
    test=lambda s, p, params: heads(p, _review_unit(s, params["review_id"])),
)
ELECTOR = Rule(
    who="elector of the review",
    admits=frozenset({Who.ELECTOR}),
    test=lambda s, p, params: is_elector(s, p, params["review_id"]),
)

# ---- visibility ----------------------------------------------------------------------------------------

UNIT_EXISTS = Visibility(who="naming an existing unit", test=_unit_exists, hidden=unit_not_found)
_READERS = (
    "a reader of the review (the unit's officers and head, its electorate, the secretariat, admins, "
    "observers)"
)
REVIEW_READER = Visibility(who=_READERS, test=may_read, hidden=review_not_found)
REVIEW_READER_NOT_CLIENT = Visibility(
    who=_READERS + "; a service client gets 403 before this check: only electors vote",
    test=_may_cast_or_hidden,
    hidden=review_not_found,
)
READER_OR_RECEIPT_HOLDER = Visibility(
    who=_READERS + ", nor presenting a receipt of one of its ballots",
    test=lambda s, p, params: may_read(s, p, params) or _holds_receipt(s, p, params),
    hidden=review_not_found,
)

# ---- policies ------------------------------------------------------------------------------------------

CREATE_REVIEW = Policy(
    "reviews.create",
    rules=(role("secretariat"), OF_PATH_UNIT),
    visible=UNIT_EXISTS,
    denied=_not_runner,
    then="Candidates must have worked in the unit that year (422); electors must be active officers or "
    "heads of the unit (422 `elector_not_in_unit`); one live review per unit, year and title (409 "
    "`review_exists`).",
)
LIST_REVIEWS = Policy(
    "reviews.list",
    rules=(OFFICE, OF_PATH_UNIT),
    visible=UNIT_EXISTS,
)
READ_REVIEW = Policy(
    "reviews.read",
    rules=(OFFICE, OF_REVIEW_UNIT, ELECTOR),
    visible=REVIEW_READER,
    then="The turnout gives counts only, never who voted.",
)
MANAGE_REVIEW = Policy(
    "reviews.manage",
    rules=(role("secretariat"), OF_REVIEW_UNIT),
    visible=REVIEW_READER,
    denied=_not_runner,
    then="Transitions follow the state machine (409 `invalid_transition`).",
)
DECIDE_REVIEW = Policy(
    "reviews.decide",
    rules=(role("secretariat"), HEAD_OF_REVIEW_UNIT),
    visible=REVIEW_READER,
    denied=_not_head,
    then="Only a counted review (409 `invalid_transition`). Each candidate who passed the vote is awarded "
    "if the law of the decision date still allows it; the others are listed with the reason. Criteria are "
    "never overridden here (the secretariat does that on the award).",
)
READ_RESULTS = Policy(
    "reviews.results",
    rules=(role("secretariat", "observer"), OF_REVIEW_UNIT, ELECTOR),
    visible=REVIEW_READER,
    then="409 `results_not_available` until the vote is counted. Who voted what (a review with "
    "`secret: false`) only to the head of the unit and the secretariat.",
)
CAST_BALLOT = Policy(
    "reviews.cast",
    rules=(ELECTOR,),
    visible=REVIEW_READER_NOT_CLIENT,
    denied=not_in_electorate,
    then="409 `review_not_voting` unless the vote is open; 409 `already_voted` for a second ballot.",
)
CHECK_RECEIPT = Policy(
    "reviews.check_receipt",
    rules=(ANY_PRINCIPAL,),
    visible=READER_OR_RECEIPT_HOLDER,
    then="409 `review_not_counted` until the vote is counted; 404 to a reader for a receipt that is not one "
    "of the review's ballots.",
)

ReviewCreator = Annotated[Principal, Allow(CREATE_REVIEW)]
ReviewLister = Annotated[Principal, Allow(LIST_REVIEWS)]
ReviewReader = Annotated[Principal, Allow(READ_REVIEW)]
ReviewManager = Annotated[Principal, Allow(MANAGE_REVIEW)]
ReviewDecider = Annotated[Principal, Allow(DECIDE_REVIEW)]
ResultsReader = Annotated[Principal, Allow(READ_RESULTS)]
Voter = Annotated[Principal, Allow(CAST_BALLOT)]
ReceiptChecker = Annotated[Principal, Allow(CHECK_RECEIPT)]
