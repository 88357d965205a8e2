"""Table bases: each service gets its own SQLAlchemy registry, so its metadata holds only its own
tables (several services' models can be imported into one test process without colliding)."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, registry
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel


def service_base() -> type[SQLModel]:
    """A fresh base class whose ``metadata`` belongs to one service."""

    class ServiceTable(SQLModel, registry=registry()):
        pass

    return ServiceTable


class UtcDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: every stored time must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def is_status(column: sa.ColumnElement[Any] | InstrumentedAttribute[Any], value: str | Enum) -> sa.ColumnElement[bool]:
    """``column = '<value>'`` with the value written into the SQL, not bound: for the sweeps that look for the
    few rows in one state among the many that left it. The services run generic plans (``common.db``), and a
    generic plan knows no bound status: it prices ``status = $1`` as an average status's share, and once the
    table had statistics (a production server's autovacuum) it walked an index of deadlines past nearly every
    row ever written, or read the whole table, every pass. Named, the planner reads that status's rows
    (``tests/test_query_plans.py``)."""
    text = str(value.value if isinstance(value, Enum) else value)
    if "'" in text:
        raise ValueError(f"a status named in SQL has no quote: {text!r}")
    return column == sa.literal_column(f"'{text}'")
