"""The dev clock: once ``advance`` returns, every following process reads the new time; a missed
announcement is caught by the periodic read; an announcement never takes a clock back; a follower
outlives a Redis restart."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from datetime import timedelta

import pytest
from redis.asyncio import Redis

from common import clock
from common.clock import Clock, advance, follow_dev_offset, moves_channel, offset_key
from common.redis import make_redis
from common.settings import RedisSettings
from common.testing.infra import start_redis, stop_process

FOURTEEN_MINUTES = 14 * 60.0


@pytest.fixture(autouse=True)
def own_clock_restored() -> Iterator[None]:
    """``advance`` also moves this process's clock: put it back for the tests that follow."""
    kept = clock.clock.offset
    yield
    clock.clock.offset = kept


@pytest.fixture
async def followers(redis_settings: RedisSettings) -> AsyncIterator[list[Clock]]:
    """Two processes' clocks, each following the shared offset over its own Redis connections."""
    async with AsyncExitStack() as stack:
        clocks = []
        for _ in range(2):
            connection = make_redis(redis_settings)
            stack.push_async_callback(connection.aclose)
            followed = Clock()
            await stack.enter_async_context(follow_dev_offset(connection, redis_settings, followed))
            clocks.append(followed)
        await until(lambda: all(c.offset == timedelta(0) for c in clocks))
        await until_subscribed(redis_settings, len(clocks))
        yield clocks


async def until(condition, timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


async def until_subscribed(settings: RedisSettings, count: int) -> None:
    probe = make_redis(settings)
    try:
        for _ in range(500):
            subscribed = dict(await probe.pubsub_numsub(moves_channel(settings)))
            if subscribed.get(moves_channel(settings), 0) >= count:
                return
            await asyncio.sleep(0.01)
        raise AssertionError("the followers never subscribed")
    finally:
        await probe.aclose()


async def test_every_follower_reads_the_new_time_when_advance_returns(followers, redis, redis_settings):
    for step in range(1, 6):
        total = await advance(redis, redis_settings, FOURTEEN_MINUTES)
        assert total == pytest.approx(step * FOURTEEN_MINUTES)
        assert [c.offset.total_seconds() for c in followers] == [pytest.approx(total)] * 2
        before = clock.clock.now()
        assert all(abs((c.now() - before).total_seconds()) < 1 for c in followers)


async def test_a_move_nobody_announced_is_read_within_the_refresh_interval(followers, redis, redis_settings):
    await redis.set(offset_key(redis_settings), 3600)
    started = time.monotonic()
    await until(lambda: all(c.offset == timedelta(hours=1) for c in followers))
    assert time.monotonic() - started < 4 * clock.REFRESH_S + 0.5
    await redis.delete(offset_key(redis_settings))  # a Redis that restarted empty
    await until(lambda: all(c.offset == timedelta(0) for c in followers))


async def test_advance_waits_at_most_the_bound_for_a_listener_that_never_acknowledges(
        redis: Redis, redis_settings: RedisSettings, monkeypatch):
    monkeypatch.setattr(clock, "ACKNOWLEDGE_WITHIN_S", 0.5)
    async with redis.pubsub() as silent:
        await silent.subscribe(moves_channel(redis_settings))
        started = time.monotonic()
        await advance(redis, redis_settings, 60)
        assert 0.45 <= time.monotonic() - started < 2.0


async def test_an_older_announcement_never_takes_a_clock_back():
    followed = Clock()
    followed.raise_offset(120)
    followed.raise_offset(60)
    assert followed.offset == timedelta(seconds=120)


async def test_the_clock_only_moves_forward(redis, redis_settings):
    with pytest.raises(ValueError):
        await advance(redis, redis_settings, 0)


async def test_a_follower_outlives_a_redis_restart(private_redis, infra):
    settings = RedisSettings(url=private_redis.url, prefix="gbt:clock:")
    connection = make_redis(settings)
    followed = Clock()
    try:
        async with follow_dev_offset(connection, settings, followed):
            await until_subscribed(settings, 1)
            await move_once(settings, 60)
            assert followed.offset == timedelta(seconds=60)
            stop_process(private_redis.process)
            private_redis.process = start_redis(infra.tmp / "redis-clock", prefix=settings.prefix,
                                                port=private_redis.port).process
            await until(lambda: followed.offset == timedelta(0), timeout_s=10)  # it came back empty
            await until_subscribed(settings, 1)
            await move_once(settings, 90)
            assert followed.offset == timedelta(seconds=90)
    finally:
        await connection.aclose()


async def move_once(settings: RedisSettings, seconds: float) -> None:
    """A move from another process, on a connection of its own."""
    mover = make_redis(settings)
    try:
        await advance(mover, settings, seconds)
    finally:
        await mover.aclose()
