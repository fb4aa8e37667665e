"""What a proposal's dossier still lacks, for the submission's guard: ``app.dossiers.service`` reads it
(its rules are ``app.dossiers.completeness``, pure), in the terms of ``app.proposals.states``."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.dossiers import service as dossiers
from app.models import Proposal
from app.proposals.states import Missing


def missing_documents(session: Session, proposal: Proposal) -> list[Missing]:
    return [Missing(x.doc_type, x.item_id, x.en, x.vi) for x in dossiers.missing_documents(session, proposal)]
