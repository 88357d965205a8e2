"""buyer facts read model

Revision ID: f2c8a4d6e1b7
Revises: e9b3f5a2c6d1
Create Date: 2026-12-04 05:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = 'f2c8a4d6e1b7'
down_revision: str | None = 'e9b3f5a2c6d1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
