"""The one clock every part reads (never ``datetime.now()`` directly).

In dev mode the clock can be moved forward for every process at once, so group windows, payment
timeouts and the after-sales window can be exercised end to end in seconds.  Production never reads
the offset.  The rules of the dev clock:

- The offset lives in Redis (``<prefix>clock:offset``, seconds).  It only grows: every move is
  forward, so a larger offset is always the newer one.
- Reading the clock never touches Redis (it is read on hot paths): each process keeps the offset in
  memory, and one task per process keeps that copy current.
- That task subscribes to ``<prefix>clock:moves``, applies the offset each move announces, and
  acknowledges it; between moves it reads the key every ``REFRESH_S``, which catches a message lost
  to a reconnect and a Redis that restarted empty.  A key read is applied as it is (reads follow
  one another, so they never go back); an announced offset only when it is newer than the copy.
- ``advance`` raises the offset, announces the new total (moves made at once may be announced out of
  order; taking only newer offsets makes that harmless), and returns only when every process that
  heard it has acknowledged, or after ``ACKNOWLEDGE_WITHIN_S`` at worst — by then the periodic read
  has brought every process that can reach Redis up to date.  So once ``POST /v1/dev/clock``
  answers, every part reads the new time, and a token issued next is judged on the same clock it
  was issued on.
- Plain commands only (no Lua): the embedded default's Redis 6.2 build was seen to crash on a script
  that raised a float and published.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from redis.asyncio import Redis

from common.redis import key
from common.settings import RedisSettings
from common.tasks import background

BUSINESS_TZ = ZoneInfo("Asia/Shanghai")
REFRESH_S = 0.25
ACKNOWLEDGE_WITHIN_S = 2.0  # well above REFRESH_S, well below the Redis client's socket timeout
ACKNOWLEDGEMENT_TTL_S = 60

log = logging.getLogger("groupbuy.clock")


class Clock:
    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def set_offset(self, seconds: float) -> None:
        self.offset = timedelta(seconds=seconds)

    def raise_offset(self, seconds: float) -> None:
        """Take an announced offset, unless a newer one is already here."""
        self.offset = max(self.offset, timedelta(seconds=seconds))


clock = Clock()


def now() -> datetime:
    """The current time, timezone-aware UTC."""
    return clock.now()


def business_now() -> datetime:
    """The current time on the business calendar (Asia/Shanghai)."""
    return clock.now().astimezone(BUSINESS_TZ)


def offset_key(settings: RedisSettings) -> str:
    return key(settings, "clock", "offset")


def moves_channel(settings: RedisSettings) -> str:
    return key(settings, "clock", "moves")


async def read_offset(redis: Redis, settings: RedisSettings) -> float:
    value = await redis.get(offset_key(settings))
    return float(value) if value else 0.0


async def advance(redis: Redis, settings: RedisSettings, seconds: float) -> float:
    """Move every process's clock forward; returns the new total offset in seconds once every
    following process has taken it (or ``ACKNOWLEDGE_WITHIN_S`` has passed)."""
    if seconds <= 0:
        raise ValueError("the clock only moves forward")
    acknowledgements = key(settings, "clock", "acks", uuid.uuid4().hex)
    total = float(await redis.incrbyfloat(offset_key(settings), seconds))
    clock.raise_offset(total)
    listeners = await redis.publish(moves_channel(settings), f"{total!r} {acknowledgements}")
    await await_acknowledgements(redis, acknowledgements, int(listeners))
    return total


async def await_acknowledgements(redis: Redis, acknowledgements: str, listeners: int) -> int:
    """Wait until ``listeners`` processes acknowledged a move, at most ``ACKNOWLEDGE_WITHIN_S``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ACKNOWLEDGE_WITHIN_S
    heard = 0
    try:
        while heard < listeners:
            remaining = deadline - loop.time()
            # BLPOP's timeout 0 means forever, so never pass a vanishing one.
            if remaining <= 0.01 or await redis.blpop([acknowledgements], timeout=remaining) is None:
                log.warning("clock moved; %d of %d processes acknowledged within %ss, the rest catch up "
                            "by their periodic read", heard, listeners, ACKNOWLEDGE_WITHIN_S)
                break
            heard += 1
    finally:
        await redis.delete(acknowledgements)
    return heard


def follower_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


async def take_move(redis: Redis, target: Clock, announcement: str) -> None:
    """Apply an announced move, then acknowledge it on the list the announcement names."""
    total, _, acknowledgements = announcement.partition(" ")
    target.raise_offset(float(total))
    async with redis.pipeline(transaction=False) as pipe:
        pipe.rpush(acknowledgements, follower_name())
        pipe.expire(acknowledgements, ACKNOWLEDGEMENT_TTL_S)
        await pipe.execute()


async def follow_moves(redis: Redis, settings: RedisSettings, target: Clock) -> None:
    """One subscription's life: read the key once subscribed (so no move falls in between), then take
    each announced move, reading the key again whenever ``REFRESH_S`` passes without one."""
    async with redis.pubsub(ignore_subscribe_messages=True) as pubsub:
        await pubsub.subscribe(moves_channel(settings))
        target.set_offset(await read_offset(redis, settings))
        while True:
            message = await pubsub.get_message(timeout=REFRESH_S)
            if message is None:
                target.set_offset(await read_offset(redis, settings))
            elif message["type"] == "message":
                await take_move(redis, target, message["data"])


@contextlib.asynccontextmanager
async def follow_dev_offset(redis: Redis, settings: RedisSettings,
                            target: Clock = clock) -> AsyncIterator[None]:
    """Keep this process's clock in step with the shared dev offset while the app runs."""

    async def loop() -> None:
        while True:
            try:
                await follow_moves(redis, settings, target)
            except Exception as exc:  # Redis away: keep the last offset, subscribe again soon
                log.debug("clock offset not followed: %s", exc)
                await asyncio.sleep(REFRESH_S)

    async with background(loop(), "dev-clock"):
        yield
