"""Decisions (quyết định): the use cases. No FastAPI here; services flush, the request's route commits.

A decision is drafted (an award decision from a proposal in `signing`; an amendment or a revocation naming
an issued award decision), changed while a draft, then issued: the number is taken from the register of
its authority for the decision date's year by one ``UPDATE … RETURNING`` in the issuing transaction
(``numbering``), and what the decision decides happens in the same transaction, through the awards
service and the proposal's flow. A higher authority's decision on a forwarded proposal is recorded as an
``external`` issued decision, with the number it carries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.awards import decisions as award_rules
from app.awards import proposing
from app.awards import service as awards
from app.core import audit, updates
from app.core.errors import Conflict, Invalid, NotFound
from app.core.etag import check_if_match
from app.core.pagination import PageParams, paginate
from app.core.principal import Principal
from app.decisions import grounds, numbering
from app.decisions.policies import decision_not_found, is_staff
from app.events import outbox, payloads
from app.law import regimes
from app.models import Award, AwardStatus, CommendationForm, Person, Proposal, ProposalItem, Title, Unit
from app.models.base import utcnow
from app.models.decision import (
    Decision,
    DecisionKind,
    DecisionRecipient,
    DecisionRegister,
    DecisionStatus,
    Recovery,
)
from app.models.proposal import ItemStatus, ProposalStatus
from app.proposals import flow
from app.proposals.states import By

WHAT, WHAT_VI = "decision", "quyết định"


# ---- errors ---------------------------------------------------------------------------------------------


def _body_error(field: str, msg: str, detail: str, detail_vi: str, code: str | None = None) -> Invalid:
    return Invalid(
        detail,
        code=code,
        detail_vi=detail_vi,
        errors=[{"loc": ["body", field], "msg": msg, "type": "value_error"}],
    )


def _not_draft(decision: Decision) -> Conflict:
    return Conflict(
        f"The decision is issued ({decision.number_text}): it no longer changes; correct it by an amendment.",
        code="decision_not_draft",
        detail_vi=f"Quyết định đã ban hành (số {decision.number_text}): không sửa được nữa; "
        "hãy ban hành quyết định sửa đổi, bổ sung.",
        extra={"number_text": decision.number_text},
    )


def _no_register(code: str | None, year: int) -> Conflict:
    return Conflict(
        f"No decision register of '{code}' for {year}: open it first (POST /api/v1/decision-registers).",
        code="register_missing",
        detail_vi=f"Chưa có sổ đăng ký quyết định của “{code}” năm {year}: hãy mở sổ trước.",
        extra={"authority_code": code, "year": year},
    )


def _proposal_not_signing(proposal: Proposal) -> Conflict:
    return Conflict(
        f"The proposal is '{proposal.status}': an award decision is drafted from a proposal in 'signing'.",
        code="proposal_not_signing",
        detail_vi=f"Hồ sơ đề nghị đang ở trạng thái '{proposal.status}': chỉ dự thảo quyết định khen thưởng "
        "cho hồ sơ đang trình ký.",
        extra={"current_status": str(proposal.status)},
    )


def _target_not_issued_award() -> Conflict:
    return Conflict(
        "An amendment or a revocation changes an issued award decision of ours.",
        code="target_not_amendable",
        detail_vi="Quyết định sửa đổi hoặc hủy bỏ chỉ áp dụng cho quyết định khen thưởng đã ban hành.",
    )


# ---- reading ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecipientView:
    row: DecisionRecipient
    unit: tuple[str, str] | None
    person: str | None
    award_name: str
    replaces_recipient_id: str | None


@dataclass(frozen=True)
class DecisionView:
    decision: Decision
    recipients: list[RecipientView]
    proposal_title: str | None
    target_number_text: str | None
    ground_text: str | None
    ground_citation: str | None = None


def _get(session: Session, decision_id: str, *, for_update: bool = False) -> Decision:
    decision = (
        session.get(Decision, decision_id, with_for_update=for_update) if len(decision_id) <= 64 else None
    )
    if decision is None:
        raise decision_not_found()
    return decision


def recipients_of(session: Session, decision_id: str) -> list[DecisionRecipient]:
    return list(
        session.scalars(
            select(DecisionRecipient)
            .where(DecisionRecipient.decision_id == decision_id)
            .order_by(DecisionRecipient.position)
        )
    )


def _names(
    session: Session, rows: Sequence[DecisionRecipient]
) -> tuple[dict[str, tuple[str, str]], dict[str, str], dict[str, str]]:
    unit_ids = {r.unit_id for r in rows if r.unit_id}
    person_ids = {r.person_id for r in rows if r.person_id}
    titles = {r.title_code for r in rows if r.title_code}
    forms = {r.form_code for r in rows if r.form_code}
    units = {
        i: (c, n)
        for i, c, n in session.execute(select(Unit.id, Unit.code, Unit.name).where(Unit.id.in_(unit_ids)))
    }
    people = dict(
        session.execute(select(Person.id, Person.full_name).where(Person.id.in_(person_ids))).tuples().all()
    )
    catalogue = dict(
        session.execute(select(Title.code, Title.name).where(Title.code.in_(titles))).tuples().all()
    )
    catalogue.update(
        session.execute(
            select(CommendationForm.code, CommendationForm.name).where(CommendationForm.code.in_(forms))
        )
        .tuples()
        .all()
    )
    return units, people, catalogue


def _replaced(session: Session, decision: Decision, rows: Sequence[DecisionRecipient]) -> dict[str, str]:
    """award_id -> the target decision's recipient, for an amendment or a revocation."""
    if decision.target_decision_id is None:
        return {}
    award_ids = {r.award_id for r in rows if r.award_id}
    return {
        a: i
        for i, a in session.execute(
            select(DecisionRecipient.id, DecisionRecipient.award_id).where(
                DecisionRecipient.decision_id == decision.target_decision_id,
                DecisionRecipient.award_id.in_(award_ids),
            )
        ).tuples()
        if a is not None
    }


def view(session: Session, decision: Decision) -> DecisionView:
    rows = recipients_of(session, decision.id)
    units, people, catalogue = _names(session, rows)
    replaced = _replaced(session, decision, rows)
    proposal = session.get(Proposal, decision.proposal_id) if decision.proposal_id else None
    target = session.get(Decision, decision.target_decision_id) if decision.target_decision_id else None
    found = (
        grounds.any_ground(decision.revocation_ground, decision.decision_date)
        if decision.revocation_ground
        else None
    )
    return DecisionView(
        decision=decision,
        recipients=[
            RecipientView(
                row=r,
                unit=units.get(r.unit_id) if r.unit_id else None,
                person=people.get(r.person_id) if r.person_id else None,
                award_name=catalogue.get(
                    r.title_code or r.form_code or "", r.title_code or r.form_code or ""
                ),
                replaces_recipient_id=replaced.get(r.award_id) if r.award_id else None,
            )
            for r in rows
        ],
        proposal_title=proposal.title if proposal is not None else None,
        target_number_text=target.number_text if target is not None else None,
        ground_text=found.text_vi if found is not None else None,
        ground_citation=found.citation if found is not None else None,
    )


def get(session: Session, *, decision_id: str) -> DecisionView:
    return view(session, _get(session, decision_id))


@dataclass(frozen=True)
class DecisionFilter:
    year: int | None = None
    kind: DecisionKind | None = None
    status: DecisionStatus | None = None


def list_decisions(
    session: Session, *, principal: Principal, flt: DecisionFilter, page: PageParams
) -> tuple[list[DecisionView], str | None]:
    stmt = select(Decision)
    if not is_staff(principal):
        stmt = stmt.where(Decision.status == DecisionStatus.ISSUED)
    if flt.year is not None:
        stmt = stmt.where(
            Decision.decision_date >= date(flt.year, 1, 1), Decision.decision_date <= date(flt.year, 12, 31)
        )
    if flt.kind is not None:
        stmt = stmt.where(Decision.kind == flt.kind)
    if flt.status is not None:
        stmt = stmt.where(Decision.status == flt.status)
    rows, next_cursor = paginate(session, stmt, page, created_col=Decision.created_at, id_col=Decision.id)
    return [view(session, d) for d in rows], next_cursor


# ---- registers ------------------------------------------------------------------------------------------


def create_register(
    session: Session, *, actor: audit.Actor, authority_code: str, authority_name: str, year: int, symbol: str
) -> DecisionRegister:
    existing = session.scalar(
        select(DecisionRegister.id).where(
            DecisionRegister.authority_code == authority_code, DecisionRegister.year == year
        )
    )
    duplicate = Conflict(
        f"'{authority_code}' already has a decision register for {year}.",
        code="register_exists",
        detail_vi=f"“{authority_code}” đã có sổ đăng ký quyết định năm {year}.",
        extra={"authority_code": authority_code, "year": year},
    )
    if existing is not None:
        raise duplicate
    register = DecisionRegister(
        authority_code=authority_code, authority_name=authority_name, year=year, symbol=symbol, last_number=0
    )
    try:
        with session.begin_nested():
            session.add(register)
    except IntegrityError as exc:  # opened by a request that committed after our look
        raise duplicate from exc
    audit.record(
        session,
        actor=actor,
        action="decision_register.create",
        object_type="decision_register",
        object_id=register.id,
        details={"authority_code": authority_code, "year": year, "symbol": symbol},
    )
    return register


def list_registers(
    session: Session, *, year: int | None, page: PageParams
) -> tuple[Sequence[DecisionRegister], str | None]:
    stmt = select(DecisionRegister)
    if year is not None:
        stmt = stmt.where(DecisionRegister.year == year)
    return paginate(session, stmt, page, created_col=DecisionRegister.created_at, id_col=DecisionRegister.id)


# ---- drafting -------------------------------------------------------------------------------------------


def default_grounds(on: date, authority_name: str) -> list[str]:
    """The `Căn cứ …` lines of an award decision: the texts of the regime in force on ``on``, then the
    proposal of the office."""
    try:
        texts = regimes.regime_on(on).texts
    except regimes.UnknownRegime:
        texts = ()
    lines = [f"Căn cứ {t};" for t in texts]
    lines.append(f"Căn cứ quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của {authority_name};")
    lines.append("Theo đề nghị của Thường trực Hội đồng Thi đua - Khen thưởng.")
    return lines


def subject_from(title: str) -> str:
    """The trích yếu of the decision on a proposal: "Đề nghị tặng Cờ thi đua …" → "Về việc tặng Cờ thi
    đua …"."""
    text = title.strip()
    lowered = text[:1].lower() + text[1:]
    return "Về việc " + (lowered.removeprefix("đề nghị ") or lowered)


def _cash(row: DecisionRecipient, on: date | None) -> int | None:
    if on is None:
        return None
    try:
        regime = regimes.regime_on(on).code
    except regimes.UnknownRegime:
        return None
    found = award_rules.cash_for(
        regime, row.title_code or row.form_code or "", individual=row.person_id is not None, decision_date=on
    )
    return found[2] if found is not None else None


def _printed_name(session: Session, unit_id: str | None, person_id: str | None) -> str:
    if person_id is not None:
        person = session.get(Person, person_id)
        return person.full_name if person is not None else person_id
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    return unit.name if unit is not None else (unit_id or "")


def _approved_items(session: Session, proposal_id: str) -> list[ProposalItem]:
    return list(
        session.scalars(
            select(ProposalItem)
            .where(ProposalItem.proposal_id == proposal_id, ProposalItem.status == ItemStatus.APPROVED)
            .order_by(ProposalItem.position)
        )
    )


def _award_recipients(session: Session, decision: Decision, proposal: Proposal) -> None:
    items = _approved_items(session, proposal.id)
    if not items:
        raise Conflict(
            "The proposal has no approved item to decide.",
            code="nothing_approved",
            detail_vi="Hồ sơ đề nghị không có nội dung nào được thông qua.",
        )
    for position, item in enumerate(items, start=1):
        row = DecisionRecipient(
            decision_id=decision.id,
            position=position,
            proposal_item_id=item.id,
            award_id=item.award_id,
            unit_id=item.unit_id if item.person_id is None else None,
            person_id=item.person_id,
            name=_printed_name(session, item.unit_id, item.person_id),
            title_code=item.title_code,
            form_code=item.form_code,
        )
        row.cash_vnd = _cash(row, decision.decision_date)
        session.add(row)


def _target(session: Session, target_id: str) -> Decision:
    target = session.get(Decision, target_id) if len(target_id) <= 64 else None
    if target is None:
        raise _body_error(
            "target_decision_id", "unknown decision", "No decision has this id.", "Không tìm thấy quyết định."
        )
    if target.kind != DecisionKind.AWARD or target.status != DecisionStatus.ISSUED or target.external:
        raise _target_not_issued_award()
    return target


def _copy(row: DecisionRecipient, decision_id: str, position: int) -> DecisionRecipient:
    return DecisionRecipient(
        decision_id=decision_id,
        position=position,
        proposal_item_id=row.proposal_item_id,
        award_id=row.award_id,
        unit_id=row.unit_id,
        person_id=row.person_id,
        name=row.name,
        title_code=row.title_code,
        form_code=row.form_code,
        cash_vnd=row.cash_vnd,
        certificate_number=row.certificate_number,
    )


def _pick(session: Session, target: Decision, ids: Sequence[str], field: str) -> list[DecisionRecipient]:
    rows = {r.id: r for r in recipients_of(session, target.id)}
    unknown = [i for i in ids if i not in rows]
    if unknown or len(set(ids)) != len(ids):
        raise _body_error(
            field,
            "not a recipient of the target decision, or named twice",
            f"Each of {field} names, once, a recipient of decision {target.number_text}.",
            f"Mỗi mục của {field} phải là một người/đơn vị được khen trong quyết định {target.number_text}, "
            "không lặp lại.",
        )
    return [rows[i] for i in ids]


def current_recipient(session: Session, target: Decision, award_id: str) -> DecisionRecipient | None:
    """The target's recipient for ``award_id`` as the latest issued amendment left it."""
    amended = session.scalars(
        select(DecisionRecipient)
        .join(Decision, Decision.id == DecisionRecipient.decision_id)
        .where(
            Decision.target_decision_id == target.id,
            Decision.kind == DecisionKind.AMENDMENT,
            Decision.status == DecisionStatus.ISSUED,
            DecisionRecipient.award_id == award_id,
        )
        .order_by(Decision.issued_at.desc())
        .limit(1)
    ).first()
    if amended is not None:
        return amended
    return session.scalars(
        select(DecisionRecipient).where(
            DecisionRecipient.decision_id == target.id, DecisionRecipient.award_id == award_id
        )
    ).first()


def create(session: Session, *, principal: Principal, fields: dict[str, Any]) -> Decision:
    kind = DecisionKind(fields["kind"])
    on: date = fields["decision_date"]
    decision = Decision(
        kind=kind,
        status=DecisionStatus.DRAFT,
        authority_code=fields["authority_code"],
        authority_name=fields["authority_name"],
        subject="",
        decision_date=on,
        signer_name=fields.get("signer_name"),
        signer_position=fields.get("signer_position"),
        legal_grounds=list(fields.get("legal_grounds") or []),
        reason=fields.get("reason"),
        created_by=principal.id,
    )
    if kind == DecisionKind.AWARD:
        proposal_id: str = fields["proposal_id"]
        proposal = session.get(Proposal, proposal_id) if len(proposal_id) <= 64 else None
        if proposal is None:
            raise _body_error(
                "proposal_id", "unknown proposal", "No proposal has this id.", "Không tìm thấy hồ sơ đề nghị."
            )
        if proposal.status != ProposalStatus.SIGNING:
            raise _proposal_not_signing(proposal)
        decision.proposal_id = proposal.id
        decision.subject = fields.get("subject") or subject_from(proposal.title)
        if not decision.legal_grounds:
            decision.legal_grounds = default_grounds(on, decision.authority_name)
        session.add(decision)
        session.flush()
        _award_recipients(session, decision, proposal)
    else:
        target = _target(session, fields["target_decision_id"])
        decision.target_decision_id = target.id
        verb = "hủy bỏ" if kind == DecisionKind.REVOCATION else "sửa đổi, bổ sung"
        decision.subject = fields.get("subject") or f"Về việc {verb} Quyết định số {target.number_text}"
        if kind == DecisionKind.REVOCATION:
            code: str = fields["revocation_ground"]
            found = grounds.ground(code, on)
            if found is None:
                allowed = ", ".join(g.code for g in grounds.grounds_on(on))
                raise _body_error(
                    "revocation_ground",
                    "not a ground in force on the decision date",
                    f"'{code}' is not a ground of revocation in force on {on.isoformat()} ({allowed}).",
                    f"“{code}” không phải căn cứ hủy bỏ quyết định khen thưởng có hiệu lực ngày "
                    f"{on.strftime('%d/%m/%Y')} ({allowed}).",
                    code="unknown_ground",
                )
            decision.revocation_ground = code
            if not decision.legal_grounds:
                *base, proposed = default_grounds(on, decision.authority_name)
                decision.legal_grounds = [*base, f"Căn cứ {found.citation};", proposed]
        session.add(decision)
        session.flush()
        if kind == DecisionKind.REVOCATION:
            rows = _pick(session, target, fields["revoked_recipient_ids"], "revoked_recipient_ids")
            for position, row in enumerate(rows, start=1):
                session.add(_copy(row, decision.id, position))
        else:
            changes: list[dict[str, Any]] = fields["amendments"]
            rows = _pick(session, target, [c["replaces_recipient_id"] for c in changes], "amendments")
            for position, (row, change) in enumerate(zip(rows, changes, strict=True), start=1):
                new = _copy(
                    current_recipient(session, target, row.award_id) or row if row.award_id else row,
                    decision.id,
                    position,
                )
                for name in ("name", "cash_vnd", "certificate_number"):
                    if change.get(name) is not None:
                        setattr(new, name, change[name])
                session.add(new)
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="decision.create",
        object_type="decision",
        object_id=decision.id,
        details={
            "kind": str(kind),
            "proposal_id": decision.proposal_id,
            "target_decision_id": decision.target_decision_id,
        },
    )
    return decision


def update(
    session: Session, *, principal: Principal, decision_id: str, changes: dict[str, Any], if_match: str | None
) -> Decision:
    decision = _get(session, decision_id, for_update=True)
    check_if_match(if_match, decision)
    if decision.status != DecisionStatus.DRAFT:
        raise _not_draft(decision)
    diff = updates.diff_of(decision, changes)
    if not diff:
        return decision
    updates.apply(decision, diff)
    decision.updated_at = utcnow()
    if "decision_date" in diff and decision.kind == DecisionKind.AWARD:
        for row in recipients_of(session, decision.id):
            row.cash_vnd = _cash(row, decision.decision_date)
    updates.record(
        session,
        principal.actor,
        {k: [_jsonable(o), _jsonable(n)] for k, (o, n) in diff.items()},
        object_type="decision",
        object_id=decision.id,
        code=decision.number_text or decision.id,
        what_vi=WHAT_VI,
    )
    return decision


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


# ---- issuing --------------------------------------------------------------------------------------------


def _register_for(session: Session, decision: Decision) -> DecisionRegister:
    assert decision.decision_date is not None
    year = decision.decision_date.year
    register = session.scalar(
        select(DecisionRegister).where(
            DecisionRegister.authority_code == decision.authority_code, DecisionRegister.year == year
        )
    )
    if register is None:
        raise _no_register(decision.authority_code, year)
    return register


def issue(session: Session, *, principal: Principal, decision_id: str, if_match: str | None) -> Decision:
    """Number the decision from its register and do what it decides, in one transaction. Issuing an issued
    decision again answers it unchanged."""
    decision = _get(session, decision_id, for_update=True)
    if decision.status == DecisionStatus.ISSUED:
        return decision
    check_if_match(if_match, decision)
    if decision.decision_date is None:  # the create schema requires it; rows written otherwise
        raise Conflict(
            "The decision has no date.", code="decision_incomplete", detail_vi="Quyết định chưa có ngày."
        )
    rows = recipients_of(session, decision.id)
    proposal: Proposal | None = None
    if decision.kind == DecisionKind.AWARD and decision.proposal_id is not None:
        proposal = session.get(Proposal, decision.proposal_id, with_for_update=True)
        assert proposal is not None
        if proposal.status != ProposalStatus.SIGNING:
            raise flow.invalid_transition(proposal, "decide", frozenset({By.SYSTEM}))
    register = _register_for(session, decision)
    certificates = len(rows) if decision.kind == DecisionKind.AWARD else 0
    taken = numbering.take(session, register.id, certificates=certificates)
    decision.register_id = register.id
    decision.number = taken.number
    decision.number_text = f"{taken.number}/{register.symbol}"
    decision.status = DecisionStatus.ISSUED
    decision.issued_at = utcnow()
    decision.updated_at = decision.issued_at
    updates.flush(session, what=WHAT, what_vi=WHAT_VI)
    if decision.kind == DecisionKind.AWARD:
        for row, certificate in zip(rows, taken.certificates, strict=True):
            row.certificate_number = str(certificate)
        _decide_recipients(session, principal, decision, proposal, rows)
    elif decision.kind == DecisionKind.REVOCATION:
        _revoke_recipients(session, principal, decision, rows)
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="decision.issue",
        object_type="decision",
        object_id=decision.id,
        details={"kind": str(decision.kind), "number_text": decision.number_text, "register_id": register.id},
    )
    _emit(session, decision, rows)
    return decision


def _decide_recipients(
    session: Session,
    principal: Principal,
    decision: Decision,
    proposal: Proposal | None,
    rows: Sequence[DecisionRecipient],
    *,
    move: bool = True,
) -> None:
    """Each recipient's award decided with the decision's number and date (through the awards service: the
    engine's verdict at the decision date, the cap, the cash, ``award.decided``); the items decided; the
    proposal moved."""
    assert decision.decision_date is not None and decision.number_text is not None
    for row in rows:
        item = session.get(ProposalItem, row.proposal_item_id) if row.proposal_item_id else None
        award_id = row.award_id or (item.award_id if item is not None else None)
        if award_id is None:
            assert item is not None and proposal is not None
            award = proposing.create(
                session=session,
                actor=principal.actor,
                unit_id=item.unit_id if item.person_id is None else None,
                person_id=item.person_id,
                title_code=item.title_code,
                form_code=item.form_code,
                year=proposal.year,
                method=item.method,
                achievement=item.achievements or None,
            )
            award_id = award.id
        decided = awards.decide(
            session=session,
            actor=principal.actor,
            award_id=award_id,
            decision_number=decision.number_text,
            decision_date=decision.decision_date,
        )
        row.award_id = award_id
        row.cash_vnd = decided.award.cash_vnd
        if item is not None:
            item.award_id = award_id
            item.status = ItemStatus.DECIDED
    session.flush()
    if proposal is not None and move:
        flow.move(session, proposal=proposal, action="decide", by=By.SYSTEM, principal=principal)


def _revoke_recipients(
    session: Session, principal: Principal, decision: Decision, rows: Sequence[DecisionRecipient]
) -> None:
    """Each award revoked (reason: the ground and the decision's number), and a recovery per award: the
    money it paid (as amended) and its object."""
    assert decision.decision_date is not None and decision.revocation_ground is not None
    found = grounds.ground(decision.revocation_ground, decision.decision_date) or grounds.any_ground(
        decision.revocation_ground
    )
    text = found.text_vi if found is not None else decision.revocation_ground
    target = session.get(Decision, decision.target_decision_id) if decision.target_decision_id else None
    _, _, catalogue = _names(session, rows)
    for row in rows:
        assert row.award_id is not None
        award = session.get(Award, row.award_id)
        if award is not None and award.status == AwardStatus.REVOKED:
            raise Conflict(
                f"The award of {row.name} is already revoked.",
                code="invalid_transition",
                detail_vi=f"Khen thưởng của {row.name} đã bị thu hồi.",
            )
        awards.revoke(
            session=session,
            actor=principal.actor,
            award_id=row.award_id,
            reason=f"{text} (Quyết định số {decision.number_text})",
        )
        current = current_recipient(session, target, row.award_id) if target is not None else None
        due = current.cash_vnd if current is not None and current.cash_vnd is not None else None
        if due is None:
            due = award.cash_vnd if award is not None and award.cash_vnd is not None else 0
        name = catalogue.get(row.title_code or row.form_code or "", row.title_code or row.form_code or "")
        certificate = current.certificate_number if current is not None else row.certificate_number
        obj = f"Bằng/hiện vật {name}" + (f" (số {certificate})" if certificate else "")
        session.add(
            Recovery(
                decision_id=decision.id,
                award_id=row.award_id,
                money_due_vnd=due,
                money_recovered_vnd=0,
                object_description=obj[:300],
            )
        )


def _emit(session: Session, decision: Decision, rows: Sequence[DecisionRecipient]) -> None:
    units, _, _ = _names(session, rows)
    data = payloads.DecisionIssued(
        id=decision.id,
        kind=str(decision.kind),
        number=decision.number,
        number_text=decision.number_text or "",
        decision_date=decision.decision_date,
        authority_name=decision.authority_name,
        external=decision.external,
        subject=decision.subject,
        proposal_id=decision.proposal_id,
        target_decision_id=decision.target_decision_id,
        recipients=[
            payloads.DecisionRecipientData(
                name=r.name,
                unit_id=r.unit_id,
                unit_code=units[r.unit_id][0] if r.unit_id in units else None,
                person_id=r.person_id,
                title_code=r.title_code,
                form_code=r.form_code,
                award_id=r.award_id,
                certificate_number=r.certificate_number,
            )
            for r in rows
        ],
    )
    outbox.emit(session, data, object_id=decision.id, object_version=decision.version)


# ---- a higher authority's decision ------------------------------------------------------------------------


def record_outcome(
    session: Session, *, principal: Principal, proposal_id: str, fields: dict[str, Any]
) -> tuple[Decision, bool]:
    """(the external decision, whether it was recorded now). A retry of the same outcome (same number) once
    recorded answers the decision recorded the first time."""
    proposal = session.get(Proposal, proposal_id, with_for_update=True) if len(proposal_id) <= 64 else None
    if proposal is None:
        raise NotFound("The proposal does not exist.", detail_vi="Không tìm thấy hồ sơ đề nghị.")
    number: str = fields["decision_number"]
    already = session.scalar(
        select(Decision).where(
            Decision.proposal_id == proposal.id, Decision.external.is_(True), Decision.number_text == number
        )
    )
    if already is not None:
        return already, False
    if proposal.status != ProposalStatus.FORWARDED:
        raise flow.invalid_transition(proposal, "decide", frozenset({By.SYSTEM}))
    approved = {i.id: i for i in _approved_items(session, proposal.id)}
    granted: list[str] = fields["granted"]
    refused: list[str] = fields["refused"]
    named = granted + refused
    if sorted(named) != sorted(approved) or len(set(named)) != len(named):
        raise Invalid(
            "granted and refused together name every approved item of the proposal, each once.",
            code="outcome_items",
            detail_vi="Danh sách được khen và không được khen phải nêu đúng mỗi nội dung đã được thông qua "
            "của hồ sơ, mỗi nội dung một lần.",
            errors=[
                {"loc": ["body", "granted"], "msg": "every approved item exactly once", "type": "value_error"}
            ],
            extra={"approved_item_ids": sorted(approved)},
        )
    on: date = fields["decision_date"]
    decision = Decision(
        kind=DecisionKind.AWARD,
        status=DecisionStatus.ISSUED,
        external=True,
        number=None,
        number_text=number,
        authority_code=None,
        authority_name=fields["authority_name"],
        subject=fields.get("subject") or subject_from(proposal.title),
        decision_date=on,
        signer_name=fields.get("signer_name"),
        signer_position=fields.get("signer_position"),
        legal_grounds=[],
        proposal_id=proposal.id,
        issued_at=utcnow(),
        created_by=principal.id,
    )
    session.add(decision)
    session.flush()
    rows: list[DecisionRecipient] = []
    for position, item_id in enumerate(granted, start=1):
        item = approved[item_id]
        row = DecisionRecipient(
            decision_id=decision.id,
            position=position,
            proposal_item_id=item.id,
            award_id=item.award_id,
            unit_id=item.unit_id if item.person_id is None else None,
            person_id=item.person_id,
            name=_printed_name(session, item.unit_id, item.person_id),
            title_code=item.title_code,
            form_code=item.form_code,
        )
        session.add(row)
        rows.append(row)
    for item_id in refused:
        approved[item_id].status = ItemStatus.REJECTED
    session.flush()
    details = {i: "granted" for i in granted} | {i: "refused" for i in refused}
    if granted:
        _decide_recipients(session, principal, decision, proposal, rows, move=False)
        flow.move(
            session,
            proposal=proposal,
            action="decide",
            by=By.SYSTEM,
            principal=principal,
            note=number,
            details=details,
        )
    else:
        flow.move(
            session,
            proposal=proposal,
            action="reject",
            by=By.SYSTEM,
            principal=principal,
            note=number,
            details=details,
        )
    audit.record(
        session,
        actor=principal.actor,
        action="decision.record_outcome",
        object_type="decision",
        object_id=decision.id,
        details={"proposal_id": proposal.id, "number_text": number, "granted": granted, "refused": refused},
    )
    _emit(session, decision, rows)
    return decision, True


# ---- recoveries -----------------------------------------------------------------------------------------


def recoveries(
    session: Session, *, decision_id: str, page: PageParams
) -> tuple[Sequence[Recovery], str | None]:
    _get(session, decision_id)
    stmt = select(Recovery).where(Recovery.decision_id == decision_id)
    return paginate(session, stmt, page, created_col=Recovery.created_at, id_col=Recovery.id)


def recovery_names(session: Session, rows: Sequence[Recovery]) -> dict[str, str]:
    """award_id -> the recipient's name as printed on the revocation."""
    if not rows:
        return {}
    return {
        a: n
        for a, n in session.execute(
            select(DecisionRecipient.award_id, DecisionRecipient.name).where(
                DecisionRecipient.decision_id.in_({r.decision_id for r in rows}),
                DecisionRecipient.award_id.in_({r.award_id for r in rows}),
            )
        ).tuples()
        if a is not None
    }


def _get_recovery(session: Session, recovery_id: str, *, for_update: bool = False) -> Recovery:
    found = session.get(Recovery, recovery_id, with_for_update=for_update) if len(recovery_id) <= 64 else None
    if found is None:
        raise NotFound("The recovery does not exist.", detail_vi="Không tìm thấy khoản thu hồi.")
    return found


def get_recovery(session: Session, *, recovery_id: str) -> Recovery:
    return _get_recovery(session, recovery_id)


def update_recovery(
    session: Session, *, principal: Principal, recovery_id: str, changes: dict[str, Any], if_match: str | None
) -> Recovery:
    recovery = _get_recovery(session, recovery_id, for_update=True)
    check_if_match(if_match, recovery)
    money = changes.get("money_recovered_vnd")
    if money is not None and money > recovery.money_due_vnd:
        raise Invalid(
            f"At most the amount due ({recovery.money_due_vnd:,} VND) is recovered.",
            code="more_than_due",
            detail_vi=f"Số tiền thu hồi không vượt quá số phải thu ({vnd(recovery.money_due_vnd)} đồng).",
            errors=[
                {
                    "loc": ["body", "money_recovered_vnd"],
                    "msg": "more than the amount due",
                    "type": "more_than_due",
                }
            ],
            extra={"money_due_vnd": recovery.money_due_vnd},
        )
    diff = updates.diff_of(recovery, changes)
    if not diff:
        return recovery
    updates.apply(recovery, diff)
    recovery.updated_at = utcnow()
    updates.record(
        session,
        principal.actor,
        {k: [_jsonable(o), _jsonable(n)] for k, (o, n) in diff.items()},
        object_type="recovery",
        object_id=recovery.id,
        code=recovery.award_id,
        what_vi="khoản thu hồi",
    )
    return recovery
