"""The process's Redis connection pool and the key space it writes in."""

from __future__ import annotations

from redis.asyncio import Redis

from common.settings import RedisSettings


def make_redis(settings: RedisSettings, *, timeout_s: float = 5.0) -> Redis:
    """``timeout_s`` bounds each command: callers that must not wait long on a sick Redis pass less."""
    return Redis.from_url(settings.url, decode_responses=True, socket_connect_timeout=min(2.0, timeout_s),
                          socket_timeout=timeout_s, health_check_interval=30)


def key(settings: RedisSettings, *parts: str) -> str:
    """A key inside this deployment's prefix, e.g. ``key(s, "ratelimit", "user", uid)``."""
    return settings.prefix + ":".join(parts)
