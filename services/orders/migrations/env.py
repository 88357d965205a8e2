"""Alembic environment of the orders service: its own tables, its own database."""

from common.migrations import run_env
from services.orders.models import Table

run_env(Table.metadata)
