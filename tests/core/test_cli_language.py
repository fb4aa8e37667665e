"""The ``thidua`` command speaks Vietnamese when the locale is Vietnamese, English otherwise.

Every text the command says goes through the catalogue (app/locale/vi/LC_MESSAGES/thidua.po): a test
finds any ``_("...")`` without its Vietnamese, or whose Vietnamese drops or invents a placeholder; the
compiled ``thidua.mo`` must be the .po's. The help screens and parser errors are checked in a process of
the command's own (help texts are read when the command starts), the messages of commands that ran
through Typer's runner. Like test_cli.py, these stay on SQLite: the services are tested through the API.
"""

from __future__ import annotations

import ast
import os
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.core.config import get_settings
from app.locale import CATALOGUE, compile_mo, compiled, parse_po
from app.locale.commands import parser_error

ROOT = Path(__file__).resolve().parents[2]
# The modules whose texts reach the operator.
SPEAKERS = [
    ROOT / "app" / "cli.py",
    ROOT / "app" / "reports" / "client.py",
    ROOT / "app" / "proposals" / "client.py",
    ROOT / "app" / "core" / "script_client.py",
    ROOT / "app" / "locale" / "commands.py",
    *sorted((ROOT / "app" / "ops").glob("*.py")),
]
VI = {"LANG": "vi_VN.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
EN = {"LANG": "C.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}


def _texts() -> list[tuple[str, int, str]]:
    found = []
    for path in SPEAKERS:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append((path.name, node.lineno, node.args[0].value))
    return found


def _placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_every_text_of_the_command_has_its_vietnamese_with_the_same_placeholders() -> None:
    catalogue = parse_po(CATALOGUE.read_text(encoding="utf-8"))
    texts = _texts()
    assert len(texts) > 80  # the walk does find the command's texts
    missing = [f"{name}:{line}: {text!r}" for name, line, text in texts if text not in catalogue]
    assert missing == [], "texts without Vietnamese in thidua.po:\n" + "\n".join(missing)
    wrong = [
        f"{text!r} -> {catalogue[text]!r}"
        for _name, _line, text in texts
        if _placeholders(text) != _placeholders(catalogue[text])
    ]
    assert wrong == []


def test_the_compiled_catalogue_is_the_po_file() -> None:
    mo = CATALOGUE.with_suffix(".mo")
    assert mo.read_bytes() == compiled(), "thidua.mo is stale: run `python -m app.locale`"


def test_po_parsing_keeps_plurals_and_drops_fuzzy_and_untranslated_entries() -> None:
    entries = parse_po(
        'msgid "a"\nmsgstr "A"\n\n#, fuzzy\nmsgid "b"\nmsgstr "B"\n\nmsgid "c"\nmsgstr ""\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "mọi"\n\n'
        'msgid "long "\n"text"\nmsgstr "dài "\n"văn bản"\n'
    )
    assert entries == {"a": "A", "one\0many": "mọi", "long text": "dài văn bản"}
    with pytest.raises(ValueError, match="line 1"):
        parse_po('msgid x\nmsgstr "y"')
    # The .mo gettext reads back what was compiled.
    import gettext
    import io

    translations = gettext.GNUTranslations(
        io.BytesIO(compile_mo({"": "Content-Type: text/plain; charset=UTF-8\n", **entries}))
    )
    assert translations.gettext("long text") == "dài văn bản"
    assert translations.gettext("unknown") == "unknown"


def test_the_parsers_errors_in_vietnamese() -> None:
    assert parser_error("Missing option '--username'.") == "Thiếu tùy chọn '--username'."
    assert parser_error("No such option: --bogus (Possible options: --host)") == (
        "Không có tùy chọn: --bogus (Các tùy chọn có thể: --host)"
    )
    assert parser_error("No such option: --x") == "Không có tùy chọn: --x"
    assert parser_error("Got unexpected extra argument (b)") == "Có tham số thừa (b)"
    assert parser_error("Something Click says one day") == "Something Click says one day"


def _command(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        env={**base, "COLUMNS": "200", "THIDUA_ENV": "development", **env},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def test_help_screens_are_vietnamese_under_a_vietnamese_locale_and_english_otherwise() -> None:
    vi = _command("users", "create", "--help", **VI)
    assert vi.returncode == 0, vi.stderr
    for text in ("Cách dùng:", "Tạo tài khoản người dùng.", "Tên đăng nhập.", "Tùy chọn", "[bắt buộc]"):
        assert text in vi.stdout, (text, vi.stdout)
    assert "Hiện hướng dẫn này rồi thoát." in vi.stdout
    for english in ("Usage:", "Create a user account.", "Login name.", "Show this message and exit."):
        assert english not in vi.stdout

    top = _command("--help", **VI)
    assert "Lệnh" in top.stdout and "Chạy dịch vụ API" in top.stdout and "Serve the API" not in top.stdout

    en = _command("users", "create", "--help", **EN)
    assert en.returncode == 0, en.stderr
    for text in ("Usage:", "Create a user account.", "Login name.", "Show this message and exit."):
        assert text in en.stdout
    assert "Tên đăng nhập" not in en.stdout


def test_parser_errors_follow_the_locale() -> None:
    vi = _command("users", "create", **VI)
    assert vi.returncode == 2
    assert "Thiếu tùy chọn '--username'." in vi.stderr and "Missing option" not in vi.stderr
    unknown = _command("nope", **VI)
    assert unknown.returncode == 2 and "Không có lệnh 'nope'." in unknown.stderr
    en = _command("users", "create", **EN)
    assert en.returncode == 2 and "Missing option '--username'." in en.stderr


@pytest.fixture
def run(tmp_path: Path) -> Iterator[CliRunner]:
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "THIDUA_ENV": "development",
        "THIDUA_DATABASE_URL": f"sqlite:///{tmp_path / 'thidua.db'}",
        "THIDUA_ARGON2_TIME_COST": "1",
        "THIDUA_ARGON2_MEMORY_KIB": "1024",
        **extra,
    }


def test_messages_of_a_command_follow_the_locale(run: CliRunner, tmp_path: Path) -> None:
    env = _env(tmp_path, **VI)
    migrated = run.invoke(cli, ["migrate"], env=env)
    assert migrated.exit_code == 0, migrated.output
    assert "đang ở phiên bản lược đồ" in migrated.output

    args = ["users", "create", "--username", "ke.toan", "--full-name", "Kế Toán", "--role", "admin"]
    created = run.invoke(cli, [*args, "--password", "mot-mat-khau-dai"], env=env)
    assert created.exit_code == 0, created.output
    assert "Đã tạo người dùng 'ke.toan'" in created.output
    # A refusal of the service: its Vietnamese detail, with the machine-readable code.
    get_settings.cache_clear()
    again = run.invoke(cli, [*args, "--password", "mot-mat-khau-dai"], env=env)
    assert again.exit_code == 1
    assert again.output == "lỗi: Tên đăng nhập này đã tồn tại. (already_exists)\n", again.output
    get_settings.cache_clear()
    english = run.invoke(cli, [*args, "--password", "mot-mat-khau-dai"], env=_env(tmp_path, **EN))
    assert english.exit_code == 1
    assert english.output == "error: A user with this username already exists. (already_exists)\n"

    get_settings.cache_clear()
    refused = run.invoke(cli, ["demo"], env={**_env(tmp_path, **VI), "THIDUA_ENV": "production"})
    assert refused.exit_code == 2 and refused.output.startswith("lỗi cấu hình: "), refused.output

    get_settings.cache_clear()
    missing = tmp_path / "khong-co.db"
    restore = run.invoke(cli, ["restore", str(missing)], env=env)
    assert restore.exit_code == 1
    assert restore.output == f"khôi phục thất bại: không có tệp sao lưu tại {missing}\n", restore.output

    report = tmp_path / "report.json"
    report.write_text('{"title": "Báo cáo", "sections": []}', encoding="utf-8")
    get_settings.cache_clear()
    no_client = run.invoke(cli, ["submit-report", str(report), "--campaign", "c", "--unit", "u"], env=env)
    assert no_client.exit_code == 2
    assert "hãy đặt THIDUA_CLIENT_ID và THIDUA_CLIENT_SECRET" in no_client.output, no_client.output
