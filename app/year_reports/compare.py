"""What changed between two versions of the year report, section by section (pure: no database).

A section's body is read as paragraphs: its non-blank lines, each stripped (an accepted addition is
appended as a paragraph of its own). ``difflib.SequenceMatcher`` matches the two lists of paragraphs; a
paragraph that was edited shows as removed (the old wording) and added (the new one). Each section says
whether it is unchanged (same heading, same paragraphs) and lists its changes in reading order.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Change = Literal["added", "removed"]


@dataclass(frozen=True)
class ParagraphChange:
    change: Change
    text: str
    position: int  # 1-based: in the newer text for an addition, in the older one for a removal


@dataclass(frozen=True)
class SectionDiff:
    key: str
    heading_from: str | None  # None: the older version has no such section
    heading_to: str | None
    unchanged: bool
    unchanged_paragraphs: int
    changes: list[ParagraphChange] = field(default_factory=list)

    @property
    def added(self) -> list[str]:
        return [c.text for c in self.changes if c.change == "added"]

    @property
    def removed(self) -> list[str]:
        return [c.text for c in self.changes if c.change == "removed"]


def paragraphs(body: str) -> list[str]:
    """The paragraphs of a section's body: its non-blank lines, stripped."""
    return [line.strip() for line in body.splitlines() if line.strip()]


def diff_section(key: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> SectionDiff:
    before = paragraphs(str(old.get("body", ""))) if old is not None else []
    after = paragraphs(str(new.get("body", ""))) if new is not None else []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    changes: list[ParagraphChange] = []
    same = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            same += i2 - i1
            continue
        changes.extend(ParagraphChange("removed", before[i], i + 1) for i in range(i1, i2))
        changes.extend(ParagraphChange("added", after[j], j + 1) for j in range(j1, j2))
    heading_from = str(old["heading"]) if old is not None else None
    heading_to = str(new["heading"]) if new is not None else None
    return SectionDiff(
        key=key,
        heading_from=heading_from,
        heading_to=heading_to,
        unchanged=not changes and heading_from == heading_to,
        unchanged_paragraphs=same,
        changes=changes,
    )


def compare(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> list[SectionDiff]:
    """Per section, in the newer text's order (then any section only the older one has)."""
    before = {str(s["key"]): s for s in old}
    after = {str(s["key"]): s for s in new}
    keys = list(after) + [k for k in before if k not in after]
    return [diff_section(k, before.get(k), after.get(k)) for k in keys]
