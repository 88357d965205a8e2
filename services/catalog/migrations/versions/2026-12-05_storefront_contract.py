"""storefront: flash stock left and more

Revision ID: c2a9d3e7f1b8
Revises: c1f8e2a9b4d7
Create Date: 2026-12-04 05:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = 'c2a9d3e7f1b8'
down_revision: str | None = 'c1f8e2a9b4d7'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
