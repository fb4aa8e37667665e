"""Login throttle counters per kind (address, address failures, username from an address, username,
service client from an address, service client), with the attempts admitted and refused in each window.

The table holds only short-lived counters, so it is rebuilt rather than altered: an upgrade forgets the
failures counted in the current window, which is what the window's end would do anyway.

Revision ID: c0ffee160001
Revises: c0ffee120007
Create Date: 2026-12-07 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "c0ffee160001"
down_revision: str | None = "c0ffee120007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("login_throttle")
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("refusals", sa.Integer(), nullable=False),
        sa.Column("window_started_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("attempts >= 0 AND refusals >= 0", name=op.f("ck_login_throttle_counts")),
        sa.CheckConstraint(
            "kind IN ('address', 'address_failures', 'user_address', 'user', 'client_address', 'client')",
            name=op.f("ck_login_throttle_kind"),
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_throttle_subject"), ["subject"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_login_throttle_window_started_at"), ["window_started_at"], unique=False
        )


def downgrade() -> None:
    op.drop_table("login_throttle")
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
