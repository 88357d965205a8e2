"""``create_service_app``: the one way a service is assembled — settings, logging, tracing, database,
Redis, the pooled HTTP client, problems, request ids, metrics and health — so each service's ``main.py``
only names its routers and background work."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, routing

from common import contract, tracing
from common.clock import follow_dev_offset
from common.db import Database
from common.health import check_database, check_redis, health_router
from common.http import make_client
from common.logs import AccessLogMiddleware, configure_logging
from common.metrics import MetricsMiddleware, metrics_router
from common.problems import PROBLEM_RESPONSES, install_problem_handlers
from common.redis import make_redis
from common.requestid import RequestIdMiddleware
from common.settings import GroupbuySettings
from common.textguard import NulGuard

Hook = Callable[[FastAPI], Any]  # returns an async context manager run for the app's lifetime

log = logging.getLogger("groupbuy.app")


def add_edge(app: FastAPI, part: str) -> None:
    """Middleware every part has, outermost first: request id, access log, metrics (and, only while
    tracing is on, the request id put on the server span)."""
    if tracing.tracer is not None:
        app.add_middleware(tracing.RequestIdOnSpan)
    app.add_middleware(MetricsMiddleware, part=part)
    app.add_middleware(AccessLogMiddleware)
    app.add_middleware(RequestIdMiddleware)
    install_problem_handlers(app)


def build_routes(app: FastAPI) -> int:
    """Have FastAPI build every route's request handling now (its dependants, parameter models and
    validators); answers how many routes there are.

    FastAPI builds an included router's routes at the first request that walks past them, all of them at
    once: on orders ~1 s of CPU, paid by the first order a new process takes — in a flash sale's first
    second, by every buyer waiting behind it.  A part builds them as it starts, before it answers."""
    return sum(1 for _ in routing.iter_route_contexts(app.router.routes))


def create_service_app(
    settings: GroupbuySettings,
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    hooks: Sequence[Hook] = (),
    on_ready: Sequence[Callable[[FastAPI], Awaitable[None]]] = (),
) -> FastAPI:
    part = settings.part_name
    configure_logging(part, settings.log_level)
    tracing.setup_tracing(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.db = Database.connect(settings.database_url, pool_size=settings.database.pool_size,
                                        busy_timeout_ms=settings.database.sqlite_busy_timeout_ms,
                                        echo=settings.database.echo,
                                        one_connection_per_task=settings.database.one_connection_per_task)
        tracing.instrument_database(app.state.db)
        await app.state.db.warm(settings.database.warm_connections)
        app.state.redis = make_redis(settings.redis)
        app.state.http = make_client(settings.http)
        async with AsyncExitStack() as stack:
            stack.push_async_callback(tracing.flush)  # last: the spans of shutting down go too
            stack.push_async_callback(app.state.db.dispose)
            stack.push_async_callback(app.state.redis.aclose)
            stack.push_async_callback(app.state.http.aclose)
            if settings.dev_mode:
                await stack.enter_async_context(follow_dev_offset(app.state.redis, settings.redis))
            for hook in hooks:
                await stack.enter_async_context(hook(app))
            for ready in on_ready:
                await ready(app)
            build_routes(app)
            log.info("%s started", part, extra={"mode": settings.mode})
            yield
        log.info("%s stopped", part)

    # A service's own /docs would load Swagger UI from a CDN: callers read the gateway's (offline) docs.
    app = FastAPI(title=title, description=description, version="1", lifespan=lifespan,
                  responses=PROBLEM_RESPONSES, docs_url=None, redoc_url=None)
    app.add_middleware(NulGuard)  # innermost: its problems carry the request id
    add_edge(app, part)
    app.include_router(health_router({"database": check_database, "redis": check_redis}))
    app.include_router(metrics_router())
    for router in routers:
        app.include_router(router)
    contract.install(app)
    tracing.instrument_app(app)
    return app
