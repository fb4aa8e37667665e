"""What a review keeps of the law's verdict on each candidate, and the threshold it takes from the law.

A candidate's verdict is judged when the review is created (as of that day) and kept with the candidate:
the electorate votes knowing what the law said then. ``CandidateVerdict`` is the one typed form of that
record: ``of`` builds it from the engine's answer, ``as_dict``/``from_stored`` are its JSON column's only
writer and reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.law import catalogue, engine
from app.law.overlay import Overlay
from app.law.verdict import VerdictResult
from app.reviews.tally import Threshold

# Where the law sets no council threshold for the title: more than half of the electorate (domain.md,
# law.md 8: "default: more than half of the electorate").
DEFAULT_THRESHOLD = Threshold(share=0.5, inclusive=False)
DEFAULT_SOURCE = "default: more than half of the electorate (no threshold in the law for this title)"


@dataclass(frozen=True)
class CriterionNote:
    """A criterion the candidate did not plainly meet: not met, or left to the electorate's judgement."""

    code: str
    outcome: str  # not_met | judgement
    hard: bool
    summary: str
    summary_vi: str
    citation: str


@dataclass(frozen=True)
class CandidateVerdict:
    outcome: str  # eligible | not_eligible | needs_judgement
    regime: str
    judged_on: date
    unmet: tuple[CriterionNote, ...]

    @classmethod
    def of(cls, v: VerdictResult) -> CandidateVerdict:
        return cls(
            outcome=str(v.outcome),
            regime=v.regime.regime.code,
            judged_on=v.regime.on,
            unmet=tuple(
                CriterionNote(
                    code=c.code,
                    outcome=str(c.outcome),
                    hard=c.hard,
                    summary=c.summary_en,
                    summary_vi=c.summary_vi,
                    citation=c.citation.text,
                )
                for c in v.criteria
                if c.outcome != "met"
            ),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "regime": self.regime,
            "judged_on": self.judged_on.isoformat(),
            "unmet": [
                {
                    "code": c.code,
                    "outcome": c.outcome,
                    "hard": c.hard,
                    "summary": c.summary,
                    "summary_vi": c.summary_vi,
                    "citation": c.citation,
                }
                for c in self.unmet
            ],
        }

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> CandidateVerdict:
        return cls(
            outcome=str(stored["outcome"]),
            regime=str(stored["regime"]),
            judged_on=date.fromisoformat(str(stored["judged_on"])),
            unmet=tuple(
                CriterionNote(
                    code=str(c["code"]),
                    outcome=str(c["outcome"]),
                    hard=bool(c["hard"]),
                    summary=str(c["summary"]),
                    summary_vi=str(c["summary_vi"]),
                    citation=str(c["citation"]),
                )
                for c in stored.get("unmet") or []
            ),
        )


@dataclass(frozen=True)
class ChosenThreshold:
    threshold: Threshold
    source: str
    by_law: bool
    """The law sets a threshold for the title, and with it asks for a secret ballot (Decree 98/2023 Art
    30(7)); a regulation's own threshold does not."""


def threshold_for(regime_code: str, title_code: str, overlay: Overlay) -> ChosenThreshold:
    """The vote's threshold under ``regime_code``: the council threshold the law sets for the title (a share
    of ALL members, at least it: e.g. Chiến sĩ thi đua cơ sở ≥ 80% under Decree 98/2023 Art 30(7)), as the
    ministry's or bloc's regulation may raise it (``council_thresholds``); else more than half of the
    electorate."""
    entry = catalogue.entry(regime_code, title_code)
    found = engine.council_threshold(entry, overlay) if entry is not None else None
    if entry is None or found is None:
        return ChosenThreshold(DEFAULT_THRESHOLD, DEFAULT_SOURCE, by_law=False)
    share, cite = found
    source = f"{regime_code}: {cite.text}"
    if not cite.confirmed or cite.note:
        source += f" [{'unconfirmed: ' if not cite.confirmed else ''}{cite.note or 'a default'}]"
    return ChosenThreshold(
        Threshold(share=float(share), inclusive=True),
        source[:300],
        by_law=entry.council_threshold is not None,
    )
