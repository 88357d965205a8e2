"""after-sales requests, refund reasons and states

Revision ID: e9b3f5a2c6d1
Revises: d4a7c2e81f09
Create Date: 2026-12-04 05:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = 'e9b3f5a2c6d1'
down_revision: str | None = 'd4a7c2e81f09'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
