"""share sources on group joins

Revision ID: a1c5e9d3f7b2
Revises: f2c8a4d6e1b7
Create Date: 2026-12-06 10:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = 'a1c5e9d3f7b2'
down_revision: str | None = 'f2c8a4d6e1b7'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("purchase_order") as batch:
        batch.add_column(sa.Column("source_kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch.add_column(sa.Column("source_share", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch.create_index("ix_purchase_order_source_kind_created_at", ["source_kind", "created_at"])
    op.create_table(
        "share_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("share", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("visitor", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("visited_at", common.models.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("share", "visitor", "day", name="uq_share_visit_once_a_day"),
    )
    op.create_index("ix_share_visit_visited_at", "share_visit", ["visited_at"])


def downgrade() -> None:
    op.drop_index("ix_share_visit_visited_at", table_name="share_visit")
    op.drop_table("share_visit")
    with op.batch_alter_table("purchase_order") as batch:
        batch.drop_index("ix_purchase_order_source_kind_created_at")
        batch.drop_column("source_share")
        batch.drop_column("source_kind")
