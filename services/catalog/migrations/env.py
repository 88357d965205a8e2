"""Alembic environment of the catalog service: its own tables, its own database."""

from common.migrations import run_env
from services.catalog.models import Table

run_env(Table.metadata)
