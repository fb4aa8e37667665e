"""Proposals for commendation: the use cases. No FastAPI here; services flush, the request's route commits.

Who may call each use case is the route's policy (``app.proposals.policies``); the services receive a
principal already authorised for the proposal. Every change of state goes through ``flow.move`` (checked
against ``states``, recorded, audited, published); this module gathers the facts the guards need and does
what an action does to the items (the verdicts at submission, the reasons of a return).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, false, func, select
from sqlalchemy.orm import Session

from app.awards.proposing import _catalogue_name
from app.blocs import leadership
from app.core import audit, names, updates
from app.core.errors import Conflict, Invalid, NotFound
from app.core.etag import check_if_match
from app.core.pagination import PageParams, paginate
from app.core.principal import Principal
from app.eligibility import service as eligibility
from app.law.verdict import VerdictResult
from app.models import (
    Award,
    AwardMethod,
    AwardStatus,
    Campaign,
    ItemStatus,
    Person,
    Proposal,
    ProposalComment,
    ProposalDocument,
    ProposalItem,
    ProposalOrigin,
    ProposalStatus,
    ProposalTransition,
    SessionStatus,
    Title,
    Unit,
    VotingSession,
)
from app.models.base import utcnow
from app.proposals import authority, deadlines, dossier_check, flow, states
from app.proposals.policies import PROPOSALS_WRITE, acts_for, proposal_not_found
from app.proposals.states import By, Facts, ItemFacts

EDITABLE = frozenset({ProposalStatus.DRAFT, ProposalStatus.RETURNED})
LIVE = frozenset({ItemStatus.PENDING, ItemStatus.RETURNED, ItemStatus.APPROVED})
_WHAT, _WHAT_VI = "proposal", "hồ sơ đề nghị"


# ---- views ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemView:
    item: ProposalItem
    unit: names.UnitName | None
    person: names.PersonName | None
    name: str


@dataclass(frozen=True)
class ProposalView:
    proposal: Proposal
    unit: names.UnitName | None
    items: list[ItemView]
    documents: dict[str, int]
    unanswered_comments: int
    allowed_actions: list[str]
    overdue: bool


def caller_by(principal: Principal, proposal: Proposal) -> frozenset[By]:
    """In which capacities the caller may move this proposal: as its proposer, as the office, both or
    neither (an observer)."""
    found: set[By] = set()
    if acts_for(principal, proposal.unit_id):
        found.add(By.PROPOSER)
    if principal.has_role("admin", "secretariat"):
        found.add(By.OFFICE)
    return frozenset(found)


def _items(session: Session, proposal_id: str) -> list[ProposalItem]:
    return list(
        session.scalars(
            select(ProposalItem)
            .where(ProposalItem.proposal_id == proposal_id)
            .order_by(ProposalItem.position)
        )
    )


def _item_views(session: Session, items: Sequence[ProposalItem]) -> list[ItemView]:
    units = names.units(session, [i.unit_id for i in items])
    people = names.people(session, [i.person_id for i in items])
    titles = names.titles(session, [i.title_code or i.form_code for i in items])
    return [
        ItemView(
            item=i,
            unit=units.get(i.unit_id) if i.unit_id else None,
            person=people.get(i.person_id) if i.person_id else None,
            name=titles.get(i.title_code or i.form_code or "", i.title_code or i.form_code or ""),
        )
        for i in items
    ]


def _unanswered(session: Session, proposal_id: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(ProposalComment)
            .where(ProposalComment.proposal_id == proposal_id, ProposalComment.answer.is_(None))
        )
        or 0
    )


def view(session: Session, proposal: Proposal, principal: Principal) -> ProposalView:
    documents = dict(
        session.execute(
            select(ProposalDocument.doc_type, func.count())
            .where(ProposalDocument.proposal_id == proposal.id, ProposalDocument.removed_at.is_(None))
            .group_by(ProposalDocument.doc_type)
        )
        .tuples()
        .all()
    )
    by = caller_by(principal, proposal)
    allowed = (
        [a for a in states.allowed_actions(proposal.status, by) if a in states.API_ACTIONS] if by else []
    )
    unit = names.units(session, [proposal.unit_id]).get(proposal.unit_id) if proposal.unit_id else None
    return ProposalView(
        proposal=proposal,
        unit=unit,
        items=_item_views(session, _items(session, proposal.id)),
        documents={str(k): int(v) for k, v in documents.items()},
        unanswered_comments=_unanswered(session, proposal.id),
        allowed_actions=allowed,
        overdue=states.overdue(proposal.status, proposal.due_on, deadlines.today()),
    )


# ---- loading -------------------------------------------------------------------------------------------


def load(session: Session, proposal_id: str, *, lock: bool = False) -> Proposal:
    found = session.get(Proposal, proposal_id, with_for_update=lock) if len(proposal_id) <= 64 else None
    if found is None:
        raise proposal_not_found()
    return found


def get(session: Session, principal: Principal, proposal_id: str) -> ProposalView:
    return view(session, load(session, proposal_id), principal)


@dataclass(frozen=True)
class ProposalFilter:
    year: int | None = None
    status: str | None = None
    unit_id: str | None = None
    overdue: bool | None = None


def _visible_to(stmt: Select[tuple[Proposal]], principal: Principal) -> Select[tuple[Proposal]]:
    if principal.has_role("admin", "secretariat", "observer"):
        return stmt
    if principal.unit_id is not None and (
        principal.has_role("officer", "unit_head") or principal.has_scope(PROPOSALS_WRITE)
    ):
        return stmt.where(Proposal.unit_id == principal.unit_id)
    return stmt.where(false())


def list_proposals(
    session: Session, principal: Principal, flt: ProposalFilter, page: PageParams
) -> tuple[list[ProposalView], str | None]:
    stmt = _visible_to(select(Proposal), principal)
    if flt.year is not None:
        stmt = stmt.where(Proposal.year == flt.year)
    if flt.status is not None:
        stmt = stmt.where(Proposal.status == flt.status)
    if flt.unit_id is not None:
        stmt = stmt.where(Proposal.unit_id == flt.unit_id)
    if flt.overdue is not None:
        today = deadlines.today()
        late = (
            Proposal.status.not_in([str(s) for s in states.TERMINAL])
            & Proposal.due_on.is_not(None)
            & (Proposal.due_on < today)
        )
        stmt = stmt.where(late if flt.overdue else ~late)
    rows, next_cursor = paginate(session, stmt, page, created_col=Proposal.created_at, id_col=Proposal.id)
    return [view(session, p, principal) for p in rows], next_cursor


# ---- items ---------------------------------------------------------------------------------------------


def _body_error(
    loc: list[str | int], msg: str, detail: str, detail_vi: str, code: str | None = None
) -> Invalid:
    return Invalid(
        detail,
        code=code,
        detail_vi=detail_vi,
        errors=[{"loc": ["body", *loc], "msg": msg, "type": code or "value_error"}],
    )


def _check_subject(
    session: Session, proposal: Proposal, *, unit_id: str | None, person_id: str | None, loc: list[str | int]
) -> None:
    """The subject exists and, for a unit's proposal, is the unit itself or one of its people."""
    if person_id is not None:
        person = session.get(Person, person_id)
        if person is None:
            raise _body_error(
                [*loc, "person_id"], "unknown person", "No person has this id.", "Không tìm thấy cá nhân."
            )
        if proposal.origin == ProposalOrigin.UNIT and person.unit_id != proposal.unit_id:
            raise _body_error(
                [*loc, "person_id"],
                "not a person of the proposing unit",
                "A unit proposes its own people: this person works in another unit.",
                "Đơn vị chỉ đề nghị khen thưởng cá nhân thuộc đơn vị: người này thuộc đơn vị khác.",
                code="subject_not_in_unit",
            )
        return
    if unit_id is None or session.get(Unit, unit_id) is None:
        raise _body_error([*loc, "unit_id"], "unknown unit", "No unit has this id.", "Không tìm thấy đơn vị.")
    if proposal.origin == ProposalOrigin.UNIT and unit_id != proposal.unit_id:
        raise _body_error(
            [*loc, "unit_id"],
            "not the proposing unit",
            "A unit proposes itself or its own people, not another unit.",
            "Đơn vị chỉ đề nghị khen thưởng cho chính đơn vị hoặc cá nhân thuộc đơn vị.",
            code="subject_not_in_unit",
        )


def _regime(proposal: Proposal) -> str:
    return proposal.regime_code or authority.current_regime(deadlines.today())


def _authority(code: str, regime: str, loc: list[str | int]) -> str:
    try:
        return authority.decided_by(code, regime)
    except authority.UnknownCode as exc:
        raise _body_error(
            loc,
            "not in the legal regime",
            f"The legal regime {regime} has no rules for '{code}'.",
            f"Chế độ pháp lý {regime} không có quy định cho “{code}”.",
        ) from exc


_AUTHORITY_VI = {
    "unit_head": "Thủ trưởng đơn vị",
    "minister": "Bộ trưởng",
    "prime_minister": "Thủ tướng Chính phủ",
    "president": "Chủ tịch nước",
}


def check_one_authority(session: Session, proposal: Proposal, items: Sequence[ProposalItem]) -> None:
    """Every item of a proposal is decided by the same authority (one decision, one signer): 422
    ``mixed_authority`` naming who decides what."""
    regime = _regime(proposal)
    by: dict[str, list[str]] = {}
    for n, item in enumerate(items):
        code = item.title_code or item.form_code or ""
        by.setdefault(_authority(code, regime, ["items", n]), []).append(code)
    if len(by) <= 1:
        return
    en = "; ".join(f"{who}: {', '.join(sorted(set(codes)))}" for who, codes in sorted(by.items()))
    vi = "; ".join(
        f"{_AUTHORITY_VI[who]}: {', '.join(sorted(set(codes)))}" for who, codes in sorted(by.items())
    )
    raise Invalid(
        f"One proposal goes to one deciding authority; these items are decided by different ones ({en}). "
        "Split them into separate proposals.",
        code="mixed_authority",
        detail_vi=f"Mỗi tờ trình chỉ trình một cấp quyết định; các nội dung này thuộc thẩm quyền khác nhau "
        f"({vi}). Hãy tách thành các tờ trình riêng.",
        errors=[
            {
                "loc": ["body", "items"],
                "msg": "items decided by different authorities",
                "type": "mixed_authority",
            }
        ],
        extra={"authorities": {who: sorted(set(codes)) for who, codes in by.items()}},
    )


def _new_item(
    session: Session, proposal: Proposal, data: dict[str, Any], position: int, loc: list[str | int]
) -> ProposalItem:
    _check_subject(session, proposal, unit_id=data.get("unit_id"), person_id=data.get("person_id"), loc=loc)
    _catalogue_name(
        session,
        person=data.get("person_id") is not None,
        title_code=data.get("title_code"),
        form_code=data.get("form_code"),
    )
    return ProposalItem(
        proposal_id=proposal.id,
        position=position,
        unit_id=data.get("unit_id") if data.get("person_id") is None else None,
        person_id=data.get("person_id"),
        title_code=data.get("title_code"),
        form_code=data.get("form_code"),
        method=data.get("method") or AwardMethod.REGULAR,
        achievements=data.get("achievements") or "",
        status=ItemStatus.PENDING,
    )


def _touch(session: Session, proposal: Proposal) -> None:
    """A change to the proposal's items is a new version of the proposal (its ETag)."""
    proposal.updated_at = utcnow()
    updates.flush(session, what=_WHAT, what_vi=_WHAT_VI)


def _locked(proposal: Proposal) -> Conflict:
    return Conflict(
        f"A proposal in state '{proposal.status}' cannot be changed; only a draft or a returned one can.",
        code="proposal_locked",
        detail_vi=f"Hồ sơ đang ở trạng thái '{proposal.status}', không thể sửa; chỉ sửa được hồ sơ dự thảo "
        "hoặc hồ sơ bị trả lại.",
        extra={"current_status": str(proposal.status)},
    )


def _editable(session: Session, proposal_id: str, if_match: str | None) -> Proposal:
    proposal = load(session, proposal_id, lock=True)
    check_if_match(if_match, proposal)
    if proposal.status not in EDITABLE:
        raise _locked(proposal)
    return proposal


# ---- creating ------------------------------------------------------------------------------------------


def create(
    session: Session,
    principal: Principal,
    *,
    origin: ProposalOrigin,
    unit_id: str | None,
    year: int,
    title: str,
    items: Sequence[dict[str, Any]],
) -> Proposal:
    if unit_id is not None and session.get(Unit, unit_id) is None:
        raise _body_error(["unit_id"], "unknown unit", "No unit has this id.", "Không tìm thấy đơn vị.")
    proposal = Proposal(year=year, title=title, origin=origin, unit_id=unit_id, created_by=principal.id)
    session.add(proposal)
    session.flush()
    rows = [_new_item(session, proposal, data, n + 1, ["items", n]) for n, data in enumerate(items)]
    check_one_authority(session, proposal, rows)
    session.add_all(rows)
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="proposal.create",
        object_type="proposal",
        object_id=proposal.id,
        details={"origin": str(origin), "unit_id": unit_id, "year": year, "items": len(rows)},
    )
    return proposal


def _not_published(vs: VotingSession) -> Conflict:
    return Conflict(
        f"The session is {vs.status}: only a published session's winners are proposed.",
        code="session_not_published",
        detail_vi="Phiên bỏ phiếu chưa công bố kết quả: chỉ đề nghị khen thưởng các đơn vị trúng cử của "
        "phiên đã công bố.",
        extra={"current_status": str(vs.status)},
    )


def create_from_session(session: Session, principal: Principal, session_id: str) -> tuple[Proposal, bool]:
    """The bloc's proposal of a published session's winners: (the proposal, whether it was made now). A
    second call answers the proposal made the first time."""
    vs = session.get(VotingSession, session_id, with_for_update=True)
    if vs is None:
        raise NotFound("The voting session does not exist.", detail_vi="Không tìm thấy phiên bỏ phiếu.")
    existing = session.scalars(
        select(Proposal).where(Proposal.source_session_id == vs.id).order_by(Proposal.created_at).limit(1)
    ).first()
    if existing is not None:
        return existing, False
    if vs.status != SessionStatus.PUBLISHED:
        raise _not_published(vs)
    campaign = session.get(Campaign, vs.campaign_id) if vs.campaign_id else None
    if campaign is None:
        raise Conflict(
            "A session without a campaign has no bloc to propose for.",
            code="session_not_published",
            detail_vi="Phiên bỏ phiếu không thuộc phong trào thi đua nào, không có khối để đề nghị.",
        )
    awards = list(
        session.scalars(
            select(Award)
            .where(Award.source_session_id == vs.id, Award.status != AwardStatus.REVOKED)
            .order_by(Award.created_at, Award.id)
        )
    )
    if not awards:
        raise Conflict(
            "The session elected nobody: there is no one to propose.",
            code="no_winners",
            detail_vi="Phiên bỏ phiếu không có đơn vị trúng cử: không có ai để đề nghị.",
        )
    title = session.get(Title, vs.title_code)
    title_name = title.name if title is not None else vs.title_code
    leader = leadership.leader_unit_id(session, bloc_id=campaign.bloc_id, year=campaign.year)
    proposal = Proposal(
        year=campaign.year,
        title=f"Đề nghị tặng {title_name} năm {campaign.year}",
        origin=ProposalOrigin.BLOC,
        unit_id=leader,
        bloc_id=campaign.bloc_id,
        campaign_id=campaign.id,
        source_session_id=vs.id,
        created_by=principal.id,
    )
    session.add(proposal)
    session.flush()
    items = [
        ProposalItem(
            proposal_id=proposal.id,
            position=n + 1,
            unit_id=a.unit_id,
            person_id=a.person_id,
            title_code=a.title_code,
            form_code=a.form_code,
            method=a.method,
            achievements=a.achievement or "",
            status=ItemStatus.PENDING,
            award_id=a.id,
        )
        for n, a in enumerate(awards)
    ]
    check_one_authority(session, proposal, items)
    session.add_all(items)
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="proposal.create",
        object_type="proposal",
        object_id=proposal.id,
        details={"origin": "bloc", "source_session_id": vs.id, "items": len(items)},
    )
    return proposal, True


# ---- editing -------------------------------------------------------------------------------------------


def patch(
    session: Session, principal: Principal, proposal_id: str, *, title: str, if_match: str | None
) -> Proposal:
    proposal = _editable(session, proposal_id, if_match)
    diff = updates.diff_of(proposal, {"title": title})
    if diff:
        updates.apply(proposal, diff)
        updates.record(
            session,
            principal.actor,
            diff,
            object_type="proposal",
            object_id=proposal.id,
            code=proposal.title[:64],
            what_vi=_WHAT_VI,
        )
    return proposal


def add_item(
    session: Session, principal: Principal, proposal_id: str, data: dict[str, Any], if_match: str | None
) -> tuple[Proposal, ProposalItem]:
    proposal = _editable(session, proposal_id, if_match)
    current = _items(session, proposal.id)
    position = max((i.position for i in current), default=0) + 1
    item = _new_item(session, proposal, data, position, [])
    check_one_authority(session, proposal, [*[i for i in current if i.status in LIVE], item])
    session.add(item)
    _touch(session, proposal)
    audit.record(
        session,
        actor=principal.actor,
        action="proposal.item_add",
        object_type="proposal",
        object_id=proposal.id,
        details={"item_id": item.id, **{k: v for k, v in data.items() if k != "achievements"}},
    )
    return proposal, item


def _item(session: Session, proposal: Proposal, item_id: str) -> ProposalItem:
    item = session.get(ProposalItem, item_id) if len(item_id) <= 64 else None
    if item is None or item.proposal_id != proposal.id:
        raise NotFound("The proposal has no such item.", detail_vi="Hồ sơ không có nội dung đề nghị này.")
    return item


def patch_item(
    session: Session,
    principal: Principal,
    proposal_id: str,
    item_id: str,
    changes: dict[str, Any],
    if_match: str | None,
) -> Proposal:
    proposal = _editable(session, proposal_id, if_match)
    item = _item(session, proposal, item_id)
    merged: dict[str, Any] = {
        "unit_id": item.unit_id if item.person_id is None else None,
        "person_id": item.person_id,
        "title_code": item.title_code,
        "form_code": item.form_code,
        "method": item.method,
        "achievements": item.achievements,
    }
    if changes.get("unit_id") is not None:
        merged.update(unit_id=changes["unit_id"], person_id=None)
    if changes.get("person_id") is not None:
        merged.update(person_id=changes["person_id"], unit_id=None)
    if changes.get("title_code") is not None:
        merged.update(title_code=changes["title_code"], form_code=None)
    if changes.get("form_code") is not None:
        merged.update(form_code=changes["form_code"], title_code=None)
    for key in ("method", "achievements"):
        if changes.get(key) is not None:
            merged[key] = changes[key]
    fresh = _new_item(session, proposal, merged, item.position, [])
    others = [i for i in _items(session, proposal.id) if i.id != item.id and i.status in LIVE]
    check_one_authority(session, proposal, [*others, fresh])
    values = {
        k: getattr(fresh, k)
        for k in ("unit_id", "person_id", "title_code", "form_code", "method", "achievements")
    }
    diff = updates.diff_of(item, values)
    if diff:
        updates.apply(item, diff)
        _touch(session, proposal)
        audit.record(
            session,
            actor=principal.actor,
            action="proposal.item_change",
            object_type="proposal",
            object_id=proposal.id,
            details={"item_id": item.id, "changed": sorted(diff)},
        )
    return proposal


def delete_item(
    session: Session, principal: Principal, proposal_id: str, item_id: str, if_match: str | None
) -> Proposal:
    proposal = _editable(session, proposal_id, if_match)
    item = _item(session, proposal, item_id)
    session.delete(item)
    _touch(session, proposal)
    audit.record(
        session,
        actor=principal.actor,
        action="proposal.item_remove",
        object_type="proposal",
        object_id=proposal.id,
        details={"item_id": item_id},
    )
    return proposal


# ---- moving --------------------------------------------------------------------------------------------


def facts_of(session: Session, proposal: Proposal, *, today: date, **more: Any) -> Facts:
    regime = _regime(proposal)
    items = _items(session, proposal.id)
    item_facts = []
    for item in items:
        code = item.title_code or item.form_code or ""
        try:
            decided = authority.decided_by(code, regime)
            consulted = authority.needs_consultation(code, regime)
        except authority.UnknownCode:
            decided, consulted = "minister", False
        item_facts.append(
            ItemFacts(id=item.id, status=item.status, needs_consultation=consulted, authority=decided)
        )
    return Facts(
        items=tuple(item_facts),
        today=today,
        consultation_due=proposal.due_on if proposal.status == ProposalStatus.CONSULTATION else None,
        unanswered_comments=_unanswered(session, proposal.id),
        **more,
    )


def _verdict(session: Session, proposal: Proposal, item: ProposalItem, today: date) -> VerdictResult:
    q = eligibility.Question(
        code=item.title_code or item.form_code or "", year=proposal.year, lodged_on=today
    )
    if item.person_id is not None:
        return eligibility.judge_person(session, person_id=item.person_id, q=q, award_id=item.award_id)
    assert item.unit_id is not None  # one subject: the check constraint
    return eligibility.judge_unit(session, unit_id=item.unit_id, q=q, award_id=item.award_id)


@dataclass(frozen=True)
class Move:
    """What a move carries besides its action: the note, a return's reasons, a forward's particulars."""

    note: str | None = None
    reasons: dict[str, str] | None = None
    forwarded_to: str | None = None
    forwarded_on: date | None = None
    forwarded_ref: str | None = None


def act(
    session: Session,
    principal: Principal,
    proposal_id: str,
    action: str,
    move: Move,
    *,
    by: frozenset[By],
    if_match: str | None = None,
) -> Proposal:
    """Take ``action`` on the proposal (loaded FOR UPDATE) through ``flow.move``, and do to the items what
    the action does; a retried action is a no-op. ``by``: the capacities the caller holds (the proposer's
    is used where the step allows it, else the office's)."""
    proposal = load(session, proposal_id, lock=True)
    today = deadlines.today()
    step = states.step(action)
    takes = [b for b in (By.PROPOSER, By.OFFICE) if b in by and (step is None or b in step.by)]
    as_ = takes[0] if takes else next(iter(sorted(by)), By.OFFICE)
    if flow.is_replay(session, proposal, action):
        return flow.move(session, proposal=proposal, action=action, by=as_, principal=principal)
    check_if_match(if_match, proposal)
    more: dict[str, Any] = {}
    if action == "submit":
        more["missing_documents"] = tuple(dossier_check.missing_documents(session, proposal))
        if states.next_status(proposal.status, action) is not None and proposal.regime_code is None:
            proposal.regime_code = authority.current_regime(today)
    if action == "return":
        more["return_reasons"] = dict(move.reasons or {})
    facts = facts_of(session, proposal, today=today, **more)
    flow.move(
        session,
        proposal=proposal,
        action=action,
        by=as_,
        principal=principal,
        facts=facts,
        note=move.note,
        details=move.reasons if action == "return" else None,
        today=today,
    )
    items = _items(session, proposal.id)
    if action == "submit":
        for item in items:
            if item.status not in (ItemStatus.PENDING, ItemStatus.RETURNED):
                continue
            verdict = _verdict(session, proposal, item, today)
            item.verdict_outcome = verdict.outcome
            item.verdict = verdict.as_dict()
            item.status = ItemStatus.PENDING
            item.return_reason = None
    elif action == "return":
        reasons = move.reasons or {}
        for item in items:
            if item.id in reasons:
                item.status = ItemStatus.RETURNED
                item.return_reason = reasons[item.id]
    elif action == "withdraw":
        for item in items:
            if item.status in (ItemStatus.PENDING, ItemStatus.RETURNED):
                item.status = ItemStatus.WITHDRAWN
    elif action == "forward":
        proposal.forwarded_to = move.forwarded_to
        proposal.forwarded_on = move.forwarded_on
        proposal.forwarded_ref = move.forwarded_ref
    updates.flush(session, what=_WHAT, what_vi=_WHAT_VI)
    return proposal


def transitions(
    session: Session, proposal_id: str, page: PageParams
) -> tuple[Sequence[ProposalTransition], str | None]:
    """The proposal's moves in order, a page at a time."""
    load(session, proposal_id)
    stmt = select(ProposalTransition).where(ProposalTransition.proposal_id == proposal_id)
    return paginate(session, stmt, page, created_col=ProposalTransition.at, id_col=ProposalTransition.id)


# ---- consultation --------------------------------------------------------------------------------------


def comments(
    session: Session, proposal_id: str, page: PageParams
) -> tuple[Sequence[ProposalComment], str | None]:
    """The comments received, in order, a page at a time."""
    load(session, proposal_id)
    stmt = select(ProposalComment).where(ProposalComment.proposal_id == proposal_id)
    return paginate(session, stmt, page, created_col=ProposalComment.received_at, id_col=ProposalComment.id)


def add_comment(
    session: Session,
    principal: Principal,
    proposal_id: str,
    *,
    author_name: str,
    body: str,
    item_id: str | None,
) -> ProposalComment:
    proposal = load(session, proposal_id, lock=True)
    if proposal.status != ProposalStatus.CONSULTATION:
        raise Conflict(
            f"Comments are recorded while the proposal is in consultation; it is '{proposal.status}'.",
            code="not_in_consultation",
            detail_vi=f"Chỉ ghi nhận ý kiến góp ý khi hồ sơ đang lấy ý kiến; hồ sơ đang ở trạng thái "
            f"'{proposal.status}'.",
            extra={"current_status": str(proposal.status)},
        )
    if item_id is not None:
        item = session.get(ProposalItem, item_id)
        if item is None or item.proposal_id != proposal.id:
            raise _body_error(
                ["item_id"],
                "not an item of the proposal",
                "The proposal has no such item.",
                "Hồ sơ không có nội dung đề nghị này.",
            )
    comment = ProposalComment(
        proposal_id=proposal.id, item_id=item_id, author_name=author_name, body=body, recorded_by=principal.id
    )
    session.add(comment)
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="proposal.comment",
        object_type="proposal",
        object_id=proposal.id,
        details={"comment_id": comment.id, "item_id": item_id},
    )
    return comment


def answer_comment(
    session: Session, principal: Principal, proposal_id: str, comment_id: str, *, answer: str
) -> ProposalComment:
    proposal = load(session, proposal_id, lock=True)
    comment = session.get(ProposalComment, comment_id) if len(comment_id) <= 64 else None
    if comment is None or comment.proposal_id != proposal.id:
        raise NotFound("The proposal has no such comment.", detail_vi="Hồ sơ không có ý kiến góp ý này.")
    if comment.answer == answer:
        return comment
    comment.answer = answer
    comment.answered_by = principal.id
    comment.answered_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="proposal.comment_answer",
        object_type="proposal",
        object_id=proposal.id,
        details={"comment_id": comment.id},
    )
    return comment
