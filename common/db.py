"""Database access for one service: async engines, a session per request, SQLite made safe for writers.

SQLite (embedded default): WAL, a busy timeout, foreign keys on, and two engines over one file — a
reader whose statements each read in a transaction of their own (no BEGIN, as on PostgreSQL), and a
writer with a single pooled connection whose transactions begin IMMEDIATE.  Writers of one process
therefore queue on that connection (an asynchronous wait, in order) instead of spinning on SQLite's
busy handler, and never fail half-way with "database is locked"; the busy timeout still covers writers
in other processes.
PostgreSQL: one asyncpg engine serves both.  Read sessions run in autocommit (no BEGIN/ROLLBACK round
trips; at READ COMMITTED each statement has its own snapshot either way).  A pooled connection is
pinged before use only when it has been idle ``IDLE_PING_S`` or more (a database restart is found
there); one in steady use is not — a ping costs as much as a small query.  A connection that breaks in
use invalidates the pool's older ones, so a restart costs at most the requests that were in flight.

SQLite calls run on the event loop's own thread (``_InlineConnection``), not on a thread per connection
as aiosqlite does: a query on a local file takes tens of microseconds, far less than handing it to
another thread and back (a wake-up and two GIL hand-overs per call, which cost more than the query).
Only a call that finds the file locked by another connection (SQLite answers "busy" at once: the
connections' own busy timeout is 0) is handed to a thread, which tries again until the lock is free or
the busy timeout has passed — so a wait never holds the loop, and the holder (perhaps in this very
process) can finish.  A statement refused as busy had no effect, so trying it again is safe.

Use ``SessionDep`` in routes that only read and ``WriteSessionDep`` in routes that change state;
service functions commit their own transaction.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import aiosqlite
from fastapi import Depends, Request
from prometheus_client import Counter
from sqlalchemy import event, make_url, text
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.util.concurrency import await_only
from sqlmodel.ext.asyncio.session import AsyncSession

from common import fastsql
from common.transaction import Transaction

WRITER_QUEUE_TIMEOUT_S = 30  # longest wait for SQLite's one writer connection before giving up
log = logging.getLogger("groupbuy.db")

IDLE_PING_S = 5.0  # a PostgreSQL connection idle this long is pinged before it is handed out
# Statements each PostgreSQL connection keeps prepared (SQLAlchemy's asyncpg default: 100).  A service's hot
# statements, with the forms kept per number of rows (a batch's inbox rows, a group's messages), outnumber
# that: past it each one was prepared again at every use — a round trip and the server's parse and plan.
PREPARED_STATEMENTS = 1000
# Each prepared statement runs by its generic plan, made once per connection, instead of PostgreSQL's
# default of planning it anew for its first five runs and thereafter whenever the generic plan's estimate
# is not the cheaper: that planning was ~11 % of the server's CPU on the ladder (perf of the orders
# database's backends), ~1.2 ms an order in all.  Every statement finds its rows by a key or an index a
# generic plan can use (``tests/test_query_plans.py`` holds the ones a plan without statistics got wrong,
# and ``test_every_connection_runs_generic_plans`` the setting itself).
SERVER_SETTINGS = {"plan_cache_mode": "force_generic_plan"}

# Statements sent, per engine ("writer": SQLite's one writing connection; "reader": the other, and the one
# engine on PostgreSQL).  The count per unit of work is what a change to a hot path is first measured by:
# unlike seconds, it does not move with whatever else the machine is doing.
STATEMENTS = Counter("groupbuy_db_statements_total", "SQL statements sent to the database", ["engine"])


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


# Half the connections a process keeps (``GROUPBUY_DATABASE__POOL_SIZE`` unset).  PostgreSQL: 3, so six.
# With twenty, under load as many requests were inside a transaction at once, each await of each a turn of an
# event loop crowded with them; with six the others wait for a connection, idle.  Alternating runs
# (README, Connections): the event lag at 100 orders/s asked p50 535–623 → 112–133 ms, p99 839–962 →
# 439–480 ms, the ladder, flash burst and routed read no worse.  SQLite: 10 (its readers; one writer).
DEFAULT_POOL_SIZE = {"postgresql": 3, "sqlite": 10}


def pool_size_for(url: str, configured: int | None = None) -> int:
    """The pool size a process uses: the configured one, or the database's default."""
    return configured if configured is not None else DEFAULT_POOL_SIZE["sqlite" if is_sqlite(url) else "postgresql"]


def ensure_sqlite_dir(url: str) -> None:
    """SQLite creates the file but not its folder."""
    if is_sqlite(url) and ":memory:" not in url:
        database = make_url(url).database
        if database:
            Path(database).parent.mkdir(parents=True, exist_ok=True)


class _InlineConnection(aiosqlite.Connection):
    """aiosqlite's connection, each call made at once on the calling thread (see the module docstring);
    its thread only opens and closes the file."""

    busy_timeout_s = 15.0

    async def _execute(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        try:
            return fn(*args, **kwargs)
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
        given_up = threading.Event()
        try:
            return await asyncio.to_thread(_until_free, fn, args, kwargs, time.monotonic() + self.busy_timeout_s,
                                           given_up)
        except asyncio.CancelledError:
            given_up.set()  # a cancelled caller (a process shutting down) does not leave a thread waiting behind it
            raise


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return getattr(exc, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or \
        "database is locked" in str(exc)


def _until_free(fn: Any, args: tuple, kwargs: dict, deadline: float, given_up: threading.Event) -> Any:
    pause = 0.001
    while True:
        try:
            return fn(*args, **kwargs)
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() >= deadline or given_up.is_set():
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def _inline_connector(path: str, busy_timeout_s: float):
    def connect() -> _InlineConnection:
        connection = _InlineConnection(lambda: sqlite3.connect(path, timeout=0, check_same_thread=False), 64)
        connection.busy_timeout_s = busy_timeout_s
        connection._thread.daemon = True
        return connection

    return connect


def _sqlite_engine(url: str, *, pool_size: int, busy_timeout_ms: int, immediate: bool, echo: bool) -> AsyncEngine:
    # Readers: a connection is held across a request's awaits, so a busy service holds many at once.  An
    # overflow connection is opened and closed again per use (a file, its pragmas and a thread each time):
    # the pool keeps twice the configured size open, which a local file makes cheap.
    engine = create_async_engine(
        url,
        echo=echo,
        pool_size=1 if immediate else 2 * pool_size,
        max_overflow=0 if immediate else pool_size,
        pool_timeout=WRITER_QUEUE_TIMEOUT_S,
        async_creator=_inline_connector(make_url(url).database or ":memory:", busy_timeout_ms / 1000),
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the driver so BEGIN is ours to emit.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=0")  # a wait for the lock is the connection's own (see above)
        cursor.execute("PRAGMA journal_mode")
        if str(cursor.fetchone()[0]).lower() != "wal":  # switching takes a lock: only when it is not WAL yet
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    if immediate:
        @event.listens_for(engine.sync_engine, "begin")
        def _on_begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    else:
        # The reader sends no BEGIN: each statement reads in a transaction of its own, as a read session on
        # PostgreSQL does (see ``Database.connect``) — one statement fewer per read session, and no snapshot
        # held across a request's awaits to keep the WAL from being checkpointed.  Except on the engine of
        # snapshot sessions (``Database.snapshot_sessions``), whose reads must agree with each other.
        @event.listens_for(engine.sync_engine, "begin")
        def _on_begin_snapshot(connection: Any) -> None:
            if connection.get_execution_options().get(SNAPSHOT_OPTION):
                connection.exec_driver_sql("BEGIN")
    return engine


SNAPSHOT_OPTION = "groupbuy_snapshot"


def make_engine(url: str, *, pool_size: int = 10, busy_timeout_ms: int = 15_000, echo: bool = False,
                writer: bool = False, one_connection_per_task: bool = False) -> AsyncEngine:
    if is_sqlite(url):
        engine = _sqlite_engine(url, pool_size=pool_size, busy_timeout_ms=busy_timeout_ms, immediate=writer,
                                echo=echo)
    else:
        # Twice the configured size, all of it kept: an overflow connection is closed again when it is given
        # back, and under a burst every request past the pool's size paid a new connection (TLS offered,
        # authentication, a cold prepared-statement cache) — measured at a few per cent of each service's
        # CPU on the ladder.  The most a process opens is what it was (size plus as many in overflow).
        # Kept for as long as they work, not recycled by age: a connection replaced when first taken after
        # half an hour was a reconnect paid by whichever request took it — after a quiet afternoon, by the
        # 20:00 burst, all at once.  One that sat idle is pinged before it is handed out (``_ping_when_idle``),
        # and one found closed is replaced.  ``Database.warm`` opens them at start.
        engine = create_async_engine(url, echo=echo, pool_size=2 * pool_size, max_overflow=0,
                                     connect_args={"prepared_statement_cache_size": PREPARED_STATEMENTS,
                                                   "server_settings": SERVER_SETTINGS})
        _ping_when_idle(engine)
        _learn_array_types(engine)
    _count_statements(engine, STATEMENTS.labels("writer" if writer else "reader"))
    if one_connection_per_task:
        _refuse_a_second_connection(engine)
    return engine


class NestedCheckout(RuntimeError):
    """A task asked the pool for a connection while it held one of the same pool."""


def _refuse_a_second_connection(engine: AsyncEngine) -> None:
    """Tests (``DatabaseSettings.one_connection_per_task``): a task that takes a second connection from the
    pool while it holds one fails at once.  In production it would wait: when as many tasks as the pool has
    connections each hold one and ask for another, none comes back until the pool's timeout, and every
    request in that process fails meanwhile.  Several connections of one task are fine only in tests that
    mean to see two transactions."""
    holders: dict[int, int] = {}  # the pool's record (by id) → the task holding its connection (by id)

    @event.listens_for(engine.sync_engine, "checkout")
    def _taken(_dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        try:
            task = asyncio.current_task()
        except RuntimeError:  # not on an event loop: a synchronous use of the engine
            return
        if task is None:
            return
        if id(task) in holders.values():
            raise NestedCheckout(f"task {task.get_name()} asked the pool for a second connection while it "
                                 "held one: under load that waits for a connection that never comes back")
        holders[id(record)] = id(task)

    @event.listens_for(engine.sync_engine, "checkin")
    def _given_back(_dbapi_connection: Any, record: Any) -> None:
        holders.pop(id(record), None)


def _count_statements(engine: AsyncEngine, counter: Any) -> None:
    engine.dialect.groupbuy_statements = counter  # what common/fastsql.py counts the statements it sends by

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _counted(*_args: Any) -> None:
        counter.inc()


# The arrays statements pass rows in (``common.upsert``'s ``unnest``, the relay's marks, stage lists): asyncpg
# knows no codec for them until it has asked the server, by a recursive query over the catalogue that costs
# the server ~10 ms (mostly planning it) each time.  Asked once for all of them when a connection opens,
# rather than once per type at the first statement that uses each — on a busy service's twenty connections,
# in the middle of its first minute of load.
_ARRAY_TYPES = ("int4[]", "int8[]", "varchar[]", "text[]", "timestamptz[]", "bool[]", "date[]", "jsonb[]")
_LEARN_ARRAY_TYPES = "SELECT " + ", ".join(f"${n}::{name}" for n, name in enumerate(_ARRAY_TYPES, start=1))


def _learn_array_types(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _connected(dbapi_connection: Any, _record: Any) -> None:
        connection = dbapi_connection._connection  # asyncpg's, under SQLAlchemy's adapter
        await_only(connection.prepare(_LEARN_ARRAY_TYPES))


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Pre-ping only the connections that sat idle: a closed one is replaced before anyone uses it."""

    @event.listens_for(engine.sync_engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < IDLE_PING_S:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # the pool replaces the connection and tries again
            raise DisconnectionError("an idle connection was found closed") from exc


@dataclass
class Database:
    """The engines and session factories of one service's database."""

    url: str
    reader: AsyncEngine
    writer: AsyncEngine
    read_sessions: async_sessionmaker[AsyncSession]
    write_sessions: async_sessionmaker[AsyncSession]
    reads: AsyncEngine | None = None  # what read sessions run on (PostgreSQL: the reader in autocommit)
    # Reads that must agree with each other (an order and its refunds): every statement of the session
    # reads one snapshot — PostgreSQL's REPEATABLE READ, READ ONLY; SQLite's read transaction (WAL).  A read
    # session's statements each read the database as it is at that moment, so an answer made of several of
    # them could show a refund paid out beside its order's total from before the payout.
    snapshot_sessions: async_sessionmaker[AsyncSession] | None = None
    _quick_reader: sqlite3.Connection | None = field(default=None, repr=False)
    _options: dict[str, Any] = field(default_factory=dict, repr=False)  # how ``connect`` made it

    @classmethod
    def connect(cls, url: str, *, pool_size: int | None = None, busy_timeout_ms: int = 15_000,
                echo: bool = False, one_connection_per_task: bool = False) -> Database:
        """``pool_size`` None: the database's default (``DEFAULT_POOL_SIZE``)."""
        ensure_sqlite_dir(url)
        pool_size = pool_size_for(url, pool_size)
        reader = make_engine(url, pool_size=pool_size, busy_timeout_ms=busy_timeout_ms, echo=echo,
                             one_connection_per_task=one_connection_per_task)
        writer = (
            make_engine(url, busy_timeout_ms=busy_timeout_ms, echo=echo, writer=True,
                        one_connection_per_task=one_connection_per_task)
            if is_sqlite(url) else reader
        )
        # PostgreSQL reads run without BEGIN/ROLLBACK round trips: at READ COMMITTED each statement takes its own
        # snapshot inside a transaction too, so a read session sees nothing different — and it never writes
        # (writes, and reads that lock, go through ``write_sessions``).  Same pool, so no more connections.
        reads = reader if is_sqlite(url) else reader.execution_options(isolation_level="AUTOCOMMIT")
        snapshots = (reader.execution_options(**{SNAPSHOT_OPTION: True}) if is_sqlite(url) else
                     reader.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True))
        return cls(
            url=url,
            reader=reader,
            writer=writer,
            read_sessions=async_sessionmaker(reads, class_=AsyncSession, expire_on_commit=False),
            write_sessions=async_sessionmaker(writer, class_=AsyncSession, expire_on_commit=False),
            reads=reads,
            snapshot_sessions=async_sessionmaker(snapshots, class_=AsyncSession, expire_on_commit=False),
            _options={"busy_timeout_ms": busy_timeout_ms, "echo": echo,
                      "one_connection_per_task": one_connection_per_task},
        )

    def apart(self) -> Database:
        """For a loop in the background of a service (its relay): on PostgreSQL, a database of its own, whose
        connection (one; the loop's statements follow one another) never waits in the pool behind the
        requests — under load they hold every connection, and the relay waited its turn for each round: the
        event lag's relay stage at 70 orders/s, p50 529–562 → 128–225 ms, p99 2297–2402 → 798–842 ms.  Dispose
        of it when done.  SQLite: this one (the file has one writer whatever the engines; a second writer
        engine would only wait on the same lock)."""
        if is_sqlite(self.url):
            return self
        return Database.connect(self.url, pool_size=1, **self._options)

    async def fetch(self, statement: Any, params: dict[str, Any] | None = None) -> Any:
        """A read outside any transaction, without a session: the rows of one Core statement (the result
        API of ``common.fastsql.FastResult``: ``all``, ``first``, ``scalar_one`` …).

        For the hot reads a request makes before it writes (a session, its connection and its closing
        cost several times the statement).  SQLite: one connection of this process kept for these reads,
        used only on the event loop's thread and never across an await (each statement runs and is read to
        its end at once, in a read transaction of its own, as the reader's statements do); a statement
        that finds the file busy goes through a read session instead.  PostgreSQL: a pooled connection in
        autocommit, taken from the pool and sent on without a ``Connection`` (``fastsql.fetch_autocommit``)."""
        reads = self.reads or self.reader
        if is_sqlite(self.url) and ":memory:" not in self.url and not reads.echo and \
                not getattr(reads.dialect, "groupbuy_traced", False):
            prepared = fastsql.prepare(reads.sync_engine, statement, params)
            if prepared is not None:
                try:
                    cursor = self._quick_connection().execute(prepared.sql, prepared.args)
                    description = cursor.description
                    rows = cursor.fetchall() if description else []
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc):
                        raise DBAPIError.instance(prepared.sql, prepared.args, exc, sqlite3.Error) from exc
                except sqlite3.Error as exc:
                    raise DBAPIError.instance(prepared.sql, prepared.args, exc, sqlite3.Error) from exc
                else:
                    return fastsql.answer(prepared, reads.dialect, description, rows, cursor.rowcount)
            async with self.read_sessions() as session:
                return await fastsql.run(await session.connection(), statement, params)
        if not reads.echo and not getattr(reads.dialect, "groupbuy_traced", False):
            prepared = fastsql.prepare(reads.sync_engine, statement, params)
            if prepared is not None and prepared.plan.driver == "asyncpg":
                found = await fastsql.fetch_autocommit(reads.sync_engine, prepared)
                if found is not None:
                    return found
        async with reads.connect() as connection:
            return await fastsql.run(connection, statement, params)

    def transaction(self) -> Transaction:
        """A write transaction of Core statements without a session (``common.transaction``)."""
        return Transaction(self)

    async def write_alone(self, statement: Any, params: dict[str, Any] | None = None) -> Any:
        """One write statement as a transaction of its own, its rows answered (``FastResult``'s API).

        A statement is atomic by itself: on PostgreSQL it goes in autocommit on a writer's connection —
        one round trip where ``BEGIN``, it and ``COMMIT`` took three.  On SQLite (in process), on an engine
        that echoes its SQL or is traced, and when that send failed (a broken connection: whether it was
        applied is not known), it goes in a ``Transaction`` — so only for a statement that is safe to send
        again, an insert unless the row is there (``ON CONFLICT DO NOTHING``) or the like."""
        writer = self.writer
        if writer.dialect.name == "postgresql" and not writer.echo and \
                not getattr(writer.dialect, "groupbuy_traced", False):
            prepared = fastsql.prepare(writer.sync_engine, statement, params)
            if prepared is not None and prepared.plan.driver == "asyncpg":
                found = await fastsql.fetch_autocommit(writer.sync_engine, prepared)
                if found is not None:
                    return found
        async with self.transaction() as tx:
            result = await tx.execute(statement, params)
            await tx.commit()
        return result

    def _quick_connection(self) -> sqlite3.Connection:
        if self._quick_reader is None:
            connection = sqlite3.connect(make_url(self.url).database or ":memory:", timeout=0,
                                         check_same_thread=False, isolation_level=None)
            connection.execute("PRAGMA busy_timeout=0")
            connection.execute("PRAGMA query_only=ON")
            self._quick_reader = connection
        return self._quick_reader

    async def ping(self) -> None:
        async with self.reader.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def warm(self, count: int | None = None) -> int:
        """PostgreSQL: open ``count`` of the pool's connections now (None, or more than the pool holds: all of
        them), and answer how many it holds open.  The pool opens connections as they are first wanted, and
        a burst — the 20:00 flash sale — then paid for a score of them at once: a server process forked for
        each, the driver's types learnt, while the burst waited (a catalog flash reservation's p50 ~250 ms,
        ~17 with the pool open).  Connections it cannot open now (the server full) are opened when wanted,
        as before; SQLite opens its file, not a server connection, and is left as it is."""
        if self.reader.dialect.name != "postgresql":
            return 0
        pool: Any = self.reader.pool
        wanted = pool.size() if count is None else min(count, pool.size())
        if pool.checkedin() >= wanted:
            return pool.checkedin()
        held = 0
        all_held = asyncio.Event()

        async def hold_one() -> None:
            # ``wanted`` taken at once, one per task (a task holds one at a time): the pool hands out those it
            # has open and opens the rest; all go back open.
            nonlocal held
            try:
                async with self.reader.connect() as connection:
                    await connection.exec_driver_sql("SELECT 1")
                    held += 1
                    if held == wanted:
                        all_held.set()
                    await all_held.wait()
            finally:
                all_held.set()  # one that failed lets the others go: what opened stays in the pool

        results = await asyncio.gather(*(hold_one() for _ in range(wanted)), return_exceptions=True)
        failures = [r for r in results if isinstance(r, BaseException)]
        if failures:
            log.warning("%d of %d database connections not opened ahead: %s", len(failures), wanted, failures[0])
        return pool.checkedin()

    async def dispose(self) -> None:
        if self._quick_reader is not None:
            self._quick_reader.close()
            self._quick_reader = None
        await self.reader.dispose()
        if self.writer is not self.reader:
            await self.writer.dispose()


def get_database(request: Request) -> Database:
    return request.app.state.db


async def _read_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with get_database(request).read_sessions() as session:
        yield session


async def _snapshot_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with get_database(request).snapshot_sessions() as session:
        yield session


async def _write_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with get_database(request).write_sessions() as session:
        yield session


async def _database(request: Request) -> Database:
    return get_database(request)


# A coroutine, not a plain function: FastAPI runs a plain function dependency on a worker thread, a
# thread hop per request for one attribute read.
DatabaseDep = Annotated[Database, Depends(_database)]
SessionDep = Annotated[AsyncSession, Depends(_read_session)]
WriteSessionDep = Annotated[AsyncSession, Depends(_write_session)]
SnapshotSessionDep = Annotated[AsyncSession, Depends(_snapshot_session)]  # reads that agree (``snapshot_sessions``)
