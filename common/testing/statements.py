"""Counting the statements one piece of code sends to one database.

The process-wide metric (``common.db.STATEMENTS``) also counts whatever else runs meanwhile, an app's
relay or scheduler waking among them; this counts only what goes through the given database's writer
(a ``Transaction``'s statements, its deferred writes as one, and SQLite's ``BEGIN IMMEDIATE``; PostgreSQL's
``BEGIN`` and ``COMMIT`` are not statements here, as the metric does not count them) from the block's own
task and the tasks it starts. A request sent in-process (``httpx.ASGITransport``) runs in the sender's task;
the app's background tasks began before the block, outside its context, and keep counting on the metric."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from common.db import Database


class Counted:
    def __init__(self) -> None:
        self.value = 0

    def inc(self, amount: int = 1) -> None:
        self.value += amount


_COUNTING: ContextVar[Counted | None] = ContextVar("counting_statements", default=None)


class _ByContext:
    """The dialect's counter while a block counts: a statement sent from the block's context counts on the
    block's answer, any other on the counter it stands in for."""

    def __init__(self, kept: Any) -> None:
        self.kept = kept

    def inc(self, amount: int = 1) -> None:
        counted = _COUNTING.get()
        if counted is not None:
            counted.inc(amount)
        elif self.kept is not None:
            self.kept.inc(amount)


@contextmanager
def counting_statements(db: Database) -> Iterator[Counted]:
    """Within the block, the writer's statements sent from this context are counted on the answer."""
    dialect = db.writer.dialect
    counted = Counted()
    kept = dialect.groupbuy_statements
    dialect.groupbuy_statements = _ByContext(kept)
    token = _COUNTING.set(counted)
    try:
        yield counted
    finally:
        _COUNTING.reset(token)
        dialect.groupbuy_statements = kept
