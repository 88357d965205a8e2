"""The database kit: concurrent writers on SQLite queue instead of failing, and times stay UTC-aware."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlmodel import Field

from common.db import Database, NestedCheckout
from common.models import UtcDateTime, service_base

Table = service_base()


class Counter(Table, table=True):
    __tablename__ = "kit_counter"
    id: int = Field(primary_key=True)
    value: int = 0
    touched_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


@pytest.fixture(scope="module")
async def db(infra):
    template = infra.database_template("kit", migrate=False)
    database = Database.connect(template.format(service="catalog"))
    async with database.writer.begin() as conn:
        await conn.run_sync(Table.metadata.create_all)
    async with database.write_sessions() as session:
        session.add(Counter(id=1, value=0))
        await session.commit()
    yield database
    await database.dispose()


async def test_concurrent_read_modify_write_transactions_lose_no_update(db):
    async def increment() -> None:
        async with db.write_sessions() as session:
            # Lock the row on PostgreSQL; SQLite's writer already holds the database from BEGIN IMMEDIATE.
            row = (await session.exec(sa.select(Counter).where(Counter.id == 1).with_for_update())).one()[0]
            await asyncio.sleep(0)  # give the others every chance to interleave
            row.value += 1
            await session.commit()

    await asyncio.gather(*(increment() for _ in range(50)))
    async with db.read_sessions() as session:
        assert (await session.get(Counter, 1)).value == 50


async def test_times_come_back_aware_in_utc(db):
    shanghai = timezone(timedelta(hours=8))
    async with db.write_sessions() as session:
        row = await session.get(Counter, 1)
        row.touched_at = datetime(2026, 11, 23, 20, 0, tzinfo=shanghai)
        await session.commit()
    async with db.read_sessions() as session:
        stored = (await session.get(Counter, 1)).touched_at
    assert stored == datetime(2026, 11, 23, 12, 0, tzinfo=UTC) and stored.tzinfo is not None


async def test_naive_times_are_refused(db):
    async with db.write_sessions() as session:
        row = await session.get(Counter, 1)
        row.touched_at = datetime(2026, 11, 23, 12, 0)  # noqa: DTZ001 - the point of the test
        with pytest.raises(sa.exc.StatementError, match="naive datetime"):
            await session.commit()


async def _backend_pid(session) -> int:
    return (await session.exec(sa.text("SELECT pg_backend_pid()"))).one()[0]


async def test_a_read_session_holds_no_transaction(db, infra):
    if not infra.on_postgres:
        async with db.read_sessions() as session:
            await session.exec(sa.select(Counter.value).where(Counter.id == 1))
            raw = await (await session.connection()).get_raw_connection()
            # No BEGIN was sent: the statement read in a transaction of its own, already over.
            assert raw.driver_connection._conn.in_transaction is False
        return
    async with db.read_sessions() as session:
        # Autocommit: each statement is a transaction of its own (now() is its start), none is left to roll back.
        first = (await session.exec(sa.text("SELECT now()"))).one()[0]
        await session.exec(sa.text("SELECT pg_sleep(0.01)"))
        second = (await session.exec(sa.text("SELECT now()"))).one()[0]
    assert second > first


async def test_a_snapshot_sessions_reads_agree_while_a_write_commits_between_them(db):
    """An answer made of several reads (an order, then its refunds) must not show half of a write that
    committed between them; a read session's next read does see it."""
    async with db.write_sessions() as session:
        session.add(Counter(id=40, value=1))
        await session.commit()

    async def write(value: int) -> None:
        async with db.write_sessions() as session:
            (await session.get(Counter, 40)).value = value
            await session.commit()

    read = sa.select(Counter.value).where(Counter.id == 40)
    async with db.snapshot_sessions() as snapshot, db.read_sessions() as plain:
        assert (await snapshot.exec(read)).scalar_one() == 1
        assert (await plain.exec(read)).scalar_one() == 1
        await write(2)
        assert (await snapshot.exec(read)).scalar_one() == 1  # the snapshot of its first read
        assert (await plain.exec(read)).scalar_one() == 2
    async with db.snapshot_sessions() as snapshot:
        assert (await snapshot.exec(read)).scalar_one() == 2  # a new session, a new snapshot
    await write(3)  # nothing held open: the write goes through, and a new snapshot sees it
    async with db.snapshot_sessions() as snapshot:
        assert (await snapshot.exec(read)).scalar_one() == 3


async def test_an_idle_connection_closed_by_the_server_is_replaced_before_use(db, infra, monkeypatch):
    if not infra.on_postgres:
        pytest.skip("SQLite files have no server to close connections")
    import common.db

    monkeypatch.setattr(common.db, "IDLE_PING_S", 0.0)
    pooled = Database.connect(db.url, pool_size=1)  # one connection kept in its pool
    try:
        async with pooled.read_sessions() as session:
            victim = await _backend_pid(session)
        async with db.write_sessions() as session:  # the server ends it while it sits idle, as a restart would
            await session.exec(sa.text(f"SELECT pg_terminate_backend({victim})"))
            await session.commit()
        async with pooled.read_sessions() as session:
            assert (await session.get(Counter, 1)) is not None
            assert await _backend_pid(session) != victim
    finally:
        await pooled.dispose()


async def test_every_statement_sent_is_counted(db):
    from common.db import STATEMENTS

    def sent() -> float:
        return sum(STATEMENTS.labels(engine)._value.get() for engine in ("reader", "writer"))

    before = sent()
    async with db.read_sessions() as session:
        for _ in range(3):
            await session.exec(sa.select(Counter.value).where(Counter.id == 1))
    assert sent() - before >= 3


async def test_a_task_asking_for_a_second_connection_while_it_holds_one_fails_when_checked(infra):
    """With ``one_connection_per_task`` (the test stacks' setting) a nested checkout fails at once; without
    it (production) the same code would wait whenever the pool has no connection left."""
    template = infra.database_template("nesting", migrate=False)
    checked = Database.connect(template.format(service="catalog"), pool_size=1, one_connection_per_task=True)
    try:
        async def one_after_the_other() -> int:
            async with checked.read_sessions() as session:
                first = (await session.exec(sa.select(sa.literal(1)))).scalar_one()
            async with checked.read_sessions() as session:
                return first + (await session.exec(sa.select(sa.literal(1)))).scalar_one()

        # Tasks each holding one connection at a time, at once, as many as the pool has: all fine.
        assert await asyncio.gather(*(one_after_the_other() for _ in range(2))) == [2, 2]

        async with checked.read_sessions() as outer:
            await outer.exec(sa.select(sa.literal(1)))
            with pytest.raises(NestedCheckout, match="second connection"):
                async with checked.read_sessions() as inner:
                    await inner.exec(sa.select(sa.literal(1)))
        # The refused checkout gave nothing away: the task's connections all came back.
        assert await one_after_the_other() == 2
    finally:
        await checked.dispose()


async def test_the_pool_is_opened_ahead_on_postgresql_and_a_server_that_refuses_does_not_stop_it(infra):
    """``Database.warm``: the connections asked for are open and idle in the pool afterwards (all of them when
    no count is given, never more than the pool holds), and taking them serves at once; connections it
    cannot open are left to be opened when wanted.  SQLite has no server connection to open."""
    template = infra.database_template("warm", migrate=False)
    database = Database.connect(template.format(service="catalog"), pool_size=2, one_connection_per_task=True)
    try:
        if database.reader.dialect.name != "postgresql":
            assert await database.warm() == 0
            return
        pool = database.reader.pool
        assert pool.checkedin() == 0
        assert await database.warm(3) == 3
        assert await database.warm(1) == 3  # already open: nothing more
        assert await database.warm() == 4  # the whole pool: twice pool_size
        assert await database.warm(100) == 4 and pool.checkedin() == 4

        async def one() -> int:
            async with database.read_sessions() as session:
                return (await session.exec(sa.select(sa.literal(1)))).scalar_one()

        assert await asyncio.gather(*(one() for _ in range(4))) == [1] * 4
        assert pool.checkedin() == 4
    finally:
        await database.dispose()
    url = sa.make_url(template.format(service="catalog")).set(port=1)  # nothing listens there
    unreachable = Database.connect(url.render_as_string(hide_password=False), pool_size=1)
    try:
        assert await unreachable.warm() == 0
    finally:
        await unreachable.dispose()


async def test_the_pool_size_unset_is_the_databases_own(infra):
    """PostgreSQL keeps six connections a process (crowded with twenty, the event loop gave each request's
    awaits their turns late; README, Connections); SQLite twenty readers and its one writer.  A configured
    size wins, and a database apart (the relay's) keeps the first's settings with a pool of its own."""
    template = infra.database_template("poolsize", migrate=False)
    database = Database.connect(template.format(service="catalog"))
    sized = Database.connect(template.format(service="catalog"), pool_size=4)
    apart = database.apart()
    try:
        if database.reader.dialect.name == "postgresql":
            assert database.reader.pool.size() == 6
            assert apart is not database and apart.reader.pool.size() == 2
            assert apart.writer is apart.reader
        else:
            assert database.reader.pool.size() == 20 and database.writer.pool.size() == 1
            assert apart is database  # one writer for the file whatever the engines
        assert sized.reader.pool.size() == 8
    finally:
        if apart is not database:
            await apart.dispose()
        await sized.dispose()
        await database.dispose()
