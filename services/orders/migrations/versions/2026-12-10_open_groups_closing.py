"""the open ladder groups by their closing time

The scheduler looks for the groups due to close every second. Nearly every group ever opened is closed, and
with no index of the open ones the sweep read the whole table each time; it now names the status and reads
a partial index of the open groups' closing times.

Revision ID: b7e4d1a9c3f5
Revises: f3b8d2a6c9e1
Create Date: 2026-12-06 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'b7e4d1a9c3f5'
down_revision: str | None = 'f3b8d2a6c9e1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = sa.text("status = 'open'")


def upgrade() -> None:
    # Built without locking out the ladder's writes on PostgreSQL (the table grows with every address).
    if op.get_context().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.create_index("ix_ladder_group_open_closes_at", "ladder_group", ["closes_at"],
                            postgresql_where=_OPEN, postgresql_concurrently=True)
    else:
        op.create_index("ix_ladder_group_open_closes_at", "ladder_group", ["closes_at"], sqlite_where=_OPEN)


def downgrade() -> None:
    op.drop_index("ix_ladder_group_open_closes_at", table_name="ladder_group")
