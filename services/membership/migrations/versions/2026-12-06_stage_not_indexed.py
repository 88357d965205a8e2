"""the lifecycle stage is not indexed

Revision ID: c4f1a8e2d7b9
Revises: b7e3f9a4c6d2
Create Date: 2026-12-05 00:10:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'c4f1a8e2d7b9'
down_revision: str | None = 'b7e3f9a4c6d2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Eight values over every user: the index selected nothing, kept a stage's move from being a HOT update,
    # and on a table without statistics yet PostgreSQL's planner took it over the primary key for the move
    # (``lifecycle._MOVE``), reading every user at the stage to change one.
    with op.batch_alter_table('app_user') as batch_op:
        batch_op.drop_index('ix_app_user_stage')


def downgrade() -> None:
    with op.batch_alter_table('app_user') as batch_op:
        batch_op.create_index('ix_app_user_stage', ['stage'], unique=False)
