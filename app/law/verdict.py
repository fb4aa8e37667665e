"""A verdict: each criterion's outcome with its evidence and citation, the regime chosen and why, and the
regulation versions read. ``as_dict`` is the JSON snapshot stored on a decided award; ``from_dict`` reads it
back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from app.law.regimes import Regime, RegimeChoice
from app.law.spec import Citation, Outcome
from app.models.enums import SubjectKind, Verdict

EvidenceKind = Literal[
    "award", "achievement", "exclusion", "rating", "employment", "members", "setting", "option"
]

SNAPSHOT_SCHEMA = 1


@dataclass(frozen=True)
class Evidence:
    kind: EvidenceKind
    id: str | None
    text_en: str
    text_vi: str


@dataclass(frozen=True)
class CriterionResult:
    code: str
    outcome: Outcome
    hard: bool  # a failed hard criterion makes the verdict not_eligible
    summary_en: str
    summary_vi: str
    citation: Citation
    evidence: tuple[Evidence, ...] = ()


def outcome_of(criteria: tuple[CriterionResult, ...]) -> Verdict:
    if any(c.hard and c.outcome == "not_met" for c in criteria):
        return Verdict.NOT_ELIGIBLE
    if any(c.outcome == "judgement" for c in criteria):
        return Verdict.NEEDS_JUDGEMENT
    return Verdict.ELIGIBLE


@dataclass(frozen=True)
class VerdictResult:
    subject_kind: SubjectKind
    subject_id: str
    code: str
    kind: str
    year: int
    regime: RegimeChoice
    outcome: Verdict
    criteria: tuple[CriterionResult, ...]
    overlay_versions: Mapping[str, int] = field(default_factory=dict)

    def failed_hard(self) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.criteria if c.hard and c.outcome == "not_met")

    def as_dict(self) -> dict[str, Any]:
        r = self.regime
        return {
            "schema": SNAPSHOT_SCHEMA,
            "subject_kind": self.subject_kind.value,
            "subject_id": self.subject_id,
            "code": self.code,
            "kind": self.kind,
            "year": self.year,
            "outcome": self.outcome.value,
            "regime": {
                "code": r.regime.code,
                "name_vi": r.regime.name_vi,
                "name_en": r.regime.name_en,
                "valid_from": r.regime.valid_from.isoformat(),
                "valid_to": None if r.regime.valid_to is None else r.regime.valid_to.isoformat(),
                "texts": list(r.regime.texts),
                "basis": r.basis,
                "on": r.on.isoformat(),
                "reason_en": r.reason_en,
                "reason_vi": r.reason_vi,
            },
            "criteria": [_criterion_dict(c) for c in self.criteria],
            "overlay_versions": {k: self.overlay_versions[k] for k in sorted(self.overlay_versions)},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> VerdictResult:
        r = data["regime"]
        regime = Regime(
            code=r["code"],
            name_vi=r["name_vi"],
            name_en=r["name_en"],
            valid_from=date.fromisoformat(r["valid_from"]),
            valid_to=None if r["valid_to"] is None else date.fromisoformat(r["valid_to"]),
            texts=tuple(r["texts"]),
        )
        choice = RegimeChoice(
            regime=regime,
            basis=r["basis"],
            on=date.fromisoformat(r["on"]),
            reason_en=r["reason_en"],
            reason_vi=r["reason_vi"],
        )
        return cls(
            subject_kind=SubjectKind(data["subject_kind"]),
            subject_id=data["subject_id"],
            code=data["code"],
            kind=data["kind"],
            year=data["year"],
            regime=choice,
            outcome=Verdict(data["outcome"]),
            criteria=tuple(_criterion_from(c) for c in data["criteria"]),
            overlay_versions=dict(data["overlay_versions"]),
        )


def _criterion_dict(c: CriterionResult) -> dict[str, Any]:
    return {
        "code": c.code,
        "outcome": c.outcome,
        "hard": c.hard,
        "summary_en": c.summary_en,
        "summary_vi": c.summary_vi,
        "citation": {"text": c.citation.text, "confirmed": c.citation.confirmed, "note": c.citation.note},
        "evidence": [
            {"kind": e.kind, "id": e.id, "text_en": e.text_en, "text_vi": e.text_vi} for e in c.evidence
        ],
    }


def _criterion_from(d: Mapping[str, Any]) -> CriterionResult:
    cit = d["citation"]
    return CriterionResult(
        code=d["code"],
        outcome=d["outcome"],
        hard=d["hard"],
        summary_en=d["summary_en"],
        summary_vi=d["summary_vi"],
        citation=Citation(text=cit["text"], confirmed=cit["confirmed"], note=cit["note"]),
        evidence=tuple(
            Evidence(kind=e["kind"], id=e["id"], text_en=e["text_en"], text_vi=e["text_vi"])
            for e in d["evidence"]
        ),
    )
