"""The count of a ballot session, as a pure function of plain data (tested without a database).

Rules (domain.md, api.md):
- every ballot cast counts as cast, a blank ballot (no choice) included;
- a candidate's share is its votes divided by the threshold's base: the electorate, or the ballots cast;
- a candidate passes when its share is above the threshold (or equal, when inclusive);
- below quorum (ballots cast / electorate < quorum) nobody is elected;
- among those passing, the top ``seats`` by votes are elected; when candidates with equal votes straddle
  the last seat, none of them takes it: the seat stays unfilled and they are named as tied (for a runoff).

``tally`` counts electronic ballots; ``tally_counts`` takes numbers already added up: a paper session's
agreed count, or a mixed session's paper count plus its electronic ballots. There, the ballots cast (for the
quorum) are the paper ballots returned plus the electronic ballots; the threshold's base "cast" is the valid
paper ballots plus the electronic ballots (an invalid paper ballot was cast, but approves nobody and is not
a vote counted); blank adds the paper blank ballots to the electronic ones (docs/paper-ballots.md). Both
share one core, ``_decide``.

Comparisons use exact fractions, so 8 of 16 against a 0.5 threshold is exactly equal, never 0.4999….
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from app.models.enums import ThresholdBase


@dataclass(frozen=True)
class Threshold:
    """What a candidate's votes must pass: ``share`` of the electorate or of the ballots cast, strictly
    above it or (``inclusive``) at least it."""

    share: float = 0.5
    of: ThresholdBase = ThresholdBase.ELECTORATE
    inclusive: bool = False


@dataclass(frozen=True)
class Rules:
    seats: int
    threshold_share: float = 0.5
    threshold_of: ThresholdBase = ThresholdBase.ELECTORATE
    threshold_inclusive: bool = False
    quorum: float = 0.5

    @classmethod
    def of(cls, *, seats: int, threshold: Threshold, quorum: float) -> Rules:
        return cls(
            seats=seats,
            threshold_share=threshold.share,
            threshold_of=threshold.of,
            threshold_inclusive=threshold.inclusive,
            quorum=quorum,
        )


@dataclass(frozen=True)
class CandidateResult:
    unit_id: str
    votes: int
    share: float
    passes: bool
    elected: bool


@dataclass(frozen=True)
class TallyResult:
    """The count of a session, frozen in ``VotingSession.result`` when it closes. ``as_dict`` writes that
    stored form and ``from_stored`` reads it back; nothing else touches the JSON."""

    electorate: int
    ballots_cast: int
    blank: int
    quorum_met: bool
    candidates: list[CandidateResult]
    elected: list[str]  # most votes first
    tied: list[str]  # tied across the last seat: none of them took it
    unfilled_seats: int

    def as_dict(self) -> dict[str, Any]:
        """The stored form (its keys and their order are what every stored session holds)."""
        return {
            "electorate": self.electorate,
            "ballots_cast": self.ballots_cast,
            "blank": self.blank,
            "quorum_met": self.quorum_met,
            "candidates": [
                {
                    "unit_id": c.unit_id,
                    "votes": c.votes,
                    "share": c.share,
                    "passes": c.passes,
                    "elected": c.elected,
                }
                for c in self.candidates
            ],
            "elected": list(self.elected),
            "tied": list(self.tied),
            "unfilled_seats": self.unfilled_seats,
        }

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> TallyResult:
        """The result from its stored form. A key missing (never, from this code) reads as zero, false
        or empty, as the readers that each parsed the JSON by hand used to."""
        return cls(
            electorate=int(stored.get("electorate", 0)),
            ballots_cast=int(stored.get("ballots_cast", 0)),
            blank=int(stored.get("blank", 0)),
            quorum_met=bool(stored.get("quorum_met")),
            candidates=[
                CandidateResult(
                    unit_id=str(c["unit_id"]),
                    votes=int(c["votes"]),
                    share=float(c["share"]),
                    passes=bool(c.get("passes")),
                    elected=bool(c["elected"]),
                )
                for c in stored.get("candidates") or []
            ],
            elected=[str(u) for u in stored.get("elected") or []],
            tied=[str(u) for u in stored.get("tied") or []],
            unfilled_seats=int(stored.get("unfilled_seats", 0)),
        )


def _exact(x: float) -> Fraction:
    return Fraction(str(x))  # 0.5 → 1/2, 0.9 → 9/10 (not the binary float's expansion)


def tally(
    candidates: Sequence[str], electorate: int, ballots: Sequence[Sequence[str]], rules: Rules
) -> TallyResult:
    """The count of electronic ballots: each ballot approves the candidates it names (a name once)."""
    votes = dict.fromkeys(candidates, 0)
    for ballot in ballots:
        for choice in set(ballot):
            if choice not in votes:
                raise ValueError(f"ballot names {choice!r}, who is not a candidate")
            votes[choice] += 1
    cast = len(ballots)
    blank = sum(1 for b in ballots if not b)
    return _decide(candidates, electorate, votes, cast=cast, blank=blank, counted=cast, rules=rules)


def tally_counts(
    candidates: Sequence[str],
    electorate: int,
    votes: Mapping[str, int],
    cast: int,
    blank: int,
    rules: Rules,
    *,
    counted: int | None = None,
) -> TallyResult:
    """The count from numbers already added up (a paper count, or a paper count plus the electronic
    ballots of a mixed session): ``votes`` per candidate (a candidate missing has none), ``cast`` the
    ballots cast (for the quorum), ``blank`` those approving nobody, ``counted`` the threshold's base
    "cast" when it is not ``cast`` itself: for paper, only the valid ballots count (docs/paper-ballots.md).
    """
    unknown = sorted(set(votes) - set(candidates))
    if unknown:
        raise ValueError(f"votes for {', '.join(unknown)}, who is not a candidate")
    if any(n < 0 for n in votes.values()) or min(cast, blank, counted or 0) < 0:
        raise ValueError("counts are never negative")
    counts = {c: int(votes.get(c, 0)) for c in candidates}
    base = cast if counted is None else counted
    return _decide(candidates, electorate, counts, cast=cast, blank=blank, counted=base, rules=rules)


def _decide(
    candidates: Sequence[str],
    electorate: int,
    votes: Mapping[str, int],
    *,
    cast: int,
    blank: int,
    counted: int,
    rules: Rules,
) -> TallyResult:
    """The one core of both tallies: who passes, the quorum, the seats and the ties, from the counts."""
    if rules.seats < 1:
        raise ValueError("seats must be at least 1")
    base = electorate if rules.threshold_of == ThresholdBase.ELECTORATE else counted
    threshold = _exact(rules.threshold_share)
    quorum_met = electorate > 0 and Fraction(cast, electorate) >= _exact(rules.quorum)

    def share_of(n: int) -> Fraction:
        return Fraction(n, base) if base else Fraction(0)

    def passes(n: int) -> bool:
        if base == 0 or n == 0:
            return False
        s = share_of(n)
        return s >= threshold if rules.threshold_inclusive else s > threshold

    passing = sorted((c for c in candidates if passes(votes[c])), key=lambda c: -votes[c])
    elected: list[str] = []
    tied: list[str] = []
    if quorum_met:
        if len(passing) <= rules.seats:
            elected = passing
        else:
            boundary = votes[passing[rules.seats - 1]]
            if votes[passing[rules.seats]] == boundary:
                # Equal votes straddle the last seat: those above it are elected, the tied share none.
                elected = [c for c in passing if votes[c] > boundary]
                tied = [c for c in passing if votes[c] == boundary]
            else:
                elected = passing[: rules.seats]
    elected_set = set(elected)
    results = [
        CandidateResult(
            unit_id=c,
            votes=votes[c],
            share=round(float(share_of(votes[c])), 4),
            passes=passes(votes[c]),
            elected=c in elected_set,
        )
        for c in candidates
    ]
    return TallyResult(
        electorate=electorate,
        ballots_cast=cast,
        blank=blank,
        quorum_met=quorum_met,
        candidates=results,
        elected=[c for c in passing if c in elected_set],  # most votes first; ties in candidate order
        tied=tied,
        unfilled_seats=rules.seats - len(elected),
    )
