"""The one clock every part reads (never ``datetime.now()`` directly).

In dev mode the clock can be moved forward for every process at once: the offset lives in Redis
(``<prefix>clock:offset``, seconds) and each process refreshes its copy every few hundred
milliseconds, so group windows, payment timeouts and the after-sales window can be exercised end to
end in seconds.  Production never reads the offset.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from redis.asyncio import Redis

from common.redis import key
from common.settings import RedisSettings
from common.tasks import background

BUSINESS_TZ = ZoneInfo("Asia/Shanghai")
REFRESH_S = 0.25

log = logging.getLogger("groupbuy.clock")


class Clock:
    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


clock = Clock()


def now() -> datetime:
    """The current time, timezone-aware UTC."""
    return clock.now()


def business_now() -> datetime:
    """The current time on the business calendar (Asia/Shanghai)."""
    return clock.now().astimezone(BUSINESS_TZ)


def offset_key(settings: RedisSettings) -> str:
    return key(settings, "clock", "offset")


async def read_offset(redis: Redis, settings: RedisSettings) -> float:
    value = await redis.get(offset_key(settings))
    return float(value) if value else 0.0


async def advance(redis: Redis, settings: RedisSettings, seconds: float) -> float:
    """Move every process's clock forward; returns the new total offset in seconds."""
    total = float(await redis.incrbyfloat(offset_key(settings), seconds))
    clock.offset = timedelta(seconds=total)
    return total


@contextlib.asynccontextmanager
async def follow_dev_offset(redis: Redis, settings: RedisSettings) -> AsyncIterator[None]:
    """Keep this process's clock in step with the shared dev offset while the app runs."""

    async def loop() -> None:
        while True:
            try:
                clock.offset = timedelta(seconds=await read_offset(redis, settings))
            except Exception as exc:  # Redis away: keep the last offset, try again soon
                log.debug("clock offset not refreshed: %s", exc)
            await asyncio.sleep(REFRESH_S)

    async with background(loop(), "dev-clock"):
        yield
