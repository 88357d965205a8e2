"""webhook subscriptions and deliveries: partners' outbound webhooks, their delivery log and attempts

Revision ID: 6132916837db
Revises: 4d1252c9e0ff
Create Date: 2026-11-23 17:38:28.961715+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = '6132916837db'
down_revision: str | None = '4d1252c9e0ff'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('webhook_subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('api_key_id', sa.Integer(), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=2048), nullable=False),
    sa.Column('event_types', sa.JSON(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=200), server_default='', nullable=False),
    sa.Column('secret_sealed', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), server_default='active', nullable=False),
    sa.Column('created_at', common.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('disabled_at', common.models.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['api_key_id'], ['api_key.id'], name='fk_webhook_subscription_api_key_id_api_key'),
    sa.PrimaryKeyConstraint('id', name='pk_webhook_subscription')
    )
    with op.batch_alter_table('webhook_subscription', schema=None) as batch_op:
        batch_op.create_index('ix_webhook_subscription_api_key_id', ['api_key_id'], unique=False)

    op.create_table('webhook_delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subscription_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('event_type', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('occurred_at', common.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), server_default='pending', nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('round_attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_status_code', sa.Integer(), nullable=True),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('created_at', common.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('last_attempt_at', common.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('next_attempt_at', common.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('delivered_at', common.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('give_up_at', common.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['subscription_id'], ['webhook_subscription.id'], name='fk_webhook_delivery_subscription_id_webhook_subscription', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name='pk_webhook_delivery'),
    sa.UniqueConstraint('subscription_id', 'event_id', name='uq_webhook_delivery_event')
    )
    with op.batch_alter_table('webhook_delivery', schema=None) as batch_op:
        batch_op.create_index('ix_webhook_delivery_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_webhook_delivery_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index('ix_webhook_delivery_subscription_occurred', ['subscription_id', 'occurred_at'], unique=False)

    op.create_table('webhook_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('delivery_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('started_at', common.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', common.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('duration_ms', sa.Integer(), nullable=True),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.ForeignKeyConstraint(['delivery_id'], ['webhook_delivery.id'], name='fk_webhook_attempt_delivery_id_webhook_delivery', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name='pk_webhook_attempt'),
    sa.UniqueConstraint('delivery_id', 'number', name='uq_webhook_attempt_number')
    )


def downgrade() -> None:
    op.drop_table('webhook_attempt')
    with op.batch_alter_table('webhook_delivery', schema=None) as batch_op:
        batch_op.drop_index('ix_webhook_delivery_subscription_occurred')
        batch_op.drop_index('ix_webhook_delivery_due')
        batch_op.drop_index('ix_webhook_delivery_created_at')

    op.drop_table('webhook_delivery')
    with op.batch_alter_table('webhook_subscription', schema=None) as batch_op:
        batch_op.drop_index('ix_webhook_subscription_api_key_id')

    op.drop_table('webhook_subscription')
