"""after-sales requests, refund reasons and states

Revision ID: e9b3f5a2c6d1
Revises: d4a7c2e81f09
Create Date: 2026-12-04 05:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = 'e9b3f5a2c6d1'
down_revision: str | None = 'd4a7c2e81f09'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'after_sales_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('reason_code', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column('quantity', sa.Integer(), nullable=True),
        sa.Column('amount_fen', sa.Integer(), nullable=False),
        sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column('image_urls', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('review_reason', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('auto_rule', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('question', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column('answer', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column('reject_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column('decided_by', sa.Integer(), nullable=True),
        sa.Column('refund_id', sa.Integer(), nullable=True),
        sa.Column('created_at', common.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', common.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column('decided_at', common.models.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['order_id'], ['purchase_order.id']),
        sa.ForeignKeyConstraint(['refund_id'], ['refund.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_after_sales_request_order_id', 'after_sales_request', ['order_id'], unique=False)
    op.create_index('ix_after_sales_request_status_id', 'after_sales_request', ['status', 'id'], unique=False)
    op.create_index('ix_after_sales_request_user_id_id', 'after_sales_request', ['user_id', 'id'], unique=False)
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.add_column(sa.Column('after_sales_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('provider_refund_id', sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=True))
        batch_op.add_column(sa.Column('accepted_at', common.models.UtcDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_refund_after_sales_id'), ['after_sales_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('refund', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refund_after_sales_id'))
        batch_op.drop_column('accepted_at')
        batch_op.drop_column('provider_refund_id')
        batch_op.drop_column('after_sales_id')
    op.drop_index('ix_after_sales_request_user_id_id', table_name='after_sales_request')
    op.drop_index('ix_after_sales_request_status_id', table_name='after_sales_request')
    op.drop_index('ix_after_sales_request_order_id', table_name='after_sales_request')
    op.drop_table('after_sales_request')
