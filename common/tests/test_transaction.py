"""A write transaction without a session keeps what a write session gives: commit and rollback, the
writer's lock, SQLAlchemy's errors, a transaction that goes on after a broken unique key, the relay woken
after the commit and only then, every statement counted, a broken connection never handed out again —
on both databases, and under concurrent writers."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError

from common.db import STATEMENTS, Database
from common.events.orders import OrderPlaced
from common.outbox import define_event_tables, execute
from common.transaction import together
from common.upsert import insert_new

metadata = sa.MetaData()
tally = sa.Table("kit_tally", metadata, sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("code", sa.String(20), unique=True, nullable=False),
                 sa.Column("value", sa.Integer, nullable=False))
note = sa.Table("kit_note", metadata, sa.Column("id", sa.Integer, primary_key=True),
                sa.Column("text", sa.String(40), nullable=False))
events = define_event_tables(metadata, producer="orders")

ADD = sa.insert(tally).returning(tally.c.id)
BUMP = (sa.update(tally).where(tally.c.code == sa.bindparam("b_code")).values(value=tally.c.value + 1)
        .returning(tally.c.value))
VALUE = sa.select(tally.c.value).where(tally.c.code == sa.bindparam("code"))


@pytest.fixture(scope="module")
def template(infra) -> str:
    return infra.database_template("tx", migrate=False)


@pytest.fixture
async def db(template):
    database = Database.connect(template.format(service="catalog"))
    async with database.writer.begin() as conn:
        await conn.run_sync(metadata.drop_all)
        await conn.run_sync(metadata.create_all)
    yield database
    await database.dispose()


def _placed(order_id: int) -> OrderPlaced:
    return OrderPlaced(order_id=order_id, user_id=2, kind="regular", activity_id=None, group_id=None,
                       community_id=None, amount_fen=100, placed_at=datetime.now(UTC))


async def _value(db: Database, code: str) -> int | None:
    return (await db.fetch(VALUE, {"code": code})).scalar_one_or_none()


async def test_a_commit_keeps_the_writes_and_leaving_without_one_rolls_them_back(db):
    async with db.transaction() as tx:
        new_id = (await tx.execute(ADD, {"code": "kept", "value": 1})).scalar_one()
        assert (await tx.execute(VALUE, {"code": "kept"})).scalar_one() == 1  # its own writes are seen
        await tx.commit()
    assert new_id and await _value(db, "kept") == 1
    async with db.transaction() as tx:
        await tx.execute(ADD, {"code": "dropped", "value": 1})
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await tx.execute(BUMP, {"b_code": "kept"})
            raise RuntimeError("the caller failed half-way")
    assert await _value(db, "dropped") is None
    assert await _value(db, "kept") == 1


async def test_a_broken_unique_key_is_sqlalchemys_error_and_the_transaction_goes_on(db):
    async with db.transaction() as tx:
        await tx.execute(ADD, {"code": "taken", "value": 1})
        await tx.commit()
    async with db.transaction() as tx:
        with pytest.raises(IntegrityError):
            await tx.execute(ADD, {"code": "taken", "value": 2})
        await tx.rollback()
        await tx.execute(ADD, {"code": "free", "value": 3})
        await tx.commit()
    assert (await _value(db, "taken"), await _value(db, "free")) == (1, 3)


async def test_several_parameter_sets_each_run(db):
    async with db.transaction() as tx:
        await tx.execute(sa.insert(tally), [{"code": f"many-{i}", "value": i} for i in range(3)])
        await tx.commit()
    assert [await _value(db, f"many-{i}") for i in range(3)] == [0, 1, 2]


async def test_a_batch_that_breaks_a_unique_key_is_refused_whole(db):
    async with db.transaction() as tx:
        with pytest.raises(IntegrityError):
            await tx.execute(sa.insert(tally), [{"code": "twice", "value": 1}, {"code": "twice", "value": 2}])
        await tx.rollback()
        await tx.commit()
    assert await _value(db, "twice") is None


async def test_rows_inserted_when_new_answer_which_were_written(db):
    async with db.transaction() as tx:
        await tx.execute(ADD, {"code": "old", "value": 1})
        written = await insert_new(tx, tally, [{"code": "old", "value": 2}, {"code": "new-1", "value": 3},
                                               {"code": "new-2", "value": 4}], returning=("code",))
        await tx.commit()
    assert sorted(code for (code,) in written) == ["new-1", "new-2"]
    assert [await _value(db, code) for code in ("old", "new-1", "new-2")] == [1, 3, 4]


async def test_what_it_cannot_send_is_refused_before_anything_is_sent(db):
    async with db.transaction() as tx:
        with pytest.raises(TypeError):
            await tx.execute(sa.text("DELETE FROM kit_tally"))


async def test_the_relay_is_woken_after_the_commit_and_only_then(db):
    woken = asyncio.Event()
    events.add_waker(woken)
    async with db.transaction() as tx:
        await events.publish(tx, _placed(1))
        assert not woken.is_set()
    assert not woken.is_set()  # rolled back: nothing to send
    async with db.transaction() as tx:
        await events.publish_many(tx, [_placed(1), _placed(2)])
        assert not woken.is_set()
        await tx.commit()
    assert woken.is_set()
    outbox = (await db.fetch(sa.select(events.outbox.c.event_type).order_by(events.outbox.c.id))).scalars().all()
    assert outbox == ["order.placed", "order.placed"]


async def test_every_statement_is_counted(db):
    def sent() -> float:
        return sum(STATEMENTS.labels(engine)._value.get() for engine in ("reader", "writer"))

    before = sent()
    async with db.transaction() as tx:
        for n in range(3):
            await tx.execute(ADD, {"code": f"counted-{n}", "value": n})
        await tx.commit()
    assert sent() - before >= 3


async def test_concurrent_transactions_and_sessions_lose_no_update(db):
    async with db.transaction() as tx:
        await tx.execute(ADD, {"code": "hot", "value": 0})
        await tx.commit()

    async def by_transaction() -> int:
        async with db.transaction() as tx:
            seen = (await tx.execute(BUMP, {"b_code": "hot"})).scalar_one()
            await asyncio.sleep(0)  # another writer gets the loop while this one holds its lock
            await tx.commit()
            return seen

    async def by_session() -> int:
        async with db.write_sessions() as session:
            seen = (await execute(session, BUMP, {"b_code": "hot"})).scalar_one()
            await asyncio.sleep(0)
            await session.commit()
            return seen

    seen = await asyncio.gather(*(by_transaction() if n % 3 else by_session() for n in range(30)))
    assert sorted(seen) == list(range(1, 31))  # each writer saw the one before it, none overwrote another
    assert await _value(db, "hot") == 30


async def test_an_echoing_engine_still_sees_every_statement(db, template):
    echoing = Database.connect(template.format(service="catalog"), echo=True)
    try:
        async with echoing.transaction() as tx:
            assert tx._session is not None  # the statements go through SQLAlchemy's execution, which logs them
            await tx.execute(ADD, {"code": "echoed", "value": 5})
            await tx.commit()
        assert await _value(echoing, "echoed") == 5
    finally:
        await echoing.dispose()


async def test_a_connection_the_server_closed_is_not_handed_out_again(db, infra):
    if not infra.on_postgres:
        pytest.skip("SQLite files have no server to close connections")
    pooled = Database.connect(db.url, pool_size=1)
    try:
        async with pooled.transaction() as tx:
            victim = (await tx.execute(sa.select(sa.func.pg_backend_pid()))).scalar_one()
            await tx.commit()
        async with db.write_sessions() as session:  # the server ends it while it sits in the pool
            await execute(session, sa.select(sa.func.pg_terminate_backend(victim)))
            await session.commit()
        await asyncio.sleep(0.2)
        failed = 0
        for _ in range(3):
            try:
                async with pooled.transaction() as tx:
                    pid = (await tx.execute(sa.select(sa.func.pg_backend_pid()))).scalar_one()
                    await tx.commit()
            except DBAPIError as error:
                assert error.connection_invalidated
                failed += 1
            else:
                assert pid != victim
        assert failed == 1  # the one transaction that found it broken, then never again
        async with pooled.transaction() as tx:
            await tx.execute(ADD, {"code": "after", "value": 1})
            await tx.commit()
        assert await _value(db, "after") == 1
    finally:
        await pooled.dispose()


def _sent() -> float:
    return sum(STATEMENTS.labels(engine)._value.get() for engine in ("reader", "writer"))


INSERT = sa.insert(tally)
NOTE = sa.insert(note)
SET = sa.update(tally).where(tally.c.code == sa.bindparam("b_code")).values(value=sa.bindparam("b_value"))
ADD_ONE = sa.update(tally).where(tally.c.code == sa.bindparam("b_code")).values(value=tally.c.value + 1)


async def test_deferred_writes_are_read_back_by_the_next_statement_and_kept_by_the_commit(db):
    """On PostgreSQL the writes deferred to a statement go before it as one statement (one round trip)."""
    async with db.transaction() as tx:
        await tx.execute(ADD, {"code": "before", "value": 0})
        before = _sent()
        await tx.defer(SET, {"b_code": "before", "b_value": 5})
        await tx.defer(NOTE, [{"id": 1, "text": "one"}, {"id": 2, "text": "two"}])
        await events.publish(tx, _placed(7))
        assert (await tx.execute(VALUE, {"code": "before"})).scalar_one() == 5  # its own writes, seen
        if db.writer.dialect.name == "postgresql":
            assert _sent() - before == 2  # the held ones together, and the read
        await tx.defer(INSERT, {"code": "deferred", "value": 1})
        await tx.defer(NOTE, {"id": 3, "text": "three"})
        await tx.commit()
    assert (await _value(db, "deferred"), await _value(db, "before")) == (1, 5)
    assert (await db.fetch(sa.select(sa.func.count()).select_from(note))).scalar_one() == 3
    assert (await db.fetch(sa.select(sa.func.count()).select_from(events.outbox))).scalar_one() == 1


async def test_a_deferred_write_sees_the_rows_deferred_before_it(db):
    """Statements sent as one run on one snapshot: an update of a table a held insert writes goes after
    it, so it finds the row (together, it would not have)."""
    async with db.transaction() as tx:
        await tx.defer(INSERT, {"code": "counted", "value": 1})
        await tx.defer(ADD_ONE, {"b_code": "counted"})
        await tx.defer(ADD_ONE, {"b_code": "counted"})
        await tx.defer(INSERT, {"code": "after", "value": 7})
        await tx.commit()
    assert (await _value(db, "counted"), await _value(db, "after")) == (3, 7)


async def test_a_unique_key_a_deferred_write_breaks_fails_the_commit_and_keeps_nothing(db):
    async with db.transaction() as tx:
        await tx.execute(ADD, {"code": "taken", "value": 1})
        await tx.commit()
    with pytest.raises(IntegrityError):
        async with db.transaction() as tx:
            await tx.defer(NOTE, {"id": 10, "text": "with it"})
            await tx.defer(INSERT, {"code": "taken", "value": 2})
            await tx.commit()
    with pytest.raises(IntegrityError):
        async with db.transaction() as tx:
            await tx.defer(INSERT, {"code": "taken", "value": 3})
            await tx.execute(VALUE, {"code": "taken"})
    assert await _value(db, "taken") == 1
    assert (await db.fetch(sa.select(note.c.id).where(note.c.id == 10))).first() is None


async def test_deferred_writes_are_dropped_by_a_rollback_and_by_leaving_without_a_commit(db):
    async with db.transaction() as tx:
        await tx.defer(INSERT, {"code": "rolled", "value": 1})
        await tx.rollback()
        await tx.defer(INSERT, {"code": "left", "value": 1})
    async with db.transaction() as tx:
        await tx.execute(ADD, {"code": "fresh", "value": 1})
        await tx.commit()
    assert [await _value(db, code) for code in ("rolled", "left", "fresh")] == [None, None, 1]


async def test_a_statement_that_answers_rows_cannot_be_deferred(db):
    async with db.transaction() as tx:
        with pytest.raises(TypeError):
            await tx.defer(ADD, {"code": "answers", "value": 1})
        with pytest.raises(TypeError):
            await tx.defer(VALUE, {"code": "answers"})


def test_statements_go_together_with_their_placeholders_numbered_on():
    assert together([("INSERT INTO a (x) VALUES ($1::VARCHAR)", 1),
                     ("UPDATE b SET y=$1 WHERE b.id = $2 AND b.s = '$1' AND \"$2\" = 1", 2),
                     ("INSERT INTO c VALUES ($1, $2, $3)", 3)]) == (
        "WITH w0 AS (INSERT INTO a (x) VALUES ($1::VARCHAR)), "
        "w1 AS (UPDATE b SET y=$2 WHERE b.id = $3 AND b.s = '$1' AND \"$2\" = 1) "
        "INSERT INTO c VALUES ($4, $5, $6)")


async def test_writes_kept_for_the_commit_run_then_and_not_after_a_rollback(db):
    async with db.transaction() as tx:
        async def last() -> None:
            await tx.execute(ADD, {"code": "at-commit", "value": 9})

        tx.before_commit(last)
        tx.info["kept"] = True
        await tx.rollback()
        assert tx.info == {}  # what was kept for the commit went with the rollback
        await tx.execute(ADD, {"code": "first", "value": 1})
        tx.before_commit(last)
        assert await _value(db, "at-commit") is None
        await tx.commit()
    assert (await _value(db, "first"), await _value(db, "at-commit")) == (1, 9)


def _queries_sent(tx) -> int:
    """PostgreSQL: the queries the transaction's connection has sent so far (BEGIN and COMMIT included), as
    asyncpg counts them."""
    return tx._fairy.dbapi_connection.driver_connection._protocol.queries_count


async def test_a_transaction_of_deferred_writes_only_is_one_statement_without_begin_or_commit(db):
    """Every write held: at the commit they go as one statement outside any transaction (atomic by itself),
    and the relay is woken after it, as after a commit."""
    on_postgres = db.writer.dialect.name == "postgresql"
    woken = asyncio.Event()
    events.add_waker(woken)
    async with db.transaction() as tx:
        await tx.defer(INSERT, {"code": "alone", "value": 4})
        await tx.defer(NOTE, {"id": 40, "text": "alone too"})
        await events.publish(tx, _placed(40))
        before = _queries_sent(tx) if on_postgres else 0
        await tx.commit()
        if on_postgres:
            assert _queries_sent(tx) - before == 1  # no BEGIN, no COMMIT
    assert woken.is_set()
    assert await _value(db, "alone") == 4
    assert (await db.fetch(sa.select(note.c.text).where(note.c.id == 40))).scalar_one() == "alone too"
    with pytest.raises(IntegrityError):  # one statement: a broken key keeps none of it
        async with db.transaction() as tx:
            await tx.defer(NOTE, {"id": 41, "text": "not kept"})
            await tx.defer(INSERT, {"code": "alone", "value": 5})
            await tx.commit()
    assert (await db.fetch(sa.select(note.c.id).where(note.c.id == 41))).first() is None
    async with db.transaction() as tx:  # the connection goes on as any other; one that reads keeps its BEGIN
        before = _queries_sent(tx) if on_postgres else 0
        await tx.execute(ADD, {"code": "after-alone", "value": 1})
        await tx.defer(ADD_ONE, {"b_code": "after-alone"})
        await tx.commit()
        if on_postgres:
            assert _queries_sent(tx) - before == 4  # BEGIN, the insert, the held update, COMMIT
    assert await _value(db, "after-alone") == 2


async def test_deferred_inserts_into_one_table_are_keyed_in_the_order_they_were_held(db):
    """Held writes sent as one statement run in the order they were held, as statements of their own
    would: an outbox's events keep their order (and a trail its), alone or after a statement."""
    async with db.transaction() as tx:
        for n in range(4):
            await tx.defer(INSERT, {"code": f"held-{n}", "value": n})
        await tx.commit()
    async with db.transaction() as tx:
        await tx.execute(VALUE, {"code": "held-0"})
        for n in range(4, 8):
            await tx.defer(INSERT, {"code": f"held-{n}", "value": n})
        await events.publish_many(tx, [_placed(order_id) for order_id in (81, 82, 83)])
        await tx.commit()
    keyed = (await db.fetch(sa.select(tally.c.value).where(tally.c.code.like("held-%"))
                            .order_by(tally.c.id))).scalars().all()
    assert keyed == list(range(8))
    told = (await db.fetch(sa.select(events.outbox.c.aggregate).order_by(events.outbox.c.id))).scalars().all()
    assert told == ["order_id:81", "order_id:82", "order_id:83"]


async def test_updates_of_rows_of_their_own_are_held_together(db):
    """``own_rows``: updates by key of distinct rows of one table go as one statement; without it each
    update of a table waits for the one held before it (they could touch the same row)."""
    on_postgres = db.writer.dialect.name == "postgresql"
    async with db.transaction() as tx:
        await tx.execute(sa.insert(note), [{"id": i, "text": "before"} for i in (60, 61, 62)])
        await tx.commit()
    rename = sa.update(note).where(note.c.id == sa.bindparam("n_id")).values(text=sa.bindparam("n_text"))
    for own_rows in (True, False):
        async with db.transaction() as tx:
            before = _queries_sent(tx) if on_postgres else 0
            await tx.defer(rename, [{"n_id": i, "n_text": f"{own_rows}-{i}"} for i in (60, 61, 62)],
                           own_rows=own_rows)
            await tx.commit()
            if on_postgres:
                # one statement alone; else BEGIN, each update, COMMIT
                assert _queries_sent(tx) - before == (1 if own_rows else 5)
        texts = (await db.fetch(sa.select(note.c.text).where(note.c.id.in_([60, 61, 62]))
                                .order_by(note.c.id))).scalars()
        assert list(texts) == [f"{own_rows}-{i}" for i in (60, 61, 62)]
    async with db.transaction() as tx:  # a write of the table that reads it is sent after them
        await tx.defer(rename, [{"n_id": 60, "n_text": "first"}, {"n_id": 61, "n_text": "first"}], own_rows=True)
        await tx.defer(rename, {"n_id": 60, "n_text": "then"})
        await tx.commit()
    texts = (await db.fetch(sa.select(note.c.text).where(note.c.id.in_([60, 61])).order_by(note.c.id))).scalars()
    assert list(texts) == ["then", "first"]


async def test_held_inserts_go_with_the_next_statement_when_it_touches_none_of_their_tables(db):
    """Inserts of given values (an event, a note) ride on the next statement as ``WITH`` parts of it: one
    round trip, the statement's own answer back, their rows kept by the commit.  A statement with a ``WITH``
    of its own (recursive too) or a lock of rows takes them the same way."""
    on_postgres = db.writer.dialect.name == "postgresql"
    async with db.transaction() as tx:
        await tx.execute(ADD, {"code": "carrier", "value": 3})
        own_with = sa.select(sa.literal(1).label("n")).cte("own", recursive=True)
        own_with = own_with.union_all(sa.select(own_with.c.n + 1).where(own_with.c.n < 3))
        unless_there = (postgresql.insert(note) if on_postgres else sqlite.insert(note)).on_conflict_do_nothing()
        await tx.defer(unless_there, {"id": 69, "text": "unless there"})
        before = _queries_sent(tx) if on_postgres else 0
        assert (await tx.execute(VALUE, {"code": "carrier"})).scalar_one() == 3
        if on_postgres:
            assert _queries_sent(tx) - before == 1  # an insert that does nothing on a conflict rides too
        for n, (statement, params, answer) in enumerate([
                (VALUE, {"code": "carrier"}, 3),
                (VALUE.with_for_update(), {"code": "carrier"}, 3),
                (BUMP, {"b_code": "carrier"}, 4),
                (sa.select(sa.func.sum(own_with.c.n)), None, 6)]):
            await tx.defer(NOTE, {"id": 70 + n, "text": f"carried {n}"})
            await events.publish(tx, _placed(70 + n))
            before = _queries_sent(tx) if on_postgres else 0
            assert (await tx.execute(statement, params)).scalar_one() == answer
            if on_postgres:
                assert _queries_sent(tx) - before == 1
        await tx.commit()
    texts = (await db.fetch(sa.select(note.c.text).where(note.c.id >= 69).order_by(note.c.id))).scalars()
    assert list(texts) == ["unless there"] + [f"carried {n}" for n in range(4)]
    told = (await db.fetch(sa.select(events.outbox.c.aggregate).order_by(events.outbox.c.id))).scalars().all()
    assert told == [f"order_id:{70 + n}" for n in range(4)]


async def test_held_writes_go_first_where_riding_on_the_next_statement_could_change_what_it_sees(db):
    """Sent before the statement, as a statement of their own: held writes of a table it reads (also when it
    is made from a statement that did not read it), an update (it may wait for a row's lock, and the read
    after it must see what the lock's holder wrote), or an insert ``ON CONFLICT DO UPDATE`` (the same)."""
    on_postgres = db.writer.dialect.name == "postgresql"
    async with db.transaction() as tx:
        await tx.execute(ADD, {"code": "seen", "value": 1})
        await tx.commit()
    upsert = (postgresql.insert(note) if on_postgres else sqlite.insert(note)).on_conflict_do_update(
        index_elements=["id"], set_={"text": "again"})
    plain_read = sa.select(sa.func.count()).select_from(tally)
    async with db.transaction() as tx:
        await tx.defer(NOTE, {"id": 79, "text": "carried"})
        assert (await tx.execute(plain_read)).scalar_one() == 1  # carrying it, what it touches is worked out
        cases = [
            (NOTE, {"id": 80, "text": "n"}, plain_read.where(sa.exists().where(note.c.id == 80)), 1),
            (SET, {"b_code": "seen", "b_value": 2}, sa.select(sa.func.count()).select_from(note), 2),
            (upsert, {"id": 81, "text": "u"}, VALUE, None),
        ]
        for held, params, statement, seen in cases:
            await tx.defer(held, params)
            before = _queries_sent(tx) if on_postgres else 0
            answer = (await tx.execute(statement, {"code": "seen"} if statement is VALUE else None)).scalar_one()
            if seen is not None:
                assert answer == seen  # the held row (or value) is there to see
            if on_postgres:
                assert _queries_sent(tx) - before == 2
        await tx.commit()
    assert await _value(db, "seen") == 2
    assert (await db.fetch(sa.select(sa.func.count()).select_from(note).where(note.c.id >= 80))).scalar_one() == 2


async def test_a_unique_key_a_carried_insert_breaks_fails_the_statement_and_keeps_nothing(db):
    async with db.transaction() as tx:
        await tx.execute(ADD, {"code": "kept", "value": 1})
        await tx.defer(NOTE, {"id": 90, "text": "first"})
        await tx.commit()
    with pytest.raises(IntegrityError):
        async with db.transaction() as tx:
            await tx.defer(NOTE, {"id": 90, "text": "again"})
            await tx.execute(BUMP, {"b_code": "kept"})
            await tx.commit()
    assert await _value(db, "kept") == 1
    assert (await db.fetch(sa.select(note.c.text).where(note.c.id == 90))).scalar_one() == "first"


async def test_a_write_alone_is_committed_and_answers_its_rows(db):
    """``Database.write_alone``: one statement as a transaction of its own (autocommit on PostgreSQL)."""
    opened = postgresql.insert(tally) if db.writer.dialect.name == "postgresql" else sqlite.insert(tally)
    opened = opened.on_conflict_do_nothing(index_elements=["code"]).returning(tally.c.value)
    assert (await db.write_alone(opened, {"code": "alone", "value": 1})).all() == [(1,)]
    assert (await db.write_alone(opened, {"code": "alone", "value": 2})).all() == []  # there: nothing written
    assert await _value(db, "alone") == 1  # committed: read on another connection
    invalidated: list[object] = []

    def note_invalidated(*args: object) -> None:
        invalidated.append(args)

    engine = db.writer.sync_engine
    sa.event.listen(engine, "invalidate", note_invalidated)
    try:
        with pytest.raises(IntegrityError):
            await db.write_alone(sa.insert(tally), {"code": "alone", "value": 3})
    finally:
        sa.event.remove(engine, "invalidate", note_invalidated)
    assert await _value(db, "alone") == 1
    # The server refused the statement, nothing more: its connection goes back to the pool, not thrown away.
    assert invalidated == []


async def test_a_block_counts_its_own_statements_and_not_those_of_tasks_begun_before_it(db):
    """``counting_statements`` counts what the block (and the tasks it starts) sends, not an app's relay or
    scheduler writing meanwhile on the same database."""
    from common.testing.statements import counting_statements

    go, done = asyncio.Event(), asyncio.Event()

    async def meanwhile() -> None:  # begun before the block, as an app's background tasks are
        await go.wait()
        async with db.transaction() as tx:
            for n in range(3):
                await tx.execute(ADD, {"code": f"meanwhile-{n}", "value": n})
            await tx.commit()
        done.set()

    async def started_inside() -> None:
        async with db.transaction() as tx:
            await tx.execute(ADD, {"code": "inside", "value": 1})
            await tx.commit()

    background = asyncio.create_task(meanwhile())
    begin = 1 if db.writer.dialect.name == "sqlite" else 0  # SQLite's BEGIN IMMEDIATE counts
    with counting_statements(db) as sent:
        go.set()
        await done.wait()
        async with db.transaction() as tx:
            await tx.execute(ADD, {"code": "own", "value": 1})
            await tx.commit()
        await asyncio.create_task(started_inside())
    await background
    assert sent.value == 2 * (1 + begin)
    assert await _value(db, "meanwhile-2") == 2
