"""Request and response models for a proposal's dossier documents."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.core.literal import InlineEnum
from app.models import DocumentType, ProposalDocument

DocType = InlineEnum[DocumentType]
GENERATED_TYPES = (DocumentType.SUBMISSION, DocumentType.ACHIEVEMENT_REPORT)


class DocumentRead(BaseModel):
    """A document of the dossier: what it is, its checksum, who gave it and when. The bytes are at
    ``content_url``."""

    id: str
    proposal_id: str
    item_id: str | None = Field(description="The item the document is for; null: the whole proposal.")
    doc_type: DocType
    filename: str = Field(description="As served: the extension is that of the type read from the bytes.")
    media_type: str = Field(description="Read from the bytes, never from the name or the client's header.")
    size_bytes: int
    sha256: str = Field(description="The SHA-256 of the bytes, hex; checked again each time they are served.")
    generated: bool = Field(description="Attached by the system (e.g. the counting minutes).")
    uploaded_by: str | None
    uploaded_by_name: str | None
    uploaded_at: datetime
    removed_at: datetime | None = Field(description="When it was removed from the dossier (kept as history).")
    content_url: str

    @classmethod
    def of(cls, doc: ProposalDocument) -> DocumentRead:
        return cls(
            id=doc.id,
            proposal_id=doc.proposal_id,
            item_id=doc.item_id,
            doc_type=doc.doc_type,
            filename=doc.filename,
            media_type=doc.media_type,
            size_bytes=doc.size_bytes,
            sha256=doc.sha256,
            generated=doc.generated,
            uploaded_by=doc.uploaded_by,
            uploaded_by_name=doc.uploader_name,
            uploaded_at=doc.uploaded_at,
            removed_at=doc.removed_at,
            content_url=f"/api/v1/proposals/{doc.proposal_id}/documents/{doc.id}/content",
        )


class DocumentList(BaseModel):
    items: list[DocumentRead]


class GenerateRequest(BaseModel):
    """Which document the system drafts and attaches: the submission (tờ trình) listing the items, or the
    skeleton of an item's achievement report (báo cáo thành tích) to be filled in."""

    model_config = ConfigDict(extra="forbid")

    doc_type: InlineEnum[DocumentType] = Field(description="`submission` or `achievement_report`.")
    item_id: str | None = Field(
        default=None, min_length=1, max_length=64, description="Required for `achievement_report`."
    )
