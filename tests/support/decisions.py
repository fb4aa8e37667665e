"""Decisions' test data: a proposal in a given state with approved items, written with the models directly
(the proposals' API is a feature of its own), and a decision register."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.models import Proposal, ProposalItem
from app.models.base import new_id
from app.models.decision import DecisionRegister
from app.models.proposal import ItemStatus, ProposalOrigin, ProposalStatus

MINISTRY_FLAG = "co_thi_dua_bo"
GOVERNMENT_FLAG = "co_thi_dua_chinh_phu"


@dataclass(frozen=True)
class Built:
    id: str
    item_ids: list[str]


def proposal(
    session_factory: Any,
    *,
    unit_ids: list[str],
    title_code: str = MINISTRY_FLAG,
    year: int = 2016,
    status: ProposalStatus = ProposalStatus.SIGNING,
    item_status: ItemStatus = ItemStatus.APPROVED,
    title: str = "Đề nghị tặng Cờ thi đua của Bộ năm 2016",
    person_ids: list[str] | None = None,
    award_ids: list[str | None] | None = None,
) -> Built:
    """A proposal of the secretariat in ``status`` with one item per unit (``title_code``) and one per person
    (the same code), each ``item_status``; ``award_ids`` gives items the award a ballot proposed."""
    with session_factory() as s:
        p = Proposal(
            id=new_id(),
            year=year,
            title=title,
            origin=ProposalOrigin.SECRETARIAT,
            unit_id=None,
            status=status,
            regime_code="R2016",
        )
        s.add(p)
        s.flush()
        ids = []
        subjects: list[tuple[str | None, str | None]] = [(u, None) for u in unit_ids]
        subjects += [(None, person) for person in person_ids or []]
        for position, (unit_id, person_id) in enumerate(subjects, start=1):
            award_id = (award_ids or [])[position - 1] if award_ids and position <= len(award_ids) else None
            item = ProposalItem(
                id=new_id(),
                proposal_id=p.id,
                position=position,
                unit_id=unit_id,
                person_id=person_id,
                title_code=title_code,
                status=item_status,
                achievements="Dẫn đầu khối thi đua",
                award_id=award_id,
            )
            s.add(item)
            ids.append(item.id)
        s.commit()
        return Built(p.id, ids)


def register(
    session_factory: Any, *, code: str = "BKHCN", year: int = 2017, symbol: str = "QĐ-BKHCN", last: int = 0
) -> str:
    with session_factory() as s:
        r = DecisionRegister(
            id=new_id(),
            authority_code=code,
            authority_name="Bộ Khoa học và Công nghệ",
            year=year,
            symbol=symbol,
            last_number=last,
            last_certificate=0,
        )
        s.add(r)
        s.commit()
        return r.id
