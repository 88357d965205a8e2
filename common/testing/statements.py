"""Counting the statements one piece of code sends to one database.

The process-wide metric (``common.db.STATEMENTS``) also counts whatever else runs meanwhile, an app's
relay waking after a commit among them; this counts only what goes through the given database's writer
(a ``Transaction``'s statements, its deferred writes as one, and SQLite's ``BEGIN IMMEDIATE``; PostgreSQL's
``BEGIN`` and ``COMMIT`` are not statements here, as the metric does not count them)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from common.db import Database


class Counted:
    def __init__(self) -> None:
        self.value = 0

    def inc(self, amount: int = 1) -> None:
        self.value += amount


@contextmanager
def counting_statements(db: Database) -> Iterator[Counted]:
    """Within the block, the writer's statements are counted on the answer (and not on the metric)."""
    dialect = db.writer.dialect
    counted = Counted()
    kept, dialect.groupbuy_statements = dialect.groupbuy_statements, counted
    try:
        yield counted
    finally:
        dialect.groupbuy_statements = kept
