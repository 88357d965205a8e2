"""a user's rebate entries indexed by (user, id)

Revision ID: c3f8a1d7e5b2
Revises: a6e2c9d4f8b1
Create Date: 2026-12-06 10:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'c3f8a1d7e5b2'
down_revision: str | None = 'a6e2c9d4f8b1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A page of a user's ledger (their entries in id order after a cursor) read every entry of the user and
    # sorted them — or, with statistics, every entry of everyone after the cursor. By (user, id) it reads the
    # page. The new index serves what the user's index served (balances), which goes. On PostgreSQL both are
    # built and dropped without locking out the writes of a ledger that may be large.
    if op.get_context().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.create_index('ix_rebate_entry_user_id_id', 'rebate_entry', ['user_id', 'id'],
                            postgresql_concurrently=True)
            op.drop_index('ix_rebate_entry_user_id', table_name='rebate_entry', postgresql_concurrently=True)
    else:
        op.create_index('ix_rebate_entry_user_id_id', 'rebate_entry', ['user_id', 'id'])
        op.drop_index('ix_rebate_entry_user_id', table_name='rebate_entry')


def downgrade() -> None:
    op.create_index('ix_rebate_entry_user_id', 'rebate_entry', ['user_id'])
    op.drop_index('ix_rebate_entry_user_id_id', table_name='rebate_entry')
