"""Response models for verdicts (the law's answer on a subject, a title or form, and a year)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from app.core.names import UnitName
from app.law.catalogue import Citation
from app.law.regimes import RegimeChoice
from app.law.verdict import CriterionResult, VerdictResult


class CitationRead(BaseModel):
    text: str = Field(description="The article and document, e.g. `Luật 06/2022/QH15, Điều 23`.")
    confirmed: bool = Field(
        description="false: law.md could not confirm it; the value is a setting's default."
    )
    note: str | None

    @classmethod
    def of(cls, c: Citation) -> CitationRead:
        return cls(text=c.text, confirmed=c.confirmed, note=c.note)


class RegimeRead(BaseModel):
    code: str = Field(description="`R2016`, `R2017`, `R2024`, `R2025` (more may come).")
    name: str
    name_vi: str
    basis: str = Field(
        description="Why this regime: `decision_date`, `lodged_before_switch` or "
        "`evaluation_date` (not decided yet: the regime in force today)."
    )
    on: date = Field(description="The date the regime was chosen by.")
    reason: str
    reason_vi: str
    texts: list[str] = Field(description="The regime's core legal texts.")

    @classmethod
    def of(cls, c: RegimeChoice) -> RegimeRead:
        r = c.regime
        return cls(
            code=r.code,
            name=r.name_en,
            name_vi=r.name_vi,
            basis=c.basis,
            on=c.on,
            reason=c.reason_en,
            reason_vi=c.reason_vi,
            texts=list(r.texts),
        )


class EvidenceRead(BaseModel):
    kind: str = Field(description="award | achievement | exclusion | rating | employment | members | setting")
    id: str | None = Field(description="The award's, achievement's or exclusion's id, where there is one.")
    text: str
    text_vi: str


class CriterionRead(BaseModel):
    code: str = Field(description="A stable machine code of the criterion.")
    outcome: str = Field(description="met | not_met | judgement (the council must judge).")
    hard: bool = Field(description="A hard criterion not met makes the subject not eligible.")
    summary: str
    summary_vi: str
    citation: CitationRead
    evidence: list[EvidenceRead]

    @classmethod
    def of(cls, c: CriterionResult) -> CriterionRead:
        return cls(
            code=c.code,
            outcome=c.outcome,
            hard=c.hard,
            summary=c.summary_en,
            summary_vi=c.summary_vi,
            citation=CitationRead.of(c.citation),
            evidence=[
                EvidenceRead(kind=e.kind, id=e.id, text=e.text_en, text_vi=e.text_vi) for e in c.evidence
            ],
        )


class VerdictRead(BaseModel):
    subject_kind: str = Field(description="unit | person")
    subject_id: str
    subject_name: str
    code: str = Field(description="The title's or form's code.")
    name: str = Field(description="The title's or form's name.")
    kind: str = Field(description="title | form")
    year: int
    verdict: str = Field(description="eligible | not_eligible | needs_judgement")
    regime: RegimeRead
    criteria: list[CriterionRead]
    regulation_versions: dict[str, int] = Field(
        description="The versions of the ministry's (`ministry`) and bloc's (`bloc:<id>`) regulations read."
    )

    @classmethod
    def of(cls, v: VerdictResult, *, name: str, code_name: str) -> VerdictRead:
        """``name``: the subject's; ``code_name``: the title's or form's."""
        return cls(
            subject_kind=v.subject_kind,
            subject_id=v.subject_id,
            subject_name=name,
            code=v.code,
            name=code_name,
            kind=v.kind,
            year=v.year,
            verdict=v.outcome,
            regime=RegimeRead.of(v.regime),
            criteria=[CriterionRead.of(c) for c in v.criteria],
            regulation_versions=dict(v.overlay_versions),
        )


class VerdictCounts(BaseModel):
    eligible: int
    not_eligible: int
    needs_judgement: int


class VerdictList(BaseModel):
    """A batch of verdicts: the whole list (a unit's people, a bloc's units), not paginated."""

    items: list[VerdictRead]
    counts: VerdictCounts
    cap: CapRead | None = Field(default=None, description="The title's cap where the regime sets one.")


class CapRead(BaseModel):
    code: str
    name: str = Field(description="The title's name.")
    year: int
    regime: str
    share: float = Field(description="The cap as a share, e.g. 0.15.")
    of_code: str | None = Field(
        description="The title whose holders the share is taken of; null: of the people."
    )
    of_name: str | None = Field(description="That title's name; null with `of_code`.")
    per: str = Field(description="unit | ministry | bloc_leaders")
    unit_id: str | None
    unit_code: str | None = Field(description="The unit's code, for a cap per unit.")
    unit_name: str | None = Field(description="The unit's name, for a cap per unit.")
    base_count: int
    limit: int
    used: int = Field(description="Awards of the title already decided in the cap's scope.")
    remaining: int
    citation: CitationRead

    @classmethod
    def of(cls, c: Any, *, titles: dict[str, str], units: dict[str, UnitName]) -> CapRead:
        """``titles``: names by code; ``units``: the unit's (code, name) by id (``app.core.names``)."""
        unit = units.get(c.unit_id) if c.unit_id else None
        return cls(
            code=c.code,
            name=titles.get(c.code, c.code),
            year=c.year,
            regime=c.regime,
            share=float(c.share),
            of_code=c.of_code,
            of_name=titles.get(c.of_code, c.of_code) if c.of_code else None,
            per=c.per,
            unit_id=c.unit_id,
            unit_code=unit.code if unit else None,
            unit_name=unit.name if unit else None,
            base_count=c.base_count,
            limit=c.limit,
            used=c.used,
            remaining=c.remaining,
            citation=CitationRead.of(c.citation),
        )


VerdictList.model_rebuild()
