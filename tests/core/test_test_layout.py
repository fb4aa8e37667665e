"""The test suite's own layout: tests/ mirrors app/, and test modules share code only through
tests/support (never by importing one another or the conftest)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
APP = TESTS.parent / "app"


def all_test_modules() -> list[Path]:
    return sorted(TESTS.rglob("test_*.py"))


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute or relative (resolved against its package)."""
    package = path.relative_to(TESTS.parent).with_suffix("").parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)  # `from tests.x import test_y`
    return found


def is_test_module(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "tests" and (parts[-1].startswith("test_") or parts[-1] == "conftest")


def test_no_test_module_imports_another_test_module() -> None:
    offending = {
        str(path.relative_to(TESTS)): sorted(m for m in imported_modules(path) if is_test_module(m))
        for path in all_test_modules()
    }
    assert {path: modules for path, modules in offending.items() if modules} == {}


def test_every_test_module_lives_in_the_folder_of_an_app_package() -> None:
    misplaced = [
        str(path.relative_to(TESTS))
        for path in all_test_modules()
        if len(path.relative_to(TESTS).parts) != 2 or not (APP / path.parent.name / "__init__.py").is_file()
    ]
    assert misplaced == []


def test_the_checks_see_the_suite() -> None:
    """The checks above are not vacuous: they read every test module, and would see an import."""
    assert len(all_test_modules()) > 40
    assert is_test_module("tests.scoring.test_scores") and is_test_module("tests.conftest")
    assert not is_test_module("tests.support.builders") and not is_test_module("app.voting.tally")
    assert "tests.support.problems" in imported_modules(TESTS / "scoring" / "test_scores.py")
