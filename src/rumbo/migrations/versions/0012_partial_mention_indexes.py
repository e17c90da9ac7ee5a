"""partial mention indexes: rows without a contact, company or topic stay out of their indexes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (index, columns, the column whose rows are indexed only when it is set)
PARTIAL = (
    ("ix_mentions_contact_created", ["contact_id", "created_at"], "contact_id"),
    ("ix_mentions_company_id", ["company_id"], "company_id"),
    ("ix_mentions_topic", ["topic"], "topic"),
)


def upgrade() -> None:
    for name, columns, column in PARTIAL:
        op.drop_index(name, table_name="mentions")
        condition = sa.text(f"{column} IS NOT NULL")
        op.create_index(
            name, "mentions", columns, sqlite_where=condition, postgresql_where=condition
        )


def downgrade() -> None:
    for name, columns, _ in PARTIAL:
        op.drop_index(name, table_name="mentions")
        op.create_index(name, "mentions", columns)
