"""Relay and consumer together, in process and as app hooks: events flow end to end, once each."""

from __future__ import annotations

from types import SimpleNamespace
from typing import ClassVar

import pytest
import sqlalchemy as sa
from pydantic import Field
from redis.asyncio import Redis

from common.bus import EventSettings, event_settings_of, stream_key
from common.consumer import Consumer, consumer_hook
from common.db import Database
from common.outbox import execute
from common.relay import Relay, relay_hook
from common.settings import GroupbuySettings, RedisSettings
from common.tests.events_support import (
    GROUP,
    PRODUCER,
    effect,
    effect_counts,
    fast_settings,
    handlers,
    publish_ticks,
    scalar,
    tables,
    wait_until,
)


async def test_events_flow_once_each_in_order(event_db: Database, redis: Redis, redis_settings: RedisSettings
                                               ) -> None:
    settings = fast_settings()
    relay = Relay(tables=tables, database=event_db, redis=redis, redis_settings=redis_settings, settings=settings)
    consumer = Consumer(group=GROUP, handlers=handlers, tables=tables, database=event_db, redis=redis,
                        redis_settings=redis_settings, settings=settings, name="c1")
    async with relay.running(), consumer.running():
        await publish_ticks(event_db, range(1000))

        async def all_applied() -> bool:
            return await effect_counts(event_db) == (1000, 1000)

        await wait_until(all_applied, timeout_s=30, what="1000 effects")
    # Per aggregate, effects were applied in publication order.
    async with event_db.read_sessions() as session:
        rows = (await execute(session, sa.select(effect.c.aggregate_id, effect.c.seq).order_by(effect.c.id))).all()
    last: dict[int, int] = {}
    for aggregate_id, seq in rows:
        assert seq > last.get(aggregate_id, -1)
        last[aggregate_id] = seq
    assert await scalar(event_db, sa.select(sa.func.count()).select_from(tables.inbox)) == 1000
    pending = await redis.xpending(stream_key(redis_settings, PRODUCER), GROUP)
    assert pending["pending"] == 0


class LedgerSettings(GroupbuySettings):
    part_name: ClassVar[str] = "ledger"
    events: EventSettings = Field(default_factory=fast_settings)


async def test_hooks_run_relay_and_consumer_for_the_apps_lifetime(event_db: Database, redis: Redis,
                                                                  redis_settings: RedisSettings) -> None:
    settings = LedgerSettings(redis=redis_settings)
    app = SimpleNamespace(state=SimpleNamespace(db=event_db, redis=redis, settings=settings))
    assert event_settings_of(settings).poll_interval_s == 0.05
    async with relay_hook(tables)(app), consumer_hook(lambda app: handlers, tables)(app):
        await publish_ticks(event_db, range(10))

        async def applied() -> bool:
            return await effect_counts(event_db) == (10, 10)

        await wait_until(applied, timeout_s=10, what="10 effects")
    groups = await redis.xinfo_groups(stream_key(redis_settings, PRODUCER))
    assert [g["name"] for g in groups] == ["ledger"]  # named after the consuming service


async def test_the_relay_sends_while_requests_hold_every_connection_of_the_pool(
        event_db: Database, redis: Redis, redis_settings: RedisSettings) -> None:
    """Under load the requests hold all of the service's connections; the relay must not wait for one of
    them to send what was committed (PostgreSQL: it has a connection of its own)."""
    if event_db.reader.dialect.name == "sqlite":
        pytest.skip("SQLite has one writer for the file: a request writing holds the relay back whatever the pools")
    await publish_ticks(event_db, range(10))
    pool_size = event_db.reader.pool.size()
    held = [await event_db.reader.connect() for _ in range(pool_size)]
    try:
        assert event_db.reader.pool.checkedout() == pool_size
        app = SimpleNamespace(state=SimpleNamespace(db=event_db, redis=redis,
                                                    settings=LedgerSettings(redis=redis_settings)))
        async with relay_hook(tables)(app):
            async def sent() -> bool:
                return await redis.xlen(stream_key(redis_settings, PRODUCER)) == 10

            await wait_until(sent, timeout_s=10, what="10 entries on the stream")
    finally:
        for connection in held:
            await connection.close()
