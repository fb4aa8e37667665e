"""A download's ``Content-Disposition`` read back as a client reads it (RFC 6266, RFC 8187), independently
of ``app.core.disposition``: the exact name a browser saves, and the fallback an old client saves."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

# RFC 8187 attr-char: what may stand unencoded in an ext-value.
_EXT_VALUE = re.compile(r"UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+)")
_FALLBACK = re.compile(r'"([^"\\]*)"')


@dataclass(frozen=True)
class Disposition:
    filename: str  # from filename*, decoded
    fallback: str  # the plain filename="..."


def read(header: str) -> Disposition:
    """Parses ``attachment; filename="..."; filename*=UTF-8''...`` strictly: one of each, ``attachment``
    first, ``filename*`` well-formed (every byte outside attr-char percent-encoded, valid UTF-8)."""
    parts = [p.strip() for p in header.split(";")]
    assert parts[0] == "attachment", header
    params = dict(p.split("=", 1) for p in parts[1:])
    assert set(params) == {"filename", "filename*"}, header
    m = _EXT_VALUE.fullmatch(params["filename*"])
    assert m is not None, header
    encoded = m.group(1)
    assert re.fullmatch(r"(?:[^%]|%[0-9A-F]{2})*", encoded), header  # upper-case hex, no stray %
    name = unquote_to_bytes(encoded).decode("utf-8")  # strict: invalid UTF-8 fails
    fb = _FALLBACK.fullmatch(params["filename"])
    assert fb is not None, header
    return Disposition(filename=name, fallback=fb.group(1))


def assert_download_named(header: str, name: str) -> Disposition:
    """The header names the file ``name`` exactly, with a pure-ASCII fallback a quoted string holds
    without escapes and a file system takes as it is."""
    d = read(header)
    assert d.filename == name, (d.filename, name)
    assert d.fallback.isascii() and d.fallback.isprintable(), d.fallback
    assert not set(d.fallback) & set('"\\/:*?<>|%;'), d.fallback
    assert d.fallback.rsplit(".", 1)[-1] == name.rsplit(".", 1)[-1]
    return d
