"""where each bind came from

Revision ID: 9d4b2f7a1c3e
Revises: 1078ab6b8334
Create Date: 2026-12-04 05:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = '9d4b2f7a1c3e'
down_revision: str | None = '1078ab6b8334'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('bind_source',
    sa.Column('user_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('referrer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('scene', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('bound_at', common.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('user_id', name='pk_bind_source')
    )
    with op.batch_alter_table('bind_source', schema=None) as batch_op:
        batch_op.create_index('ix_bind_source_kind', ['kind'], unique=False)
        batch_op.create_index('ix_bind_source_referrer_id', ['referrer_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('bind_source', schema=None) as batch_op:
        batch_op.drop_index('ix_bind_source_referrer_id')
        batch_op.drop_index('ix_bind_source_kind')
    op.drop_table('bind_source')
