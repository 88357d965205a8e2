"""The database kit: concurrent writers on SQLite queue instead of failing, and times stay UTC-aware."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlmodel import Field

from common.db import Database
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
