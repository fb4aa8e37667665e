"""What a proposal's dossier still lacks (pure): the documents each item needs against those attached.

The law (``app.law.procedure.required_documents``; Law 06/2022 Art 84; law.md §4) says what an item's
dossier holds: the submission, the achievement report, the minutes of the review, and for some titles
and forms a certification. Where each may be attached:

- the submission (tờ trình) and the review minutes cover the whole proposal: listed once when lacking;
- a document given for the whole proposal serves every item; one named for an item serves only it (each
  person or unit has its own achievement report and certification).

Each lack is said in both languages, with the item it belongs to ("Achievement report (item 2)" /
"Báo cáo thành tích (mục 2)"); ``item_id`` None for the proposal's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.law import procedure

# The documents one proposal carries once for all its items.
PER_PROPOSAL = frozenset({procedure.DocType.SUBMISSION.value, procedure.DocType.REVIEW_MINUTES.value})


@dataclass(frozen=True)
class ItemNeeds:
    item_id: str
    position: int  # 1, 2, … as the proposal lists its items
    required: tuple[str, ...]  # DocType values, in the law's order


@dataclass(frozen=True)
class Attached:
    item_id: str | None  # None: given for the proposal as a whole
    doc_type: str  # a DocumentType value


@dataclass(frozen=True)
class Lacking:
    """A required document the dossier lacks; the same fields as ``app.proposals.states.Missing``."""

    doc_type: str
    item_id: str | None  # None: the proposal's own
    en: str
    vi: str


def _names(doc_type: str) -> tuple[str, str]:
    """(English, Vietnamese) name of a document type; its code for one the law's table does not name."""
    try:
        vi, en = procedure.DOC_NAMES[procedure.DocType(doc_type)]
    except ValueError:
        return doc_type, doc_type
    return en, vi


def missing(items: Sequence[ItemNeeds], attached: Iterable[Attached]) -> list[Lacking]:
    """Each required document the dossier lacks, item by item in the law's order; a proposal-wide one
    once, where first required."""
    documents = list(attached)
    whole = {d.doc_type for d in documents if d.item_id is None}
    lacking: list[Lacking] = []
    listed: set[str] = set()
    for item in sorted(items, key=lambda i: i.position):
        have = whole | {d.doc_type for d in documents if d.item_id == item.item_id}
        for doc_type in item.required:
            if doc_type in have:
                continue
            en, vi = _names(doc_type)
            if doc_type in PER_PROPOSAL:
                if doc_type not in listed:
                    listed.add(doc_type)
                    lacking.append(Lacking(doc_type, None, en, vi))
            else:
                lacking.append(
                    Lacking(
                        doc_type, item.item_id, f"{en} (item {item.position})", f"{vi} (mục {item.position})"
                    )
                )
    return lacking
