"""The commendation procedure (issue 13): proposals with their items, documents, transitions and
consultation comments; the council with its members, sessions, agendas, attendance and secret ballots;
decisions numbered from registers, their recipients, and the recoveries revocations track.

Revision ID: c0ffee130001
Revises: c0ffee180001
Create Date: 2026-12-07 14:28:58.721877
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import app.models.base

revision: str = "c0ffee130001"
down_revision: str | None = "c0ffee180001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "councils",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("authority", sa.String(length=300), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=False),
        sa.Column("term_end", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("term_end IS NULL OR term_end >= term_start", name=op.f("ck_councils_term")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_councils")),
    )
    with op.batch_alter_table("councils", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_councils_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_councils_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "decision_registers",
        sa.Column("authority_code", sa.String(length=32), nullable=False),
        sa.Column("authority_name", sa.String(length=300), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=32), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.Column("last_certificate", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("last_certificate >= 0", name=op.f("ck_decision_registers_last_certificate")),
        sa.CheckConstraint("last_number >= 0", name=op.f("ck_decision_registers_last_number")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_registers")),
    )
    with op.batch_alter_table("decision_registers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_registers_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_registers_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index("uq_decision_registers_authority_year", ["authority_code", "year"], unique=True)

    op.create_table(
        "council_sessions",
        sa.Column("council_id", sa.String(length=64), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("members_count", sa.Integer(), nullable=True),
        sa.Column("opened_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "result",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'open', 'closed', 'cancelled')", name=op.f("ck_council_sessions_status")
        ),
        sa.ForeignKeyConstraint(
            ["council_id"],
            ["councils.id"],
            name=op.f("fk_council_sessions_council_id_councils"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_sessions")),
    )
    with op.batch_alter_table("council_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_sessions_council_id"), ["council_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_council_sessions_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_council_sessions_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_council_sessions_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "council_ballots",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("receipt_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column(
            "choices",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint("kind IN ('electronic', 'written')", name=op.f("ck_council_ballots_kind")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["council_sessions.id"],
            name=op.f("fk_council_ballots_session_id_council_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_ballots")),
        sa.UniqueConstraint("receipt_hash", name=op.f("uq_council_ballots_receipt_hash")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("council_ballots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_ballots_session_id"), ["session_id"], unique=False)

    op.create_table(
        "council_members",
        sa.Column("council_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=True),
        sa.Column("full_name", sa.String(length=300), nullable=False),
        sa.Column("position", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("is_secretary", sa.Boolean(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('chair', 'vice_chair', 'standing', 'member')", name=op.f("ck_council_members_role")
        ),
        sa.ForeignKeyConstraint(
            ["council_id"],
            ["councils.id"],
            name=op.f("fk_council_members_council_id_councils"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_council_members_user_id_users"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_members")),
    )
    with op.batch_alter_table("council_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_members_council_id"), ["council_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_council_members_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_council_members_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index("uq_council_members_user", ["council_id", "user_id"], unique=True)

    op.create_table(
        "council_attendance",
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("substitute_name", sa.String(length=300), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["council_members.id"],
            name=op.f("fk_council_attendance_member_id_council_members"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["council_sessions.id"],
            name=op.f("fk_council_attendance_session_id_council_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "member_id", name=op.f("pk_council_attendance")),
    )
    op.create_table(
        "council_voters",
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["council_members.id"],
            name=op.f("fk_council_voters_member_id_council_members"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["council_sessions.id"],
            name=op.f("fk_council_voters_session_id_council_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "member_id", name=op.f("pk_council_voters")),
    )
    op.create_table(
        "proposals",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=True),
        sa.Column("bloc_id", sa.String(length=64), nullable=True),
        sa.Column("campaign_id", sa.String(length=64), nullable=True),
        sa.Column("source_session_id", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("regime_code", sa.String(length=16), nullable=True),
        sa.Column("step_started_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("submitted_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=True),
        sa.Column("forwarded_to", sa.String(length=300), nullable=True),
        sa.Column("forwarded_on", sa.Date(), nullable=True),
        sa.Column("forwarded_ref", sa.String(length=100), nullable=True),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("origin IN ('unit', 'bloc', 'secretariat')", name=op.f("ck_proposals_origin")),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'under_review', 'returned', 'checked', 'consultation', "
            "'council', 'signing', 'forwarded', 'decided', 'rejected', 'withdrawn')",
            name=op.f("ck_proposals_status"),
        ),
        sa.CheckConstraint("round >= 1", name=op.f("ck_proposals_round")),
        sa.CheckConstraint("year >= 1945 AND year <= 2200", name=op.f("ck_proposals_year")),
        sa.ForeignKeyConstraint(
            ["bloc_id"], ["blocs.id"], name=op.f("fk_proposals_bloc_id_blocs"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_proposals_campaign_id_campaigns"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["source_session_id"],
            ["voting_sessions.id"],
            name=op.f("fk_proposals_source_session_id_voting_sessions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_proposals_unit_id_units"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposals_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposals_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposals_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposals_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposals_year"), ["year"], unique=False)

    op.create_table(
        "decisions",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("register_id", sa.String(length=64), nullable=True),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("number_text", sa.String(length=100), nullable=True),
        sa.Column("external", sa.Boolean(), nullable=False),
        sa.Column("authority_code", sa.String(length=32), nullable=True),
        sa.Column("authority_name", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("signer_name", sa.String(length=300), nullable=True),
        sa.Column("signer_position", sa.String(length=300), nullable=True),
        sa.Column(
            "legal_grounds",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("proposal_id", sa.String(length=64), nullable=True),
        sa.Column("target_decision_id", sa.String(length=64), nullable=True),
        sa.Column("revocation_ground", sa.String(length=32), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("issued_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=True),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('award', 'amendment', 'revocation')", name=op.f("ck_decisions_kind")),
        sa.CheckConstraint(
            "status = 'draft' OR number_text IS NOT NULL", name=op.f("ck_decisions_issued_numbered")
        ),
        sa.CheckConstraint("status IN ('draft', 'issued')", name=op.f("ck_decisions_status")),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_decisions_proposal_id_proposals"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["register_id"],
            ["decision_registers.id"],
            name=op.f("fk_decisions_register_id_decision_registers"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["target_decision_id"],
            ["decisions.id"],
            name=op.f("fk_decisions_target_decision_id_decisions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_number_text"), ["number_text"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index("uq_decisions_register_number", ["register_id", "number"], unique=True)

    op.create_table(
        "proposal_items",
        sa.Column("proposal_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=True),
        sa.Column("person_id", sa.String(length=64), nullable=True),
        sa.Column("title_code", sa.String(length=64), nullable=True),
        sa.Column("form_code", sa.String(length=64), nullable=True),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("achievements", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("verdict_outcome", sa.String(length=16), nullable=True),
        sa.Column(
            "verdict",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("return_reason", sa.Text(), nullable=True),
        sa.Column(
            "council_result",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("award_id", sa.String(length=64), nullable=True),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "method IN ('regular', 'sudden', 'thematic')", name=op.f("ck_proposal_items_method")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'returned', 'approved', 'rejected', 'decided', 'withdrawn')",
            name=op.f("ck_proposal_items_status"),
        ),
        sa.CheckConstraint(
            "(title_code IS NULL) <> (form_code IS NULL)", name=op.f("ck_proposal_items_one_kind")
        ),
        sa.CheckConstraint(
            "(unit_id IS NULL) <> (person_id IS NULL)", name=op.f("ck_proposal_items_one_subject")
        ),
        sa.CheckConstraint("position >= 1", name=op.f("ck_proposal_items_position")),
        sa.CheckConstraint(
            "verdict_outcome IS NULL OR verdict_outcome IN ('eligible', 'not_eligible', 'needs_judgement')",
            name=op.f("ck_proposal_items_verdict_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["award_id"], ["awards.id"], name=op.f("fk_proposal_items_award_id_awards"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["form_code"],
            ["commendation_forms.code"],
            name=op.f("fk_proposal_items_form_code_commendation_forms"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_proposal_items_person_id_people"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_items_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["title_code"],
            ["titles.code"],
            name=op.f("fk_proposal_items_title_code_titles"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_proposal_items_unit_id_units"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_items")),
    )
    with op.batch_alter_table("proposal_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_items_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_items_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_items_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_items_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_items_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index("uq_proposal_items_position", ["proposal_id", "position"], unique=True)

    op.create_table(
        "proposal_transitions",
        sa.Column("proposal_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.String(length=64), nullable=True),
        sa.Column("actor_name", sa.String(length=300), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "details",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_transitions_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_transitions")),
    )
    with op.batch_alter_table("proposal_transitions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_transitions_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "council_agenda_items",
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("proposal_item_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("required_share", sa.String(length=16), nullable=True),
        sa.Column("required_yes", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.CheckConstraint("position >= 1", name=op.f("ck_council_agenda_items_position")),
        sa.ForeignKeyConstraint(
            ["proposal_item_id"],
            ["proposal_items.id"],
            name=op.f("fk_council_agenda_items_proposal_item_id_proposal_items"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["council_sessions.id"],
            name=op.f("fk_council_agenda_items_session_id_council_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "proposal_item_id", name=op.f("pk_council_agenda_items")),
    )
    with op.batch_alter_table("council_agenda_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_council_agenda_items_proposal_item_id"), ["proposal_item_id"], unique=False
        )
        batch_op.create_index("uq_council_agenda_position", ["session_id", "position"], unique=True)

    op.create_table(
        "decision_recipients",
        sa.Column("decision_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("proposal_item_id", sa.String(length=64), nullable=True),
        sa.Column("award_id", sa.String(length=64), nullable=True),
        sa.Column("unit_id", sa.String(length=64), nullable=True),
        sa.Column("person_id", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("title_code", sa.String(length=64), nullable=True),
        sa.Column("form_code", sa.String(length=64), nullable=True),
        sa.Column("cash_vnd", sa.BigInteger(), nullable=True),
        sa.Column("certificate_number", sa.String(length=64), nullable=True),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "(title_code IS NULL) <> (form_code IS NULL)", name=op.f("ck_decision_recipients_one_kind")
        ),
        sa.CheckConstraint(
            "(unit_id IS NULL) <> (person_id IS NULL)", name=op.f("ck_decision_recipients_one_subject")
        ),
        sa.CheckConstraint("cash_vnd IS NULL OR cash_vnd >= 0", name=op.f("ck_decision_recipients_cash")),
        sa.ForeignKeyConstraint(
            ["award_id"],
            ["awards.id"],
            name=op.f("fk_decision_recipients_award_id_awards"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_recipients_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["form_code"],
            ["commendation_forms.code"],
            name=op.f("fk_decision_recipients_form_code_commendation_forms"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_decision_recipients_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_item_id"],
            ["proposal_items.id"],
            name=op.f("fk_decision_recipients_proposal_item_id_proposal_items"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["title_code"],
            ["titles.code"],
            name=op.f("fk_decision_recipients_title_code_titles"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_decision_recipients_unit_id_units"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_recipients")),
    )
    with op.batch_alter_table("decision_recipients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_recipients_award_id"), ["award_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_recipients_decision_id"), ["decision_id"], unique=False)
        batch_op.create_index("uq_decision_recipients_position", ["decision_id", "position"], unique=True)

    op.create_table(
        "decision_recoveries",
        sa.Column("decision_id", sa.String(length=64), nullable=False),
        sa.Column("award_id", sa.String(length=64), nullable=False),
        sa.Column("money_due_vnd", sa.BigInteger(), nullable=False),
        sa.Column("money_recovered_vnd", sa.BigInteger(), nullable=False),
        sa.Column("object_description", sa.String(length=300), nullable=True),
        sa.Column("object_recovered", sa.Boolean(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("created_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "money_due_vnd >= 0 AND money_recovered_vnd >= 0", name=op.f("ck_decision_recoveries_money")
        ),
        sa.CheckConstraint(
            "money_recovered_vnd <= money_due_vnd", name=op.f("ck_decision_recoveries_not_more_than_due")
        ),
        sa.ForeignKeyConstraint(
            ["award_id"],
            ["awards.id"],
            name=op.f("fk_decision_recoveries_award_id_awards"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_recoveries_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_recoveries")),
    )
    with op.batch_alter_table("decision_recoveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_recoveries_award_id"), ["award_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_recoveries_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_recoveries_decision_id"), ["decision_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_recoveries_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "proposal_comments",
        sa.Column("proposal_id", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=True),
        sa.Column("author_name", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=64), nullable=True),
        sa.Column("answered_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["proposal_items.id"],
            name=op.f("fk_proposal_comments_item_id_proposal_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_comments_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_comments")),
    )
    with op.batch_alter_table("proposal_comments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_comments_proposal_id"), ["proposal_id"], unique=False)

    op.create_table(
        "proposal_documents",
        sa.Column("proposal_id", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=True),
        sa.Column("doc_type", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("generated", sa.Boolean(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=64), nullable=True),
        sa.Column("uploader_name", sa.String(length=300), nullable=True),
        sa.Column("uploaded_at", app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("removed_at", app.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.CheckConstraint("size_bytes >= 0", name=op.f("ck_proposal_documents_size")),
        sa.CheckConstraint(
            "doc_type IN ('submission', 'achievement_report', 'review_minutes', 'initiative_certification', "
            "'achievement_certification', 'council_minutes', 'other')",
            name=op.f("ck_proposal_documents_doc_type"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["proposal_items.id"],
            name=op.f("fk_proposal_documents_item_id_proposal_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_documents_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_documents")),
    )
    with op.batch_alter_table("proposal_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_documents_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_documents_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("proposal_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_documents_sha256"))
        batch_op.drop_index(batch_op.f("ix_proposal_documents_proposal_id"))

    op.drop_table("proposal_documents")
    with op.batch_alter_table("proposal_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_comments_proposal_id"))

    op.drop_table("proposal_comments")
    with op.batch_alter_table("decision_recoveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_recoveries_updated_at"))
        batch_op.drop_index(batch_op.f("ix_decision_recoveries_decision_id"))
        batch_op.drop_index(batch_op.f("ix_decision_recoveries_created_at"))
        batch_op.drop_index(batch_op.f("ix_decision_recoveries_award_id"))

    op.drop_table("decision_recoveries")
    with op.batch_alter_table("decision_recipients", schema=None) as batch_op:
        batch_op.drop_index("uq_decision_recipients_position")
        batch_op.drop_index(batch_op.f("ix_decision_recipients_decision_id"))
        batch_op.drop_index(batch_op.f("ix_decision_recipients_award_id"))

    op.drop_table("decision_recipients")
    with op.batch_alter_table("council_agenda_items", schema=None) as batch_op:
        batch_op.drop_index("uq_council_agenda_position")
        batch_op.drop_index(batch_op.f("ix_council_agenda_items_proposal_item_id"))

    op.drop_table("council_agenda_items")
    with op.batch_alter_table("proposal_transitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_transitions_proposal_id"))

    op.drop_table("proposal_transitions")
    with op.batch_alter_table("proposal_items", schema=None) as batch_op:
        batch_op.drop_index("uq_proposal_items_position")
        batch_op.drop_index(batch_op.f("ix_proposal_items_updated_at"))
        batch_op.drop_index(batch_op.f("ix_proposal_items_unit_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_items_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_items_person_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_items_created_at"))

    op.drop_table("proposal_items")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index("uq_decisions_register_number")
        batch_op.drop_index(batch_op.f("ix_decisions_updated_at"))
        batch_op.drop_index(batch_op.f("ix_decisions_status"))
        batch_op.drop_index(batch_op.f("ix_decisions_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_number_text"))
        batch_op.drop_index(batch_op.f("ix_decisions_created_at"))

    op.drop_table("decisions")
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposals_year"))
        batch_op.drop_index(batch_op.f("ix_proposals_updated_at"))
        batch_op.drop_index(batch_op.f("ix_proposals_unit_id"))
        batch_op.drop_index(batch_op.f("ix_proposals_status"))
        batch_op.drop_index(batch_op.f("ix_proposals_created_at"))

    op.drop_table("proposals")
    op.drop_table("council_voters")
    op.drop_table("council_attendance")
    with op.batch_alter_table("council_members", schema=None) as batch_op:
        batch_op.drop_index("uq_council_members_user")
        batch_op.drop_index(batch_op.f("ix_council_members_updated_at"))
        batch_op.drop_index(batch_op.f("ix_council_members_created_at"))
        batch_op.drop_index(batch_op.f("ix_council_members_council_id"))

    op.drop_table("council_members")
    with op.batch_alter_table("council_ballots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_ballots_session_id"))

    op.drop_table("council_ballots")
    with op.batch_alter_table("council_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_sessions_updated_at"))
        batch_op.drop_index(batch_op.f("ix_council_sessions_status"))
        batch_op.drop_index(batch_op.f("ix_council_sessions_created_at"))
        batch_op.drop_index(batch_op.f("ix_council_sessions_council_id"))

    op.drop_table("council_sessions")
    with op.batch_alter_table("decision_registers", schema=None) as batch_op:
        batch_op.drop_index("uq_decision_registers_authority_year")
        batch_op.drop_index(batch_op.f("ix_decision_registers_updated_at"))
        batch_op.drop_index(batch_op.f("ix_decision_registers_created_at"))

    op.drop_table("decision_registers")
    with op.batch_alter_table("councils", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_councils_updated_at"))
        batch_op.drop_index(batch_op.f("ix_councils_created_at"))

    op.drop_table("councils")
