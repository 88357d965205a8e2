"""``insert_new``/``insert_if_new``: one statement that keeps the first row of a key, on both databases,
and says which rows it wrote — also when many transactions race for the same keys."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa
from sqlmodel import Field

from common.db import Database
from common.models import service_base
from common.upsert import chunk_sizes, insert_if_new, insert_new

Table = service_base()


class Seen(Table, table=True):
    __tablename__ = "kit_seen"
    id: int = Field(primary_key=True)
    note: str = ""


class Pair(Table, table=True):
    __tablename__ = "kit_pair"
    __table_args__ = (sa.UniqueConstraint("a", "b"),)
    id: int | None = Field(default=None, primary_key=True)
    a: int
    b: int


@pytest.fixture(scope="module")
async def db(infra):
    template = infra.database_template("upsert", migrate=False)
    database = Database.connect(template.format(service="catalog"))
    async with database.writer.begin() as conn:
        await conn.run_sync(Table.metadata.create_all)
    yield database
    await database.dispose()


async def test_the_first_row_of_a_key_is_kept_and_the_answer_says_which_were_written(db):
    async with db.write_sessions() as session:
        assert await insert_if_new(session, Seen, {"id": 1, "note": "first"})
        assert not await insert_if_new(session, Seen, {"id": 1, "note": "second"})
        written = await insert_new(session, Seen, [{"id": 1, "note": "x"}, {"id": 2, "note": "y"},
                                                   {"id": 3, "note": "z"}], returning=("id",))
        await session.commit()
    assert sorted(written) == [(2,), (3,)]
    async with db.read_sessions() as session:
        notes = dict((await session.exec(sa.select(Seen.id, Seen.note))).all())
    assert notes == {1: "first", 2: "y", 3: "z"}


async def test_a_conflict_on_a_unique_constraint_other_than_the_key_is_skipped_too(db):
    async with db.write_sessions() as session:
        await insert_new(session, Pair, [{"a": 1, "b": 1}, {"a": 1, "b": 2}])
        assert await insert_new(session, Pair, [{"a": 1, "b": 1}, {"a": 2, "b": 2}], returning=("a", "b")) == [(2, 2)]
        assert await insert_new(session, Pair, []) == []
        await session.commit()


async def test_racing_transactions_write_each_key_once(db):
    async def claim(who: int) -> list[int]:
        async with db.write_sessions() as session:
            won = [key for key in range(100, 110) if await insert_if_new(session, Seen, {"id": key, "note": str(who)})]
            await session.commit()
        return won

    winners = await asyncio.gather(*(claim(who) for who in range(8)))
    assert sorted(key for won in winners for key in won) == list(range(100, 110))



async def test_the_statement_is_compiled_once_then_taken_from_the_cache(db):
    """A statement without a cache key is compiled on every call: on a hot path that costs more than the
    database's own work."""
    dialect = db.writer.sync_engine.dialect
    compiles: list[int] = []
    usual = dialect.statement_compiler

    def counted(*args, **kwargs):
        compiles.append(1)
        return usual(*args, **kwargs)

    dialect.statement_compiler = counted
    try:
        async with db.write_sessions() as session:  # the count sees a statement new to the cache
            await session.exec(sa.select(sa.literal_column("7").label("never_seen_before")))
        assert compiles == [1]
        for first in (500, 600):
            compiles.clear()
            async with db.write_sessions() as session:
                await insert_new(session, Seen, [{"id": first, "note": "a"}, {"id": first + 1, "note": "b"}],
                                 returning=("id",))
                await insert_if_new(session, Seen, {"id": first + 2, "note": "c"})
                await session.commit()
    finally:
        del dialect.statement_compiler
    assert compiles == [], "the second round took every statement from the cache"


def test_a_batch_is_cut_into_at_most_a_few_sizes():
    assert chunk_sizes(0) == []
    assert chunk_sizes(1) == [1]
    assert chunk_sizes(100) == [64, 32, 4]
    assert chunk_sizes(200) == [64, 64, 64, 8]
    for count in range(1, 300):
        sizes = chunk_sizes(count)
        assert sum(sizes) == count and all(size in (1, 2, 4, 8, 16, 32, 64) for size in sizes)


async def test_batches_of_every_size_in_a_transaction_keep_the_first_row_of_each_key(db):
    """A consumer's batch of inbox rows, 1 to 100 of them with repeats among them and of rows written
    before, goes through a transaction without a session: the answer names exactly the rows written."""
    base, expected_notes = 10_000, {}
    async with db.transaction() as tx:
        for count in range(1, 101):
            first = base + count * 1000
            rows = [{"id": first + i, "note": f"{count}:{i}"} for i in range(count)]
            rows += [{"id": first, "note": "again"}] if count > 1 else []  # the same key twice in one batch
            rows += [{"id": base + 1000, "note": "written before"}] if count > 1 else []
            written = await insert_new(tx, Seen, rows, returning=("id",))
            assert sorted(written) == [(first + i,) for i in range(count)], count
            expected_notes |= {first + i: f"{count}:{i}" for i in range(count)}
        await tx.commit()
    async with db.read_sessions() as session:
        notes = dict((await session.exec(sa.select(Seen.id, Seen.note).where(Seen.id >= base + 1000))).all())
    assert notes == expected_notes


async def test_batches_of_any_size_compile_a_few_statements_only(db):
    """On PostgreSQL one statement serves every count (the rows as arrays); on SQLite a count is cut into
    powers of two, so at most seven statements are ever compiled for a table, whatever the counts."""
    dialect = db.writer.sync_engine.dialect
    compiles: list[int] = []
    usual = dialect.statement_compiler

    def counted(*args, **kwargs):
        compiles.append(1)
        return usual(*args, **kwargs)

    async def batches(first: int, counts: range) -> None:
        async with db.transaction() as tx:
            for count in counts:
                await insert_new(tx, Pair, [{"a": first + count, "b": i} for i in range(count)], returning=("a",))
            await tx.commit()

    await batches(100_000, range(2, 3))  # the first batch may compile
    dialect.statement_compiler = counted
    try:
        await batches(200_000, range(3, 101))
    finally:
        del dialect.statement_compiler
    assert len(compiles) <= (0 if dialect.name == "postgresql" else 6), len(compiles)
