"""The council's counting rules, as plain functions over plain data (no database, no I/O).

- **Quorum** (docs/council.md): a session opens only when the members present (a substitute sent in writing
  counts for the member) are at least the quorum share of ALL the council's members, rounded as the votes
  are: 2/3 by default (MOST, Thông tư 25/2025/TT-BKHCN Điều 23; the setting ``THIDUA_COUNCIL_QUORUM_SHARE``).
- **Threshold** (law.md §2.4): where the law sets one for the title, an item is approved when its yes votes
  reach the share of ALL the members (absent ones included: they give a written opinion), rounded up by
  default (``THIDUA_COUNCIL_VOTE_ROUNDING``): 90% of 15 members = 13.5 → 14.
- **No threshold** (a form of commendation, a title the law names no share for): more than half of the
  members present (``present // 2 + 1``): the ordinary rule of a collective body's meeting; the ministry's
  council regulation may say otherwise, and then this is where it changes.

The law's values and the settings come from ``app.law.procedure`` (``ProcedureRules``, ``council_quorum``,
``council_threshold``, ``required_yes``); this module applies them to a session.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from app.law import procedure
from app.law.procedure import DEFAULT_RULES, ProcedureRules
from app.law.regimes import UnknownRegime, regime_on
from app.law.spec import Citation

APPROVED, REJECTED = "approved", "rejected"
MAJORITY_SOURCE = "quá nửa số thành viên có mặt (không có ngưỡng luật định)"
VOTES = ("yes", "no", "abstain")


def required_yes(members: int, share: Fraction, rules: ProcedureRules = DEFAULT_RULES) -> int:
    """The yes votes a share of ALL ``members`` comes to (law.md §2.4; rounded as the setting says: up)."""
    return procedure.required_yes(members, share, rules.vote_rounding)


def majority_of_present(present: int) -> int:
    """More than half of the members present."""
    return present // 2 + 1


def quorum_required(members: int, rules: ProcedureRules = DEFAULT_RULES) -> int:
    """How many members must be present: the quorum share of ALL ``members``."""
    return procedure.required_yes(members, rules.council_quorum, rules.vote_rounding)


def quorum_met(present: int, members: int, rules: ProcedureRules = DEFAULT_RULES) -> bool:
    return members > 0 and present >= quorum_required(members, rules)


def parse_share(text: str) -> Fraction:
    return Fraction(text)


def share_text(share: Fraction) -> str:
    """As stored on an agenda item: "9/10"."""
    return f"{share.numerator}/{share.denominator}"


def regime_for(regime_code: str | None, held_on: date) -> str:
    """The proposal's regime (fixed at its submission), else the one in force on the session's day."""
    return regime_code or regime_on(held_on).code


def threshold_source(code: str, regime_code: str | None, held_on: date) -> str:
    """Where an item's threshold comes from, for the reader: the law's article, or the default rule."""
    try:
        _, citation = procedure.council_threshold(code, regime_for(regime_code, held_on))
    except UnknownRegime:
        return ""
    if citation is None:
        return MAJORITY_SOURCE
    return citation.text + ("" if citation.confirmed else " [unconfirmed]")


def quorum_source(held_on: date, rules: ProcedureRules = DEFAULT_RULES) -> str:
    """Where the quorum comes from (the regime in force on the session's day)."""
    try:
        citation = procedure.council_quorum(regime_for(None, held_on), rules).citation
    except UnknownRegime:
        return ""
    return citation.text + ("" if citation.confirmed else " [unconfirmed]")


@dataclass(frozen=True)
class Requirement:
    share: Fraction | None  # of ALL members; None: more than half of the members present
    required: int
    citation: Citation | None


def requirement(
    code: str, regime_code: str, *, members: int, present: int, rules: ProcedureRules = DEFAULT_RULES
) -> Requirement:
    """The yes votes ``code`` (a title or a form) needs under ``regime_code`` (``UnknownRegime`` for a code
    no regime has)."""
    share, citation = procedure.council_threshold(code, regime_code)
    if share is None:
        return Requirement(None, majority_of_present(present), None)
    return Requirement(share, required_yes(members, share, rules), citation)


@dataclass(frozen=True)
class ItemCount:
    proposal_item_id: str
    yes: int
    no: int
    abstain: int
    required: int

    @property
    def outcome(self) -> str:
        return APPROVED if self.yes >= self.required else REJECTED


def count(items: Sequence[tuple[str, int]], ballots: Iterable[Mapping[str, str]]) -> list[ItemCount]:
    """Per agenda item (``(proposal_item_id, required_yes)``, in agenda order) the yes, no and abstain
    votes of ``ballots`` (each ``{proposal_item_id: "yes" | "no" | "abstain"}``); an item a ballot leaves
    out is an abstention on it."""
    tallies = {item_id: {v: 0 for v in VOTES} for item_id, _ in items}
    for ballot in ballots:
        for item_id, tally in tallies.items():
            vote = ballot.get(item_id, "abstain")
            tally[vote if vote in VOTES else "abstain"] += 1
    return [
        ItemCount(item_id, tallies[item_id]["yes"], tallies[item_id]["no"], tallies[item_id]["abstain"], req)
        for item_id, req in items
    ]


def choice_errors(choices: Mapping[str, str], agenda: Iterable[str]) -> list[dict[str, object]]:
    """The entries of a ballot that name no item of the session's agenda (422), in the ballot's order."""
    known = set(agenda)
    return [
        {"loc": ["body", "choices", item_id], "msg": "not on the session's agenda", "type": "not_on_agenda"}
        for item_id in choices
        if item_id not in known
    ]
