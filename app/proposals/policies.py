"""Who may act on a proposal for commendation, as policies the routes declare (see ``app.core.policy``).

- A proposal exists for its proposing unit's officers and head, the service client with
  ``proposals:write`` bound to that unit, the secretariat, admins and observers; anyone else gets 404. A
  bloc's proposal belongs to the unit leading the bloc that year (its officers are "the bloc leader").
- The proposer (those of the unit, or its client) drafts, edits, submits and withdraws; the secretariat
  may do the same for any unit.
- The office (the secretariat, admins) takes the file up, returns it, checks it, runs the consultation and
  moves it to the council, to signing or upward.

The checks read plain columns (the proposal's unit), never load a ``Proposal``: the services then take
the row FOR UPDATE and must read it fresh.
"""

from __future__ import annotations

from typing import Annotated

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.blocs import leadership
from app.campaigns.policies import find_bloc_year
from app.core.errors import Forbidden, NotFound
from app.core.policy import ANY_PRINCIPAL, Allow, Params, Policy, Rule, Visibility, Who, remembered, role
from app.core.principal import Principal
from app.models import MemberRole, Proposal, Scope
from app.voting.policies import SESSION_READER, session_facts

PROPOSALS_WRITE = Scope.PROPOSALS_WRITE.value
UNIT_ROLES = ("officer", "unit_head")
_MAX_ID_LENGTH = 64
_NO_UNIT = ""


def proposal_not_found() -> NotFound:
    return NotFound("The proposal does not exist.", detail_vi="Không tìm thấy hồ sơ đề nghị khen thưởng.")


def proposal_unit(session: Session, proposal_id: str) -> str | None:
    """The proposal's unit ("" for the secretariat's own; None when there is no such proposal), read once
    per policy check."""
    if len(proposal_id) > _MAX_ID_LENGTH:
        return None

    def read() -> str | None:
        row = session.execute(select(Proposal.unit_id).where(Proposal.id == proposal_id)).first()
        return None if row is None else (row.unit_id or _NO_UNIT)

    return remembered(session, ("proposal_unit", proposal_id), read)


def acts_for(principal: Principal, unit_id: str | None) -> bool:
    """An officer or the head of ``unit_id``, or its ``proposals:write`` client."""
    if not unit_id or principal.unit_id != unit_id:
        return False
    return principal.has_role(*UNIT_ROLES) or principal.has_scope(PROPOSALS_WRITE)


def may_read(session: Session, principal: Principal, params: Params) -> bool:
    """Whether the proposal exists for ``principal``: False also when there is no such proposal."""
    unit_id = proposal_unit(session, params["proposal_id"])
    if unit_id is None:
        return False
    if principal.has_role("admin", "secretariat", "observer"):
        return True
    return acts_for(principal, unit_id)


def _not_proposer() -> Forbidden:
    return Forbidden(
        "Only the proposing unit's officers and head, its proposals:write client, or the secretariat may "
        "do this.",
        detail_vi="Chỉ cán bộ, thủ trưởng đơn vị đề nghị, ứng dụng có quyền proposals:write của đơn vị, hoặc "
        "Thường trực Hội đồng được thực hiện.",
    )


def _not_office() -> Forbidden:
    return Forbidden(
        "Only the commendation office (the secretariat) may do this.",
        detail_vi="Chỉ Thường trực Hội đồng (cơ quan thường trực thi đua, khen thưởng) được thực hiện.",
    )


def _not_bloc_leader() -> Forbidden:
    return Forbidden(
        "Only the unit leading the bloc that year (or the secretariat) proposes the session's winners.",
        detail_vi="Chỉ đơn vị Khối trưởng năm đó (hoặc Thường trực Hội đồng) được đề nghị khen thưởng "
        "các đơn vị trúng cử.",
    )


def _leads_session_bloc(session: Session, principal: Principal, params: Params) -> bool:
    """An officer of the unit leading (not deputising) the bloc of the session's campaign that year."""
    facts = session_facts(session, params["session_id"])
    if facts is None or facts.campaign_id is None or not principal.has_role("officer"):
        return False
    by = find_bloc_year(session, facts.campaign_id)
    if by is None:
        return False
    role_ = remembered(
        session,
        ("unit_role", by, principal.unit_id),
        lambda: leadership.unit_role(session, bloc_id=by.bloc_id, year=by.year, unit_id=principal.unit_id),
    )
    return role_ == MemberRole.LEADER


# ---- rules ---------------------------------------------------------------------------------------------

OFFICE = role("admin", "secretariat")
OF_PROPOSAL_UNIT = Rule(
    who="officer or head of the proposal's unit (for a bloc's proposal: the unit leading the bloc)",
    admits=frozenset({Who.OFFICER, Who.HEAD}),
    test=lambda s, p, params: (
        p.has_role(*UNIT_ROLES) and acts_for(p, proposal_unit(s, params["proposal_id"]))
    ),
)
CLIENT_OF_PROPOSAL_UNIT = Rule(
    who="service client with `proposals:write` bound to the proposal's unit",
    admits=frozenset({Who.CLIENT_SCOPED}),
    test=lambda s, p, params: (
        p.has_scope(PROPOSALS_WRITE) and acts_for(p, proposal_unit(s, params["proposal_id"]))
    ),
    scopes=frozenset({PROPOSALS_WRITE}),
)
OF_BODY_UNIT = Rule(
    who="officer or head of the unit named in the body (`unit_id`)",
    admits=frozenset({Who.OFFICER, Who.HEAD}),
    test=lambda _s, p, params: p.has_role(*UNIT_ROLES) and acts_for(p, params.get("unit_id")),
)
CLIENT_OF_BODY_UNIT = Rule(
    who="service client with `proposals:write` bound to the unit named in the body (`unit_id`)",
    admits=frozenset({Who.CLIENT_SCOPED}),
    test=lambda _s, p, params: p.has_scope(PROPOSALS_WRITE) and acts_for(p, params.get("unit_id")),
    scopes=frozenset({PROPOSALS_WRITE}),
)
SESSION_BLOC_LEADER = Rule(
    who="officer of the unit leading the bloc of the session's campaign that year",
    admits=frozenset({Who.LEADER}),
    test=_leads_session_bloc,
)

# ---- visibility ----------------------------------------------------------------------------------------

_READERS = (
    "a reader of the proposal (the proposing unit's officers and head, its `proposals:write` client, the "
    "secretariat, admins, observers)"
)
PROPOSAL_READER = Visibility(who=_READERS, test=may_read, hidden=proposal_not_found)

# ---- policies ------------------------------------------------------------------------------------------

CREATE_PROPOSAL = Policy(
    "proposals.create",
    rules=(role("secretariat"), OF_BODY_UNIT, CLIENT_OF_BODY_UNIT),
    body_fields=("unit_id",),
    denied=_not_proposer,
    then="Every item is decided by one authority (422 `mixed_authority`); a person must work in the unit "
    "(422 `subject_not_in_unit`).",
)
CREATE_OWN_PROPOSAL = Policy("proposals.create_own", rules=(role("secretariat"),), denied=_not_office)
PROPOSE_SESSION = Policy(
    "proposals.propose_session",
    rules=(role("secretariat"), SESSION_BLOC_LEADER),
    visible=SESSION_READER,
    denied=_not_bloc_leader,
    then="Only a published session (409 `session_not_published`); a second call answers the proposal made "
    "the first time (200).",
)
LIST_PROPOSALS = Policy(
    "proposals.list",
    rules=(ANY_PRINCIPAL,),
    then="The secretariat, admins and observers list every proposal; an officer or head its unit's; a "
    "`proposals:write` client its bound unit's; anyone else an empty page.",
)
READ_PROPOSAL = Policy(
    "proposals.read",
    rules=(role("admin", "secretariat", "observer"), OF_PROPOSAL_UNIT, CLIENT_OF_PROPOSAL_UNIT),
    visible=PROPOSAL_READER,
    then="`allowed_actions` lists what the caller may do next.",
)
EDIT_PROPOSAL = Policy(
    "proposals.edit",
    rules=(role("secretariat"), OF_PROPOSAL_UNIT, CLIENT_OF_PROPOSAL_UNIT),
    visible=PROPOSAL_READER,
    denied=_not_proposer,
    then="Only while `draft` or `returned` (409 `proposal_locked`).",
)
PROPOSER_MOVE = Policy(
    "proposals.proposer_move",
    rules=(OFFICE, OF_PROPOSAL_UNIT, CLIENT_OF_PROPOSAL_UNIT),
    visible=PROPOSAL_READER,
    denied=_not_proposer,
    then="The procedure's states (409 `invalid_transition` with `current_status` and `allowed_actions`); a "
    "retry of the last action is a no-op.",
)
OFFICE_MOVE = Policy(
    "proposals.office_move",
    rules=(OFFICE,),
    visible=PROPOSAL_READER,
    denied=_not_office,
    then="The procedure's states (409 `invalid_transition` with `current_status` and `allowed_actions`) and "
    "guards (409 with their own codes); a retry of the last action is a no-op.",
)
RECORD_COMMENTS = Policy(
    "proposals.comments",
    rules=(OFFICE,),
    visible=PROPOSAL_READER,
    denied=_not_office,
    then="Only while the proposal is in consultation (409 `not_in_consultation`).",
)

ProposalCreator = Annotated[Principal, Allow(CREATE_PROPOSAL)]
OwnProposalCreator = Annotated[Principal, Allow(CREATE_OWN_PROPOSAL)]
SessionProposer = Annotated[Principal, Allow(PROPOSE_SESSION)]
ProposalLister = Annotated[Principal, Allow(LIST_PROPOSALS)]
ProposalReader = Annotated[Principal, Allow(READ_PROPOSAL)]
ProposalEditor = Annotated[Principal, Allow(EDIT_PROPOSAL)]
ProposerMover = Annotated[Principal, Allow(PROPOSER_MOVE)]
OfficeMover = Annotated[Principal, Allow(OFFICE_MOVE)]
CommentRecorder = Annotated[Principal, Allow(RECORD_COMMENTS)]
