"""The flash sale's gate in Redis: where its counters live, and the cheap look that turns a losing attempt
away before it costs anything.

Catalog owns the gate: it builds the counters from its database and admits buyers with one atomic script
(``services/catalog/flash.py``).  Orders only *reads* them first (``glance``), so that at 20:00 the
thousands of buyers who come after the last unit are answered from one Redis round trip — no
Idempotency-Key claimed, no database touched, no other service called.  The glance never admits anyone:
whatever it lets through still passes catalog's atomic admission, so it can only ever turn away too few,
never sell one unit too many.
"""

from __future__ import annotations

from enum import IntEnum

from redis.asyncio import Redis

from common.leanredis import LeanRedis
from common.redis import key
from common.settings import RedisSettings


def gate_keys(settings: RedisSettings, activity_id: int) -> list[str]:
    """The sale's counters: units left, units per buyer, holdings per order, and the 'built' marker."""
    base = ("catalog", "flash", str(activity_id))
    return [key(settings, *base, part) for part in ("stock", "users", "orders", "ready")]


class Glance(IntEnum):
    MAYBE = 1  # go on: catalog's admission decides
    SOLD_OUT = 0
    CLOSED = -1
    UNKNOWN = -3  # the counters are not built (yet, or Redis lost them): catalog rebuilds them


# A buyer who already holds units goes on whatever is left: their retry of a placed order must find it.
GLANCE = """
if redis.call('EXISTS', KEYS[4]) == 0 then return -3 end
local now = tonumber(ARGV[3])
if now < tonumber(ARGV[4]) or now >= tonumber(ARGV[5]) then return -1 end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 1 end
if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[2]) then return 0 end
return 1
"""


class FlashGlance:
    """Reads a sale's gate without changing it."""

    def __init__(self, redis: Redis | LeanRedis, settings: RedisSettings) -> None:
        self.settings = settings
        self.script = redis.register_script(GLANCE)

    async def look(self, activity_id: int, *, user_id: int, quantity: int, now_ms: int, starts_ms: int,
                   ends_ms: int) -> Glance:
        verdict = await self.script(keys=gate_keys(self.settings, activity_id),
                                    args=[user_id, quantity, now_ms, starts_ms, ends_ms])
        return Glance(int(verdict))
