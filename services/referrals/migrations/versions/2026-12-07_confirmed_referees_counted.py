"""a referrer's confirmed referees counted on their row

Revision ID: a6e2c9d4f8b1
Revises: 9d4b2f7a1c3e
Create Date: 2026-12-05 03:45:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'a6e2c9d4f8b1'
down_revision: str | None = '9d4b2f7a1c3e'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Each confirmation counted every confirmed referee of the referrer; the count is now kept, moved by one
    # as each referee's row is written. Existing referrers start from their rows' count.
    op.add_column('referral_user', sa.Column('confirmed_referees', sa.Integer(), server_default='0', nullable=False))
    op.execute("UPDATE referral_user SET confirmed_referees = (SELECT count(*) FROM referral_confirmed_referee "
               "WHERE referral_confirmed_referee.referrer_id = referral_user.user_id)")


def downgrade() -> None:
    with op.batch_alter_table('referral_user') as batch:
        batch.drop_column('confirmed_referees')
