"""surge groups and bulk replies

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "surge_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Float(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surge_groups")),
    )
    with op.batch_alter_table("surge_groups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_surge_groups_incident_id"), ["incident_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_surge_groups_status"), ["status"], unique=False)

    op.create_table(
        "surge_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Float(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["surge_groups.id"],
            name=op.f("fk_surge_members_group_id_surge_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_surge_members_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surge_members")),
        sa.UniqueConstraint(
            "group_id", "ticket_id", name=op.f("uq_surge_members_group_id_ticket_id")
        ),
    )
    with op.batch_alter_table("surge_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_surge_members_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_surge_members_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "surge_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["surge_groups.id"],
            name=op.f("fk_surge_replies_group_id_surge_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["messages.id"],
            name=op.f("fk_surge_replies_message_id_messages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_surge_replies_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surge_replies")),
        sa.UniqueConstraint("key", name=op.f("uq_surge_replies_key")),
    )
    with op.batch_alter_table("surge_replies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_surge_replies_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_surge_replies_ticket_id"), ["ticket_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("surge_replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_surge_replies_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_surge_replies_group_id"))

    op.drop_table("surge_replies")
    with op.batch_alter_table("surge_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_surge_members_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_surge_members_group_id"))

    op.drop_table("surge_members")
    with op.batch_alter_table("surge_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_surge_groups_status"))
        batch_op.drop_index(batch_op.f("ix_surge_groups_incident_id"))

    op.drop_table("surge_groups")
