"""The type of an uploaded dossier document, sniffed from its bytes: never from its file name or the
client's Content-Type, which anyone can write.

``sniff(data)`` returns the media type (``app.core.media_types``) of a PDF, PNG, JPEG, DOCX or XLSX, or
None for anything else (the caller answers 415): legacy Word and Excel files (OLE2 compound documents),
executables, HTML, a ZIP that is not the expected Office Open XML package, an empty or truncated file.

What is checked, cheaply, beyond the first bytes:

- PDF: ``%PDF-1.x``/``%PDF-2.0`` at the start and ``%%EOF`` in the last kilobyte (ISO 32000-1 §7.5.5; a
  file cut short in transfer loses it).
- PNG: the 8-byte signature, then an IHDR chunk, and the IEND chunk at the end (RFC 2083 / PNG §5).
- JPEG: SOI (FF D8 FF) at the start, EOI (FF D9) at the end, tolerating trailing zero padding.
- DOCX, XLSX: a ZIP whose central directory reads (a truncated ZIP loses it, the directory being at the
  end) with ``[Content_Types].xml`` and ``word/document.xml`` resp. ``xl/workbook.xml`` among at most
  ``MAX_ZIP_ENTRIES`` entries, whose declared sizes and compression ratios are bounded (a zip bomb is
  refused from its directory alone), and whose ``[Content_Types].xml`` inflates, within its bound, to
  XML declaring the main part's content type. Nothing is extracted to disk.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from app.core import media_types

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls: refused

# A DOCX or XLSX holds tens to a few hundred parts; Office's own limits are far above what a dossier needs.
MAX_ZIP_ENTRIES = 2000
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # one part, inflated
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all parts, inflated
# Deflate tops out near 1032:1; XML compresses 10–30:1. A part declaring more than this is a bomb.
MAX_RATIO = 200
MAX_CONTENT_TYPES_BYTES = 1024 * 1024  # [Content_Types].xml, the one part read

CONTENT_TYPES = "[Content_Types].xml"
# The main part of each package, and the content type [Content_Types].xml gives it (ECMA-376 Part 1).
OOXML_MAIN_PARTS = {
    media_types.DOCX: (
        "word/document.xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    media_types.XLSX: (
        "xl/workbook.xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}
# The same with macros (docm, xlsm) declare another content type for the main part: refused.

ALLOWED = (media_types.PDF, media_types.DOCX, media_types.XLSX, media_types.PNG, media_types.JPEG)
# The extension a download of each type is named with (the uploader's name is not trusted either).
EXTENSIONS = {
    media_types.PDF: ".pdf",
    media_types.DOCX: ".docx",
    media_types.XLSX: ".xlsx",
    media_types.PNG: ".png",
    media_types.JPEG: ".jpg",
}
# What the refusal names (app.dossiers.storage.UnsupportedDocumentType).
ALLOWED_NAMES = "PDF, DOCX, XLSX, PNG, JPEG"


def sniff(data: bytes) -> str | None:
    """The media type of ``data`` when it is a whole PDF, PNG, JPEG, DOCX or XLSX; else None."""
    if data.startswith(PDF_MAGIC):
        return media_types.PDF if _whole_pdf(data) else None
    if data.startswith(PNG_MAGIC):
        return media_types.PNG if _whole_png(data) else None
    if data.startswith(JPEG_MAGIC):
        return media_types.JPEG if _whole_jpeg(data) else None
    if data.startswith(ZIP_MAGIC):
        return _ooxml(data)
    return None


def _whole_pdf(data: bytes) -> bool:
    version = data[5:8]
    if len(version) < 3 or not (version[:1].isdigit() and version[1:2] == b"." and version[2:3].isdigit()):
        return False
    return b"%%EOF" in data[-1024:]


def _whole_png(data: bytes) -> bool:
    # The first chunk: length 13, type IHDR; the last: length 0, type IEND, and its CRC.
    return data[8:16] == b"\x00\x00\x00\x0dIHDR" and data[-12:] == b"\x00\x00\x00\x00IEND\xaeB`\x82"


def _whole_jpeg(data: bytes) -> bool:
    return len(data) >= 4 and data.rstrip(b"\x00").endswith(b"\xff\xd9")


def _ooxml(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
            if not _bounded(infos):
                return None
            names = {info.filename for info in infos}
            if CONTENT_TYPES not in names:
                return None
            found = [kind for kind, (part, _) in OOXML_MAIN_PARTS.items() if part in names]
            if len(found) != 1:
                return None
            kind = found[0]
            declared = _read_bounded(archive, archive.getinfo(CONTENT_TYPES), MAX_CONTENT_TYPES_BYTES)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError):
        return None  # truncated, corrupt, encrypted, or a compression method zipfile does not know
    if declared is None or OOXML_MAIN_PARTS[kind][1] not in declared:
        return None
    return kind


def _bounded(infos: list[zipfile.ZipInfo]) -> bool:
    """The directory's own word on the sizes: few entries, none too big or too compressed, no bomb."""
    if not infos or len(infos) > MAX_ZIP_ENTRIES:
        return False
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:  # encrypted
            return False
        if info.file_size > MAX_ENTRY_BYTES:
            return False
        if info.file_size > 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return False
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            return False
    return True


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """The entry's bytes, reading at most ``limit`` + 1 whatever the directory claims (it may lie); None
    when there are more. Reading it to its end, zipfile checks its CRC (BadZipFile on a mismatch)."""
    if info.file_size > limit:
        return None
    with archive.open(info) as entry:
        content = entry.read(limit + 1)
        if len(content) > limit:
            return None
    return content
