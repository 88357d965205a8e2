"""Alembic environment of the membership service: its own tables, its own database."""

from common.migrations import run_env
from services.membership.models import Table

run_env(Table.metadata)
