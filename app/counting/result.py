"""The result of a paper or mixed session from its agreed paper count (and, mixed, its electronic ballots),
and the electronic part read back from a stored result (for the minutes). Pure.

Ballots cast (the quorum) = paper returned + electronic ballots; the threshold's base "cast" = paper valid
+ electronic ballots (an invalid paper ballot approves nobody); blank = paper blank + electronic blank.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from app.counting.agreement import PaperEntry
from app.voting.tally import Rules, TallyResult, tally_counts


@dataclass(frozen=True)
class ElectronicPart:
    ballots: int
    blank: int
    votes: dict[str, int]


def electronic_part(ballots: Sequence[Sequence[str]]) -> ElectronicPart:
    votes: Counter[str] = Counter()
    for ballot in ballots:
        votes.update(set(ballot))
    return ElectronicPart(ballots=len(ballots), blank=sum(1 for b in ballots if not b), votes=dict(votes))


def combined(
    candidates: Sequence[str],
    electorate: int,
    paper: PaperEntry,
    electronic: ElectronicPart,
    rules: Rules,
) -> TallyResult:
    """The session's tally: the paper count plus the electronic ballots (none for a paper session)."""
    votes = {c: paper.votes.get(c, 0) + electronic.votes.get(c, 0) for c in candidates}
    return tally_counts(
        candidates,
        electorate,
        votes,
        cast=paper.returned + electronic.ballots,
        blank=paper.blank + electronic.blank,
        rules=rules,
        counted=paper.valid + electronic.ballots,
    )


def electronic_of(result: TallyResult, paper: PaperEntry) -> ElectronicPart:
    """What the electronic ballots added to ``result``, the stored sum of ``paper`` and them."""
    return ElectronicPart(
        ballots=result.ballots_cast - paper.returned,
        blank=result.blank - paper.blank,
        votes={c.unit_id: c.votes - paper.votes.get(c.unit_id, 0) for c in result.candidates},
    )
