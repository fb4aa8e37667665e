"""Moving a proposal through the procedure: one function every feature calls (the proposals' routes, the
council, the decisions), so that every move is checked against ``states``, recorded as a transition,
audited, published in the change feed, and given its deadline in one place.

Idempotent under retries: an action whose effect is already the proposal's state, and which is the
proposal's last recorded move, answers the proposal as it is and records nothing again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit, updates
from app.core.errors import Conflict, Forbidden
from app.core.principal import Principal
from app.events import outbox, payloads
from app.models import Proposal, ProposalTransition, Unit
from app.models.base import utcnow
from app.proposals import deadlines, states
from app.proposals.states import By, Facts, Refusal


def invalid_transition(proposal: Proposal, action: str, by: frozenset[By] | None = None) -> Conflict:
    allowed = states.allowed_actions(proposal.status, by)
    listed = ", ".join(allowed) or "none"
    return Conflict(
        f"A proposal in state '{proposal.status}' cannot '{action}'. Allowed next: {listed}.",
        code="invalid_transition",
        detail_vi=(
            f"Hồ sơ đang ở trạng thái '{proposal.status}', không thể thực hiện '{action}'. "
            f"Có thể: {listed if allowed else 'không có'}."
        ),
        extra={"current_status": str(proposal.status), "allowed_actions": allowed},
    )


def refused(refusal: Refusal) -> Conflict:
    return Conflict(refusal.en, code=refusal.code, detail_vi=refusal.vi, extra=refusal.extra)


def last_transition(session: Session, proposal_id: str) -> ProposalTransition | None:
    return session.scalars(
        select(ProposalTransition)
        .where(ProposalTransition.proposal_id == proposal_id)
        .order_by(ProposalTransition.at.desc(), ProposalTransition.id.desc())
        .limit(1)
    ).first()


def is_replay(session: Session, proposal: Proposal, action: str) -> bool:
    """Whether ``action`` is what last happened to the proposal (a retried request)."""
    found = states.step(action)
    if found is None or proposal.status != found.target:
        return False
    last = last_transition(session, proposal.id)
    return last is not None and last.action == action


def move(
    session: Session,
    *,
    proposal: Proposal,
    action: str,
    by: By,
    principal: Principal | None,
    facts: Facts | None = None,
    note: str | None = None,
    details: Mapping[str, Any] | None = None,
    today: date | None = None,
) -> Proposal:
    """Take ``action`` on ``proposal`` (already loaded ``FOR UPDATE`` by the caller, and already authorised
    for ``by``); raises 409 ``invalid_transition`` (naming the current state and the allowed next actions)
    or the guard's refusal; a replay changes nothing."""
    found = states.step(action)
    if found is None:
        raise invalid_transition(proposal, action)
    if is_replay(session, proposal, action):
        return proposal
    if by not in found.by:
        raise Forbidden(
            f"'{action}' is not yours to take on this proposal.",
            detail_vi=f"Bạn không có quyền thực hiện '{action}' đối với hồ sơ này.",
        )
    target = states.next_status(proposal.status, action)
    if target is None:
        raise invalid_transition(proposal, action, frozenset({by}))
    day = today or deadlines.today()
    if facts is not None:
        refusal = states.guard(action, facts)
        if refusal is not None:
            raise refused(refusal)
    source = proposal.status
    if action == "submit":
        if source == states.S.RETURNED:
            proposal.round += 1
        proposal.submitted_at = utcnow()
    proposal.status = target
    if found.clock is not None:
        proposal.step_started_on = day
        proposal.due_on = deadlines.due_on(session, found.clock, proposal.regime_code, day)
    elif target in states.TERMINAL:
        proposal.due_on = None
    updates.flush(session, what="proposal", what_vi="hồ sơ đề nghị")
    transition = ProposalTransition(
        proposal_id=proposal.id,
        action=action,
        from_status=str(source),
        to_status=str(target),
        round=proposal.round,
        actor_id=principal.id if principal is not None else None,
        actor_name=principal.name if principal is not None else None,
        note=note,
        details=dict(details) if details else None,
        due_on=proposal.due_on,
    )
    session.add(transition)
    session.flush()
    audit.record(
        session,
        actor=principal.actor if principal is not None else audit.SYSTEM,
        action=f"proposal.{action}",
        object_type="proposal",
        object_id=proposal.id,
        details={"from": str(source), "to": str(target), "round": proposal.round},
    )
    _emit(session, proposal, action, str(source), transition)
    return proposal


def _emit(
    session: Session, proposal: Proposal, action: str, source: str, transition: ProposalTransition
) -> None:
    unit = session.get(Unit, proposal.unit_id) if proposal.unit_id is not None else None
    data = payloads.ProposalMoved(
        id=proposal.id,
        year=proposal.year,
        title=proposal.title,
        unit_id=proposal.unit_id,
        unit_code=unit.code if unit is not None else None,
        unit_name=unit.name if unit is not None else None,
        action=action,
        from_status=source,
        status=str(proposal.status),
        round=proposal.round,
        due_on=proposal.due_on,
        at=transition.at,
    )
    outbox.emit(
        session, data, object_id=proposal.id, object_version=proposal.version, unit_id=proposal.unit_id
    )
