"""supply day: delivery days, cutoff runs, purchase orders, arrivals

Revision ID: d4a7c2e81f09
Revises: 8c2f4e6a1d37
Create Date: 2026-12-04 05:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = 'd4a7c2e81f09'
down_revision: str | None = '8c2f4e6a1d37'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('purchase_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supplier_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('arrived_at', common.models.UtcDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_purchase_order_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('supplier_chargeback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('sku_id', sa.Integer(), nullable=False),
    sa.Column('units', sa.Integer(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('source_ref', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('created_at', common.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['purchase_order.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source', 'source_ref', name='uq_supplier_chargeback_source')
    )
    with op.batch_alter_table('supplier_chargeback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplier_chargeback_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supplier_chargeback_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('cutoff_override',
    sa.Column('sales_day', sa.Date(), nullable=False),
    sa.Column('cutoff_at', common.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('set_at', common.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sales_day')
    )

    op.create_table('supply_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('delivery_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', common.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', common.models.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('supplier_id', 'delivery_date', name='uq_supply_order_supplier_day')
    )
    with op.batch_alter_table('supply_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supply_order_delivery_date'), ['delivery_date'], unique=False)

    op.create_table('supply_order_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('supply_order_id', sa.Integer(), nullable=False),
    sa.Column('sku_id', sa.Integer(), nullable=False),
    sa.Column('product_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('ordered_units', sa.Integer(), nullable=False),
    sa.Column('confirmed_units', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['supply_order_id'], ['supply_order.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('supply_order_id', 'sku_id', name='uq_supply_order_line_sku')
    )
    with op.batch_alter_table('supply_order_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supply_order_line_supply_order_id'), ['supply_order_id'], unique=False)

    op.create_table('supply_order_item',
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('supply_order_id', sa.Integer(), nullable=False),
    sa.Column('sku_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['purchase_order.id'], ),
    sa.ForeignKeyConstraint(['supply_order_id'], ['supply_order.id'], ),
    sa.PrimaryKeyConstraint('order_id')
    )
    with op.batch_alter_table('supply_order_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supply_order_item_supply_order_id'), ['supply_order_id'], unique=False)

    op.create_table('arrival',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('delivery_date', sa.Date(), nullable=False),
    sa.Column('sku_id', sa.Integer(), nullable=False),
    sa.Column('expected_units', sa.Integer(), nullable=False),
    sa.Column('received_units', sa.Integer(), nullable=False),
    sa.Column('short_units', sa.Integer(), nullable=False),
    sa.Column('damaged_units', sa.Integer(), nullable=False),
    sa.Column('photo_urls', sa.JSON(), nullable=True),
    sa.Column('reported_by', sa.Integer(), nullable=True),
    sa.Column('created_at', common.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('community_id', 'delivery_date', 'sku_id', name='uq_arrival_sku')
    )


def downgrade() -> None:
    op.drop_table('arrival')
    with op.batch_alter_table('supply_order_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supply_order_item_supply_order_id'))
    op.drop_table('supply_order_item')
    with op.batch_alter_table('supply_order_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supply_order_line_supply_order_id'))
    op.drop_table('supply_order_line')
    with op.batch_alter_table('supply_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supply_order_delivery_date'))
    op.drop_table('supply_order')
    op.drop_table('cutoff_override')
    with op.batch_alter_table('supplier_chargeback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supplier_chargeback_supplier_id'))
        batch_op.drop_index(batch_op.f('ix_supplier_chargeback_order_id'))
    op.drop_table('supplier_chargeback')
    with op.batch_alter_table('purchase_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_purchase_order_supplier_id'))
        batch_op.drop_column('arrived_at')
        batch_op.drop_column('supplier_id')
