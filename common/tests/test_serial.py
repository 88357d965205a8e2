"""Keys taken ahead from a serial column's sequence: each once, increasing within a process, never a key
the column's own default hands out — on PostgreSQL; SQLite has no sequence and answers None."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa

from common.db import Database
from common.serial import SerialBlocks

metadata = sa.MetaData()
thing = sa.Table("kit_thing", metadata, sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("name", sa.String(20), nullable=False))


@pytest.fixture(scope="module")
def template(infra) -> str:
    return infra.database_template("serial", migrate=False)


@pytest.fixture
async def db(template):
    database = Database.connect(template.format(service="catalog"))
    async with database.writer.begin() as conn:
        await conn.run_sync(metadata.drop_all)
        await conn.run_sync(metadata.create_all)
    yield database
    await database.dispose()


async def test_keys_taken_ahead_are_each_used_once_beside_the_columns_own(db):
    blocks = SerialBlocks(thing, size=4)
    if db.writer.dialect.name != "postgresql":
        assert await blocks.take(db) is None  # the caller inserts and reads the key back
        return
    first = [await blocks.take(db) for _ in range(6)]  # a block and a half
    assert first == sorted(first) and len(set(first)) == 6
    at_once = await asyncio.gather(*(blocks.take(db) for _ in range(20)))  # blocks taken by tasks at once
    keys = first + list(at_once)
    assert len(set(keys)) == len(keys)
    async with db.transaction() as tx:
        for key in keys:
            await tx.defer(sa.insert(thing), {"id": key, "name": "ahead"})
        for n in range(10):  # rows whose key the column's default gives, meanwhile
            await tx.execute(sa.insert(thing), {"name": f"own {n}"})
        await tx.commit()
    rows = (await db.fetch(sa.select(thing.c.id))).scalars().all()
    assert len(rows) == len(set(rows)) == len(keys) + 10
