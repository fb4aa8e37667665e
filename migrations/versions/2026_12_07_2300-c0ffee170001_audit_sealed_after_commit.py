"""The audit trail is sealed after commit (issue 17): writers insert events without ``seq``, ``prev_hash``
and ``hash`` and take no lock; a sealer chains the committed ones. The columns become nullable, a partial
index finds the unsealed events, and the append-only trigger lets exactly one UPDATE through per event:
the one that seals it, changing nothing else.

Revision ID: c0ffee170001
Revises: c0ffee140001
Create Date: 2026-12-07 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'c0ffee170001'
down_revision: str | None = 'c0ffee140001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every column but the three the sealer fills: a sealing UPDATE must leave these as they are.
_CONTENT = ("id", "at", "actor_id", "actor_type", "action", "object_type", "object_id", "request_id",
            "outcome", "details")
_SEALS = ("seq", "prev_hash", "hash")


def _sealing(new: str, old: str, same: str) -> str:
    """The SQL condition of a sealing update (``same`` compares two values, NULLs equal)."""
    unsealed = " AND ".join(f"{old}.{c} IS NULL" for c in _SEALS)
    sealed = " AND ".join(f"{new}.{c} IS NOT NULL" for c in _SEALS)
    unchanged = " AND ".join(same.format(a=f"{new}.{c}", b=f"{old}.{c}") for c in _CONTENT)
    return f"{unsealed} AND {sealed} AND {unchanged}"


_PG_GUARD = f"""
CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND {_sealing("NEW", "OLD", "{a} IS NOT DISTINCT FROM {b}")} THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""

_PG_OLD_GUARD = """
CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""

_SQLITE_UPDATE_GUARD = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    f"WHEN NOT ({_sealing('NEW', 'OLD', '{a} IS {b}')}) "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
)
_SQLITE_OLD_UPDATE_GUARD = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
)
_SQLITE_DELETE_GUARD = (
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
)


def _nullable(nullable: bool) -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('seq', existing_type=sa.BigInteger(), nullable=nullable)
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=nullable)
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=nullable)


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if not postgresql:
        # A batch alteration rebuilds the table on SQLite, which drops its triggers: made again below.
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    _nullable(True)
    op.create_index(
        'ix_audit_events_unsealed', 'audit_events', ['at', 'id'], unique=False,
        postgresql_where=sa.text('seq IS NULL'), sqlite_where=sa.text('seq IS NULL'),
    )
    if postgresql:
        op.execute(_PG_GUARD)
    else:
        op.execute(_SQLITE_UPDATE_GUARD)
        op.execute(_SQLITE_DELETE_GUARD)


def downgrade() -> None:
    # The columns become NOT NULL again: first seal what is still unsealed, as the application's sealer
    # would (the chain's rules are the application's; the trigger still lets a sealing update through).
    from sqlalchemy.orm import Session

    from app.core.audit_sealer import seal

    bind = op.get_bind()
    session = Session(bind=bind, join_transaction_mode="create_savepoint")  # inside the migration's own
    while seal(session):
        pass
    session.commit()  # releases the savepoint; the migration's transaction commits the rest
    session.close()
    postgresql = bind.dialect.name == "postgresql"
    op.drop_index('ix_audit_events_unsealed', table_name='audit_events')
    if not postgresql:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    _nullable(False)
    if postgresql:
        op.execute(_PG_OLD_GUARD)
    else:
        op.execute(_SQLITE_OLD_UPDATE_GUARD)
        op.execute(_SQLITE_DELETE_GUARD)
