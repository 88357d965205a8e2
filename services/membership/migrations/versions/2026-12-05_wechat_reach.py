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
    pass


def downgrade() -> None:
    pass
