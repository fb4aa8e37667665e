"""Response models for the legal regimes and the rules each gives a title or form (law as data)."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, Field

from app.eligibility.schemas import CitationRead
from app.law.catalogue import Cap, CriterionSpec, Entry, OneOf
from app.law.regimes import Regime


def _kind(spec: CriterionSpec) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(spec).__name__).lower()


class RegimeSummary(BaseModel):
    code: str = Field(description="`R2016`, `R2017`, `R2024`, `R2025` (more may come).")
    name: str
    name_vi: str
    valid_from: date = Field(description="The first decision date the regime applies to.")
    valid_to: date | None = Field(description="The last one; null while in force.")
    texts: list[str]

    @classmethod
    def of(cls, r: Regime) -> RegimeSummary:
        return cls(
            code=r.code,
            name=r.name_en,
            name_vi=r.name_vi,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            texts=list(r.texts),
        )


class RegimeList(BaseModel):
    items: list[RegimeSummary] = Field(description="Every regime, oldest first.")


class CriterionRule(BaseModel):
    code: str
    kind: str = Field(description="What the rule checks, e.g. `holds_title`, `has_achievement`, `judgement`.")
    hard: bool = Field(description="Not met: the subject is not eligible. Otherwise the council judges.")
    rule: str
    rule_vi: str
    citation: CitationRead
    options: list[CriterionOption] = Field(
        default_factory=list, description="For `one_of`: the ways to meet it."
    )

    @classmethod
    def of(cls, spec: CriterionSpec) -> CriterionRule:
        options = (
            [
                CriterionOption(
                    label=o.label_en, label_vi=o.label_vi, parts=[CriterionRule.of(p) for p in o.parts]
                )
                for o in spec.options
            ]
            if isinstance(spec, OneOf)
            else []
        )
        return cls(
            code=spec.code,
            kind=_kind(spec),
            hard=spec.hard,
            rule=spec.rule_en,
            rule_vi=spec.rule_vi,
            citation=CitationRead.of(spec.citation),
            options=options,
        )


class CriterionOption(BaseModel):
    label: str
    label_vi: str
    parts: list[CriterionRule]


class CapRule(BaseModel):
    share: float
    of_code: str | None
    of_name: str | None = Field(description="The name of the title `of_code` names, as in `name`.")
    per: str
    citation: CitationRead

    @classmethod
    def of(cls, cap: Cap, names: dict[str, str]) -> CapRule:
        """``names``: the regime's entries' names by code."""
        return cls(
            share=float(cap.share),
            of_code=cap.of_code,
            of_name=names.get(cap.of_code, cap.of_code) if cap.of_code else None,
            per=cap.per,
            citation=CitationRead.of(cap.citation),
        )


class EntryRules(BaseModel):
    """A title's or form's rules under one regime."""

    code: str
    kind: str = Field(description="title | form")
    subject: str = Field(description="individual | collective | both")
    level: str
    name: str
    name_vi: str
    authority_vi: str
    cash_multiple_individual: float | None = Field(description="× the base salary on the decision date.")
    cash_multiple_collective: float | None
    cash_citation: CitationRead
    council_threshold: float | None = Field(
        description="The share of ALL the council's members that must vote for it; null: none set by law."
    )
    threshold_citation: CitationRead | None
    cap: CapRule | None
    cap_setting: str | None = Field(
        description="The regulation setting that may set a cap the law leaves open."
    )
    criteria: list[CriterionRule]

    @classmethod
    def of(cls, e: Entry, names: dict[str, str]) -> EntryRules:
        """``names``: the regime's entries' names by code (for the titles a cap is taken of)."""
        return cls(
            code=e.code,
            kind=e.kind,
            subject=e.subject,
            level=e.level,
            name=e.name_en,
            name_vi=e.name_vi,
            authority_vi=e.authority_vi,
            cash_multiple_individual=e.cash_individual_centi / 100
            if e.cash_individual_centi is not None
            else None,
            cash_multiple_collective=e.cash_collective_centi / 100
            if e.cash_collective_centi is not None
            else None,
            cash_citation=CitationRead.of(e.cash_citation),
            council_threshold=float(e.council_threshold) if e.council_threshold is not None else None,
            threshold_citation=CitationRead.of(e.threshold_citation) if e.threshold_citation else None,
            cap=CapRule.of(e.cap, names) if e.cap is not None else None,
            cap_setting=e.cap_setting.key if e.cap_setting is not None else None,
            criteria=[CriterionRule.of(c) for c in e.criteria],
        )


class RegimeCatalogueRead(RegimeSummary):
    catalogue: list[EntryRules] = Field(description="Every title and form the regime gives rules for.")


CriterionRule.model_rebuild()
