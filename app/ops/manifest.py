"""The manifest written beside each backup: what it holds and the file's sha256, checked before a restore
touches anything, so a damaged or altered backup is refused rather than restored."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from app.locale import _
from app.ops.common import (
    BackupError,
    Outcome,
    fsync_dir,
    fsync_file,
    remove_quietly,
    sha256_of,
    temporary_beside,
)
from app.ops.verify import Verified


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal[1] = 1  # bumped when a reader of an older format would misread the file
    kind: Literal["sqlite", "postgresql"]
    file: str  # the backup's file name (it travels with its manifest)
    size: int
    sha256: str
    began_at: datetime  # every write acknowledged before this instant is in the backup
    finished_at: datetime
    alembic_revision: str
    # Every table's row count as verified in the copy; None when the copy was not restored to count them
    # (PostgreSQL backup with --no-restore-check): the restore then verifies without comparing counts.
    counts: dict[str, int] | None
    audit_events: int | None
    tool: str | None = None  # e.g. "pg_dump (PostgreSQL) 15.20"
    tool_major: int | None = None


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".manifest.json")


def write(manifest: Manifest, backup: Path) -> Path:
    """Write the manifest under a temporary name (fsynced); the caller renames it into place."""
    tmp = temporary_beside(manifest_path(backup), "partial")
    tmp.write_text(json.dumps(manifest.model_dump(mode="json"), indent=2) + "\n", encoding="utf-8")
    fsync_file(tmp)
    return tmp


def publish(manifest: Manifest, staged: Path, backup: Path) -> None:
    """Put a verified backup in place with its manifest: the manifest first, then the file (each by an
    atomic rename), then the directory synced. A failure leaves no manifest half-written."""
    meta_tmp = write(manifest, backup)
    try:
        os.replace(meta_tmp, manifest_path(backup))
        os.replace(staged, backup)
        fsync_dir(backup.parent)
    except BaseException:
        remove_quietly(meta_tmp)
        raise


def read_and_check(backup: Path, *, kind: str) -> Manifest:
    """The backup's manifest, once its size and sha256 match the file; a BackupError otherwise."""
    if not backup.is_file():
        raise BackupError(_("no backup file at {path}").format(path=backup))
    path = manifest_path(backup)
    try:
        manifest = Manifest.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        raise BackupError(
            _(
                "{path} is missing: a backup is restored only with the manifest "
                "`thidua backup` wrote beside it"
            ).format(path=path)
        ) from None
    except ValidationError as exc:
        raise BackupError(
            _("{path} is not a valid backup manifest ({count} errors)").format(
                path=path, count=exc.error_count()
            )
        ) from None
    if manifest.kind != kind:
        raise BackupError(
            _("{path} is a {kind} backup; the configured database is {configured}").format(
                path=backup, kind=manifest.kind, configured=kind
            )
        )
    size = os.path.getsize(backup)
    if size != manifest.size or sha256_of(backup) != manifest.sha256:
        raise BackupError(
            _(
                "{path} does not match its manifest (size or sha256 differ): the file is damaged or was "
                "altered; nothing was restored"
            ).format(path=backup)
        )
    return manifest


def compare(manifest: Manifest, restored: Verified) -> None:
    """The restored database must hold exactly what the backup verified."""
    revision, counts, audit_events = restored.revision, restored.counts, restored.audit_events
    if revision != manifest.alembic_revision:
        raise BackupError(
            _("restored schema is at {revision}, the manifest says {expected}").format(
                revision=revision, expected=manifest.alembic_revision
            )
        )
    if manifest.counts is None:
        return
    tables = manifest.counts.keys() | counts.keys()
    differ = sorted(t for t in tables if manifest.counts.get(t) != counts.get(t))
    if differ:
        shown = ", ".join(f"{t}: {counts.get(t)} (manifest {manifest.counts.get(t)})" for t in differ[:5])
        raise BackupError(_("restored row counts differ from the manifest: {shown}").format(shown=shown))
    if manifest.audit_events is not None and audit_events != manifest.audit_events:
        raise BackupError(
            _("restored {count} audit events, the manifest says {expected}").format(
                count=audit_events, expected=manifest.audit_events
            )
        )


def outcome(
    manifest: Manifest,
    *,
    action: str,
    file: Path,
    database: str,
    began_at: datetime,
    verified: Verified | None = None,
    notes: tuple[str, ...] = (),
) -> Outcome:
    """The command's summary: the file as the manifest describes it, and what ``verified`` found in the
    database (else what the manifest recorded)."""
    return Outcome(
        action=action,
        kind=manifest.kind,
        file=file,
        database=database,
        size=manifest.size,
        sha256=manifest.sha256,
        revision=verified.revision if verified else manifest.alembic_revision,
        counts=verified.counts if verified else manifest.counts,
        audit_events=verified.audit_events if verified else manifest.audit_events,
        began_at=began_at,
        notes=notes,
    )
