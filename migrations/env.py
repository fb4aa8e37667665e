"""Alembic environment. The URL comes from the caller (app.core.migrations) or THIDUA_DATABASE_URL."""

from __future__ import annotations

from collections import Counter

from alembic import context
from sqlalchemy import Connection

from app.core.db import make_engine
from app.core.migrations import MigrationRefused
from app.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from app.core.config import get_settings

    return get_settings().database_url


def _configure(connection: Connection | None = None, **kw: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=True,  # SQLite alters tables by copying them
        **kw,
    )


def run_migrations_offline() -> None:
    _configure(url=_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(_url())
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as connection:
            if sqlite:
                # SQLite alters a table by copying it and dropping the original; with foreign keys on,
                # dropping it would cascade to the rows that reference it (a score sheet's entries, say).
                # The pragma only takes effect outside a transaction: set it on the driver's connection
                # before the migration's transaction begins (this engine is thrown away afterwards).
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
                # And SQLite's DDL is transactional: the whole upgrade is one transaction, so a refused
                # foreign-key check (below) or any failure leaves the database as it was.
                _configure(connection, transactional_ddl=True)
            else:
                _configure(connection)
            with context.begin_transaction():
                before = _broken_references(connection) if sqlite else Counter()
                context.run_migrations()
                if sqlite:
                    _check_references(before, _broken_references(connection))
    finally:
        engine.dispose()


def _broken_references(connection: Connection) -> Counter[tuple[str, str]]:
    """(table, referenced table) → rows whose reference is dangling (SQLite's foreign_key_check)."""
    rows = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    return Counter((row[0], row[2]) for row in rows)


def _check_references(before: Counter[tuple[str, str]], after: Counter[tuple[str, str]]) -> None:
    """Refuse (and so roll back) an upgrade that left references dangling while the checks were off.
    Dangling rows that were there before it are not its doing: they do not block it."""
    new = after - before
    if new:
        (table, parent), count = next(iter(new.items()))
        raise MigrationRefused(
            f"the migration would leave {sum(new.values())} row(s) with a dangling reference "
            f"(e.g. {count} in {table} to {parent}); nothing was changed"
        )


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
