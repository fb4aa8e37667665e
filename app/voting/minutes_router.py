"""The counting minutes of a ballot session as a DOCX download; ``app.voting.minutes_service`` gathers
the data that ``app.voting.minutes`` renders."""

from __future__ import annotations

from fastapi import Response

from app.core import media_types
from app.core.db import SessionDep
from app.core.responses import UNAUTHENTICATED, attachment, download
from app.core.routing import feature_router
from app.voting import minutes_service
from app.voting.policies import ResultsReader

router = feature_router(prefix="/voting-sessions", tags=["minutes"])


@router.get(
    "/{session_id}/minutes",
    response_class=Response,
    summary="Download the counting minutes (biên bản kiểm phiếu) as a Word document",
    description="In Vietnamese: the electorate, ballots cast, blank ballots, a table of the candidates "
    "with their votes and shares, the elected units, the tied ones and the seats left open, and the "
    "signature lines. Visible exactly when the results are: to the leader, secretariat and observer once "
    "the session is closed; to every principal who may read the session (and `results:read`) once "
    "published. A secret session's minutes never name a voter.",
    responses={
        200: download("The minutes (DOCX), as an attachment.", media_types.DOCX),
        **UNAUTHENTICATED,
        404: {"description": "No such session, or one this principal may not read."},
        409: {"description": "The results are not available to this principal (`results_not_available`)."},
    },
)
def get_session_minutes(session_id: str, session: SessionDep, principal: ResultsReader) -> Response:
    doc = minutes_service.minutes_file(session, principal=principal, session_id=session_id)
    return attachment(doc.content, media_types.DOCX, doc.filename, no_store=True)
