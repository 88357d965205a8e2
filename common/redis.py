"""The process's Redis connection pool and the key space it writes in."""

from __future__ import annotations

from redis.asyncio import BlockingConnectionPool, Redis

from common.settings import RedisSettings

MAX_CONNECTIONS = 512


def make_redis(settings: RedisSettings, *, timeout_s: float = 5.0) -> Redis:
    """``timeout_s`` bounds each command: callers that must not wait long on a sick Redis pass less.

    The pool blocks: in a burst wider than the pool, a command waits (at most ``timeout_s``) for a
    connection to come free instead of failing at once, which redis-py's default pool (100) does."""
    pool = BlockingConnectionPool.from_url(settings.url, max_connections=MAX_CONNECTIONS, timeout=timeout_s,
                                           decode_responses=True, socket_connect_timeout=min(2.0, timeout_s),
                                           socket_timeout=timeout_s, health_check_interval=30)
    return Redis(connection_pool=pool)


def key(settings: RedisSettings, *parts: str) -> str:
    """A key inside this deployment's prefix, e.g. ``key(s, "ratelimit", "user", uid)``."""
    return settings.prefix + ":".join(parts)
