"""A write transaction of Core statements on a connection of the writer's pool, with no session and no
``Connection`` around it: for the hot writes that are only statements (an order written, a payment
recorded, stock reserved, events published), where those layers cost several times the work.

Measured on one transaction of one UPDATE: ~310 us of CPU through a session on SQLite and ~75 here; on
PostgreSQL ~560 and ~300 (the round trips are the same: BEGIN, the statement, COMMIT).

``Database.transaction()`` gives one::

    async with db.transaction() as tx:
        row = (await tx.execute(statement, params)).first()
        await events.publish(tx, payload)    # common.outbox takes a transaction where it takes a session
        await tx.commit()                    # leaving without it rolls back

What it keeps from a write session:

- the same connection and lock discipline: SQLite's one writer connection, its transaction begun
  IMMEDIATE (the write lock taken at the first statement, a busy file waited for as every writer waits);
  PostgreSQL's pool, its transaction begun at the first statement at READ COMMITTED;
- SQLAlchemy's compiled statements, bind and result processing and error classes (``common.fastsql``):
  a unique key broken is ``sqlalchemy.exc.IntegrityError``, and after it (once rolled back) the
  transaction can go on with a new one, as a session can;
- a connection found broken is invalidated, not handed out again;
- ``after_commit`` callbacks (the outbox wakes its relay by one);
- every statement counted.

Writes whose answer nobody reads (an event, a trail row, a counter written back) can be deferred:
``await tx.defer(statement, params)``.  On PostgreSQL they are held and sent together, as one statement
of data-modifying ``WITH`` parts, just before the transaction's next statement or its commit — one round
trip where each took its own, while the rows they touch stay locked.  So the transaction reads its own
writes as before, and an error (a unique key broken) is raised there, by that statement or the commit.
A transaction whose every write was held sends them at its commit as that one statement alone, outside
any transaction: a statement is atomic by itself, so it needs neither ``BEGIN`` nor ``COMMIT`` (one round
trip where three were).
Statements held together run on one snapshot and do not see each other's rows, so a statement that
reads or updates a table another held one writes (or writes one it reads) sends those held before it
first; inserts of new rows into one table go together.  Nothing held can answer rows or a row count.
When every held write is an insert of given values, plain or ``ON CONFLICT DO NOTHING`` (events, trail
rows), and the next statement touches none of their tables, they go *with* it, as ``WITH`` parts of it: its answer
comes back in the same round trip (``Transaction._can_carry`` says why only those).
Which tables a statement reads is SQLAlchemy's walk of it (``find_tables``): a construct that compiles to
SQL of its own (textual, ``@compiles``) hides what it reads, so never defer such a statement.
On SQLite (in process: no round trip to save) and in a session, a deferred statement runs at once.

What it does not take: ORM objects (there is no session to add them to), and statements ``fastsql``
cannot send straight (Python-side column defaults, textual SQL) — a programming error, raised as
``TypeError`` at the first run.  Several parameter sets go as one batch when they make the same SQL.  On
an engine that echoes its SQL or is traced, the whole transaction goes through a session instead, so
both see every statement.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql.dml import OnConflictDoNothing
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import util as sql_util
from sqlalchemy.sql import visitors
from sqlalchemy.sql.selectable import TextualSelect
from sqlalchemy.util.concurrency import greenlet_spawn

from common import fastsql

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from common.db import Database


def dialect_name(session: AsyncSession | Transaction) -> str:
    """The database a session or a transaction writes to (``sqlite``, ``postgresql``): for the statements
    that differ between the two (``INSERT … ON CONFLICT`` is each dialect's own construct)."""
    if isinstance(session, Transaction):
        return session.dialect_name
    return session.sync_session.get_bind().dialect.name


class Transaction:
    """One write transaction (see the module docstring); used as ``async with db.transaction() as tx``."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._engine = db.writer.sync_engine
        self._fairy: Any = None
        self._session: AsyncSession | None = None  # when the engine echoes or is traced
        self._sqlite = self._engine.dialect.name == "sqlite"
        self._begun = False
        self._after_commit: list[Callable[[], None]] = []
        self._before_commit: list[Callable[[], Awaitable[None]]] = []
        self._held: list[_Held] = []  # deferred statements not sent yet (PostgreSQL)
        self.info: dict[str, Any] = {}  # what callers keep per transaction (the outbox's wake flag)

    async def __aenter__(self) -> Transaction:
        if self._engine._echo or getattr(self._engine.dialect, "groupbuy_traced", False):
            self._session = self._db.write_sessions()
        else:
            self._fairy = await greenlet_spawn(self._engine.raw_connection)
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        if self._session is not None:
            await self._session.close()  # rolls back what was not committed
            return
        try:
            if self._begun:
                await self.rollback()
        finally:
            if self._fairy is not None and self._fairy.dbapi_connection is not None:
                await greenlet_spawn(self._fairy.close)
            self._fairy = None

    @property
    def dialect_name(self) -> str:
        return self._engine.dialect.name

    def after_commit(self, callback: Callable[[], None]) -> None:
        """``callback()`` once this transaction has committed (not if it rolls back)."""
        self._after_commit.append(callback)

    def before_commit(self, callback: Callable[[], Awaitable[None]]) -> None:
        """``await callback()`` when ``commit`` is called, before anything else it sends: the writes to make
        last, so the rows they lock are held only from then on (not if the transaction rolls back)."""
        self._before_commit.append(callback)

    async def execute(self, statement: sa.Executable, params: Any = None) -> Any:
        """The statement's result (``all``, ``first``, ``scalar_one`` …, ``rowcount``), in this transaction."""
        if self._session is not None:
            return await fastsql.run(await self._session.connection(), statement, params)
        if isinstance(params, (list, tuple)):
            if self._held:
                await self._send_held()
            return await self._execute_many(statement, params)
        prepared = fastsql.prepare(self._engine, statement, params)
        if prepared is None:
            raise TypeError(f"not sendable in a transaction without a session: {statement}")
        carried: list[_Held] = []
        if self._held:
            if self._can_carry(statement):
                carried, self._held = self._held, []
            else:
                await self._send_held()
        if not self._begun:
            await self._begin()
        adapter = self._fairy.dbapi_connection
        sql, args = prepared.sql, prepared.args
        if carried:  # the held inserts as ``WITH`` parts of this statement: one round trip (see ``_can_carry``)
            carried.reverse()  # as in ``_send_held``: they run in the order they were held
            sql = together([*((h.sql, len(h.args)) for h in carried), (sql, len(args))])
            args = [arg for h in carried for arg in h.args] + args
        try:
            if self._sqlite:
                description, rows, rowcount = await fastsql._sqlite(adapter, sql, args)
            else:
                description, rows, rowcount = await fastsql._asyncpg(
                    adapter, sql, args, self._engine.dialect._invalidate_schema_cache_asof)
        except Exception as error:
            await self._raise(error, sql, args)
        return fastsql.answer(prepared, self._engine.dialect, description, rows, rowcount)

    def _can_carry(self, statement: sa.Executable) -> bool:
        """Whether the held writes can go with ``statement``, as ``WITH`` parts of it, rather than before it
        as a statement of their own.  They can when every one is an insert of given values, plain or
        ``ON CONFLICT DO NOTHING`` (it reads no row and waits for no lock but a unique key's), and
        ``statement`` neither reads nor writes a table they write: it would not see their rows, nor they its.

        Sent together, the statement's snapshot is taken before the inserts run.  An insert waits only when
        another transaction is writing the same unique key: a plain one then fails once that one commits,
        and one that does nothing on a conflict cannot tell its caller whether it lost (nothing held answers
        rows), so no caller can go on to read what the winner wrote as a consequence of losing.  An update, a
        delete or an ``ON CONFLICT DO UPDATE`` can wait for a row's lock and go on: a read after it must see
        what the lock's holder wrote, so those are sent first, as before."""
        if not all(held.plain for held in self._held):
            return False
        touched = _touched_by(statement)
        return touched is not None and not any(held.writes in touched for held in self._held)

    async def _execute_many(self, statement: sa.Executable, params: list | tuple) -> Any:
        """Several parameter sets: sent as one batch (sqlite3's ``executemany``, asyncpg's pipelined one) when
        they make the same SQL and no rows are wanted back, else one statement each."""
        batch = [fastsql.prepare(self._engine, statement, one, counted=False) for one in params]
        if len(batch) < 2 or any(p is None or p.sql != batch[0].sql or p.plan.keys for p in batch):
            keys: list[str] = []
            rows: list[Any] = []
            for one in params:  # the rows each returns, together (an INSERT … RETURNING of several rows)
                result = await self.execute(statement, one)
                if result.returns_rows:
                    keys = list(result.keys())
                    rows.extend(result.all())
            return fastsql.FastResult(keys, rows, len(rows) if keys else -1)
        counter = getattr(self._engine.dialect, "groupbuy_statements", None)
        if counter is not None:  # one batch, one statement, as SQLAlchemy counts an executemany
            counter.inc()
        if not self._begun:
            await self._begin()
        adapter, sql, args = self._fairy.dbapi_connection, batch[0].sql, [p.args for p in batch]
        try:
            if self._sqlite:
                inline = adapter.driver_connection
                await inline._execute(inline._connection.executemany, sql, args)
            else:
                async with adapter._execute_mutex:
                    if adapter._transaction is None:
                        await adapter._start_transaction()
                    prepared, _attributes = await adapter._prepare(
                        sql, self._engine.dialect._invalidate_schema_cache_asof)
                    await prepared.executemany(args)
        except Exception as error:
            await self._raise(error, sql, args)
        return fastsql.FastResult([], [], -1)

    async def commit(self) -> None:
        while self._before_commit:
            await self._before_commit.pop(0)()
        if self._session is not None:
            await self._session.commit()
            self._run_after_commit()
            return
        if self._held and not self._begun and not self._sqlite:
            # Every write of the transaction was held: sent as one statement on its own, which is atomic by
            # itself and committed as it answers — one round trip where BEGIN, it and COMMIT took three.
            await self._send_held(begin=False)
            self._run_after_commit()
            return
        if self._held:
            await self._send_held()
        if self._begun:
            self._begun = False
            try:
                if self._sqlite:
                    inline = self._fairy.dbapi_connection.driver_connection
                    await inline._execute(inline._connection.execute, "COMMIT")
                else:  # the adapter's own commit, without its hand-over to a greenlet
                    adapter = self._fairy.dbapi_connection
                    if adapter._transaction is not None:
                        await adapter._call_and_discard(adapter._transaction.commit)
            except Exception as error:
                await self._raise(error, "COMMIT", [])
        self._run_after_commit()

    async def rollback(self) -> None:
        self._held.clear()
        self._before_commit.clear()
        self.info.clear()  # what callers kept for the commit (its callbacks are gone with it)
        if self._session is not None:
            await self._session.rollback()
            return
        if not self._begun:
            return
        self._begun = False
        self._after_commit.clear()
        try:
            if self._sqlite:
                inline = self._fairy.dbapi_connection.driver_connection
                if inline._connection.in_transaction:
                    await inline._execute(inline._connection.execute, "ROLLBACK")
            else:
                adapter = self._fairy.dbapi_connection
                if adapter._transaction is not None:
                    await adapter._call_and_discard(adapter._transaction.rollback)
        except Exception as error:
            await self._raise(error, "ROLLBACK", [])

    async def defer(self, statement: sa.Executable, params: Any = None, *, own_rows: bool = False) -> None:
        """Run a write whose answer nobody reads, with the transaction's next statement or its commit (see
        the module docstring); at once on SQLite and in a session.

        ``own_rows``: each parameter set updates (or deletes) rows of its own, found by key, and reads no
        other row — so several go together although they change one table (a relay marking the rows it
        sent). The caller vouches that no two touch the same row; a later write of that table that reads
        it still waits for them."""
        if not isinstance(statement, _DEFERRABLE) or statement._returning:
            raise TypeError(f"not a write whose answer nobody reads: {statement}")
        if self._session is not None or self._sqlite:
            await self.execute(statement, params)
            return
        for one in (params if isinstance(params, (list, tuple)) else [params]):
            prepared = fastsql.prepare(self._engine, statement, one, counted=False)
            if prepared is None:
                raise TypeError(f"not sendable in a transaction without a session: {statement}")
            writes, reads, plain = _tables_of(statement)
            if own_rows:
                reads = frozenset()  # as an insert of given values: held together with the table's other writes
            if any(writes in held.reads or reads & {held.writes} for held in self._held):
                await self._send_held()  # it would not see what those held write (or they what it writes)
            self._held.append(_Held(prepared.sql, prepared.args, writes, reads, plain))

    async def _send_held(self, *, begin: bool = True) -> None:
        """The deferred statements, as one statement (each before the next, on one snapshot); ``begin``
        false: outside any transaction, as the whole of one."""
        held, self._held = self._held, []
        # PostgreSQL runs a statement's own part first, then its ``WITH`` parts from the last to the first:
        # written latest first, with the first held as the statement's own part, they run in the order they
        # were held — rows inserted into one table get their serial keys in that order (an outbox's events,
        # an order's trail), as when each was a statement of its own.
        held.reverse()
        sql = held[0].sql if len(held) == 1 else together([(h.sql, len(h.args)) for h in held])
        args = [arg for h in held for arg in h.args]
        counter = getattr(self._engine.dialect, "groupbuy_statements", None)
        if counter is not None:
            counter.inc()
        if begin and not self._begun:
            await self._begin()
        try:
            await fastsql._asyncpg(self._fairy.dbapi_connection, sql, args,
                                   self._engine.dialect._invalidate_schema_cache_asof, begin=begin)
        except Exception as error:
            await self._raise(error, sql, args)

    async def _begin(self) -> None:
        if self._sqlite:
            inline = self._fairy.dbapi_connection.driver_connection
            try:
                await inline._execute(inline._connection.execute, "BEGIN IMMEDIATE")
            except Exception as error:
                await self._raise(error, "BEGIN IMMEDIATE", [])
            counter = getattr(self._engine.dialect, "groupbuy_statements", None)
            if counter is not None:  # as a write session's BEGIN IMMEDIATE is counted
                counter.inc()
        # PostgreSQL: the adapter begins at the first statement (``fastsql._asyncpg``), as its cursor does.
        self._begun = True

    def _run_after_commit(self) -> None:
        callbacks, self._after_commit = self._after_commit, []
        for callback in callbacks:
            callback()

    async def _raise(self, error: Exception, sql: str, args: list[Any]) -> None:
        """Raise ``error`` as SQLAlchemy raises it (``IntegrityError`` …); a broken connection is invalidated."""
        dialect = self._engine.dialect
        adapter = self._fairy.dbapi_connection
        translated: BaseException = error
        if self._sqlite:
            if not isinstance(error, sqlite3.Error):
                raise error
            wrapped = DBAPIError.instance(sql, args, error, sqlite3.Error)
        else:
            if not isinstance(error, dialect.loaded_dbapi.Error):
                try:
                    adapter._handle_exception(error)  # raises the adapter's DB-API error for asyncpg's
                except Exception as adapted:
                    translated = adapted
            if not isinstance(translated, dialect.loaded_dbapi.Error):
                raise error
            wrapped = DBAPIError.instance(sql, args, translated, dialect.loaded_dbapi.Error)
        if dialect.is_disconnect(translated, adapter, None):
            wrapped.connection_invalidated = True
            self._begun = False
            await greenlet_spawn(self._fairy.invalidate, translated)
        raise wrapped from error


_DEFERRABLE = (sa.Insert, sa.Update, sa.Delete)
_TABLES = "_groupbuy_tables"  # a statement's (table written, tables read, plain insert), kept on it


class _Held:
    __slots__ = ("args", "plain", "reads", "sql", "writes")

    def __init__(self, sql: str, args: list[Any], writes: str, reads: frozenset[str], plain: bool) -> None:
        self.sql, self.args, self.writes, self.reads, self.plain = sql, args, writes, reads, plain


def _tables_of(statement: Any) -> tuple[str, frozenset[str], bool]:
    """The table a write changes, every table it reads (none for an insert of given values, its target and
    the rest for an update, a delete or an ``INSERT … SELECT``), and whether it is an insert of given values,
    plain or ``ON CONFLICT DO NOTHING`` (one that can go with a later statement: ``Transaction._can_carry``)."""
    kept = _kept(statement, _TABLES)
    if kept is _UNKNOWN:
        written = statement.table.name
        named = frozenset(table.name for table in sql_util.find_tables(statement, include_crud=True, check_columns=True)
                          if isinstance(table, sa.Table))
        given_values = isinstance(statement, sa.Insert) and statement.select is None and named == {written}
        conflict = getattr(statement, "_post_values_clause", None)
        plain = given_values and (conflict is None or isinstance(conflict, OnConflictDoNothing))
        kept = (written, frozenset() if given_values else named | {written}, plain)
        statement.__dict__[_TABLES] = (id(statement), kept)
    return kept


_TOUCHED = "_groupbuy_touched"  # the tables a statement reads or writes, kept on it (None: not known)
_UNKNOWN = object()


def _kept(statement: Any, name: str) -> Any:
    """What was worked out of ``statement`` and kept on it under ``name``, or ``_UNKNOWN``.  Kept with the
    statement's identity: a statement made from it (``.where(…)``) starts with a copy of its attributes,
    and what holds of the one need not hold of the other."""
    kept = statement.__dict__.get(name)
    return kept[1] if kept is not None and kept[0] == id(statement) else _UNKNOWN


def _touched_by(statement: Any) -> frozenset[str] | None:
    """Every table ``statement`` reads or writes, or None when that cannot be told from SQLAlchemy's walk of
    it: not a select, insert, update or delete, or holding textual SQL, which may name any table."""
    kept = _kept(statement, _TOUCHED)
    if kept is _UNKNOWN:
        kept = None
        if isinstance(statement, (sa.Select, sa.Insert, sa.Update, sa.Delete)) and not any(
                isinstance(element, (sa.TextClause, TextualSelect)) for element in visitors.iterate(statement)):
            kept = frozenset(table.name for table in sql_util.find_tables(statement, include_crud=True,
                                                                             check_columns=True)
                             if isinstance(table, sa.Table))
        statement.__dict__[_TOUCHED] = (id(statement), kept)
    return kept


# A placeholder, or a quoted string or name (whose text is left as it is).
_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\$(\d+)")
_TOGETHER: dict[tuple[tuple[str, int], ...], str] = {}
_LEADING_WITH = re.compile(r"WITH (?:RECURSIVE )?")


def together(parts: list[tuple[str, int]]) -> str:
    """PostgreSQL statements (their SQL and number of arguments) as one: ``WITH w0 AS (first), … last``,
    each one's placeholders numbered on from the one before (their arguments go in that order).  A last
    statement with a ``WITH`` of its own keeps it, the others' parts put at the head of its list."""
    key = tuple(parts)
    sql = _TOGETHER.get(key)
    if sql is None:
        shifted, offset = [], 0
        for text, count in parts:
            shifted.append(_PLACEHOLDER.sub(
                lambda found, by=offset: f"${int(found.group(1)) + by}" if found.group(1) else found.group(0), text))
            offset += count
        held = ", ".join(f"w{i} AS ({text})" for i, text in enumerate(shifted[:-1]))
        own = _LEADING_WITH.match(shifted[-1])  # the last has a WITH of its own: one list, theirs first
        sql = (f"{own.group(0)}{held}, {shifted[-1][own.end():]}" if own else f"WITH {held} {shifted[-1]}")
        if len(_TOGETHER) >= 1000:  # the ways the code's deferred writes combine are few: only a leak grows it
            _TOGETHER.clear()
        _TOGETHER[key] = sql
    return sql
