"""What the dossier still lacks, for the submission's guard: a stand-in.

TEMPORARY SHIM: the lead points ``missing_documents`` at ``app.dossiers.service.missing_documents`` (built
by the dossier helper) once it is on main; until then nothing is ever missing.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import Proposal


def missing_documents(session: Session, proposal: Proposal) -> list[str]:
    """The names of the required documents the proposal's dossier lacks (none, for now)."""
    del session, proposal
    return []
