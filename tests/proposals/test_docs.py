"""docs/proposals.md's table of states is ``states.STEPS``, row for row."""

from __future__ import annotations

from pathlib import Path

from app.proposals import states

DOC = Path(__file__).resolve().parents[2] / "docs" / "proposals.md"


def _row(step: states.Step) -> str:
    order = list(states.S)
    sources = ", ".join(f"`{s}`" for s in sorted(step.sources, key=order.index))
    by = ", ".join(sorted(b.value for b in step.by))
    clock = step.clock or ("keeps the running one" if step.keeps_clock else "—")
    return f"| `{step.action}` | {sources} | `{step.target}` | {by} | {clock} |"


def test_the_docs_table_is_the_procedure() -> None:
    text = DOC.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| `") and line.count("|") == 6]
    assert rows == [_row(s) for s in states.STEPS]
