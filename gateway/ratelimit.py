"""Rate limits: token buckets in Redis, each checked and taken in one atomic script.

The script reads Redis's own clock, so every gateway replica shares one notion of time.  A bucket
key expires once it would be full again, so idle callers cost nothing."""

from __future__ import annotations

import math
from dataclasses import dataclass

from redis.asyncio import Redis

from common.redis import key
from common.settings import RedisSettings
from gateway.config import Bucket

TAKE = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil then
  tokens = capacity
  at = now
end
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
local wait_ms = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait_ms = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 1000)
return {allowed, wait_ms}
"""


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after_s: int


class RateLimiter:
    def __init__(self, redis: Redis, settings: RedisSettings) -> None:
        self.redis = redis
        self.settings = settings
        self.script = redis.register_script(TAKE)

    async def take(self, bucket: Bucket, *parts: str) -> Verdict:
        allowed, wait_ms = await self.script(keys=[key(self.settings, "ratelimit", *parts)],
                                             args=[bucket.capacity, bucket.per_second])
        return Verdict(bool(allowed), max(1, math.ceil(int(wait_ms) / 1000)) if not allowed else 0)
