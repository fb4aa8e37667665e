"""Vietnamese text: NFC storage, accent-insensitive folding for search, and the characters text may hold.

What people type is stored as they typed it, but never a character that has no business in an official
record and that some consumer cannot carry:

- Input refuses Unicode's control characters (category Cc: U+0000–U+001F, U+007F and the C1 range
  U+0080–U+009F) and U+FFFE/U+FFFF. NUL is refused by PostgreSQL; the other C0 controls and U+FFFE/U+FFFF
  are forbidden by XML 1.0, so no workbook or Word document could hold them; DEL and the C1 controls are
  invisible and in practice only ever come from text decoded with the wrong code page. Multi-line text
  (report bodies, notes, reasons, descriptions: ``MULTI_LINE``) may hold TAB, LF and CR; everything else
  (names, titles, headings, numbers: ``SINGLE_LINE``) is one line without them. The JSON schema publishes
  the rule as a ``pattern``.
- Output (``xml_safe``) replaces whatever XML 1.0 forbids in text stored before the rule, or through a
  path it does not cover, so that no XLSX or DOCX export fails on it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def clean_text(value: object) -> object:
    """Free text as stored (a ``BeforeValidator``): NFC before the length limits, so they count what is
    stored; surrounding blanks never matter. Anything but a string is left for validation to refuse."""
    return nfc(value).strip() if isinstance(value, str) else value


def fold(value: str) -> str:
    """Lower-case ASCII approximation: diacritics stripped, đ/Đ → d, whitespace collapsed."""
    decomposed = unicodedata.normalize(
        "NFD", value.replace("đ", "d").replace("Đ", "D").replace("\u00d0", "D")
    )
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


# ---- control characters in input ----------------------------------------------------------------------

# ECMA-262 (JSON Schema) and Python read these patterns alike. Lone surrogates are refused too, though
# only the validator names them: JSON cannot carry one, and a JavaScript regex without the `u` flag would
# take the halves of every emoji for them.
# Invisible and text-direction characters: zero-width spaces and joiners, direction marks, embeddings,
# overrides and isolates, the word joiner and invisible operators, and the zero-width no-break space. They
# make two names that look the same differ, or a name display as something it is not (a right-to-left
# override turns "VP-gpj.exe" around); Vietnamese text never needs them.
_INVISIBLE = r"\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
SINGLE_LINE_PATTERN = rf"^[^\u0000-\u001f\u007f-\u009f{_INVISIBLE}\ufffe\uffff]*$"
MULTI_LINE_PATTERN = rf"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f{_INVISIBLE}\ufffe\uffff]*$"
_SINGLE_LINE_BAD = re.compile(r"[\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]")
_MULTI_LINE_BAD = re.compile(
    r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]"
)
_INVISIBLE_BAD = re.compile(f"[{_INVISIBLE}]")


def control_character_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` may not be stored, naming the first offending character; None when it may."""
    found = (_MULTI_LINE_BAD if multiline else _SINGLE_LINE_BAD).search(text)
    if found is None:
        invisible = _INVISIBLE_BAD.search(text)
        if invisible is None:
            return None
        return (
            "must not contain invisible or text-direction characters "
            f"(found U+{ord(invisible.group()):04X} at character {invisible.start() + 1})"
        )
    what = (
        "control characters other than line breaks and tabs"
        if multiline
        else "line breaks, tabs or other control characters"
    )
    return f"must not contain {what} (found U+{ord(found.group()):04X} at character {found.start() + 1})"


@dataclass(frozen=True)
class PlainText:
    """``Annotated`` metadata for a free-text field: refuses control characters (see the module's
    docstring) with a ``value_error`` naming the character, and publishes the rule as the field's
    ``pattern``. Put it after the field's cleaning and length limits, so it checks what is stored."""

    multiline: bool = False

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = MULTI_LINE_PATTERN if self.multiline else SINGLE_LINE_PATTERN
        return json_schema

    def _check(self, value: Any) -> Any:
        if isinstance(value, str) and (problem := control_character_problem(value, multiline=self.multiline)):
            raise ValueError(problem)
        return value


SINGLE_LINE = PlainText(multiline=False)
MULTI_LINE = PlainText(multiline=True)

# A name or title (of a unit, bloc, title or campaign): one line of 1 to 300 characters, cleaned. A feature
# adds its own example: ``Annotated[Name, Field(examples=[...])]``.
Name = Annotated[str, BeforeValidator(clean_text), Field(min_length=1, max_length=300), SINGLE_LINE]


# ---- text in XML documents (XLSX, DOCX) ---------------------------------------------------------------

# Every character outside XML 1.0's `Char` production; openpyxl and python-docx raise on each of them.
_XML_ILLEGAL = re.compile(r"[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Of those, the ones Python counts as white space: Word pastes U+000B for a line break and U+000C for a
# page break, and U+001C–U+001F are separators. A space keeps the words on either side apart.
_XML_ILLEGAL_SPACE = frozenset("\u000b\u000c\u001c\u001d\u001e\u001f")


def _xml_replacement(found: re.Match[str]) -> str:
    return " " if found.group() in _XML_ILLEGAL_SPACE else "\ufffd"


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced: the white-space controls by a space, the
    others by U+FFFD (the replacement character). Replaced, not dropped: dropping would silently join
    what stood on either side ("12\\x0034" would read "1234" in a decision number); U+FFFD shows the
    reader that a character was lost."""
    return _XML_ILLEGAL.sub(_xml_replacement, text)


# ---- text in spreadsheets ------------------------------------------------------------------------------

# A spreadsheet program runs a cell that starts with one of these as a formula ("CSV injection"). Names,
# titles and notes are typed by people and by scripts: exports keep them text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_inert(text: str) -> str:
    """``text`` for a CSV cell: with a leading apostrophe (the spreadsheet's own "this is text" mark) when a
    spreadsheet would run it as a formula. XLSX writers mark such cells as text instead."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
