"""The legal grounds on which an award decision is revoked (law.md §5), as the law module gives them for the
regime in force on the revocation's date: ``app.law.procedure.revocation_grounds`` — Law 06/2022 Art 93(2)
a–d (``khai_gian_doi``, ``ho_so_gia``, ``sai_quy_trinh``, ``vi_pham_trong_ky``) from 1/1/2024; under the
2003 Law (R2016, R2017) fraud in declaring achievements only (Arts 96–97). The citation is written the way
a decision cites (``decision_docx.formal_citation``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.law import procedure, regimes
from app.proposals.documents.decision_docx import formal_citation

CODES: tuple[str, ...] = ("khai_gian_doi", "ho_so_gia", "sai_quy_trinh", "vi_pham_trong_ky")
LATEST = date(2100, 1, 1)  # a date under the current law, to read a stored code back


@dataclass(frozen=True)
class Ground:
    code: str
    text_vi: str
    text_en: str
    citation: str  # "điểm b khoản 2 Điều 93 Luật Thi đua, khen thưởng số 06/2022/QH15"
    law: procedure.Ground


def grounds_on(on: date) -> tuple[Ground, ...]:
    """The grounds in force on ``on`` (a revocation decision's date); none before the first regime."""
    try:
        regime = regimes.regime_on(on).code
    except regimes.UnknownRegime:
        return ()
    return tuple(
        Ground(g.code, g.text_vi, g.text_en, formal_citation(g.citation.text), g)
        for g in procedure.revocation_grounds(regime)
    )


def ground(code: str, on: date) -> Ground | None:
    return next((g for g in grounds_on(on) if g.code == code), None)


def any_ground(code: str, on: date | None = None) -> Ground | None:
    """The ground ``code`` as of ``on`` when it was in force then, else as the current law words it."""
    return (ground(code, on) if on is not None else None) or ground(code, LATEST)
