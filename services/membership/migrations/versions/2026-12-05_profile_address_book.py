"""profile and address book

Revision ID: b7e3f9a4c6d2
Revises: a6d2e8f3b5c1
Create Date: 2026-12-04 05:10:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import common.models

revision: str = 'b7e3f9a4c6d2'
down_revision: str | None = 'a6d2e8f3b5c1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
