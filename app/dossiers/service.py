"""What a proposal's dossier lacks, read from the database, for the submission's guard and the proposal's
representation (``app.proposals.dossier_check``). The rules are ``app.dossiers.completeness``'s; nothing
here imports ``app.proposals`` (the proposals call this)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.time import VN_TZ
from app.dossiers.completeness import Attached, ItemNeeds, Lacking, missing
from app.law import procedure
from app.law.regimes import choose_regime
from app.models import ItemStatus, Proposal, ProposalDocument, ProposalItem

# The items still in play: a rejected or withdrawn item needs no documents.
LIVE_ITEMS = (ItemStatus.PENDING, ItemStatus.RETURNED, ItemStatus.APPROVED)


def required_for(item: ProposalItem, regime_code: str) -> tuple[str, ...]:
    """The document types the item's dossier needs; none for a code the law's tables do not know (the
    eligibility verdict says what is wrong with such an item)."""
    code = item.title_code or item.form_code or ""
    kind: procedure.Kind = "title" if item.title_code is not None else "form"
    method = cast(Literal["regular", "sudden", "thematic"], str(item.method))
    try:
        found = procedure.required_documents(code, kind, method, regime_code)
    except procedure.UnknownCode:
        return ()
    return tuple(r.doc_type.value for r in found)


def missing_documents(
    session: Session, proposal: Proposal, *, regime_code: str | None = None, today: date | None = None
) -> list[Lacking]:
    """Each required document the dossier lacks (``Lacking``: doc_type, item_id, en, vi), under
    ``regime_code``: given, else the proposal's, else the regime a file lodged ``today`` falls under.
    Removed documents do not count."""
    regime = regime_code or proposal.regime_code
    if regime is None:
        regime = choose_regime(decision_date=None, today=today or datetime.now(VN_TZ).date()).regime.code
    items = session.scalars(
        select(ProposalItem)
        .where(ProposalItem.proposal_id == proposal.id, ProposalItem.status.in_(LIVE_ITEMS))
        .order_by(ProposalItem.position)
    ).all()
    rows = session.execute(
        select(ProposalDocument.item_id, ProposalDocument.doc_type).where(
            ProposalDocument.proposal_id == proposal.id, ProposalDocument.removed_at.is_(None)
        )
    ).all()
    needs = [ItemNeeds(item.id, item.position, required_for(item, regime)) for item in items]
    return missing(needs, (Attached(item_id, str(doc_type)) for item_id, doc_type in rows))
