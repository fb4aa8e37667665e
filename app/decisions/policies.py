"""Who may number, issue and read decisions, as policies the routes declare (see ``app.core.policy``).

The secretariat and admins keep the registers, draft and issue decisions, record a higher authority's
outcome and track recoveries. An issued decision is public to the ministry: every signed-in user and
`results:read` clients read it; a draft is the staff's (admin, secretariat, observer): to anyone else it
does not exist (404).
"""

from __future__ import annotations

from typing import Annotated

from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.policy import ANY_USER, Allow, Params, Policy, Visibility, remembered, role, scope
from app.core.principal import Principal
from app.models.decision import Decision, DecisionStatus

STAFF_ROLES = ("admin", "secretariat", "observer")


def is_staff(principal: Principal) -> bool:
    return principal.has_role(*STAFF_ROLES)


def decision_not_found() -> NotFound:
    return NotFound("The decision does not exist.", detail_vi="Không tìm thấy quyết định.")


def _decision_status(session: Session, decision_id: str) -> DecisionStatus | None:
    def look() -> DecisionStatus | None:
        if len(decision_id) > 64:
            return None
        decision = session.get(Decision, decision_id)
        return decision.status if decision is not None else None

    return remembered(session, ("decision_status", decision_id), look)


def may_see_decision(session: Session, p: Principal, params: Params) -> bool:
    found = _decision_status(session, params.get("decision_id", ""))
    return found is not None and (found == DecisionStatus.ISSUED or is_staff(p))


DECISION_VISIBLE = Visibility(
    who="an issued decision to its readers; a draft to the staff (admin, secretariat, observer)",
    test=may_see_decision,
    hidden=decision_not_found,
)

_READERS = (ANY_USER, scope("results:read"))

MANAGE_REGISTERS = Policy("decisions.registers", rules=(role("secretariat", "admin"),))
LIST_DECISIONS = Policy(
    "decisions.list",
    rules=_READERS,
    then="Drafts are listed to the staff (admin, secretariat, observer) only; everyone else sees issued "
    "decisions.",
)
READ_DECISION = Policy("decisions.read", rules=_READERS, visible=DECISION_VISIBLE)
WRITE_DECISIONS = Policy(
    "decisions.write",
    rules=(role("secretariat", "admin"),),
    then="A draft changes until it is issued (409 `decision_not_draft` after).",
)
RECORD_OUTCOME = Policy("decisions.outcome", rules=(role("secretariat", "admin"),))
READ_RECOVERIES = Policy("decisions.recoveries.read", rules=(role(*STAFF_ROLES),))
TRACK_RECOVERIES = Policy("decisions.recoveries.write", rules=(role("secretariat", "admin"),))

RegisterKeeper = Annotated[Principal, Allow(MANAGE_REGISTERS)]
DecisionsLister = Annotated[Principal, Allow(LIST_DECISIONS)]
DecisionReader = Annotated[Principal, Allow(READ_DECISION)]
DecisionWriter = Annotated[Principal, Allow(WRITE_DECISIONS)]
OutcomeRecorder = Annotated[Principal, Allow(RECORD_OUTCOME)]
RecoveryReader = Annotated[Principal, Allow(READ_RECOVERIES)]
RecoveryTracker = Annotated[Principal, Allow(TRACK_RECOVERIES)]
