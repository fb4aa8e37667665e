"""The count of a unit's review vote, as pure functions of plain data (tested without a database).

Rules (law.md 2.4, domain.md):
- each ballot says ``yes`` or ``no`` on any of the candidates; a candidate left out is blank on that ballot;
- the threshold is a share of ALL the electorate, not of the ballots cast: an elector who does not vote
  counts as not having said yes. ``required = ceil(share × electorate)`` when the threshold is inclusive
  ("at least 80% of all members", Decree 98/2023 Art 30(7)), and ``floor(share × electorate) + 1`` when
  it is strict ("more than half", the default), never fewer than one vote;
- a candidate passes with at least ``required`` yes votes.

Comparisons use exact fractions: 80% of 5 is exactly 4, never 4.000000001.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any


class Vote(StrEnum):
    YES = "yes"
    NO = "no"


@dataclass(frozen=True)
class Threshold:
    """What a candidate's yes votes must reach: ``share`` of the whole electorate, at least it
    (``inclusive``) or strictly more."""

    share: float
    inclusive: bool

    def required(self, electorate: int) -> int:
        return required_votes(self.share, electorate, inclusive=self.inclusive)


def exact(share: float | Fraction) -> Fraction:
    """The share as the fraction it stands for: 0.8 → 4/5, and a stored 2/3 (0.6666666666666666) → 2/3, not
    a hair below it (no threshold a regulation writes has a denominator above 10,000)."""
    return share if isinstance(share, Fraction) else Fraction(str(share)).limit_denominator(10_000)


def required_votes(share: float | Fraction, electorate: int, *, inclusive: bool) -> int:
    """Yes votes a candidate needs among ``electorate`` members: e.g. 80% inclusive of 5 → 4, of 6 → 5
    (4.8 rounded up); more than half of 6 → 4, of 5 → 3. At least 1; 0 for an empty electorate (nobody
    can pass then)."""
    if electorate < 0:
        raise ValueError("the electorate must not be negative")
    s = exact(share)
    if not 0 <= s < 1:
        raise ValueError("the share must be within [0, 1)")
    if electorate == 0:
        return 0
    base = s * electorate
    floor = base.numerator // base.denominator
    needed = (floor if base.denominator == 1 else floor + 1) if inclusive else floor + 1
    return max(needed, 1)


def choice_errors(choices: Mapping[str, str], candidates: Collection[str]) -> list[dict[str, Any]]:
    """What is wrong with a ballot's choices, as validation error entries naming each bad entry: a
    person who is not a candidate of the review. (``yes``/``no`` is the schema's business.) An empty
    ballot is valid: it is blank on every candidate."""
    return [
        {
            "loc": ["body", "choices", person_id],
            "msg": f"{person_id} is not a candidate of this review",
            "type": "unknown_candidate",
        }
        for person_id in choices
        if person_id not in candidates
    ]


@dataclass(frozen=True)
class CandidateTally:
    person_id: str
    yes: int
    no: int
    blank: int  # ballots cast that left the candidate out
    passed: bool


@dataclass(frozen=True)
class ReviewTally:
    """The count of a review, frozen in ``UnitReview.result`` when the vote closes. ``as_dict`` writes that
    stored form and ``from_stored`` reads it back; nothing else touches the JSON."""

    electorate: int
    ballots_cast: int
    required: int
    candidates: list[CandidateTally]

    @property
    def passed(self) -> list[str]:
        """The candidates who passed, in ballot order."""
        return [c.person_id for c in self.candidates if c.passed]

    def as_dict(self) -> dict[str, Any]:
        return {
            "electorate": self.electorate,
            "ballots_cast": self.ballots_cast,
            "required": self.required,
            "candidates": [
                {"person_id": c.person_id, "yes": c.yes, "no": c.no, "blank": c.blank, "passed": c.passed}
                for c in self.candidates
            ],
        }

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> ReviewTally:
        return cls(
            electorate=int(stored["electorate"]),
            ballots_cast=int(stored["ballots_cast"]),
            required=int(stored["required"]),
            candidates=[
                CandidateTally(
                    person_id=str(c["person_id"]),
                    yes=int(c["yes"]),
                    no=int(c["no"]),
                    blank=int(c["blank"]),
                    passed=bool(c["passed"]),
                )
                for c in stored["candidates"]
            ],
        )


def tally(
    candidates: Sequence[str],
    electorate: int,
    ballots: Sequence[Mapping[str, str]],
    threshold: Threshold,
) -> ReviewTally:
    """Count ``ballots`` (each ``{person_id: "yes" | "no"}``) for ``candidates`` (in ballot order)."""
    if len(ballots) > electorate:
        raise ValueError("more ballots than electors")
    yes = dict.fromkeys(candidates, 0)
    no = dict.fromkeys(candidates, 0)
    for ballot in ballots:
        for person_id, vote in ballot.items():
            if person_id not in yes:
                raise ValueError(f"a ballot names {person_id!r}, who is not a candidate")
            if vote == Vote.YES:
                yes[person_id] += 1
            elif vote == Vote.NO:
                no[person_id] += 1
            else:
                raise ValueError(f"a ballot says {vote!r}; a vote is yes or no")
    required = threshold.required(electorate)
    cast = len(ballots)
    return ReviewTally(
        electorate=electorate,
        ballots_cast=cast,
        required=required,
        candidates=[
            CandidateTally(
                person_id=c,
                yes=yes[c],
                no=no[c],
                blank=cast - yes[c] - no[c],
                passed=required > 0 and yes[c] >= required,
            )
            for c in candidates
        ],
    )


def decision_order(result: ReviewTally) -> list[str]:
    """The candidates who passed, in the order the decision takes them: most yes votes first, then ballot
    order. It matters only where a cap (e.g. Chiến sĩ thi đua cơ sở ≤ 15% of the unit's Lao động tiên
    tiến) leaves fewer places than candidates: the places go first to those the electorate backed most
    (as the councils do: highest first, TT 25/2025/TT-BKHCN Art 23)."""
    position = {c.person_id: i for i, c in enumerate(result.candidates)}
    passed = [c for c in result.candidates if c.passed]
    return [c.person_id for c in sorted(passed, key=lambda c: (-c.yes, position[c.person_id]))]
