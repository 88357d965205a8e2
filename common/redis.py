"""The process's Redis connection pool and the key space it writes in."""

from __future__ import annotations

from urllib.parse import urlsplit

from redis.asyncio import BlockingConnectionPool, Redis

from common.leanredis import LeanRedis
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


def make_lean_redis(settings: RedisSettings, *, timeout_s: float = 5.0) -> LeanRedis | Redis:
    """The client of the commands sent on every request of a hot path (``common/leanredis.py``), with the
    surface they use (``register_script``, ``set``/``get``/``delete``); redis-py's for a URL it does not
    speak (a unix socket, options in a query string)."""
    parts = urlsplit(settings.url)
    if parts.scheme in ("redis", "rediss") and not parts.query:
        return LeanRedis(settings.url, timeout_s=timeout_s, connect_timeout_s=min(2.0, timeout_s))
    return make_redis(settings, timeout_s=timeout_s)


def key(settings: RedisSettings, *parts: str) -> str:
    """A key inside this deployment's prefix, e.g. ``key(s, "ratelimit", "user", uid)``."""
    return settings.prefix + ":".join(parts)
