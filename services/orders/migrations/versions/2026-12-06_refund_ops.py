"""refunds settled or retried by ops

Revision ID: b2d6f0e4a8c3
Revises: a1c5e9d3f7b2
Create Date: 2026-12-06 10:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = 'b2d6f0e4a8c3'
down_revision: str | None = 'a1c5e9d3f7b2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("refund") as batch:
        batch.add_column(sa.Column("replaced_out_refund_no", sqlmodel.sql.sqltypes.AutoString(length=64),
                                   nullable=True))
        batch.add_column(sa.Column("resends", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("ops_action", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch.add_column(sa.Column("ops_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("ops_at", common.models.UtcDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("ops_note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))
        batch.create_index("ix_refund_replaced_out_refund_no", ["replaced_out_refund_no"])
    with op.batch_alter_table("order_transition") as batch:
        batch.add_column(sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("order_transition") as batch:
        batch.drop_column("note")
    with op.batch_alter_table("refund") as batch:
        batch.drop_index("ix_refund_replaced_out_refund_no")
        for column in ("ops_note", "ops_at", "ops_by", "ops_action", "resends", "replaced_out_refund_no"):
            batch.drop_column(column)
