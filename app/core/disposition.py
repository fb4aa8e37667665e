"""The ``Content-Disposition`` of a download (pure): a Vietnamese file name that every client can save.

RFC 6266 §4.3 and appendix D: send ``filename*`` (RFC 8187, the successor of RFC 5987: ``UTF-8''`` then
the name percent-encoded) for the real name, and before it a plain ``filename="..."`` for the clients that
know only that one. The fallback is the name folded to ASCII (diacritics dropped, đ → d) without the
characters a quoted string, a naive header parser or a file system would trip over (quotes, backslashes,
slashes, percent signs, semicolons, control characters), so it never needs escaping. Browsers, curl
``-J``, and generated clients that read ``filename*`` save "Báo cáo tổng kết 2016 - Khối Bộ.docx"; the
rest save "Bao cao tong ket 2016 - Khoi Bo.docx".
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

# RFC 8187 §3.2.1 attr-char, besides letters and digits (which `quote` always keeps).
_ATTR_CHAR = "!#$&+-.^_`|~"
# What a file name must not hold on any common system, or that a quoted-string would have to escape.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f"\\/:*?<>|%\u2028\u2029]')
_FOLD = str.maketrans(
    {"đ": "d", "Đ": "D", "Ð": "D", "–": "-", "—": "-", "“": "", "”": "", "‘": "'", "’": "'"}
)
MAX_NAME = 150  # characters of the name before its extension: long bloc names stay readable


def safe_name(name: str) -> str:
    """``name`` as a file name: NFC, one line, no path separators or reserved characters, blanks
    collapsed, not empty, not starting with a dot."""
    stem, dot, extension = unicodedata.normalize("NFC", name).rpartition(".")
    if not dot:
        stem, extension = extension, ""
    stem = " ".join(_UNSAFE.sub(" ", stem).split())[:MAX_NAME].strip(" .") or "tep"
    extension = re.sub(r"[^A-Za-z0-9]", "", extension)
    return f"{stem}.{extension}" if extension else stem


def ascii_name(name: str) -> str:
    """The fallback: ``name`` folded to printable ASCII, diacritics dropped and đ → d."""
    decomposed = unicodedata.normalize("NFKD", safe_name(name).translate(_FOLD))
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    # ";" too: it is legal in a quoted string, but clients that split the header on ";" exist.
    ascii_only = "".join(ch if " " <= ch <= "~" and ch != ";" else "_" for ch in kept)
    return safe_name(ascii_only)


def content_disposition(name: str) -> str:
    """``attachment; filename="<ASCII>"; filename*=UTF-8''<percent-encoded UTF-8>``."""
    real = safe_name(name)
    return f"attachment; filename=\"{ascii_name(real)}\"; filename*=UTF-8''{quote(real, safe=_ATTR_CHAR)}"
