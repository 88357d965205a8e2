"""Alembic environment of the referrals service: its own tables, its own database."""

from common.migrations import run_env
from services.referrals.models import Table

run_env(Table.metadata)
