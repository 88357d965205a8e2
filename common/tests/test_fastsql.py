"""Statements sent straight to the driver answer exactly what SQLAlchemy's execution answers, on both
databases: values of every column type we use, ``IN`` lists, ``RETURNING``, row counts, errors, the
transaction they run in, and the statement count."""

from __future__ import annotations

import asyncio
import enum
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field

from common import fastsql
from common.db import STATEMENTS, Database
from common.models import UtcDateTime, service_base
from common.outbox import execute

Table = service_base()


class Mood(enum.StrEnum):
    calm = "calm"
    busy = "busy"


class Thing(Table, table=True):
    __tablename__ = "kit_thing"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=20)
    mood: Mood = Field(default=Mood.calm, sa_type=sa.String(8))
    amount_fen: int = 0
    flag: bool = False
    terms: dict = Field(default_factory=dict, sa_type=sa.JSON)
    at: datetime | None = Field(default=None, sa_type=UtcDateTime)


@pytest.fixture(scope="module")
async def db(infra):
    template = infra.database_template("fastsql", migrate=False)
    database = Database.connect(template.format(service="catalog"))
    async with database.writer.begin() as conn:
        await conn.run_sync(Table.metadata.create_all)
    yield database
    await database.dispose()


def _rows(result) -> list[tuple]:
    return [tuple(row) for row in result.all()]


async def both(db: Database, statement, params=None, *, write: bool = False):
    """The statement's answer sent straight and through SQLAlchemy, each in a transaction rolled back."""
    answers = []
    for straight in (True, False):
        sessions = db.write_sessions if write else db.read_sessions
        async with sessions() as session:
            connection = await session.connection()
            if straight:
                result = await fastsql.run(connection, statement, params)
            else:
                result = await (connection.execute(statement, params) if params else connection.execute(statement))
            answers.append((_rows(result) if result.returns_rows else None, result.rowcount))
            await session.rollback()
    return answers


AT = datetime(2026, 12, 4, 12, 30, 15, 123456, tzinfo=UTC)


async def test_values_of_every_kind_read_back_alike(db):
    async with db.write_sessions() as session:
        await execute(session, sa.insert(Thing), {"code": "a", "mood": Mood.busy, "amount_fen": 9000, "flag": True,
                                                  "terms": {"tiers": [{"n": 2, "fen": 9000}], "名": "团"}, "at": AT})
        await execute(session, sa.insert(Thing), {"code": "b", "terms": {}, "at": None})
        await session.commit()
    query = sa.select(Thing.code, Thing.mood, Thing.amount_fen, Thing.flag, Thing.terms, Thing.at).order_by(Thing.code)
    straight, usual = await both(db, query)
    assert straight == usual
    rows = straight[0]
    assert rows[0] == ("a", "busy", 9000, True, {"tiers": [{"n": 2, "fen": 9000}], "名": "团"}, AT)
    assert rows[0][5].tzinfo is not None and rows[1][5] is None


async def test_in_lists_limits_and_labels(db):
    async with db.write_sessions() as session:
        for n in range(5):
            await execute(session, sa.insert(Thing), {"code": f"in-{n}", "amount_fen": n})
        await session.commit()
    query = (sa.select(Thing.code, sa.func.count().over().label("seen"))
             .where(Thing.code.in_(["in-1", "in-3", "in-4"]), Thing.amount_fen >= 1).order_by(Thing.code).limit(2))
    straight, usual = await both(db, query)
    assert straight == usual == ([("in-1", 3), ("in-3", 3)], straight[1])
    async with db.read_sessions() as session:
        result = await execute(session, query)
        assert isinstance(result, fastsql.FastResult)  # sent straight, not the usual way
        row = result.first()
    assert row.code == "in-1" and row.seen == 3 and row._mapping["code"] == "in-1"
    async with db.read_sessions() as session:
        assert (await execute(session, sa.select(sa.func.count()).select_from(Thing)
                              .where(Thing.code.in_([])))).scalar_one() == 0


async def test_updates_count_rows_and_return_what_they_changed(db):
    async with db.write_sessions() as session:
        await execute(session, sa.insert(Thing), {"code": "upd", "amount_fen": 10})
        await session.commit()
    guarded = sa.update(Thing).where(Thing.code == "upd", Thing.amount_fen >= 4).values(
        amount_fen=Thing.amount_fen - 4)
    straight, usual = await both(db, guarded, write=True)
    assert straight == usual and straight[1] == 1
    returning = guarded.returning(Thing.amount_fen, Thing.at)
    straight, usual = await both(db, returning, write=True)
    assert straight == usual == ([(6, None)], 1)
    missed = sa.update(Thing).where(Thing.code == "upd", Thing.amount_fen >= 400).values(amount_fen=0)
    assert (await both(db, missed, write=True))[0][1] == 0


async def test_a_write_is_part_of_the_session_transaction(db):
    async with db.write_sessions() as session:
        await execute(session, sa.insert(Thing), {"code": "rolled"})
        assert (await execute(session, sa.select(Thing.code).where(Thing.code == "rolled"))).scalar_one() == "rolled"
        await session.rollback()
    async with db.write_sessions() as session:
        await execute(session, sa.insert(Thing), {"code": "kept"})
        await session.commit()
    async with db.read_sessions() as session:
        query = sa.select(Thing.code).where(Thing.code.in_(["rolled", "kept"]))
        codes = (await execute(session, query)).scalars().all()
    assert codes == ["kept"]


async def test_errors_are_sqlalchemy_errors_and_the_connection_stays_usable(db):
    async with db.write_sessions() as session:
        await execute(session, sa.insert(Thing), {"code": "dup"})
        await session.commit()
    for _ in range(2):  # the connection the failure happened on serves the next transaction
        async with db.write_sessions() as session:
            with pytest.raises(IntegrityError):
                await execute(session, sa.insert(Thing), {"code": "dup"})
            await session.rollback()
    async with db.write_sessions() as session:
        await execute(session, sa.insert(Thing), {"code": "after-dup"})
        await session.commit()


async def test_concurrent_guarded_updates_never_take_more_than_there_is(db):
    async with db.write_sessions() as session:
        await execute(session, sa.insert(Thing), {"code": "stock", "amount_fen": 50})
        await session.commit()

    async def take() -> int:
        async with db.write_sessions() as session:
            taken = (await execute(session, sa.update(Thing).where(Thing.code == "stock", Thing.amount_fen >= 1)
                                   .values(amount_fen=Thing.amount_fen - 1))).rowcount
            await session.commit()
        return taken

    assert sum(await asyncio.gather(*(take() for _ in range(80)))) == 50
    async with db.read_sessions() as session:
        assert (await execute(session, sa.select(Thing.amount_fen).where(Thing.code == "stock"))).scalar_one() == 0


async def test_every_statement_sent_straight_is_counted(db):
    counter = STATEMENTS.labels("reader")
    before = counter._value.get()
    async with db.read_sessions() as session:
        for _ in range(3):
            await execute(session, sa.select(Thing.id).where(Thing.at > AT - timedelta(days=1)))
    assert counter._value.get() - before == 3


async def test_columns_left_out_take_their_plain_defaults_as_sqlalchemy_gives_them(db):
    insert = sa.insert(Thing).returning(Thing.code, Thing.mood, Thing.amount_fen, Thing.flag)
    straight, usual = await both(db, insert, {"code": "defaulted", "terms": {}}, write=True)
    assert straight == usual == ([("defaulted", Mood.calm, 0, False)], 1)
    assert fastsql.prepare(db.writer.sync_engine, insert, {"code": "defaulted", "terms": {}}) is not None
    # A default computed by a function is SQLAlchemy's to compute: that statement goes the usual way.
    assert fastsql.prepare(db.writer.sync_engine, sa.insert(Thing), {"code": "computed"}) is None


async def test_a_statement_without_a_cache_key_is_compiled_once_and_answers_each_call_right(db, monkeypatch):
    # A multi-row VALUES of placeholders, as common.upsert keeps them: SQLAlchemy has no cache key for it.
    insert = sa.insert(Thing).values([{"code": sa.bindparam(f"c{i}", type_=sa.String),
                                       "terms": sa.bindparam(f"t{i}", type_=sa.JSON)} for i in (0, 1)]
                                     ).returning(Thing.code)
    compiled = []
    real = type(insert)._compiler
    monkeypatch.setattr(type(insert), "_compiler", lambda self, *a, **kw: compiled.append(1) or real(self, *a, **kw))
    assert fastsql.prepare(db.writer.sync_engine, insert, {"c0": "x", "c1": "y", "t0": {}, "t1": {}}) is not None
    answers = []
    for first, second in (("kept-1", "kept-2"), ("kept-3", "kept-4")):
        straight, usual = await both(db, insert, {"c0": first, "c1": second, "t0": {}, "t1": {}}, write=True)
        assert straight == usual
        answers.append(straight)
    assert answers == [([("kept-1",), ("kept-2",)], 2), ([("kept-3",), ("kept-4",)], 2)]
    # Prepared, then sent straight twice and through SQLAlchemy twice: compiled once for the first three,
    # every time for the other.
    assert len(compiled) == 3


async def test_statements_it_cannot_take_go_the_usual_way(db):
    async with db.write_sessions() as session:
        result = await execute(session, sa.insert(Thing), [{"code": "many-1"}, {"code": "many-2"}])
        assert isinstance(result, sa.CursorResult)  # several rows: executemany, SQLAlchemy's
        assert (await execute(session, sa.select(sa.func.count()).select_from(Thing)
                              .where(Thing.code.like("many-%")))).scalar_one() == 2
        assert isinstance(await execute(session, sa.text("SELECT 1")), sa.CursorResult)
        await session.commit()


async def test_a_read_without_a_session_sees_what_is_committed_and_nothing_else(db):
    query = sa.select(Thing.code, Thing.terms, Thing.at).where(Thing.code.in_(["seen", "unseen"]))
    async with db.write_sessions() as session:
        await execute(session, sa.insert(Thing), {"code": "seen", "terms": {"a": [1]}, "at": AT})
        await session.commit()
    async with db.write_sessions() as session:
        await execute(session, sa.insert(Thing), {"code": "unseen"})
        fetched = (await db.fetch(query)).all()  # the write above is not committed yet
        await session.rollback()
    assert [tuple(row) for row in fetched] == [("seen", {"a": [1]}, AT)]
    async with db.read_sessions() as session:
        usual = await (await session.connection()).execute(query)
        assert _rows(usual) == [tuple(row) for row in fetched]
    assert (await db.fetch(sa.select(Thing.code).where(Thing.code == sa.bindparam("code")),
                           {"code": "seen"})).scalar_one() == "seen"
    with pytest.raises(sa.exc.DBAPIError):
        await db.fetch(sa.select(sa.column("nope")).select_from(sa.table("no_such_table")))


async def test_a_read_on_a_connection_the_server_closed_is_answered_on_a_fresh_one(db, infra):
    if not infra.on_postgres:
        pytest.skip("SQLite files have no server to close connections")
    pooled = Database.connect(db.url, pool_size=1)  # its reads take the same connection each time (no idle ping yet)
    query = sa.select(sa.func.pg_backend_pid())
    try:
        victim = (await pooled.fetch(query)).scalar_one()
        async with db.write_sessions() as session:  # the server ends it between two reads, as a restart would
            await execute(session, sa.select(sa.func.pg_terminate_backend(victim)))
            await session.commit()
        for _ in range(20):  # until the server has closed it for certain
            if not (await db.fetch(sa.select(sa.func.count()).select_from(sa.table("pg_stat_activity"))
                                   .where(sa.column("pid") == victim))).scalar_one():
                break
            await asyncio.sleep(0.05)
        assert (await pooled.fetch(query)).scalar_one() != victim
    finally:
        await pooled.dispose()


async def test_a_failed_read_leaves_its_connection_fit_for_the_next(db, infra):
    pooled = Database.connect(db.url, pool_size=1)
    try:
        with pytest.raises(sa.exc.DBAPIError):
            await pooled.fetch(sa.select(sa.column("nope")).select_from(sa.table("no_such_table")))
        assert (await pooled.fetch(sa.select(sa.literal(1)))).scalar_one() == 1
        async with pooled.write_sessions() as session:  # and the writers' transactions are their own
            await execute(session, sa.insert(Thing), {"code": "after-failure"})
            await session.commit()
        assert (await pooled.fetch(sa.select(Thing.code).where(Thing.code == "after-failure"))).scalar_one()
    finally:
        await pooled.dispose()
