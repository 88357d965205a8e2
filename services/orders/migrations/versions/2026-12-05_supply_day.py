"""supply day: delivery days, cutoff runs, purchase orders, arrivals

Revision ID: d4a7c2e81f09
Revises: 8c2f4e6a1d37
Create Date: 2026-12-04 05:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = 'd4a7c2e81f09'
down_revision: str | None = '8c2f4e6a1d37'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
