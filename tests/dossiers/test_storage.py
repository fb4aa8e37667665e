"""Content-addressed storage: round trip, one copy per content, atomic and durable writes, tampering
refused, the size limit while reading, and where the directory is."""

from __future__ import annotations

import asyncio
import hashlib
import os
from io import BytesIO
from pathlib import Path

import pytest

from app.core.config import DocumentDirUnset, Settings
from app.core.i18n import TITLES
from app.dossiers import storage
from app.dossiers.storage import (
    DocumentCorrupted,
    DocumentMissing,
    DocumentStore,
    DocumentTooLarge,
    UnsupportedDocumentType,
    read_limited,
    read_limited_async,
)
from tests.support import samples


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_round_trip_under_the_content_address(tmp_path):
    store = DocumentStore(tmp_path)
    data = samples.pdf()
    stored = store.store(data)
    digest = hashlib.sha256(data).hexdigest()
    assert stored.sha256 == digest and stored.size == len(data)
    assert stored.path == tmp_path / "sha256" / digest[:2] / digest[2:4] / digest
    assert stored.path.read_bytes() == data
    assert store.open(digest) == data
    assert store.exists(digest)


def test_the_same_bytes_are_stored_once(tmp_path):
    store = DocumentStore(tmp_path)
    first = store.store(samples.png())
    second = store.store(samples.png())
    assert first == second
    assert _files(tmp_path) == [first.path]
    other = store.store(samples.jpeg())
    assert _files(tmp_path) == sorted([first.path, other.path])


def test_a_failure_before_the_rename_leaves_no_file_visible(tmp_path, monkeypatch):
    store = DocumentStore(tmp_path)

    def crash(src: str, dst: Path) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(storage, "_replace", crash)
    with pytest.raises(OSError, match="disk gone"):
        store.store(samples.pdf())
    digest = hashlib.sha256(samples.pdf()).hexdigest()
    assert not store.exists(digest)
    assert _files(tmp_path) == []  # the temporary file is gone too
    with pytest.raises(DocumentMissing):
        store.open(digest)


def test_the_file_and_its_directory_are_synced_before_store_returns(tmp_path, monkeypatch):
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    stored = DocumentStore(tmp_path).store(samples.pdf())
    # The temporary file's bytes, then the directory that holds the renamed file, then the new parents'.
    assert Path(synced[0]).parent == stored.path.parent and Path(synced[0]).name.startswith(".tmp-")
    assert Path(synced[1]) == stored.path.parent
    assert str(tmp_path / "sha256") in synced and str(tmp_path) in synced


def test_a_tampered_file_is_refused_on_read(tmp_path):
    store = DocumentStore(tmp_path)
    stored = store.store(samples.pdf())
    stored.path.chmod(0o640)
    stored.path.write_bytes(samples.pdf().replace(b"To trinh", b"To trinX"))
    with pytest.raises(DocumentCorrupted, match=stored.sha256):
        store.open(stored.sha256)


def test_storing_again_repairs_a_damaged_file(tmp_path):
    store = DocumentStore(tmp_path)
    stored = store.store(samples.pdf())
    stored.path.chmod(0o640)
    stored.path.write_bytes(b"rot")
    assert store.store(samples.pdf()) == stored
    assert store.open(stored.sha256) == samples.pdf()


@pytest.mark.parametrize("bad", ["", "ab", "../" + "a" * 61, "A" * 64, "g" * 64])
def test_only_a_sha256_names_a_file(tmp_path, bad):
    with pytest.raises(ValueError):
        DocumentStore(tmp_path).open(bad)


def test_the_limit_is_enforced_while_reading():
    limit = 10 * 1024

    def chunks():
        nonlocal served
        for _ in range(1000):
            served += 1024
            yield b"x" * 1024

    served = 0
    with pytest.raises(DocumentTooLarge) as caught:
        read_limited(chunks(), limit)
    assert served == limit + 1024  # stopped at the first chunk past the limit, not at the end
    refusal = caught.value
    assert (refusal.status, refusal.code, refusal.extra) == (413, "document_too_large", {"limit": limit})
    assert read_limited([b"a" * 5, b"b" * 5], 10) == b"a" * 5 + b"b" * 5


def test_the_limit_on_a_file_object_reads_it_in_chunks():
    class Counting(BytesIO):
        reads = 0

        def read(self, size: int | None = -1, /) -> bytes:
            Counting.reads += 1
            assert size is not None and 0 < size <= storage.CHUNK  # never the whole file at once
            return super().read(size)

    with pytest.raises(DocumentTooLarge):
        read_limited(Counting(b"\n" * (storage.CHUNK * 4)), storage.CHUNK)
    assert Counting.reads == 2
    assert read_limited(BytesIO(b"abc"), 3) == b"abc"


def test_the_limit_on_an_async_stream():
    async def chunks():
        for _ in range(5):
            yield b"y" * 100

    with pytest.raises(DocumentTooLarge):
        asyncio.run(read_limited_async(chunks(), 250))
    assert asyncio.run(read_limited_async(chunks(), 500)) == b"y" * 500


def test_the_refusals_are_bilingual_and_name_what_is_accepted():
    refusal = UnsupportedDocumentType()
    assert (refusal.status, refusal.code) == (415, "unsupported_document_type")
    assert refusal.extra == {"accepted": ["PDF", "DOCX", "XLSX", "PNG", "JPEG"]}
    assert refusal.detail is not None and "PDF, DOCX, XLSX, PNG, JPEG" in refusal.detail
    assert refusal.detail_vi is not None and "PDF, DOCX, XLSX, PNG, JPEG" in refusal.detail_vi
    too_large = DocumentTooLarge(20 * 1024 * 1024)
    assert too_large.detail is not None and "20 MiB" in too_large.detail
    assert too_large.detail_vi is not None and "20 MiB" in too_large.detail_vi
    assert {"document_too_large", "unsupported_document_type"} <= set(TITLES)


# ---- where the documents are --------------------------------------------------------------------------


def test_by_default_beside_the_sqlite_database(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path}/data/thidua.db")
    assert settings.document_directory() == tmp_path / "data" / "documents"
    assert settings.document_max_bytes == 20 * 1024 * 1024


@pytest.mark.parametrize(
    "url", ["postgresql+psycopg://postgres@127.0.0.1:5432/thidua", "sqlite://", "sqlite:///:memory:"]
)
def test_without_a_database_file_the_directory_must_be_named(url, tmp_path):
    with pytest.raises(DocumentDirUnset, match="THIDUA_DOCUMENT_DIR must be set"):
        Settings(database_url=url).document_directory()
    assert Settings(database_url=url, document_dir=tmp_path).document_directory() == tmp_path


def test_a_store_from_the_settings(tmp_path):
    settings = Settings(database_url="postgresql://postgres@127.0.0.1/thidua", document_dir=tmp_path)
    stored = DocumentStore.from_settings(settings).store(b"%PDF-1.4 ...")
    assert stored.path.is_relative_to(tmp_path)
    with pytest.raises(DocumentDirUnset):
        DocumentStore.from_settings(Settings(database_url="postgresql://postgres@127.0.0.1/thidua"))


def test_the_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("THIDUA_DOCUMENT_DIR", str(tmp_path / "docs"))
    monkeypatch.setenv("THIDUA_DOCUMENT_MAX_BYTES", "5242880")
    settings = Settings(database_url="postgresql://postgres@127.0.0.1/thidua")
    assert settings.document_directory() == tmp_path / "docs"
    assert settings.document_max_bytes == 5 * 1024 * 1024
