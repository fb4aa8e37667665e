"""The ``thidua`` command's language: English, or Vietnamese when the locale says so.

The command's own texts are written in English and looked up in the gettext catalogue
``app/locale/vi/LC_MESSAGES/thidua.po`` (compiled to ``thidua.mo`` beside it; ``python -m app.locale``
compiles it and a test fails when the two differ). The language comes from the environment as gettext
reads it: ``LANGUAGE``, then ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (``vi``, ``vi_VN.UTF-8``...).

``install()`` also makes the catalogue gettext's default domain, which is where Click and Typer look up
their own texts ("Usage:", "Missing option", "Show this message and exit."), so those follow the same
language. The API's language is separate: it follows each request's ``Accept-Language`` (app.core.i18n).
"""

from __future__ import annotations

import ast
import gettext
import struct
from pathlib import Path

DOMAIN = "thidua"
LOCALE_DIR = Path(__file__).parent
CATALOGUE = LOCALE_DIR / "vi" / "LC_MESSAGES" / f"{DOMAIN}.po"


def _(message: str) -> str:
    """``message`` in the command's language."""
    return gettext.dgettext(DOMAIN, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext.dngettext(DOMAIN, singular, plural, n)


def vietnamese() -> bool:
    """Whether the environment asks for a language the catalogue has (Vietnamese)."""
    return gettext.find(DOMAIN, str(LOCALE_DIR)) is not None


def install() -> None:
    """Bind the catalogue and make it the default domain, for Click's and Typer's texts too."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)


gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))


# ---- the catalogue: .po text to .mo bytes (pure) --------------------------------------------------------


def parse_po(text: str) -> dict[str, str]:
    """The entries of a .po file as gettext keys them: ``msgid`` (``msgid\\0msgid_plural`` for plural
    entries) to ``msgstr`` (the forms joined by ``\\0``). Untranslated and fuzzy entries are left out."""
    entries: dict[str, str] = {}
    fields: dict[str, str] = {}
    current: str | None = None
    fuzzy = False

    def flush() -> None:
        nonlocal fuzzy
        if "msgid" in fields:
            key = fields["msgid"]
            if "msgid_plural" in fields:
                key += "\0" + fields["msgid_plural"]
                forms = [fields[k] for k in sorted(k for k in fields if k.startswith("msgstr["))]
                value = "\0".join(forms)
            else:
                value = fields.get("msgstr", "")
            if value.strip("\0") and not (fuzzy and key):
                entries[key] = value
        fields.clear()
        fuzzy = False

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):  # comments come before their entry: the previous one is complete
            if "msgid" in fields:
                flush()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        if line.startswith('"'):
            if current is None:
                raise ValueError(f"line {number}: a string continues nothing")
            fields[current] += _unquote(line, number)
            continue
        keyword, _sep, rest = line.partition(" ")
        if keyword == "msgid" and "msgid" in fields:
            flush()
        if keyword not in ("msgid", "msgid_plural", "msgstr") and not keyword.startswith("msgstr["):
            raise ValueError(f"line {number}: unknown keyword {keyword!r}")
        current = keyword
        fields[keyword] = _unquote(rest.strip(), number)
    flush()
    return entries


def _unquote(literal: str, number: int) -> str:
    if len(literal) < 2 or not (literal.startswith('"') and literal.endswith('"')):
        raise ValueError(f"line {number}: expected a quoted string")
    value = ast.literal_eval(literal)
    if not isinstance(value, str):
        raise ValueError(f"line {number}: expected a string")
    return value


def compile_mo(entries: dict[str, str]) -> bytes:
    """The GNU .mo file of ``entries`` (no hash table; keys sorted, as msgfmt writes them)."""
    keys = sorted(entries, key=lambda k: k.encode())
    ids = [k.encode() for k in keys]
    strs = [entries[k].encode() for k in keys]
    count = len(keys)
    header_size = 7 * 4
    ids_table = header_size
    strs_table = ids_table + count * 8
    data_start = strs_table + count * 8
    offsets: list[tuple[int, int]] = []
    blob = b""
    for value in ids + strs:
        offsets.append((len(value), data_start + len(blob)))
        blob += value + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, ids_table, strs_table, 0, data_start)
    tables = b"".join(struct.pack("<2I", length, offset) for length, offset in offsets)
    return header + tables + blob


def compiled() -> bytes:
    return compile_mo(parse_po(CATALOGUE.read_text(encoding="utf-8")))
