"""Keys of a table's serial column taken ahead, a block at a time (PostgreSQL): a row whose key is known
before it is written can be written by a deferred statement (``Transaction.defer``), so a transaction of
such writes only is one statement without ``BEGIN`` and ``COMMIT`` (one round trip where four were: the
transaction's begin, the insert answering its key, the writes that needed the key, the commit).

The keys come from the column's own sequence (``nextval``), as the column's default takes them, so rows
written either way never collide.  What a process took and did not use is lost when it stops: a gap in
the keys, as a rolled-back insert leaves.  Within a process keys are handed out in increasing order; two
processes take blocks of their own, so across them a later row may have a smaller key — keys order rows
for paging (a stable order), not by the moment they were written.

SQLite (in process: no round trip to save) has no sequence: ``take`` answers None, and the caller inserts
with ``RETURNING`` as before."""

from __future__ import annotations

import weakref
from collections import deque
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from common.db import Database


class SerialBlocks:
    """``take(db)``: the next key of ``table.column`` this process holds, a new block of ``size`` taken when
    none is left; None on a database without sequences."""

    def __init__(self, table: sa.Table, column: str = "id", size: int = 32) -> None:
        sequence = sa.func.pg_get_serial_sequence(table.name, column)
        self._next_block = sa.select(sa.func.nextval(sequence)).select_from(
            sa.func.generate_series(1, sa.bindparam("size", type_=sa.Integer())))
        self.size = size
        # Per database (its writer's engine): a process may hold several, as the tests' processes do.
        self._held: weakref.WeakKeyDictionary[sa.Engine, deque[int]] = weakref.WeakKeyDictionary()

    async def take(self, db: Database) -> int | None:
        if db.writer.dialect.name != "postgresql":
            return None
        engine = db.writer.sync_engine
        held = self._held.get(engine)
        if not held:
            async with db.transaction() as tx:  # on the writer: a sequence moves on the primary only
                block = (await tx.execute(self._next_block, {"size": self.size})).scalars().all()
                await tx.commit()
            # Two tasks that found none each took a block: both are used, smallest key first.
            held = self._held[engine] = deque(sorted([*self._held.get(engine, ()), *block]))
        return held.popleft()
