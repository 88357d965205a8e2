"""order numbers: each taken once, by its order or made void

Every order number is kept in ``order_number`` when its order is written; catalog's check of a
reservation nobody settled makes the number of an order that does not exist void, and the order can then
never be written.  Existing orders' numbers are filled in.

Revision ID: 8c2f4e6a1d37
Revises: 337ac65268a3
Create Date: 2026-12-04 03:25:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.models

revision: str = '8c2f4e6a1d37'
down_revision: str | None = '337ac65268a3'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "order_number",
        sa.Column("order_no", sa.String(length=64), nullable=False),
        sa.Column("void", sa.Boolean(), nullable=False),
        sa.Column("at", common.models.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("order_no"),
    )
    op.execute("INSERT INTO order_number (order_no, void, at) SELECT order_no, false, created_at FROM purchase_order")


def downgrade() -> None:
    op.drop_table("order_number")
