"""where each bind came from

Revision ID: 9d4b2f7a1c3e
Revises: 1078ab6b8334
Create Date: 2026-12-04 05:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = '9d4b2f7a1c3e'
down_revision: str | None = '1078ab6b8334'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
