"""Vietnamese text: NFC storage and accent-insensitive folding for search."""

from __future__ import annotations

import unicodedata


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def fold(value: str) -> str:
    """Lower-case ASCII approximation: diacritics stripped, đ/Đ → d, whitespace collapsed."""
    decomposed = unicodedata.normalize(
        "NFD", value.replace("đ", "d").replace("Đ", "D").replace("\u00d0", "D")
    )
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
