"""Public reads served from Redis for a few seconds.  Every catalog write bumps one version number, so
a change is visible at once; stock that moves with each reservation may lag by the TTL at most."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from redis.exceptions import RedisError

from common.redis import key

log = logging.getLogger("groupbuy.catalog.cache")


def _version_key(request: Request) -> str:
    return key(request.app.state.settings.redis, "catalog", "cache", "version")


async def cached(request: Request, produce: Callable[[], Awaitable[BaseModel]]) -> Response:
    ttl = request.app.state.settings.public_cache_ttl_s
    redis = request.app.state.redis
    if ttl <= 0:
        return JSONResponse((await produce()).model_dump(mode="json"))
    try:
        version = await redis.get(_version_key(request)) or "0"
        entry = key(request.app.state.settings.redis, "catalog", "cache", version, str(request.url.path),
                    str(request.url.query))
        hit = await redis.get(entry)
        if hit is not None:
            return Response(hit, media_type="application/json", headers={"X-Cache": "hit"})
    except Exception as exc:  # Redis away: serve from the database
        log.warning("cache unavailable: %s", exc)
        return JSONResponse((await produce()).model_dump(mode="json"))
    body = (await produce()).model_dump_json()
    try:
        await redis.set(entry, body, px=int(ttl * 1000))
    except Exception as exc:
        log.warning("cache not written: %s", exc)
    return Response(body, media_type="application/json", headers={"X-Cache": "miss"})


async def invalidate(request: Request) -> None:
    """Start a new cache version after a write.  The write has happened whatever Redis says: with Redis
    away (or a connection it dropped), listings stay as cached until their entries expire (``ttl``)."""
    try:
        await request.app.state.redis.incr(_version_key(request))
    except RedisError as exc:
        log.warning("cache not invalidated, entries expire on their own: %s", exc)
