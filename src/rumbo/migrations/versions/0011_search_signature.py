"""search signature: indexes that let every search check the index is current in O(log n)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        op.f("ix_article_chunks_embedding_model"), "article_chunks", ["embedding_model"]
    )
    op.create_index(op.f("ix_articles_updated_at"), "articles", ["updated_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_articles_updated_at"), table_name="articles")
    op.drop_index(op.f("ix_article_chunks_embedding_model"), table_name="article_chunks")
