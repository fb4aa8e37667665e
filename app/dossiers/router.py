"""A proposal's dossier documents: thin routes over ``app.dossiers.documents`` and ``generated``.

An upload is the file's bytes as the request body (any Content-Type: the type is read from the bytes),
with the document's type, item and name in the query, as the people files are imported. Its body limit
is ``THIDUA_DOCUMENT_MAX_BYTES`` (the middleware gives this path that limit instead of the global one).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request, Response, status

from app.core.config import Settings
from app.core.db import SessionDep
from app.core.errors import Invalid
from app.core.idempotency import Idempotent
from app.core.responses import AUTH, Responses, attachment, download, not_found
from app.core.routing import feature_router
from app.dossiers import documents, generated
from app.dossiers.policies import DossierReader, DossierWriter
from app.dossiers.schemas import DocType, DocumentList, DocumentRead, GenerateRequest
from app.dossiers.sniff import ALLOWED, ALLOWED_NAMES
from app.dossiers.storage import DocumentStore, DocumentTooLarge

router = feature_router(prefix="/proposals", tags=["dossiers"])

_NOT_FOUND = not_found("proposal or document (or the caller may not read the proposal)")
_STORAGE: Responses = {
    503: {
        "description": "No directory for documents is configured on this server "
        "(`document_storage_unconfigured`: THIDUA_DOCUMENT_DIR)."
    }
}
_LOCKED: Responses = {
    409: {
        "description": "The proposal's state does not let the caller change the dossier (`dossier_locked`), "
        "or a request with the same `Idempotency-Key` is in flight."
    }
}
_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "description": f"The file's bytes. Accepted, read from the content: {ALLOWED_NAMES}.",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


async def _raw_body(request: Request) -> bytes:
    return await request.body()


RawBody = Annotated[bytes, Depends(_raw_body)]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(_settings)]


def _store(settings: SettingsDep) -> DocumentStore:
    return documents.store_for(settings)


StoreDep = Annotated[DocumentStore, Depends(_store)]


@router.post(
    "/{proposal_id}/documents",
    response_model=DocumentRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    openapi_extra=_UPLOAD_BODY,
    summary="Upload a document to the dossier (the proposer while draft or returned; the office)",
    description="The body is the file; `doc_type` says what it is, `item_id` which item it is for (none: "
    "the whole proposal), `filename` its name. The type is read from the bytes (PDF, DOCX, XLSX, PNG, "
    "JPEG), never from the name or the Content-Type: anything else is 415 and nothing is stored; more than "
    "`THIDUA_DOCUMENT_MAX_BYTES` is 413 and nothing is stored. The same bytes again in the same place "
    "answer the document already there (200). Honours `Idempotency-Key`.",
    responses={
        **AUTH,
        **_NOT_FOUND,
        200: {"description": "The same bytes were already in that place of the dossier: that document."},
        **_LOCKED,
        413: {"description": "Larger than `THIDUA_DOCUMENT_MAX_BYTES` (`document_too_large`)."},
        415: {"description": f"Not one of {ALLOWED_NAMES} (`unsupported_document_type`)."},
        **_STORAGE,
        422: {"description": "Empty body, unknown `doc_type`, or an `item_id` not of this proposal."},
    },
)
def create_proposal_document(
    proposal_id: str,
    body: RawBody,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    store: StoreDep,
    principal: DossierWriter,
    doc_type: Annotated[DocType, Query(description="What the document is.")],
    item_id: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    filename: Annotated[str | None, Query(min_length=1, max_length=255)] = None,
) -> DocumentRead:
    limit = settings.document_max_bytes
    if len(body) > limit:
        raise DocumentTooLarge(limit)
    if not body:
        raise Invalid(
            "The body is empty: send the file's bytes.",
            detail_vi="Nội dung yêu cầu trống: hãy gửi tệp tài liệu.",
            errors=[{"loc": ["body"], "msg": "empty", "type": "missing"}],
        )
    done = documents.upload(
        session,
        store,
        principal,
        proposal_id=proposal_id,
        data=body,
        doc_type=doc_type,
        filename=filename,
        item_id=item_id,
    )
    if not done.created:
        response.status_code = status.HTTP_200_OK
    return DocumentRead.of(done.document)


@router.post(
    "/{proposal_id}/drafted-documents",
    response_model=DocumentRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Have the system draft the submission or an item's achievement-report skeleton (DOCX)",
    description="Drafts the submission (tờ trình, listing the items) or the skeleton of an item's "
    "achievement report (báo cáo thành tích, to be filled in) from what the proposal holds, laid out per "
    "Nghị định 30/2020/NĐ-CP, and attaches it (`generated: true`). Who may, and when: as for an upload.",
    responses={
        **AUTH,
        **_NOT_FOUND,
        200: {"description": "The same document was already attached: that document."},
        **_LOCKED,
        422: {"description": "Another `doc_type`, or `item_id` missing or not of this proposal."},
        **_STORAGE,
    },
)
def create_drafted_document(
    proposal_id: str,
    body: GenerateRequest,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    principal: DossierWriter,
) -> DocumentRead:
    done = generated.generate(
        session, settings, principal, proposal_id=proposal_id, doc_type=body.doc_type, item_id=body.item_id
    )
    if not done.created:
        response.status_code = status.HTTP_200_OK
    return DocumentRead.of(done.document)


@router.get(
    "/{proposal_id}/documents",
    response_model=DocumentList,
    summary="List the dossier's documents",
    description="In upload order; `include_removed=true` adds the documents removed from the dossier "
    "(kept as history). The whole dossier, unpaginated.",
    responses={**AUTH, **_NOT_FOUND},
)
def list_proposal_documents(
    proposal_id: str,
    session: SessionDep,
    principal: DossierReader,
    include_removed: Annotated[bool, Query()] = False,
) -> DocumentList:
    del principal
    docs = documents.documents(session, proposal_id, include_removed=include_removed)
    return DocumentList(items=[DocumentRead.of(d) for d in docs])


@router.get(
    "/{proposal_id}/documents/{document_id}",
    response_model=DocumentRead,
    summary="Read a document's description",
    responses={**AUTH, **_NOT_FOUND},
)
def get_proposal_document(
    proposal_id: str, document_id: str, session: SessionDep, principal: DossierReader
) -> DocumentRead:
    del principal
    return DocumentRead.of(documents.document(session, proposal_id, document_id))


@router.get(
    "/{proposal_id}/documents/{document_id}/content",
    response_class=Response,
    summary="Download a document",
    description="The bytes as uploaded, after checking them against the stored SHA-256 (a file that no "
    "longer matches is never served). Only to those who may read the proposal.",
    responses={200: download("The document, as an attachment.", *ALLOWED), **AUTH, **_NOT_FOUND, **_STORAGE},
)
def get_proposal_document_content(
    proposal_id: str, document_id: str, session: SessionDep, store: StoreDep, principal: DossierReader
) -> Response:
    del principal
    doc, data = documents.content(session, store, proposal_id, document_id)
    return attachment(data, doc.media_type, doc.filename, no_store=True)


@router.delete(
    "/{proposal_id}/documents/{document_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Remove a document from the dossier (kept as history)",
    responses={**AUTH, **_NOT_FOUND, **_LOCKED},
)
def delete_proposal_document(
    proposal_id: str, document_id: str, session: SessionDep, principal: DossierWriter
) -> Response:
    documents.remove(session, principal, proposal_id=proposal_id, document_id=document_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
