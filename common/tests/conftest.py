"""Fixtures of the event backbone tests: a database with fresh test tables, a key space in the run's
Redis, and a private Redis server for tests that stop it.

SQLite: a new file per test. PostgreSQL: one set of databases for the run, whose test tables are
dropped and created again for each test (creating databases per test would be slow)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
import sqlalchemy as sa
from redis.asyncio import Redis

from common.db import Database
from common.outbox import define_event_tables
from common.redis import make_redis
from common.settings import RedisSettings
from common.testing.infra import RedisEndpoint, TestInfra, start_redis, stop_process
from common.tests.events_support import metadata


@pytest.fixture(scope="session")
def postgres_event_databases(infra: TestInfra) -> str | None:
    return infra.database_template("events", migrate=False) if infra.on_postgres else None


def database_url(infra: TestInfra, postgres_template: str | None, name: str) -> str:
    if postgres_template:
        return postgres_template.format(service=name)
    return f"sqlite+aiosqlite:///{(infra.tmp / f'events-{uuid.uuid4().hex[:8]}.db').as_posix()}"


async def recreate(database: Database, tables: sa.MetaData, *, create: bool = True) -> None:
    async with database.writer.begin() as conn:
        await conn.run_sync(tables.drop_all)
        if create:
            await conn.run_sync(tables.create_all)


@pytest.fixture
async def event_db(infra: TestInfra, postgres_event_databases: str | None) -> AsyncIterator[Database]:
    """The test tables (``events_support.metadata``), empty."""
    database = Database.connect(database_url(infra, postgres_event_databases, "catalog"), pool_size=5)
    await recreate(database, metadata)
    yield database
    await database.dispose()


@pytest.fixture
async def empty_database_url(infra: TestInfra, postgres_event_databases: str | None) -> str:
    """A database without the event tables."""
    url = database_url(infra, postgres_event_databases, "orders")
    database = Database.connect(url)
    try:
        event_tables = sa.MetaData()
        define_event_tables(event_tables, producer="orders")
        await recreate(database, event_tables, create=False)
    finally:
        await database.dispose()
    return url


@pytest.fixture
def redis_settings(infra: TestInfra) -> RedisSettings:
    return RedisSettings(url=infra.redis.url, prefix=f"{infra.redis.prefix}ev{uuid.uuid4().hex[:8]}:")


@pytest.fixture
async def redis(redis_settings: RedisSettings) -> AsyncIterator[Redis]:
    client = make_redis(redis_settings)
    yield client
    await client.aclose()


@pytest.fixture
def private_redis(infra: TestInfra) -> Iterator[RedisEndpoint]:
    """A redis-server of this test's own (even when TEST_REDIS_URL names a shared one): it may be stopped."""
    endpoint = start_redis(infra.tmp / f"redis-{uuid.uuid4().hex[:8]}", prefix="gbt:private:")
    yield endpoint
    if endpoint.process is not None:
        stop_process(endpoint.process)
