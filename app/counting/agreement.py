"""A paper count, one committee member's entry of it, as plain data: what makes one entry valid
(``validate``), and whether the entries agree (``agreement``). Pure: tested without a database.

The count's shape and rules are shared by every feature (docs/paper-ballots.md):

    {"issued", "returned", "valid", "invalid", "blank": int,
     "invalid_reasons": [{"reason": str, "count": int}], "votes": {candidate unit id: int}}

returned ≤ issued; valid + invalid = returned; blank ≤ valid; the invalid reasons add up to invalid; each
candidate's votes ≤ valid; all votes together ≤ valid × max_choices. A session's ballots, paper issued plus
electronic cast, never exceed its electorate.

Two entries agree when every number is the same and the invalid reasons are the same (in any order, a
reason named twice counting once with both counts added). The agreed count is then the session's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

NUMBERS = ("issued", "returned", "valid", "invalid", "blank")


@dataclass(frozen=True)
class PaperEntry:
    issued: int
    returned: int
    valid: int
    invalid: int
    blank: int = 0
    invalid_reasons: tuple[tuple[str, int], ...] = ()  # (reason, count), as entered
    votes: Mapping[str, int] = field(default_factory=dict)

    def reasons(self) -> list[dict[str, Any]]:
        """The invalid reasons as compared: one line per reason (counts of a reason named twice added),
        by reason; lines of zero left out."""
        merged: dict[str, int] = {}
        for reason, count in self.invalid_reasons:
            merged[reason] = merged.get(reason, 0) + count
        return [{"reason": r, "count": n} for r, n in sorted(merged.items()) if n]

    def as_dict(self) -> dict[str, Any]:
        """The shared JSON form (``PaperCount``'s columns, ``VotingSession.paper_count``)."""
        return {
            "issued": self.issued,
            "returned": self.returned,
            "valid": self.valid,
            "invalid": self.invalid,
            "blank": self.blank,
            "invalid_reasons": [{"reason": r, "count": n} for r, n in self.invalid_reasons],
            "votes": dict(self.votes),
        }

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> PaperEntry:
        return cls(
            issued=int(stored["issued"]),
            returned=int(stored["returned"]),
            valid=int(stored["valid"]),
            invalid=int(stored["invalid"]),
            blank=int(stored.get("blank", 0)),
            invalid_reasons=tuple(
                (str(line["reason"]), int(line["count"])) for line in stored.get("invalid_reasons") or []
            ),
            votes={str(k): int(v) for k, v in (stored.get("votes") or {}).items()},
        )


# ---- one entry ------------------------------------------------------------------------------------------


def _error(loc: list[str], msg: str, kind: str) -> dict[str, Any]:
    return {"loc": ["body", *loc], "msg": msg, "type": kind}


def _number_errors(e: PaperEntry) -> list[dict[str, Any]]:
    errors = []
    if e.returned > e.issued:
        errors.append(
            _error(
                ["returned"],
                f"{e.returned} returned, more than the {e.issued} issued",
                "returned_over_issued",
            )
        )
    if e.valid + e.invalid != e.returned:
        errors.append(
            _error(
                ["valid"],
                f"valid ({e.valid}) + invalid ({e.invalid}) must equal returned ({e.returned})",
                "valid_invalid_returned",
            )
        )
    if e.blank > e.valid:
        errors.append(
            _error(["blank"], f"{e.blank} blank, more than the {e.valid} valid", "blank_over_valid")
        )
    reasons = sum(n for _, n in e.invalid_reasons)
    if reasons != e.invalid:
        errors.append(
            _error(
                ["invalid_reasons"],
                f"the reasons count {reasons} invalid ballots, not {e.invalid}",
                "reasons_invalid",
            )
        )
    return errors


def _vote_errors(e: PaperEntry, candidates: Sequence[str], max_choices: int) -> list[dict[str, Any]]:
    errors = []
    known = set(candidates)
    for unit_id in e.votes:
        if unit_id not in known:
            errors.append(
                _error(
                    ["votes", unit_id], f"{unit_id} is not a candidate of this session", "unknown_candidate"
                )
            )
    for unit_id in candidates:
        n = e.votes.get(unit_id)
        if n is None:
            errors.append(
                _error(["votes", unit_id], "every candidate's votes are entered (0 too)", "missing")
            )
        elif n > e.valid:
            errors.append(
                _error(
                    ["votes", unit_id],
                    f"{n} votes, more than the {e.valid} valid ballots",
                    "votes_over_valid",
                )
            )
    total = sum(e.votes.values())
    if total > e.valid * max_choices:
        errors.append(
            _error(
                ["votes"],
                f"{total} votes in all, more than {e.valid} valid ballots × {max_choices} choices each",
                "votes_over_choices",
            )
        )
    return errors


def validate(
    e: PaperEntry, *, candidates: Sequence[str], max_choices: int, electorate: int, electronic: int = 0
) -> list[dict[str, Any]]:
    """What is wrong with one entry, as validation error entries each naming its field; [] when valid.
    ``electronic``: the electronic ballots a mixed session received (0 for paper)."""
    errors = _number_errors(e) + _vote_errors(e, candidates, max_choices)
    if e.issued + electronic > electorate:
        what = f"{e.issued} issued + {electronic} electronic ballots" if electronic else f"{e.issued} issued"
        errors.append(
            _error(["issued"], f"{what}, more than the electorate ({electorate})", "issued_over_electorate")
        )
    return errors


# ---- entries compared -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    field: str  # "valid", "invalid_reasons", "votes.<unit id>"
    values: list[Any]  # each entry's, in the entries' order


@dataclass(frozen=True)
class Agreement:
    agree: bool
    entries: int
    differences: list[Difference]

    def as_dict(self) -> dict[str, Any]:
        return {
            "agree": self.agree,
            "entries": self.entries,
            "differences": [{"field": d.field, "values": list(d.values)} for d in self.differences],
        }


def differences(entries: Sequence[PaperEntry], candidates: Sequence[str]) -> list[Difference]:
    """Every field on which the entries are not all the same: the numbers, the invalid reasons, then the
    votes in ballot order (a unit that is not a candidate, in no valid entry, last)."""
    found: list[Difference] = []

    def compare(name: str, values: list[Any]) -> None:
        if any(v != values[0] for v in values[1:]):
            found.append(Difference(name, values))

    for name in NUMBERS:
        compare(name, [getattr(e, name) for e in entries])
    compare("invalid_reasons", [e.reasons() for e in entries])
    others = sorted({u for e in entries for u in e.votes} - set(candidates))
    for unit_id in [*candidates, *others]:
        compare(f"votes.{unit_id}", [e.votes.get(unit_id, 0) for e in entries])
    return found


def agreement(entries: Sequence[PaperEntry], candidates: Sequence[str]) -> Agreement:
    """Agreed when at least two entries (two members) were made and they are all the same."""
    diffs = differences(entries, candidates) if entries else []
    return Agreement(agree=len(entries) >= 2 and not diffs, entries=len(entries), differences=diffs)
