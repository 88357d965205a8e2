"""a buyer's reservations of an activity by one index

Revision ID: e7c4a1f9b2d6
Revises: d3b8e5f2a9c4
Create Date: 2026-12-05 03:10:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'e7c4a1f9b2d6'
down_revision: str | None = 'd3b8e5f2a9c4'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A buyer's units of an activity read every reservation of the activity beside the buyer's on tables
    # without statistics; the buyer's index now ends with the activity.
    op.create_index('ix_reservation_user_id_activity_id', 'reservation', ['user_id', 'activity_id'], unique=False)
    op.drop_index('ix_reservation_user_id', table_name='reservation')


def downgrade() -> None:
    op.create_index('ix_reservation_user_id', 'reservation', ['user_id'], unique=False)
    op.drop_index('ix_reservation_user_id_activity_id', table_name='reservation')
