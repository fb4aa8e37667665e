"""Loads the procedure after the 2016 conference (``app.demo.procedure``) as history: the bloc's two
proposals (the three ministry flags decided by the minister with a numbered decision; the Government flag
forwarded and decided by the Prime Minister), each with the counting minutes in its dossier, the council's
session that voted them, and two units' proposals for their people at other states (one returned with
reasons, one awaiting the council).

History is written as the features write it (the states come from ``app.proposals.states``, deadlines
from the calendar, verdicts from the eligibility engine), with the days of the time, and without events:
like the election before it, it happened before the service existed. Idempotent: nothing is written when
the bloc's ministry-flag proposal exists.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import docx
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.time import VN_TZ
from app.demo import data, procedure
from app.dossiers import documents, generated
from app.dossiers.storage import DocumentStore
from app.eligibility import service as eligibility
from app.models import (
    Award,
    Campaign,
    Council,
    CouncilAgendaItem,
    CouncilAttendance,
    CouncilBallot,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    CouncilSessionStatus,
    CouncilVoter,
    Decision,
    DecisionKind,
    DecisionRecipient,
    DecisionRegister,
    DecisionStatus,
    DocumentType,
    ItemStatus,
    Person,
    Proposal,
    ProposalItem,
    ProposalOrigin,
    ProposalTransition,
    Unit,
    User,
    VotingSession,
)
from app.models.base import new_id
from app.proposals import authority, deadlines, states
from app.voting import receipts
from app.voting.tally import TallyResult


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=VN_TZ).astimezone(UTC)


@dataclass
class _Context:
    session: Session
    store: DocumentStore | None
    settings: Settings | None
    units: dict[str, Unit]
    campaign: Campaign
    leader: User
    secretariat: User
    counts: dict[str, int]

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


def load(
    session: Session,
    *,
    units: dict[str, Unit],
    campaign: Campaign,
    store: DocumentStore | None,
    settings: Settings | None,
) -> dict[str, int]:
    """What was created, by kind; nothing when it is there already. Documents only with a ``store``."""
    sessions = {
        vs.title_code: vs
        for vs in session.scalars(
            select(VotingSession).where(
                VotingSession.campaign_id == campaign.id, VotingSession.status == "published"
            )
        )
    }
    ministry_vs, government_vs = sessions.get(data.MINISTRY_FLAG), sessions.get(data.GOVERNMENT_FLAG)
    if ministry_vs is None or government_vs is None:
        return {}
    done = session.scalar(select(Proposal.id).where(Proposal.source_session_id == ministry_vs.id))
    if done is not None:
        return {}
    users = {
        u.username: u
        for u in session.scalars(
            select(User).where(
                User.username.in_([data.officer_username(data.LEADER_CODE), data.SECRETARIAT_USERNAME])
            )
        )
    }
    ctx = _Context(
        session,
        store,
        settings,
        units,
        campaign,
        leader=users[data.officer_username(data.LEADER_CODE)],
        secretariat=users[data.SECRETARIAT_USERNAME],
        counts={},
    )
    members = _council(ctx)
    flags = _bloc_proposal(ctx, ministry_vs, procedure.MINISTRY_FLAG_PROPOSAL, procedure.MINISTRY_FLAG_STEPS)
    government = _bloc_proposal(
        ctx, government_vs, procedure.GOVERNMENT_FLAG_PROPOSAL, procedure.GOVERNMENT_FLAG_STEPS
    )
    _council_session(ctx, members, [flags, government])
    for proposal, steps in (
        (flags, procedure.MINISTRY_FLAG_STEPS),
        (government, procedure.GOVERNMENT_FLAG_STEPS),
    ):
        _walk(ctx, proposal, [s for s in steps if s[0] not in ("submit", "take_up", "check", "to_council")])
    _ministry_decision(ctx, flags)
    _government_decision(ctx, government)
    for row in procedure.INDIVIDUAL_PROPOSALS:
        _individual_proposal(ctx, *row)
    session.flush()
    return ctx.counts


# ---- the council ---------------------------------------------------------------------------------------


def _council(ctx: _Context) -> list[CouncilMember]:
    start, end = procedure.COUNCIL_TERM
    council = Council(
        id=new_id(),
        name=procedure.COUNCIL_NAME,
        authority=procedure.COUNCIL_AUTHORITY,
        term_start=start,
        term_end=end,
        created_at=_at(start),
        updated_at=_at(start),
    )
    ctx.session.add(council)
    ctx.session.flush()
    members = [
        CouncilMember(
            id=new_id(),
            council_id=council.id,
            full_name=name,
            position=position,
            role=CouncilRole(role),
            is_secretary=secretary,
            created_at=_at(start),
            updated_at=_at(start),
        )
        for name, position, role, secretary in procedure.COUNCIL_MEMBERS
    ]
    ctx.session.add_all(members)
    ctx.session.flush()
    ctx.count("councils")
    ctx.count("council_members", len(members))
    return members


def _council_session(ctx: _Context, members: list[CouncilMember], proposals: list[Proposal]) -> None:
    """The session of 20/01/2017 that voted the bloc's four items: 14 present, one written vote."""
    council_id = members[0].council_id
    day = procedure.COUNCIL_SESSION_ON
    items = [
        i
        for p in proposals
        for i in ctx.session.scalars(
            select(ProposalItem).where(ProposalItem.proposal_id == p.id).order_by(ProposalItem.position)
        )
    ]
    codes = {u.id: code for code, u in ctx.units.items()}
    counts = [procedure.COUNCIL_COUNTS[(codes[i.unit_id or ""], i.title_code or "")] for i in items]
    present = [m for m in members if m.full_name != procedure.ABSENT_MEMBER]
    required = len(present) // 2 + 1  # no threshold in R2016 for the flags: more than half of those present
    row = CouncilSession(
        id=new_id(),
        council_id=council_id,
        held_on=day,
        place=procedure.COUNCIL_PLACE,
        status=CouncilSessionStatus.CLOSED,
        members_count=len(members),
        opened_at=_at(day, 8),
        closed_at=_at(day, 11),
        created_at=_at(day - timedelta(days=3)),
        updated_at=_at(day, 11),
        notes="Phiên họp minh họa (dữ liệu mẫu): số phiếu do hệ thống tạo để khớp kết quả đã công bố.",
    )
    ctx.session.add(row)
    ctx.session.flush()
    results = []
    for position, (item, (yes, no, abstain)) in enumerate(zip(items, counts, strict=True), start=1):
        outcome = "approved" if yes >= required else "rejected"
        ctx.session.add(
            CouncilAgendaItem(
                session_id=row.id,
                proposal_item_id=item.id,
                position=position,
                required_share=None,
                required_yes=required,
                outcome=outcome,
            )
        )
        item.status = ItemStatus.APPROVED if outcome == "approved" else ItemStatus.REJECTED
        item.council_result = {
            "yes": yes,
            "no": no,
            "abstain": abstain,
            "required": required,
            "members": len(members),
            "session_id": row.id,
        }
        results.append(
            {
                "proposal_item_id": item.id,
                "yes": yes,
                "no": no,
                "abstain": abstain,
                "required": required,
                "required_share": None,
                "outcome": outcome,
            }
        )
    for m in members:
        is_present = m in present
        ctx.session.add(
            CouncilAttendance(
                session_id=row.id,
                member_id=m.id,
                present=is_present,
                note=None if is_present else "Đi công tác; gửi phiếu biểu quyết bằng văn bản.",
            )
        )
        ctx.session.add(CouncilVoter(session_id=row.id, member_id=m.id))
    for n in range(len(members)):  # the last ballot is the absent member's written vote
        choices = {}
        for item, (yes, no, _abstain) in zip(items, counts, strict=True):
            choices[item.id] = "yes" if n < yes else "no" if n < yes + no else "abstain"
        ctx.session.add(
            CouncilBallot(
                id=receipts.new_ballot_id(),
                session_id=row.id,
                receipt_hash=receipts.receipt_hash(receipts.new_receipt()),
                kind="written" if n == len(members) - 1 else "electronic",
                choices=choices,
            )
        )
    row.result = {
        "members": len(members),
        "present": len(present),
        "quorum": "2/3",
        "quorum_required": -(-2 * len(members) // 3),
        "voted": len(members),
        "written": 1,
        "items": results,
    }
    ctx.session.flush()
    ctx.count("council_sessions")
    ctx.count("council_ballots", len(members))


# ---- proposals -------------------------------------------------------------------------------------------


def _move(
    ctx: _Context,
    proposal: Proposal,
    action: str,
    day: date,
    actor: User | None,
    *,
    note: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """One step as ``app.proposals.flow.move`` records it, on ``day``."""
    step = states.step(action)
    target = states.next_status(proposal.status, action)
    assert step is not None and target is not None, (proposal.status, action)
    source = proposal.status
    if action == "submit":
        proposal.regime_code = proposal.regime_code or authority.current_regime(day)
        proposal.submitted_at = _at(day)
    proposal.status = target
    if step.clock is not None:
        proposal.step_started_on = day
        proposal.due_on = deadlines.due_on(ctx.session, step.clock, proposal.regime_code, day)
    elif target in states.TERMINAL:
        proposal.due_on = None
    proposal.updated_at = _at(day)
    ctx.session.add(
        ProposalTransition(
            id=new_id(),
            proposal_id=proposal.id,
            action=action,
            from_status=str(source),
            to_status=str(target),
            round=proposal.round,
            at=_at(day, 10),
            actor_id=actor.id if actor is not None else None,
            actor_name=actor.full_name if actor is not None else None,
            note=note,
            details=details,
            due_on=proposal.due_on,
        )
    )
    ctx.session.flush()
    ctx.count("proposal_transitions")


def _judge(ctx: _Context, proposal: Proposal, item: ProposalItem, day: date) -> None:
    q = eligibility.Question(code=item.title_code or item.form_code or "", year=proposal.year, lodged_on=day)
    if item.person_id is not None:
        verdict = eligibility.judge_person(ctx.session, person_id=item.person_id, q=q, award_id=item.award_id)
    else:
        verdict = eligibility.judge_unit(ctx.session, unit_id=item.unit_id or "", q=q, award_id=item.award_id)
    item.verdict_outcome = verdict.outcome
    item.verdict = verdict.as_dict()


def _walk(ctx: _Context, proposal: Proposal, steps: list[tuple[str, date]]) -> None:
    for action, day in steps:
        if action == "decide":
            continue  # with its decision
        actor = (
            ctx.leader if action == "submit" and proposal.origin == ProposalOrigin.BLOC else ctx.secretariat
        )
        if action == "submit":
            for item in _items(ctx, proposal):
                _judge(ctx, proposal, item, day)
        _move(ctx, proposal, action, day, actor)


def _items(ctx: _Context, proposal: Proposal) -> list[ProposalItem]:
    return list(
        ctx.session.scalars(
            select(ProposalItem)
            .where(ProposalItem.proposal_id == proposal.id)
            .order_by(ProposalItem.position)
        )
    )


def _bloc_proposal(ctx: _Context, vs: VotingSession, title: str, steps: list[tuple[str, date]]) -> Proposal:
    created = steps[0][1] - timedelta(days=1)
    leader_unit = ctx.units[data.LEADER_CODE]
    proposal = Proposal(
        id=new_id(),
        year=ctx.campaign.year,
        title=title,
        origin=ProposalOrigin.BLOC,
        unit_id=leader_unit.id,
        bloc_id=ctx.campaign.bloc_id,
        campaign_id=ctx.campaign.id,
        source_session_id=vs.id,
        created_by=ctx.leader.id,
        created_at=_at(created),
        updated_at=_at(created),
    )
    ctx.session.add(proposal)
    ctx.session.flush()
    awards = {
        a.unit_id: a
        for a in ctx.session.scalars(
            select(Award).where(Award.source_session_id == vs.id, Award.title_code == vs.title_code)
        )
    }
    for position, unit_id in enumerate(TallyResult.from_stored(vs.result or {}).elected, start=1):
        ctx.session.add(
            ProposalItem(
                id=new_id(),
                proposal_id=proposal.id,
                position=position,
                unit_id=unit_id,
                title_code=vs.title_code,
                achievements="Được Hội nghị tổng kết Khối thi đua cơ quan Bộ ngày 29/12/2016 suy tôn.",
                award_id=awards[unit_id].id if unit_id in awards else None,
                created_at=_at(created),
                updated_at=_at(created),
            )
        )
    ctx.session.flush()
    ctx.count("proposals")
    if ctx.store is not None and ctx.settings is not None:
        generated.attach_counting_minutes(
            ctx.session, ctx.store, proposal=proposal, voting_session=vs, principal=None
        )
        _attach(
            ctx, proposal, generated.submission(ctx.session, ctx.settings, proposal), DocumentType.SUBMISSION
        )
        for item in _items(ctx, proposal):
            _attach(
                ctx,
                proposal,
                generated.report_skeleton(ctx.session, ctx.settings, proposal, item),
                DocumentType.ACHIEVEMENT_REPORT,
                item,
            )
    _walk(ctx, proposal, [s for s in steps if s[0] in ("submit", "take_up", "check", "to_council")])
    return proposal


def _attach(
    ctx: _Context,
    proposal: Proposal,
    content: bytes,
    doc_type: DocumentType,
    item: ProposalItem | None = None,
) -> None:
    assert ctx.store is not None
    name = f"{doc_type}.docx" if item is None else f"{doc_type}-{item.position}.docx"
    documents.attach(
        ctx.session,
        ctx.store,
        proposal=proposal,
        data=content,
        doc_type=doc_type,
        filename=name,
        item=item,
        principal=None,
        generated=True,
    )
    ctx.count("proposal_documents")


def _illustration(title: str, body: str) -> bytes:
    """A document a unit would have scanned and uploaded, stood in by a short Word file saying so."""
    doc = docx.Document()
    doc.add_heading(title, level=1)
    doc.add_paragraph(body)
    doc.add_paragraph("(Tài liệu minh họa của dữ liệu mẫu.)")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _individual_proposal(
    ctx: _Context,
    unit_code: str,
    person_code: str,
    title_code: str,
    achievements: str,
    steps: list[tuple[str, date]],
    return_reason: str | None,
) -> None:
    unit = ctx.units[unit_code]
    person = ctx.session.scalars(select(Person).where(Person.code == person_code)).one()
    officer = ctx.session.scalars(select(User).where(User.username == data.officer_username(unit_code))).one()
    created = steps[0][1] - timedelta(days=2)
    proposal = Proposal(
        id=new_id(),
        year=ctx.campaign.year,
        title=f"Đề nghị tặng danh hiệu Chiến sĩ thi đua cấp Bộ năm {ctx.campaign.year}",
        origin=ProposalOrigin.UNIT,
        unit_id=unit.id,
        created_by=officer.id,
        created_at=_at(created),
        updated_at=_at(created),
    )
    ctx.session.add(proposal)
    ctx.session.flush()
    item = ProposalItem(
        id=new_id(),
        proposal_id=proposal.id,
        position=1,
        person_id=person.id,
        title_code=title_code,
        achievements=achievements,
        created_at=_at(created),
        updated_at=_at(created),
    )
    ctx.session.add(item)
    ctx.session.flush()
    ctx.count("proposals")
    if ctx.store is not None and ctx.settings is not None:
        _attach(
            ctx, proposal, generated.submission(ctx.session, ctx.settings, proposal), DocumentType.SUBMISSION
        )
        _attach(
            ctx,
            proposal,
            generated.report_skeleton(ctx.session, ctx.settings, proposal, item),
            DocumentType.ACHIEVEMENT_REPORT,
            item,
        )
        _attach(
            ctx,
            proposal,
            _illustration(
                f"BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG {unit.name.upper()}",
                f"Hội đồng bình xét, bỏ phiếu kín đề nghị tặng danh hiệu Chiến sĩ thi đua cấp Bộ năm "
                f"{ctx.campaign.year} cho {person.full_name}.",
            ),
            DocumentType.REVIEW_MINUTES,
        )
        if return_reason is None:  # the returned one lacks it: that is why it came back
            _attach(
                ctx,
                proposal,
                _illustration(
                    "QUYẾT ĐỊNH CÔNG NHẬN SÁNG KIẾN",
                    f"Công nhận sáng kiến của {person.full_name} có phạm vi ảnh hưởng cấp Bộ.",
                ),
                DocumentType.INITIATIVE_CERTIFICATION,
                item,
            )
    for action, day in steps:
        actor = officer if action == "submit" else ctx.secretariat
        if action == "submit":
            _judge(ctx, proposal, item, day)
        details = None
        if action == "return":
            assert return_reason is not None
            item.status = ItemStatus.RETURNED
            item.return_reason = return_reason
            details = {"reasons": {item.id: return_reason}}
        _move(ctx, proposal, action, day, actor, details=details)


# ---- decisions -------------------------------------------------------------------------------------------


def _recipient(
    ctx: _Context, decision: Decision, item: ProposalItem, position: int, certificate: str | None
) -> None:
    award = ctx.session.get(Award, item.award_id) if item.award_id else None
    unit = ctx.session.get(Unit, item.unit_id) if item.unit_id else None
    ctx.session.add(
        DecisionRecipient(
            id=new_id(),
            decision_id=decision.id,
            position=position,
            proposal_item_id=item.id,
            award_id=item.award_id,
            unit_id=item.unit_id,
            name=unit.name if unit else "",
            title_code=item.title_code,
            cash_vnd=award.cash_vnd if award else None,
            certificate_number=certificate,
        )
    )
    item.status = ItemStatus.DECIDED


def _ministry_decision(ctx: _Context, proposal: Proposal) -> None:
    authority_code, authority_name, year, symbol = procedure.REGISTER
    number = procedure.MINISTRY_DECISION_NUMBER
    decided_on = next(d for a, d in procedure.MINISTRY_FLAG_STEPS if a == "decide")
    items = [i for i in _items(ctx, proposal) if i.status == ItemStatus.APPROVED]
    register = DecisionRegister(
        id=new_id(),
        authority_code=authority_code,
        authority_name=authority_name,
        year=year,
        symbol=symbol,
        last_number=number,  # the decisions before it that year were not kept in this system
        last_certificate=len(items),
        created_at=_at(date(year, 1, 1)),
        updated_at=_at(decided_on),
    )
    ctx.session.add(register)
    ctx.session.flush()
    signer, position = procedure.MINISTRY_SIGNER
    decision = Decision(
        id=new_id(),
        kind=DecisionKind.AWARD,
        status=DecisionStatus.ISSUED,
        register_id=register.id,
        number=number,
        number_text=f"{number}/{symbol}",
        authority_name=authority_name,
        subject=procedure.MINISTRY_DECISION_SUBJECT,
        decision_date=decided_on,
        signer_name=signer,
        signer_position=position,
        legal_grounds=list(procedure.MINISTRY_GROUNDS),
        proposal_id=proposal.id,
        issued_at=_at(decided_on, 16),
        created_by=ctx.secretariat.id,
        created_at=_at(decided_on - timedelta(days=10)),
        updated_at=_at(decided_on, 16),
    )
    ctx.session.add(decision)
    ctx.session.flush()
    for n, item in enumerate(items, start=1):
        _recipient(ctx, decision, item, n, f"{n:03d}/CTĐ-{year}")
    _move(ctx, proposal, "decide", decided_on, ctx.secretariat, note=f"Quyết định số {decision.number_text}")
    ctx.count("decision_registers")
    ctx.count("decisions")


def _government_decision(ctx: _Context, proposal: Proposal) -> None:
    number_text, decided_on, authority_name = procedure.GOVERNMENT_DECISION
    recorded_on = next(d for a, d in procedure.GOVERNMENT_FLAG_STEPS if a == "decide")
    forwarded_on = next(d for a, d in procedure.GOVERNMENT_FLAG_STEPS if a == "forward")
    proposal.forwarded_to = procedure.FORWARDED_TO
    proposal.forwarded_on = forwarded_on
    proposal.forwarded_ref = procedure.FORWARDED_REF
    decision = Decision(
        id=new_id(),
        kind=DecisionKind.AWARD,
        status=DecisionStatus.ISSUED,
        external=True,
        number_text=number_text,
        authority_name=authority_name,
        subject=procedure.GOVERNMENT_DECISION_SUBJECT,
        decision_date=decided_on,
        signer_position="Thủ tướng Chính phủ",
        legal_grounds=[],
        proposal_id=proposal.id,
        issued_at=_at(recorded_on),
        created_by=ctx.secretariat.id,
        created_at=_at(recorded_on),
        updated_at=_at(recorded_on),
    )
    ctx.session.add(decision)
    ctx.session.flush()
    for n, item in enumerate((i for i in _items(ctx, proposal) if i.status == ItemStatus.APPROVED), start=1):
        _recipient(ctx, decision, item, n, None)
    _move(
        ctx,
        proposal,
        "decide",
        recorded_on,
        ctx.secretariat,
        note=f"Quyết định số {number_text} ngày {decided_on.strftime('%d/%m/%Y')} của {authority_name}",
    )
    ctx.count("decisions")
