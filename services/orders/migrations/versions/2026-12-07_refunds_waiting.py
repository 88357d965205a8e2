"""partial indexes of the refunds the scheduler's sweeps wait on

The payout sweep (pending refunds) and the query sweep (paying ones) run every second. Nearly every refund
ever made is paid out; with the status as a parameter, a generic plan read the whole table for them. Each
sweep now names its status as a literal and reads its own partial index.

Revision ID: f3b8d2a6c9e1
Revises: e5a9c3f7b1d6
Create Date: 2026-12-07 08:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'f3b8d2a6c9e1'
down_revision: str | None = 'e5a9c3f7b1d6'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_refund_pending_since", "refund", ["created_at"],
                    postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"))
    op.create_index("ix_refund_paying_next", "refund", ["next_attempt_at"],
                    postgresql_where=sa.text("status = 'paying'"), sqlite_where=sa.text("status = 'paying'"))


def downgrade() -> None:
    op.drop_index("ix_refund_paying_next", table_name="refund")
    op.drop_index("ix_refund_pending_since", table_name="refund")
