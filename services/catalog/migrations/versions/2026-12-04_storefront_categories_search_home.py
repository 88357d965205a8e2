"""storefront: categories, search text, sort columns, home page

Revision ID: 7b3e91c4a2d5
Revises: e5c710fe543e
Create Date: 2026-12-04 03:00:00.000000+00:00

Existing products get their search text from their name and labels (and their units sold from their
committed reservations) in the migration itself.  On PostgreSQL the search text gets a trigram GIN index
(extension ``pg_trgm``, trusted since PostgreSQL 13, so the owner of the database may create it);
SQLite scans, which is fast enough for a catalog of tens of thousands of products.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = '7b3e91c4a2d5'
down_revision: str | None = 'e5c710fe543e'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'category',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('icon_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', common.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', common.models.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['parent_id'], ['category.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_category_parent_id'), 'category', ['parent_id'], unique=False)
    op.create_table(
        'product_category',
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['category_id'], ['category.id']),
        sa.ForeignKeyConstraint(['product_id'], ['product.id']),
        sa.PrimaryKeyConstraint('product_id', 'category_id'),
    )
    op.create_index(op.f('ix_product_category_category_id'), 'product_category', ['category_id'], unique=False)
    op.create_table(
        'home_page',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('document', sa.JSON(), nullable=False),
        sa.Column('updated_at', common.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column('updated_by', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('min_price_fen', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('units_sold', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_index('ix_product_published_created', ['published', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_product_published_sold', ['published', 'units_sold', 'id'], unique=False)
        batch_op.create_index('ix_product_published_price', ['published', 'min_price_fen', 'id'], unique=False)
    _backfill()
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        op.execute('CREATE INDEX ix_product_search_text_trgm ON product USING gin (search_text gin_trgm_ops)')


def _backfill() -> None:
    from services.catalog.domain.search import search_text

    bind = op.get_bind()
    product = sa.table('product', sa.column('id', sa.Integer), sa.column('name', sa.String),
                       sa.column('categories', sa.JSON), sa.column('search_text', sa.Text),
                       sa.column('min_price_fen', sa.Integer), sa.column('units_sold', sa.Integer))
    sku = sa.table('sku', sa.column('id', sa.Integer), sa.column('product_id', sa.Integer),
                   sa.column('price_fen', sa.Integer))
    reservation = sa.table('reservation', sa.column('sku_id', sa.Integer), sa.column('quantity', sa.Integer),
                           sa.column('status', sa.String))
    prices = dict(bind.execute(sa.select(sku.c.product_id, sa.func.min(sku.c.price_fen))
                               .group_by(sku.c.product_id)).all())
    sold = dict(bind.execute(sa.select(sku.c.product_id, sa.func.sum(reservation.c.quantity))
                             .join(sku, sku.c.id == reservation.c.sku_id)
                             .where(reservation.c.status == 'committed').group_by(sku.c.product_id)).all())
    for product_id, name, labels in bind.execute(sa.select(product.c.id, product.c.name, product.c.categories)).all():
        bind.execute(product.update().where(product.c.id == product_id).values(
            search_text=search_text(name, labels or []), min_price_fen=prices.get(product_id, 0),
            units_sold=int(sold.get(product_id) or 0)))


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP INDEX IF EXISTS ix_product_search_text_trgm')
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_index('ix_product_published_price')
        batch_op.drop_index('ix_product_published_sold')
        batch_op.drop_index('ix_product_published_created')
        batch_op.drop_column('units_sold')
        batch_op.drop_column('min_price_fen')
        batch_op.drop_column('search_text')
    op.drop_table('home_page')
    op.drop_index(op.f('ix_product_category_category_id'), table_name='product_category')
    op.drop_table('product_category')
    op.drop_index(op.f('ix_category_parent_id'), table_name='category')
    op.drop_table('category')
