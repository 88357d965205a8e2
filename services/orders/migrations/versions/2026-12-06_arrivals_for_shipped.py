"""orders shipped before arrival gated pickup count as arrived when shipped

Pickup now waits for the leader's arrival report (delivery.py).  Orders already shipped when that rule
arrived were ready for pickup under the old one; they keep being ready: their arrival is their shipment.

Revision ID: e5a9c3f7b1d6
Revises: b2d6f0e4a8c3
Create Date: 2026-12-06 11:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'e5a9c3f7b1d6'
down_revision: str | None = 'b2d6f0e4a8c3'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(sa.text(
        "UPDATE purchase_order SET arrived_at = shipped_at "
        "WHERE status = 'shipped' AND arrived_at IS NULL AND shipped_at IS NOT NULL"))


def downgrade() -> None:
    pass  # an arrival cannot be told apart from one the leader reported; keeping it is harmless
