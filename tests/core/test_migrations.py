"""The schema comes from the migrations; they round-trip and match the models on both databases."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from app.core.db import make_engine
from app.core.migrations import ROOT, MigrationRefused, alembic_config, downgrade, head_revision, upgrade
from app.models import Base


def _diff(url: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(ctx, Base.metadata)
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade_round_trip_without_drift(database_url):
    assert _diff(database_url) == []  # what `alembic check` checks
    downgrade(database_url, "base")
    assert _tables(database_url) <= {"alembic_version"}
    upgrade(database_url)
    assert _diff(database_url) == []
    assert set(Base.metadata.tables) <= _tables(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head_revision()
    finally:
        engine.dispose()


def test_sqlite_pragmas_are_set(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/p.db")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def _dangling_entry(db: Path) -> None:
    """A score entry whose sheet does not exist, written with the checks off (as old data could hold)."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute(
            "INSERT INTO score_entries (sheet_id, criterion_code, points_centi)"
            " VALUES ('no-such-sheet', '1', 1)"
        )
        conn.commit()
    finally:
        conn.close()


def _revision(db: Path) -> str | None:
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def test_sqlite_upgrade_that_leaves_dangling_references_is_refused_and_rolled_back(tmp_path: Path) -> None:
    """Migrations run on SQLite with foreign keys off (table rebuilds must not cascade): an upgrade that
    leaves a reference dangling is refused, and all of it is rolled back."""
    db = tmp_path / "m.db"
    url = f"sqlite:///{db}"
    upgrade(url)
    head = head_revision()
    scripts = tmp_path / "migrations"
    shutil.copytree(ROOT / "migrations", scripts)
    (scripts / "versions" / "9999_bad.py").write_text(
        f'"""A bad migration"""\n'
        "from alembic import op\n"
        "revision = 'bad0bad0bad0'\n"
        f"down_revision = '{head}'\n"
        "def upgrade():\n"
        "    op.execute('CREATE TABLE probe (id INTEGER)')\n"
        '    op.execute("INSERT INTO score_entries (sheet_id, criterion_code, points_centi)'
        " VALUES ('no-such-sheet', '1', 1)\")\n"
        "def downgrade():\n"
        "    pass\n",
        encoding="utf-8",
    )
    config = alembic_config(url)
    config.set_main_option("script_location", str(scripts))
    with pytest.raises(MigrationRefused, match=r"1 row.*score_entries to score_sheets"):
        command.upgrade(config, "head")
    assert _revision(db) == head
    assert "probe" not in _tables(url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM score_entries").scalar() == 0
    finally:
        engine.dispose()


def test_sqlite_dangling_rows_from_before_do_not_block_an_upgrade(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    url = f"sqlite:///{db}"
    upgrade(url)
    downgrade(url, "-1")
    _dangling_entry(db)
    upgrade(url)
    assert _revision(db) == head_revision()
