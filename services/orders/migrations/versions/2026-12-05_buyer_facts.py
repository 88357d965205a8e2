"""baskets: checkouts paid once, their lines as orders, carts; one transaction may pay several orders

Revision ID: f2c8a4d6e1b7
Revises: e9b3f5a2c6d1
Create Date: 2026-12-04 05:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = 'f2c8a4d6e1b7'
down_revision: str | None = 'e9b3f5a2c6d1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'checkout',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('checkout_no', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('amount_fen', sa.Integer(), nullable=False),
        sa.Column('pay_deadline', common.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column('address_id', sa.Integer(), nullable=False),
        sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column('request_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', common.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column('paid_at', common.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column('cancelled_at', common.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column('cancel_reason', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('last_queried_at', common.models.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('checkout_no'),
        sa.UniqueConstraint('user_id', 'idempotency_key', name='uq_checkout_idempotency'),
    )
    op.create_index('ix_checkout_status', 'checkout', ['status'], unique=False)
    op.create_index('ix_checkout_pay_deadline', 'checkout', ['pay_deadline'], unique=False)
    op.create_index('ix_checkout_user_id_id', 'checkout', ['user_id', 'id'], unique=False)
    op.create_table(
        'cart_line',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('sku_id', sa.Integer(), nullable=False),
        sa.Column('activity_id', sa.Integer(), nullable=True),
        sa.Column('activity_key', sa.Integer(), nullable=False),
        sa.Column('quantity', sa.Integer(), nullable=False),
        sa.Column('created_at', common.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', common.models.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'sku_id', 'activity_key', name='uq_cart_line_item'),
    )
    op.create_index('ix_cart_line_user_id', 'cart_line', ['user_id'], unique=False)
    with op.batch_alter_table('purchase_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checkout_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('checkout_no', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_purchase_order_checkout_id'), ['checkout_id'], unique=False)
        batch_op.create_foreign_key('fk_purchase_order_checkout_id', 'checkout', ['checkout_id'], ['id'])
    # One WeChat Pay transaction may pay every order of a checkout: one payment row per order still.
    with op.batch_alter_table('payment', schema=None, naming_convention=_NAMES) as batch_op:
        batch_op.drop_constraint(_payment_transaction_unique(), type_='unique')
        batch_op.create_index(batch_op.f('ix_payment_transaction_id'), ['transaction_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_transaction_id'))
        batch_op.create_unique_constraint(_payment_transaction_unique(), ['transaction_id'])
    with op.batch_alter_table('purchase_order', schema=None) as batch_op:
        batch_op.drop_constraint('fk_purchase_order_checkout_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_purchase_order_checkout_id'))
        batch_op.drop_column('checkout_no')
        batch_op.drop_column('checkout_id')
    op.drop_index('ix_cart_line_user_id', table_name='cart_line')
    op.drop_table('cart_line')
    op.drop_index('ix_checkout_user_id_id', table_name='checkout')
    op.drop_index('ix_checkout_pay_deadline', table_name='checkout')
    op.drop_index('ix_checkout_status', table_name='checkout')
    op.drop_table('checkout')


# SQLite's copy of the table names the unique constraint it reflected without a name, so it can be dropped.
_NAMES = {'uq': 'uq_%(table_name)s_%(column_0_name)s'}


def _payment_transaction_unique() -> str:
    return 'payment_transaction_id_key' if op.get_bind().dialect.name == 'postgresql' else 'uq_payment_transaction_id'
