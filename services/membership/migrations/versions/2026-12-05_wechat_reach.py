"""WeChat reach: access token, subscription consents and sends, scenes, phone

Revision ID: a6d2e8f3b5c1
Revises: 6132916837db
Create Date: 2026-12-04 05:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = 'a6d2e8f3b5c1'
down_revision: str | None = '6132916837db'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('subscription_consent',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('scene', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('available', sa.Integer(), nullable=False),
    sa.Column('updated_at', common.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name='fk_subscription_consent_user_id_app_user'),
    sa.PrimaryKeyConstraint('user_id', 'scene', name='pk_subscription_consent')
    )
    op.create_table('reach_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('event_type', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('scene', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('template_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('page', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('errcode', sa.Integer(), nullable=True),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('msgid', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('created_at', common.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', common.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('give_up_at', common.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', common.models.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name='pk_reach_message'),
    sa.UniqueConstraint('event_id', 'user_id', 'scene', name='uq_reach_message_event_user_scene')
    )
    with op.batch_alter_table('reach_message', schema=None) as batch_op:
        batch_op.create_index('ix_reach_message_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index('ix_reach_message_user_id', ['user_id'], unique=False)

    op.create_table('group_buyer',
    sa.Column('order_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('order_id', name='pk_group_buyer')
    )
    with op.batch_alter_table('group_buyer', schema=None) as batch_op:
        batch_op.create_index('ix_group_buyer_group_id', ['group_id'], unique=False)
        batch_op.create_index('ix_group_buyer_user_id', ['user_id'], unique=False)

    op.create_table('share_scene',
    sa.Column('scene', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('target', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('page', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('sharer_user_id', sa.Integer(), nullable=False),
    sa.Column('visits', sa.Integer(), nullable=False),
    sa.Column('image_png', sa.LargeBinary(), nullable=True),
    sa.Column('image_env_version', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('created_at', common.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('scene', name='pk_share_scene'),
    sa.UniqueConstraint('kind', 'target', 'sharer_user_id', name='uq_share_scene_target')
    )
    with op.batch_alter_table('share_scene', schema=None) as batch_op:
        batch_op.create_index('ix_share_scene_sharer_user_id', ['sharer_user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('share_scene', schema=None) as batch_op:
        batch_op.drop_index('ix_share_scene_sharer_user_id')
    op.drop_table('share_scene')
    with op.batch_alter_table('group_buyer', schema=None) as batch_op:
        batch_op.drop_index('ix_group_buyer_user_id')
        batch_op.drop_index('ix_group_buyer_group_id')
    op.drop_table('group_buyer')
    with op.batch_alter_table('reach_message', schema=None) as batch_op:
        batch_op.drop_index('ix_reach_message_user_id')
        batch_op.drop_index('ix_reach_message_due')
    op.drop_table('reach_message')
    op.drop_table('subscription_consent')
