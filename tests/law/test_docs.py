"""docs/law-engine.md shows the catalogue and the settings as the data has them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.law.describe import END, SETTINGS_END, SETTINGS_START, START, render_catalogue, render_settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "law-engine.md"


@pytest.mark.parametrize(
    ("start", "end", "render"),
    [(START, END, render_catalogue), (SETTINGS_START, SETTINGS_END, render_settings)],
)
def test_generated_sections_are_current(start: str, end: str, render: Callable[[], str]) -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(start) : text.index(end) + len(end)] + "\n"
    assert section == render(), "run: .venv/bin/python -m app.law.describe, and paste both sections"
