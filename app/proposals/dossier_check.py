"""What a proposal's dossier still lacks (law.md §4; ``app.law.procedure.required_documents``), for the
submission's guard and the proposal's representation.

A document given for the whole proposal serves every item (one submission, one set of minutes); an
achievement report or a certification is an item's, and a document named for an item serves only it.
"""

from __future__ import annotations

from typing import Literal, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.law import procedure
from app.models import ItemStatus, Proposal, ProposalDocument, ProposalItem
from app.proposals import authority, deadlines
from app.proposals.states import Missing

_LIVE_ITEMS = (ItemStatus.PENDING, ItemStatus.RETURNED, ItemStatus.APPROVED)
# Documents one proposal carries once for all its items.
_PER_PROPOSAL = frozenset({procedure.DocType.SUBMISSION, procedure.DocType.REVIEW_MINUTES})


def _required_for(item: ProposalItem, regime: str) -> tuple[procedure.Requirement, ...]:
    code = item.title_code or item.form_code or ""
    kind: Literal["title", "form"] = "title" if item.title_code is not None else "form"
    method = cast(Literal["regular", "sudden", "thematic"], str(item.method))
    try:
        return procedure.required_documents(code, kind, method, regime)
    except procedure.UnknownCode:
        return ()


def _present(session: Session, proposal_id: str) -> list[tuple[str | None, str]]:
    rows = session.execute(
        select(ProposalDocument.item_id, ProposalDocument.doc_type).where(
            ProposalDocument.proposal_id == proposal_id, ProposalDocument.removed_at.is_(None)
        )
    )
    return [(r.item_id, str(r.doc_type)) for r in rows]


def missing_documents(session: Session, proposal: Proposal) -> list[Missing]:
    """Each required document the dossier lacks, in procedure order, in both languages."""
    regime = proposal.regime_code or authority.current_regime(deadlines.today())
    present = _present(session, proposal.id)
    whole = {t for i, t in present if i is None}
    lacking: list[Missing] = []
    listed_whole: set[str] = set()
    items = session.scalars(
        select(ProposalItem)
        .where(ProposalItem.proposal_id == proposal.id, ProposalItem.status.in_(_LIVE_ITEMS))
        .order_by(ProposalItem.position)
    )
    for item in items:
        mine = whole | {t for i, t in present if i == item.id}
        for req in _required_for(item, regime):
            if req.doc_type in mine:
                continue
            name_vi, name_en = procedure.DOC_NAMES[req.doc_type]
            if req.doc_type in _PER_PROPOSAL:
                if req.doc_type not in listed_whole:
                    listed_whole.add(req.doc_type)
                    lacking.append(Missing(str(req.doc_type), None, name_en, name_vi))
            else:
                lacking.append(
                    Missing(
                        str(req.doc_type),
                        item.id,
                        f"{name_en} (item {item.position})",
                        f"{name_vi} (mục {item.position})",
                    )
                )
    return lacking
