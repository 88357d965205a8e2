"""suppliers owning products

Revision ID: c1f8e2a9b4d7
Revises: 7b3e91c4a2d5
Create Date: 2026-12-04 05:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = 'c1f8e2a9b4d7'
down_revision: str | None = '7b3e91c4a2d5'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
