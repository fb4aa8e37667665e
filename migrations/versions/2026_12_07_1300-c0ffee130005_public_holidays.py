"""The office's corrections to the default calendar of public holidays: a day off it adds, or a working day
(a Saturday worked in a swap, or a default holiday that does not apply). The default table itself is code
(app/core/holidays_vn.py), not rows.

Revision ID: c0ffee130005
Revises: c0ffee130001
Create Date: 2026-12-07 13:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.base

revision: str = "c0ffee130005"
down_revision: str | None = "c0ffee130001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "public_holidays",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('holiday', 'working_day')", name=op.f("ck_public_holidays_kind")),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_public_holidays")),
    )


def downgrade() -> None:
    op.drop_table("public_holidays")
