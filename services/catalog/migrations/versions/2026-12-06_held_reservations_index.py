"""held reservations by age

Revision ID: d3b8e5f2a9c4
Revises: c2a9d3e7f1b8
Create Date: 2026-12-05 00:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'd3b8e5f2a9c4'
down_revision: str | None = 'c2a9d3e7f1b8'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The stale-reservation sweep read every reservation ever made; held ones are a few at any time.
    op.create_index('ix_reservation_held_since', 'reservation', ['updated_at'], unique=False,
                    sqlite_where=sa.text("status = 'reserved'"), postgresql_where=sa.text("status = 'reserved'"))


def downgrade() -> None:
    op.drop_index('ix_reservation_held_since', table_name='reservation')
