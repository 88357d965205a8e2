"""profile and address book

Revision ID: b7e3f9a4c6d2
Revises: a6d2e8f3b5c1
Create Date: 2026-12-04 05:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = 'b7e3f9a4c6d2'
down_revision: str | None = 'a6d2e8f3b5c1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("avatar_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))
    with op.batch_alter_table("address") as batch:
        batch.add_column(sa.Column("is_default", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("deleted_at", common.models.UtcDateTime(), nullable=True))
    op.create_index("uq_address_default_per_user", "address", ["user_id"], unique=True,
                    sqlite_where=sa.text("is_default = 1 AND deleted_at IS NULL"),
                    postgresql_where=sa.text("is_default AND deleted_at IS NULL"))


def downgrade() -> None:
    op.drop_index("uq_address_default_per_user", table_name="address")
    with op.batch_alter_table("address") as batch:
        batch.drop_column("deleted_at")
        batch.drop_column("is_default")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("avatar_url")
