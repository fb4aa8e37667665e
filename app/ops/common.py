"""What backup and restore share: the error they raise, the summary they return, and careful file handling
(temporary names beside the target, fsync, atomic rename)."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.locale import _

# The tables a summary names; the manifest counts every table.
KEY_TABLES = ("units", "users", "people", "campaigns", "awards", "audit_events")
_CHUNK = 1 << 20


class BackupError(RuntimeError):
    """A backup or restore refused or failed; the message says what and what to do."""


@dataclass(frozen=True)
class Outcome:
    """What a backup or restore did, for the command's summary."""

    action: str  # backup | restore
    kind: str  # sqlite | postgresql
    file: Path
    database: str  # the URL with its password masked
    size: int
    sha256: str
    revision: str
    counts: Mapping[str, int] | None
    audit_events: int | None
    began_at: datetime
    notes: tuple[str, ...] = field(default=())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (the directory entry itself must reach the disk)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temporary_beside(target: Path, suffix: str) -> Path:
    """A hidden name in the target's directory, so the final rename stays on one file system (atomic)."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.{suffix}")


def remove_quietly(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def refuse_existing(*paths: Path, force: bool) -> None:
    existing = [str(p) for p in paths if p.exists()]
    if existing and not force:
        raise BackupError(
            _("refusing to overwrite {paths}; choose another name or pass --force").format(
                paths=", ".join(existing)
            )
        )
