"""A proposal's dossier: uploading, listing, serving and removing its documents, the documents the system
generates, and what the dossier still lacks. No FastAPI here.

The bytes are stored content-addressed (``app.dossiers.storage``) before the row that names them is
written: a failed request may leave a file no row names (harmless: the same bytes sent again find it),
never a row without its file. The type is read from the bytes (``app.dossiers.sniff``), never from the
name or the client's Content-Type; a file of another type or too large is refused before anything is stored.

Who may write: the proposer while the proposal is a draft or returned; the office (secretariat, admin)
while it is in the procedure (not decided, rejected or withdrawn). Removing a document keeps its row as
history (``removed_at``); the file stays (another row, or another proposal, may name the same bytes).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit
from app.core.config import DocumentDirUnset, Settings
from app.core.disposition import safe_name
from app.core.errors import Conflict, DomainError, Invalid, NotFound
from app.core.principal import Principal
from app.dossiers import sniff
from app.dossiers.storage import DocumentStore, UnsupportedDocumentType
from app.models import DocumentType, Proposal, ProposalDocument, ProposalItem, ProposalStatus
from app.models.base import utcnow
from app.proposals import service as proposals_service
from app.proposals.states import TERMINAL, By

# A proposer adds documents while the file is in the proposer's hands.
_PROPOSER_STATES = frozenset({ProposalStatus.DRAFT, ProposalStatus.RETURNED})
MAX_FILENAME = 255


class StorageUnconfigured(DomainError):
    status, code = 503, "document_storage_unconfigured"


def store_for(settings: Settings) -> DocumentStore:
    """The documents' directory; 503 when this deployment names none (a PostgreSQL deployment must set
    THIDUA_DOCUMENT_DIR: there is no database file to keep them beside)."""
    try:
        return DocumentStore(settings.document_directory())
    except DocumentDirUnset:
        raise StorageUnconfigured(
            "Dossier documents are not available: THIDUA_DOCUMENT_DIR is not set on this server.",
            detail_vi="Chưa cấu hình nơi lưu tài liệu hồ sơ (THIDUA_DOCUMENT_DIR) trên máy chủ.",
        ) from None


def document_not_found() -> NotFound:
    return NotFound("The document does not exist.", detail_vi="Không tìm thấy tài liệu trong hồ sơ.")


def _locked(proposal: Proposal, by: frozenset[By]) -> Conflict:
    who_en = "the office" if By.OFFICE in by else "the proposer (only while draft or returned)"
    return Conflict(
        f"The dossier of a proposal in state '{proposal.status}' cannot be changed by {who_en}.",
        code="dossier_locked",
        detail_vi=f"Không thể thay đổi hồ sơ khi tờ trình đang ở trạng thái '{proposal.status}'.",
        extra={"current_status": str(proposal.status)},
    )


def writable(session: Session, principal: Principal, proposal_id: str) -> Proposal:
    """The proposal, locked, if the caller may change its dossier now (409 ``dossier_locked`` if not)."""
    proposal = proposals_service.load(session, proposal_id, lock=True)
    by = proposals_service.caller_by(principal, proposal)
    if By.OFFICE in by and proposal.status not in TERMINAL:
        return proposal
    if By.PROPOSER in by and proposal.status in _PROPOSER_STATES:
        return proposal
    raise _locked(proposal, by)


def clean_filename(name: str | None, media_type: str) -> str:
    """The name as kept and served: NFC, no path, no control characters, the extension of the type read
    from the bytes (a PDF called ``x.docx`` is served as ``x.pdf``)."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    stem = base.rsplit(".", 1)[0] if "." in base else base
    extension = sniff.EXTENSIONS[media_type]
    return safe_name(f"{stem[: MAX_FILENAME - len(extension)] or 'tai-lieu'}{extension}")


def item_of(session: Session, proposal: Proposal, item_id: str | None) -> ProposalItem | None:
    if item_id is None:
        return None
    item = session.get(ProposalItem, item_id) if len(item_id) <= 64 else None
    if item is None or item.proposal_id != proposal.id:
        raise Invalid(
            "item_id is not an item of this proposal.",
            detail_vi="item_id không phải là nội dung của tờ trình này.",
            errors=[
                {"loc": ["body", "item_id"], "msg": "not an item of this proposal", "type": "value_error"}
            ],
        )
    return item


@dataclass(frozen=True)
class Attached:
    document: ProposalDocument
    created: bool  # False: the same bytes were already in that place of the dossier


def attach(
    session: Session,
    store: DocumentStore,
    *,
    proposal: Proposal,
    data: bytes,
    doc_type: DocumentType,
    filename: str | None,
    item: ProposalItem | None,
    principal: Principal | None,
    generated: bool = False,
) -> Attached:
    """Store ``data`` and name it in the dossier (the caller has checked who may); the same bytes in the
    same place (type and item) answer the document already there."""
    media_type = sniff.sniff(data)
    if media_type is None:
        raise UnsupportedDocumentType()
    item_id = item.id if item is not None else None
    stored = store.store(data)
    for doc in documents(session, proposal.id):
        if doc.sha256 == stored.sha256 and doc.doc_type == doc_type and doc.item_id == item_id:
            return Attached(doc, created=False)
    doc = ProposalDocument(
        proposal_id=proposal.id,
        item_id=item_id,
        doc_type=doc_type,
        filename=clean_filename(filename, media_type),
        media_type=media_type,
        size_bytes=stored.size,
        sha256=stored.sha256,
        generated=generated,
        uploaded_by=principal.id if principal is not None else None,
        uploader_name=principal.name if principal is not None else None,
        uploaded_at=utcnow(),
    )
    session.add(doc)
    session.flush()
    audit.record(
        session,
        actor=principal.actor if principal is not None else audit.SYSTEM,
        action="proposal.document_attached",
        object_type="proposal",
        object_id=proposal.id,
        details={
            "document_id": doc.id,
            "doc_type": str(doc_type),
            "sha256": stored.sha256,
            "size_bytes": stored.size,
            "generated": generated,
        },
    )
    return Attached(doc, created=True)


def upload(
    session: Session,
    store: DocumentStore,
    principal: Principal,
    *,
    proposal_id: str,
    data: bytes,
    doc_type: DocumentType,
    filename: str | None,
    item_id: str | None,
) -> Attached:
    proposal = writable(session, principal, proposal_id)
    item = item_of(session, proposal, item_id)
    return attach(
        session,
        store,
        proposal=proposal,
        data=data,
        doc_type=doc_type,
        filename=filename,
        item=item,
        principal=principal,
    )


def documents(session: Session, proposal_id: str, *, include_removed: bool = False) -> list[ProposalDocument]:
    stmt = select(ProposalDocument).where(ProposalDocument.proposal_id == proposal_id)
    if not include_removed:
        stmt = stmt.where(ProposalDocument.removed_at.is_(None))
    return list(session.scalars(stmt.order_by(ProposalDocument.uploaded_at, ProposalDocument.id)))


def document(session: Session, proposal_id: str, document_id: str) -> ProposalDocument:
    doc = session.get(ProposalDocument, document_id) if len(document_id) <= 64 else None
    if doc is None or doc.proposal_id != proposal_id:
        raise document_not_found()
    return doc


def content(
    session: Session, store: DocumentStore, proposal_id: str, document_id: str
) -> tuple[ProposalDocument, bytes]:
    """The document and its bytes, checked against the checksum (a file that no longer matches is never
    served: ``DocumentCorrupted`` propagates to the 500 handler and the log)."""
    doc = document(session, proposal_id, document_id)
    return doc, store.open(doc.sha256)


def remove(session: Session, principal: Principal, *, proposal_id: str, document_id: str) -> None:
    proposal = writable(session, principal, proposal_id)
    doc = document(session, proposal.id, document_id)
    if doc.removed_at is not None:
        return
    doc.removed_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="proposal.document_removed",
        object_type="proposal",
        object_id=proposal.id,
        details={"document_id": doc.id, "doc_type": str(doc.doc_type), "sha256": doc.sha256},
    )
