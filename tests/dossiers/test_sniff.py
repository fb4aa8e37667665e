"""An upload's type comes from its bytes: each accepted type from a real file, everything else refused."""

from __future__ import annotations

import struct
import time
import zipfile
from io import BytesIO

import pytest

from app.core import media_types
from app.dossiers import sniff as sniffing
from app.dossiers.sniff import sniff
from tests.support import samples


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (samples.pdf, media_types.PDF),
        (samples.png, media_types.PNG),
        (samples.jpeg, media_types.JPEG),
        (samples.docx_file, media_types.DOCX),
        (samples.xlsx_file, media_types.XLSX),
    ],
)
def test_each_accepted_type_is_recognised_from_its_bytes(make, expected):
    assert sniff(make()) == expected


def test_every_accepted_type_has_an_extension():
    assert set(sniffing.EXTENSIONS) == set(sniffing.ALLOWED)


def test_the_name_and_the_declared_type_play_no_part():
    # sniff takes bytes only; a PDF a client calls "report.docx" is a PDF, a DOCX renamed .pdf a DOCX.
    assert sniff(samples.pdf()) == media_types.PDF
    assert sniff(samples.docx_file()) == media_types.DOCX


def test_jpeg_with_trailing_padding_is_accepted():
    assert sniff(samples.jpeg() + b"\x00" * 16) == media_types.JPEG


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(samples.EXE, id="exe"),
        pytest.param(samples.HTML, id="html"),
        pytest.param(samples.OLE2, id="legacy-doc-ole2"),
        pytest.param(b"%PDF", id="pdf-magic-cut"),
        pytest.param(b"\x89PNG\r\n\x1a\n", id="png-signature-only"),
        pytest.param(b"\xff\xd8\xff", id="jpeg-soi-only"),
        pytest.param(b"PK\x03\x04", id="zip-header-only"),
        pytest.param(b"Hello, world\n", id="text"),
    ],
)
def test_anything_else_is_refused(data):
    assert sniff(data) is None


@pytest.mark.parametrize(
    "make", [samples.pdf, samples.png, samples.jpeg, samples.docx_file, samples.xlsx_file]
)
def test_a_truncated_file_is_refused(make):
    data = make()
    assert sniff(data[: len(data) * 2 // 3]) is None
    assert sniff(data[: len(data) - 30]) is None


def test_a_pdf_without_a_version_is_refused():
    assert sniff(b"%PDF-x.y\n" + samples.pdf()[9:]) is None


def test_a_zip_that_is_not_office_open_xml_is_refused():
    assert sniff(samples.zip_of({"readme.txt": b"hello"})) is None
    # The content types alone, or the main part alone, are not a package.
    assert sniff(samples.zip_of({"word/document.xml": b"<w:document/>"})) is None
    assert sniff(samples.zip_of({"[Content_Types].xml": b"<Types/>"})) is None


def test_a_package_must_declare_its_main_part():
    # A DOCX's parts whose [Content_Types].xml does not give word/document.xml the document type (e.g. a
    # macro-enabled .docm) is not a DOCX.
    with zipfile.ZipFile(BytesIO(samples.docx_file())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"document.main+xml", b"document.macroEnabled.main+xml"
    )
    assert sniff(samples.zip_of(parts)) is None


def test_a_package_with_both_main_parts_is_refused():
    with zipfile.ZipFile(BytesIO(samples.docx_file())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/workbook.xml"] = b"<workbook/>"
    assert sniff(samples.zip_of(parts)) is None


def test_a_corrupt_entry_is_refused():
    data = bytearray(samples.docx_file())
    with zipfile.ZipFile(BytesIO(bytes(data))) as archive:
        info = archive.getinfo("[Content_Types].xml")
    # Flip a byte inside the compressed content types: inflate fails or the CRC does not match.
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    assert sniff(bytes(data)) is None


def test_a_zip_bomb_is_refused_quickly():
    # 200 MB of zeros deflate to ~200 KB; its directory says so, and nothing is inflated.
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(200):
                entry.write(chunk)
    bomb = out.getvalue()
    assert len(bomb) < 1024 * 1024
    started = time.perf_counter()
    assert sniff(bomb) is None
    assert time.perf_counter() - started < 0.5


def test_a_directory_that_lies_about_sizes_reads_no_more_than_the_bound(monkeypatch):
    # [Content_Types].xml declared small but inflating to more than the bound: the read stops at it.
    monkeypatch.setattr(sniffing, "MAX_CONTENT_TYPES_BYTES", 1024)
    monkeypatch.setattr(sniffing, "MAX_RATIO", 10**9)
    data = samples.zip_of({"[Content_Types].xml": b" " * 4096, "word/document.xml": b"<w:document/>"})
    assert sniff(data) is None


def test_too_many_entries_are_refused(monkeypatch):
    monkeypatch.setattr(sniffing, "MAX_ZIP_ENTRIES", 10)
    parts = {f"word/media/{i}.xml": b"<x/>" for i in range(10)}
    with zipfile.ZipFile(BytesIO(samples.docx_file())) as archive:
        parts.update({name: archive.read(name) for name in archive.namelist()})
    assert sniff(samples.zip_of(parts)) is None


def test_an_encrypted_entry_is_refused():
    data = bytearray(samples.docx_file())
    # Set the "encrypted" flag bit on every central directory entry (signature PK\x01\x02, flags at +8).
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) != -1:
        (flags,) = struct.unpack_from("<H", data, at + 8)
        struct.pack_into("<H", data, at + 8, flags | 1)
        at += 4
    assert sniff(bytes(data)) is None
