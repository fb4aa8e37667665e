"""``thidua backup`` and ``thidua restore``: choose the database's way of doing it (see ``sqlite.py``,
``postgres.py``) and hand back what was done. Every check that fails raises ``BackupError``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from app.locale import _
from app.ops import postgres, sqlite
from app.ops.common import BackupError, Outcome


def kind_of(url: str) -> str:
    backend = make_url(url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(
            _("backup and restore support SQLite and PostgreSQL, not {backend}").format(backend=backend)
        )
    return backend


def masked(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def backup(url: str, target: Path, *, force: bool = False, restore_check: bool = True) -> Outcome:
    """Copy the live database to ``target`` (and ``target.manifest.json``), verified before it is named."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if kind_of(url) == "sqlite":
        return sqlite.backup(url, target, force=force, database=masked(url))
    return postgres.backup(url, target, force=force, database=masked(url), restore_check=restore_check)


def restore(source: Path, url: str, *, force: bool = False) -> Outcome:
    """Restore a checked backup into the database ``url`` names (empty unless ``force``), then verify it."""
    if kind_of(url) == "sqlite":
        return sqlite.restore(source, url, force=force, database=masked(url))
    return postgres.restore(source, url, force=force, database=masked(url))
