"""Rate limits: token buckets in Redis, all of one request's buckets checked and taken in one atomic
script (one round trip): a token is taken from every bucket only when every bucket has one.

The script reads Redis's own clock, so every gateway replica shares one notion of time.  A bucket
key expires once it would be full again, so idle callers cost nothing.

When Redis cannot be asked, the limits fail open: the request goes on, a warning is logged and
``groupbuy_ratelimit_unavailable_total`` counts it, and for ``FAIL_OPEN_S`` Redis is not asked again, so
an outage costs no caller a timeout.  Refusing everything (503) would turn a Redis outage into an outage
of every route, most of which need no Redis; the limits protect against abuse, which a few seconds
without them does not invite.  Routes that do need Redis answer 503 from their own service."""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from prometheus_client import Counter
from redis.asyncio import Redis
from redis.exceptions import RedisError

from common.leanredis import LeanRedis
from common.redis import key
from common.settings import RedisSettings
from gateway.config import Bucket

log = logging.getLogger("groupbuy.gateway.ratelimit")

# KEYS: the buckets; ARGV: capacity and rate of each, in the same order.  Returns {0, 0} when every
# bucket gave a token, else {the first refusing bucket (from 1), milliseconds until it has one}.
TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local levels = {}
for i, name in ipairs(KEYS) do
  local capacity = tonumber(ARGV[2 * i - 1])
  local rate = tonumber(ARGV[2 * i])
  local state = redis.call('HMGET', name, 'tokens', 'at')
  local tokens = tonumber(state[1])
  local at = tonumber(state[2])
  if tokens == nil then
    tokens = capacity
    at = now
  end
  tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
  if tokens < 1 then
    return {i, math.ceil((1 - tokens) * 1000 / rate)}
  end
  levels[i] = tokens
end
for i, name in ipairs(KEYS) do
  local capacity = tonumber(ARGV[2 * i - 1])
  local rate = tonumber(ARGV[2 * i])
  redis.call('HSET', name, 'tokens', tostring(levels[i] - 1), 'at', now)
  redis.call('PEXPIRE', name, math.ceil(capacity * 1000 / rate) + 1000)
end
return {0, 0}
"""
FAIL_OPEN_S = 5.0
UNAVAILABLE = Counter("groupbuy_ratelimit_unavailable_total", "Requests let through because Redis could not be asked")


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after_s: int
    refused_by: int = -1  # which of the buckets asked for refused (from 0)


ALLOWED = Verdict(True, 0)


class RateLimiter:
    def __init__(self, redis: Redis | LeanRedis, settings: RedisSettings) -> None:
        self.redis = redis
        self.settings = settings
        self.script = redis.register_script(TAKE)
        self.skip_until = 0.0

    async def take(self, bucket: Bucket, *parts: str) -> Verdict:
        return await self.take_all([(bucket, parts)])

    async def take_all(self, buckets: list[tuple[Bucket, tuple[str, ...]]]) -> Verdict:
        """A token from every bucket, or from none when one of them is empty."""
        if time.monotonic() < self.skip_until:
            UNAVAILABLE.inc()
            return ALLOWED
        args: list[float] = []
        for bucket, _ in buckets:
            args += [bucket.capacity, bucket.per_second]
        try:
            refused, wait_ms = await self.script(keys=[key(self.settings, "ratelimit", *parts) for _, parts in buckets],
                                                 args=args)
        except (RedisError, OSError) as exc:
            self.skip_until = time.monotonic() + FAIL_OPEN_S
            UNAVAILABLE.inc()
            log.warning("rate limits not checked for %ss: Redis is unavailable (%s)", FAIL_OPEN_S, exc)
            return ALLOWED
        if not int(refused):
            return ALLOWED
        return Verdict(False, max(1, math.ceil(int(wait_ms) / 1000)), int(refused) - 1)
