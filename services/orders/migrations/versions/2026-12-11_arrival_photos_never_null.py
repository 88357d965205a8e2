"""an arrival's photos: a list, never NULL, as the model says

The supply-day migration created ``arrival.photo_urls`` nullable while the model declares a list that is
always there (an empty one when the leader sent no photo). Every write gives a list; a NULL left by a hand
edit becomes the empty list before the column refuses NULL.

Revision ID: d2a8f6c1e9b4
Revises: b7e4d1a9c3f5
Create Date: 2026-12-06 12:30:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'd2a8f6c1e9b4'
down_revision: str | None = 'b7e4d1a9c3f5'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("UPDATE arrival SET photo_urls = '[]' WHERE photo_urls IS NULL")
    with op.batch_alter_table('arrival') as batch:
        batch.alter_column('photo_urls', existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('arrival') as batch:
        batch.alter_column('photo_urls', existing_type=sa.JSON(), nullable=True)
