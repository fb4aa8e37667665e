"""Content-addressed storage of dossier documents on the file system, and the limits of an upload.

A document is kept under ``<dir>/sha256/ab/cd/<hex>``, named by the SHA-256 of its bytes: the same bytes
stored twice are one file, and a file whose bytes no longer hash to its name has been tampered with (or
rotted) and is never served. ``<dir>`` is ``Settings.document_directory()`` (``THIDUA_DOCUMENT_DIR``).

Durability: the bytes go to a temporary file in the target's own directory, are fsynced, then renamed
over the target (``os.replace``, atomic on POSIX), and the directory is fsynced so that the rename
itself is on disk. Once ``store`` returns, the document survives a crash; before that, a reader sees
either no file or the whole one, never a part. A crash may leave a ``.tmp-*`` file behind, which no name
refers to (``store`` never reads one).

No database here: the caller records the returned ``Stored`` (checksum, size) with the uploader and time.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import AsyncIterable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from app.core.config import Settings
from app.core.errors import DomainError
from app.dossiers.sniff import ALLOWED_NAMES

ALGORITHM = "sha256"
_HEX = re.compile(r"^[0-9a-f]{64}$")
TMP_PREFIX = ".tmp-"


class DocumentTooLarge(DomainError):
    status, code = 413, "document_too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"The document exceeds the limit of {limit} bytes ({_mib(limit)} MiB); nothing was stored.",
            detail_vi=f"Tài liệu vượt quá giới hạn {limit} byte ({_mib(limit)} MiB); không có gì được lưu.",
            extra={"limit": limit},
        )


class UnsupportedDocumentType(DomainError):
    status, code = 415, "unsupported_document_type"

    def __init__(self) -> None:
        super().__init__(
            "The document is not of an accepted type (read from its content, not its name): "
            f"{ALLOWED_NAMES}; nothing was stored.",
            detail_vi="Tài liệu không thuộc loại được chấp nhận (xác định theo nội dung tệp, không theo "
            f"tên tệp): {ALLOWED_NAMES}; không có gì được lưu.",
            extra={"accepted": ALLOWED_NAMES.split(", ")},
        )


class DocumentCorrupted(Exception):
    """A stored file whose bytes no longer match its checksum: never served (an internal error, logged)."""

    def __init__(self, sha256: str, path: Path) -> None:
        super().__init__(f"stored document {sha256} at {path} does not match its checksum; not served")
        self.sha256 = sha256
        self.path = path


class DocumentMissing(Exception):
    """No file for a checksum the caller believed stored."""

    def __init__(self, sha256: str, path: Path) -> None:
        super().__init__(f"stored document {sha256} is missing at {path}")
        self.sha256 = sha256
        self.path = path


def _mib(limit: int) -> str:
    return f"{limit / (1024 * 1024):.4g}".replace(".", ",")


@dataclass(frozen=True)
class Stored:
    sha256: str  # 64 lower-case hex digits
    size: int  # bytes
    path: Path  # where the file is (for logs and operations; clients never see it)


class DocumentStore:
    """The documents under ``root``. The directory is created on first ``store``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def from_settings(cls, settings: Settings) -> DocumentStore:
        """The store under ``THIDUA_DOCUMENT_DIR`` (or beside the SQLite file); ``DocumentDirUnset`` when
        the settings name no directory."""
        return cls(settings.document_directory())

    def path_of(self, sha256: str) -> Path:
        if not _HEX.fullmatch(sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / ALGORITHM / sha256[:2] / sha256[2:4] / sha256

    def store(self, data: bytes) -> Stored:
        """Keeps ``data`` (once, whatever the number of calls with the same bytes) and returns where."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path_of(digest)
        if self._intact(target, digest, len(data)):
            return Stored(digest, len(data), target)
        directory = target.parent
        created = _makedirs(directory)
        fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=directory)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o440)  # written once, read many times, never changed in place
            _replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(directory)
        for parent in created:  # a new directory's own entry in its parent, too
            _fsync_dir(parent.parent)
        return Stored(digest, len(data), target)

    def open(self, sha256: str) -> bytes:
        """The bytes stored under ``sha256``, checked against it: ``DocumentCorrupted`` if they differ,
        ``DocumentMissing`` if there is no such file."""
        path = self.path_of(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise DocumentMissing(sha256, path) from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise DocumentCorrupted(sha256, path)
        return data

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def _intact(self, path: Path, digest: str, size: int) -> bool:
        """The file is there and whole (a damaged one is replaced by the good bytes being stored)."""
        try:
            if path.stat().st_size != size:
                return False
            return hashlib.sha256(path.read_bytes()).hexdigest() == digest
        except FileNotFoundError:
            return False


# ---- the file system's guarantees, in one place (tests inject failures here) ----------------------------


def _replace(src: str, dst: Path) -> None:
    os.replace(src, dst)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _makedirs(directory: Path) -> list[Path]:
    """Creates ``directory`` and its missing parents; returns those it created, outermost first."""
    missing = []
    current = directory
    while not current.exists():
        missing.append(current)
        current = current.parent
    directory.mkdir(parents=True, exist_ok=True)
    return list(reversed(missing))


# ---- the size limit, enforced while reading ----------------------------------------------------------------


@runtime_checkable
class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


CHUNK = 64 * 1024


def read_limited(stream: Readable | Iterable[bytes], limit: int) -> bytes:
    """The bytes of ``stream`` (a binary file, e.g. an ``UploadFile``'s ``.file``, or an iterable of
    chunks), stopping with ``DocumentTooLarge`` as soon as they pass ``limit``: never more than ``limit``
    plus one chunk is held."""
    chunks = _chunks(stream) if isinstance(stream, Readable) else stream
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        if len(buffer) > limit:
            raise DocumentTooLarge(limit)
    return bytes(buffer)


async def read_limited_async(chunks: AsyncIterable[bytes], limit: int) -> bytes:
    """``read_limited`` for an asynchronous stream (e.g. ``Request.stream()``)."""
    buffer = bytearray()
    async for chunk in chunks:
        buffer += chunk
        if len(buffer) > limit:
            raise DocumentTooLarge(limit)
    return bytes(buffer)


def _chunks(stream: Readable) -> Iterator[bytes]:
    # Never iterate a binary file: that yields lines, and a file without a newline is one line.
    while chunk := stream.read(CHUNK):
        yield chunk
