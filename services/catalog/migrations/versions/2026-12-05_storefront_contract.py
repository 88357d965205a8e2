"""storefront: pinyin initials of each product's search text (dbdm, dm → 东北大米)

Revision ID: c2a9d3e7f1b8
Revises: c1f8e2a9b4d7
Create Date: 2026-12-04 05:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = 'c2a9d3e7f1b8'
down_revision: str | None = 'c1f8e2a9b4d7'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_initials', sa.Text(), nullable=False, server_default=''))
    _backfill()
    if op.get_bind().dialect.name == 'postgresql':  # pg_trgm: created by 7b3e91c4a2d5
        op.execute('CREATE INDEX ix_product_search_initials_trgm ON product USING gin (search_initials gin_trgm_ops)')


def _backfill() -> None:
    from services.catalog.domain.search import initials

    bind = op.get_bind()
    product = sa.table('product', sa.column('id', sa.Integer), sa.column('search_text', sa.Text),
                       sa.column('search_initials', sa.Text))
    for product_id, text in bind.execute(sa.select(product.c.id, product.c.search_text)).all():
        bind.execute(product.update().where(product.c.id == product_id).values(search_initials=initials(text or '')))


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP INDEX IF EXISTS ix_product_search_initials_trgm')
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_column('search_initials')
