"""A unit's year-end review of its people: the use cases. No FastAPI here; services flush, the route commits.

A review is ``draft`` (created with its candidates, their verdicts, its electorate and threshold) →
``voting`` (electors cast ballots) → ``counted`` (the tally is computed once and frozen in ``result``) →
``decided`` (``app.reviews.decisions``: the head of the unit's decision, awards made). ``draft`` and
``voting`` may be ``cancelled``.

Every transition locks the review row (FOR UPDATE on PostgreSQL; SQLite runs one writer at a time), and a
ballot holds it FOR SHARE while it checks the status (``app.reviews.ballots``): so a close waits for the
ballots in flight, and a ballot arriving during a close sees the vote closed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import audit, updates
from app.core.errors import Conflict, Invalid
from app.core.etag import check_if_match
from app.core.pagination import PageParams
from app.core.principal import Principal
from app.eligibility import repository as eligibility_repository
from app.eligibility import service as eligibility
from app.models import ReviewStatus, UnitReview
from app.models.base import utcnow
from app.regulations import service as regulations
from app.reviews import ballots, policies, repository
from app.reviews.tally import ReviewTally, Threshold, tally
from app.reviews.verdicts import CandidateVerdict, threshold_for

# (status, action) -> the status the action leads to; any other pair is an illegal transition
TRANSITIONS = {
    (ReviewStatus.DRAFT, "open"): ReviewStatus.VOTING,
    (ReviewStatus.VOTING, "close"): ReviewStatus.COUNTED,
    (ReviewStatus.COUNTED, "decide"): ReviewStatus.DECIDED,
    (ReviewStatus.DRAFT, "cancel"): ReviewStatus.CANCELLED,
    (ReviewStatus.VOTING, "cancel"): ReviewStatus.CANCELLED,
}
_STAMP = {
    ReviewStatus.VOTING: "opened_at",
    ReviewStatus.COUNTED: "counted_at",
    ReviewStatus.DECIDED: "decided_at",
    ReviewStatus.CANCELLED: "cancelled_at",
}
COUNTED = frozenset({ReviewStatus.COUNTED, ReviewStatus.DECIDED})


@dataclass(frozen=True)
class Candidate:
    person_id: str
    full_name: str
    verdict: CandidateVerdict


@dataclass(frozen=True)
class Elector:
    user_id: str
    full_name: str


@dataclass(frozen=True)
class ReviewView:
    """A review as the API shows it: its row, its candidates in ballot order, its electorate, and the names
    its ids stand for."""

    review: UnitReview
    candidates: list[Candidate]
    electorate: list[Elector]
    names: dict[str, str]
    sealed: bool = False
    """This request rewrote the review's ballot rows: once it commits, the storage is scrubbed."""


@dataclass(frozen=True)
class ReviewInput:
    unit_id: str
    year: int
    title_code: str
    candidate_ids: list[str] | None  # None: everyone who worked in the unit that year
    electorate_user_ids: list[str]
    secret: bool = True


@dataclass(frozen=True)
class ResultsView:
    review: UnitReview
    result: ReviewTally
    names: dict[str, str]
    ballots: list[dict[str, Any]] | None  # only for a review with secret=false, to its head and secretariat


# ---- pure rules ---------------------------------------------------------------------------------------


def next_status(current: ReviewStatus, action: str) -> ReviewStatus | None:
    """The status after ``action`` (open | close | decide | cancel), or None when it is illegal."""
    return TRANSITIONS.get((current, action))


def threshold_of(review: UnitReview) -> Threshold:
    return Threshold(share=review.threshold_share, inclusive=review.threshold_inclusive)


# ---- reading ------------------------------------------------------------------------------------------


def views(session: Session, rows: Sequence[UnitReview]) -> list[ReviewView]:
    ids = [r.id for r in rows]
    candidates: dict[str, list[Candidate]] = {i: [] for i in ids}
    electors: dict[str, list[Elector]] = {i: [] for i in ids}
    if ids:
        for review_id, person_id, full_name, verdict in repository.candidate_rows(session, review_ids=ids):
            candidates[review_id].append(
                Candidate(person_id, full_name, CandidateVerdict.from_stored(verdict))
            )
        for review_id, user_id, full_name in repository.elector_rows(session, review_ids=ids):
            electors[review_id].append(Elector(user_id, full_name))
    people = {p for r in rows for p in _outcome_people(r)}
    names = repository.names(
        session, units={r.unit_id for r in rows}, titles={r.title_code for r in rows}, people=people
    )
    users = {u for r in rows for u in (r.created_by, r.decided_by) if u}
    names.update(repository.user_names(session, users))
    return [ReviewView(r, candidates[r.id], electors[r.id], names) for r in rows]


def _outcome_people(review: UnitReview) -> set[str]:
    out = review.outcome or {}
    return {str(x["person_id"]) for part in ("awarded", "not_awarded") for x in out.get(part) or []}


def view(session: Session, review: UnitReview) -> ReviewView:
    return views(session, [review])[0]


def load(session: Session, review_id: str, *, lock: str | None = None) -> UnitReview:
    """The review the route's policy admitted the principal to; 404 only if it vanished since."""
    review = repository.get(session, review_id, lock=lock)
    if review is None:
        raise policies.review_not_found()
    return review


def get(*, session: Session, review_id: str) -> ReviewView:
    return view(session, load(session, review_id))


def list_reviews(
    *, session: Session, unit_id: str, year: int | None, title_code: str | None, page: PageParams
) -> tuple[list[ReviewView], str | None]:
    rows, next_cursor = repository.reviews_page(
        session, page=page, unit_id=unit_id, year=year, title_code=title_code
    )
    return views(session, rows), next_cursor


# ---- creating -----------------------------------------------------------------------------------------


def _field_errors(field: str, bad: Sequence[tuple[int, str]], msg: str, type_: str) -> list[dict[str, Any]]:
    return [{"loc": ["body", field, i], "msg": f"{value} {msg}", "type": type_} for i, value in bad]


def _candidates(session: Session, inp: ReviewInput) -> list[str]:
    """The candidates, each someone who worked in the unit that year (422 otherwise): the ones listed, in
    that order, or all of them by name."""
    pool = eligibility_repository.people_in_year(session, [inp.unit_id], inp.year).get(inp.unit_id, [])
    if inp.candidate_ids is None:
        by_name = repository.names(session, people=pool)
        chosen = sorted(pool, key=lambda p: (by_name.get(p, ""), p))
    else:
        members = set(pool)
        outsiders = [(i, p) for i, p in enumerate(inp.candidate_ids) if p not in members]
        if outsiders:
            raise Invalid(
                f"Candidates must have worked in the unit in {inp.year}; not: "
                + ", ".join(p for _, p in outsiders)
                + ".",
                code="candidate_not_in_unit",
                detail_vi=f"Cá nhân được bình xét phải công tác tại đơn vị trong năm {inp.year}.",
                errors=_field_errors(
                    "candidate_ids",
                    outsiders,
                    f"did not work in the unit in {inp.year}",
                    "candidate_not_in_unit",
                ),
            )
        chosen = list(inp.candidate_ids)
    if not chosen:
        raise Invalid(
            f"Nobody worked in the unit in {inp.year}: there is nobody to review.",
            code="no_candidates",
            detail_vi=f"Không có cá nhân nào công tác tại đơn vị trong năm {inp.year} để bình xét.",
            errors=[{"loc": ["body", "candidate_ids"], "msg": "no candidates", "type": "no_candidates"}],
        )
    return chosen


def _require_electorate(session: Session, inp: ReviewInput) -> None:
    """422 ``elector_not_in_unit`` naming every id that is not an active officer or head of the unit."""
    users = repository.users(session, inp.electorate_user_ids)

    def elector(user_id: str) -> bool:
        user = users.get(user_id)
        return (
            user is not None
            and user.active
            and user.unit_id == inp.unit_id
            and bool(set(user.roles or []) & set(policies.UNIT_ROLES))
        )

    outsiders = [(i, u) for i, u in enumerate(inp.electorate_user_ids) if not elector(u)]
    if outsiders:
        raise Invalid(
            "Electors must be active officers or heads of the unit; not: "
            + ", ".join(u for _, u in outsiders)
            + ".",
            code="elector_not_in_unit",
            detail_vi="Thành viên bỏ phiếu phải là cán bộ thi đua hoặc thủ trưởng đang hoạt động của đơn vị.",
            errors=_field_errors(
                "electorate_user_ids",
                outsiders,
                "is not an active officer or head of the unit",
                "elector_not_in_unit",
            ),
        )


def _review_exists(existing: str | None) -> Conflict:
    return Conflict(
        "The unit already has a review of this title for this year (cancel it first to start again).",
        code="review_exists",
        detail_vi="Đơn vị đã có đợt bình xét danh hiệu này trong năm (hãy hủy đợt đó trước khi tổ chức lại).",
        extra={"review_id": existing} if existing else None,
    )


def create(*, session: Session, principal: Principal, inp: ReviewInput) -> ReviewView:
    """The route's policy has admitted the principal for the unit. The verdicts are judged as of today, and
    the threshold is the law's in force today for the title (else more than half of the electorate)."""
    existing = repository.live_review_id(
        session, unit_id=inp.unit_id, year=inp.year, title_code=inp.title_code
    )
    if existing is not None:
        raise _review_exists(existing)
    candidate_ids = _candidates(session, inp)
    _require_electorate(session, inp)
    judged = {
        v.subject_id: v
        for v in eligibility.judge_people_of_unit(
            session, unit_id=inp.unit_id, q=eligibility.Question(code=inp.title_code, year=inp.year)
        )
    }
    regime = next(iter(judged.values())).regime.regime.code
    bloc_id = regulations.bloc_of_unit(session, unit_id=inp.unit_id, year=inp.year)
    chosen = threshold_for(
        regime, inp.title_code, regulations.overlay_for(session, on=eligibility.today(), bloc_id=bloc_id)
    )
    if chosen.by_law and not inp.secret:
        raise Invalid(
            f"The law asks for a secret ballot on this title ({chosen.source}).",
            code="secret_ballot_required",
            detail_vi=f"Pháp luật yêu cầu bỏ phiếu kín đối với danh hiệu này ({chosen.source}).",
            errors=[{"loc": ["body", "secret"], "msg": "must be true", "type": "secret_ballot_required"}],
        )
    now = utcnow()
    review = UnitReview(
        unit_id=inp.unit_id,
        year=inp.year,
        title_code=inp.title_code,
        status=ReviewStatus.DRAFT,
        regime_code=regime,
        threshold_share=chosen.threshold.share,
        threshold_inclusive=chosen.threshold.inclusive,
        threshold_source=chosen.source,
        secret=inp.secret,
        created_by=principal.id,
        created_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():  # a concurrent request may have created it since our look
            session.add(review)
    except IntegrityError as exc:
        raise _review_exists(None) from exc
    repository.add_members(
        session,
        review_id=review.id,
        candidates=[(p, CandidateVerdict.of(judged[p]).as_dict()) for p in candidate_ids],
        electorate=inp.electorate_user_ids,
    )
    audit.record(
        session,
        actor=principal.actor,
        action="review.create",
        object_type="unit_review",
        object_id=review.id,
        details={
            "unit_id": inp.unit_id,
            "year": inp.year,
            "title_code": inp.title_code,
            "candidates": len(candidate_ids),
            "electorate": len(inp.electorate_user_ids),
            "threshold_share": review.threshold_share,
            "threshold_inclusive": review.threshold_inclusive,
            "threshold_source": review.threshold_source,
            "secret": inp.secret,
        },
    )
    return view(session, review)


# ---- transitions --------------------------------------------------------------------------------------


def invalid_transition(review: UnitReview, action: str) -> Conflict:
    return Conflict(
        f"A {review.status} review cannot {action}.",
        code="invalid_transition",
        detail_vi="Không thể chuyển đợt bình xét sang trạng thái này từ trạng thái hiện tại.",
        extra={"review_status": review.status},
    )


def flush(session: Session) -> None:
    updates.flush(session, what="review", what_vi="đợt bình xét")


def _close(session: Session, review: UnitReview) -> dict[str, Any]:
    """Count the ballots, freeze the tally in ``review.result``, and reshuffle the ballot rows."""
    choices = repository.ballot_choices(session, review_id=review.id)
    ballots.seal(session, review.id)
    electorate = repository.elector_count(session, review_id=review.id)
    candidate_ids = repository.candidate_ids(session, review_id=review.id)
    result = tally(candidate_ids, electorate, choices, threshold_of(review))
    review.result = result.as_dict()
    return {
        "electorate": result.electorate,
        "ballots_cast": result.ballots_cast,
        "required": result.required,
        "passed": result.passed,
    }


def begin_transition(
    session: Session, *, review_id: str, action: str, if_match: str | None
) -> tuple[UnitReview, ReviewStatus]:
    """The review, locked and checked against ``If-Match`` and the state machine, with the status
    ``action`` leads to."""
    review = load(session, review_id, lock="update")
    check_if_match(if_match, review)
    new_status = next_status(review.status, action)
    if new_status is None:
        raise invalid_transition(review, action)
    return review, new_status


def finish_transition(
    session: Session,
    principal: Principal,
    review: UnitReview,
    new_status: ReviewStatus,
    action: str,
    details: dict[str, Any],
) -> ReviewView:
    old_status = review.status
    now = utcnow()
    review.status = new_status
    setattr(review, _STAMP[new_status], now)
    review.updated_at = now
    flush(session)
    audit.record(
        session,
        actor=principal.actor,
        action=f"review.{action}",
        object_type="unit_review",
        object_id=review.id,
        details={
            "unit_id": review.unit_id,
            "year": review.year,
            "title_code": review.title_code,
            "from": old_status,
            "to": new_status,
            **details,
        },
    )
    return view(session, review)


def transition(
    *, session: Session, principal: Principal, review_id: str, action: str, if_match: str | None = None
) -> ReviewView:
    """``open``, ``close`` (the tally) or ``cancel``. (``decide`` is ``app.reviews.decisions.decide``.)"""
    assert action in ("open", "close", "cancel")
    review, new_status = begin_transition(session, review_id=review_id, action=action, if_match=if_match)
    sealed = action == "close" or review.status == ReviewStatus.VOTING
    details = _close(session, review) if action == "close" else {}
    if action == "cancel" and sealed:
        ballots.seal(session, review.id)  # a cancelled vote's ballots lose their casting order too
    view = finish_transition(session, principal, review, new_status, action, details)
    return replace(view, sealed=sealed)


# ---- results ------------------------------------------------------------------------------------------


def _results_not_available(review: UnitReview) -> Conflict:
    return Conflict(
        f"The review is {review.status}: its results exist once the vote is counted.",
        code="results_not_available",
        detail_vi="Đợt bình xét chưa kiểm phiếu nên chưa có kết quả.",
        extra={"review_status": review.status},
    )


def may_see_voters(principal: Principal, review: UnitReview) -> bool:
    """Who voted what, in a review with ``secret: false``: its head and the secretariat only."""
    return not review.secret and (
        principal.has_role("secretariat") or policies.heads(principal, review.unit_id)
    )


def results(*, session: Session, principal: Principal, review_id: str) -> ResultsView:
    review = load(session, review_id)
    if review.status not in COUNTED or review.result is None:
        raise _results_not_available(review)
    result = ReviewTally.from_stored(review.result)
    names = repository.names(session, people=[c.person_id for c in result.candidates])
    shown = ballots.non_secret_ballots(session, review) if may_see_voters(principal, review) else None
    if shown:
        names.update(repository.user_names(session, {str(b["user_id"]) for b in shown}))
    return ResultsView(review=review, result=result, names=names, ballots=shown)
