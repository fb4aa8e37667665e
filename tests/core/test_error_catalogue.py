"""Every error code the application raises has an English and a Vietnamese title."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from app.core.i18n import TITLES

APP = Path(__file__).resolve().parents[2] / "app"
CODE = re.compile(r"""\bcode\s*=\s*["']([a-z][a-z0-9_]+)["']""")


def _codes_in_app() -> set[str]:
    found: set[str] = set()
    for path in APP.rglob("*.py"):
        if path.is_relative_to(APP / "law"):
            continue  # the law's criterion codes name criteria in verdicts, not errors
        found.update(CODE.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_raised_code_has_both_titles():
    codes = _codes_in_app()
    assert {"already_voted", "session_not_open", "not_found", "validation_error"} <= codes | set(TITLES)
    missing = sorted(codes - set(TITLES))
    assert missing == [], f"add these codes to app/core/i18n.py TITLES: {missing}"
    for code, (en, vi) in TITLES.items():
        assert en.strip() and vi.strip(), code


def test_every_error_the_service_writes_in_english_has_its_vietnamese() -> None:
    # Under Accept-Language: vi an English-only detail gives way to the code's generic title; every detail
    # written here has its own Vietnamese instead (detail_vi), so a Vietnamese reader learns as much.
    errors = {"Invalid", "Conflict", "Forbidden", "NotFound", "Unauthenticated", "TooManyRequests"}
    missing = []
    for path in sorted(APP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in errors:
                keywords = {k.arg for k in node.keywords}
                if node.args and "detail_vi" not in keywords and None not in keywords:
                    missing.append(f"{path.name}:{node.lineno} {node.func.id}")
    assert missing == []
