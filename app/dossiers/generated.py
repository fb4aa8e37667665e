"""The documents the system drafts and attaches to a dossier: the counting minutes of the ballot a bloc's
proposal comes from, the submission (tờ trình) listing the items, and the skeleton of an item's
achievement report. The layouts are ``app.proposals.documents`` (and ``app.voting.minutes``); this module
maps the rows to them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.errors import Invalid
from app.core.principal import Principal
from app.dossiers import documents
from app.dossiers.documents import Attached
from app.dossiers.storage import DocumentStore
from app.models import (
    CommendationForm,
    DocumentType,
    Person,
    Proposal,
    ProposalItem,
    Title,
    Unit,
    VotingSession,
)
from app.proposals import deadlines
from app.proposals.documents import submission_docx
from app.voting import minutes as voting_minutes
from app.voting.minutes_service import minutes_of


def attach_counting_minutes(
    session: Session,
    store: DocumentStore,
    *,
    proposal: Proposal,
    voting_session: VotingSession,
    principal: Principal | None,
) -> Attached:
    """The ballot's counting minutes (biên bản kiểm phiếu) as the proposal's review minutes."""
    data = minutes_of(session, voting_session)
    return documents.attach(
        session,
        store,
        proposal=proposal,
        data=voting_minutes.render(data),
        doc_type=DocumentType.REVIEW_MINUTES,
        filename=voting_minutes.filename(data),
        item=None,
        principal=principal,
        generated=True,
    )


def _award_name(session: Session, item: ProposalItem, year: int) -> str:
    if item.title_code is not None:
        title = session.get(Title, item.title_code)
        return f"{title.name if title else item.title_code} năm {year}"
    form = session.get(CommendationForm, item.form_code) if item.form_code else None
    return form.name if form else str(item.form_code)


def _subject_name(session: Session, item: ProposalItem) -> str:
    if item.person_id is not None:
        person = session.get(Person, item.person_id)
        return person.full_name if person else item.person_id
    unit = session.get(Unit, item.unit_id) if item.unit_id else None
    return unit.name if unit else str(item.unit_id)


def _items(session: Session, proposal: Proposal) -> list[ProposalItem]:
    return list(
        session.scalars(
            select(ProposalItem)
            .where(ProposalItem.proposal_id == proposal.id)
            .order_by(ProposalItem.position)
        )
    )


def submission(session: Session, settings: Settings, proposal: Proposal) -> bytes:
    unit = session.get(Unit, proposal.unit_id) if proposal.unit_id else None
    unit_name = unit.name if unit else f"Thường trực Hội đồng Thi đua – Khen thưởng {settings.ministry_name}"
    doc = submission_docx.Submission(
        unit=unit_name,
        unit_symbol=(unit.code if unit else "HĐTĐKT"),
        parent=settings.ministry_name,
        submitted_on=deadlines.today(),
        number=None,
        addressee=f"Bộ trưởng {settings.ministry_name}",
        subject=f"đề nghị khen thưởng năm {proposal.year}",
        grounds=("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",),
        items=tuple(
            submission_docx.SubmissionItem(
                subject=_subject_name(session, i),
                award=_award_name(session, i, proposal.year),
                achievements=i.achievements,
            )
            for i in _items(session, proposal)
        ),
        enclosures=("Báo cáo thành tích", "Biên bản bình xét"),
        request=f"Kính đề nghị Bộ trưởng {settings.ministry_name} xem xét, quyết định.",
        copies=("Như trên",),
        archive=f"VT, {unit.code if unit else 'HĐTĐKT'}",
        signatory=submission_docx.Signatory(position="THỦ TRƯỞNG ĐƠN VỊ", name=""),
    )
    return submission_docx.render_submission(doc)


def report_skeleton(session: Session, settings: Settings, proposal: Proposal, item: ProposalItem) -> bytes:
    unit = session.get(Unit, proposal.unit_id) if proposal.unit_id else None
    doc = submission_docx.ReportSkeleton(
        kind="individual" if item.person_id is not None else "collective",
        award=_award_name(session, item, proposal.year),
        name=_subject_name(session, item),
        unit=unit.name if unit else settings.ministry_name,
        parent=settings.ministry_name,
        period=f"năm {proposal.year}",
        on=deadlines.today(),
    )
    return submission_docx.render_report_skeleton(doc)


def generate(
    session: Session,
    settings: Settings,
    principal: Principal,
    *,
    proposal_id: str,
    doc_type: DocumentType,
    item_id: str | None,
) -> Attached:
    """Draft ``doc_type`` from what the proposal holds and attach it (who may: as for an upload)."""
    proposal = documents.writable(session, principal, proposal_id)
    if doc_type == DocumentType.SUBMISSION:
        data, item = submission(session, settings, proposal), None
    elif doc_type == DocumentType.ACHIEVEMENT_REPORT:
        item = documents.item_of(session, proposal, item_id)
        if item is None:
            raise Invalid(
                "item_id is required to draft an achievement report.",
                detail_vi="Cần item_id để soạn báo cáo thành tích.",
                errors=[{"loc": ["body", "item_id"], "msg": "required", "type": "missing"}],
            )
        data = report_skeleton(session, settings, proposal, item)
    else:
        raise Invalid(
            "The system drafts only `submission` and `achievement_report`.",
            detail_vi="Hệ thống chỉ soạn sẵn tờ trình (submission) và báo cáo thành tích "
            "(achievement_report).",
            errors=[{"loc": ["body", "doc_type"], "msg": "not generated", "type": "value_error"}],
        )
    name = f"{doc_type}.docx" if item is None else f"{doc_type}-{item.position}.docx"
    return documents.attach(
        session,
        DocumentStore(settings.document_directory()),
        proposal=proposal,
        data=data,
        doc_type=doc_type,
        filename=name,
        item=item,
        principal=principal,
        generated=True,
    )
