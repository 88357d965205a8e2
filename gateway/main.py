"""The gateway app: its own health, readiness and metrics, and the catch-all that forwards `/v1/...`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from starlette.responses import Response

from common.app import add_edge
from common.clock import follow_dev_offset
from common.http import make_client
from common.logs import configure_logging
from common.metrics import metrics_router
from common.problems import PROBLEM_RESPONSES, Problem, problem_response
from common.redis import make_redis
from common.settings import SERVICES, HttpSettings
from gateway.config import Settings
from gateway.proxy import forward
from gateway.routing import service_for

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


def _health_router(settings: Settings) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz")
    async def readyz(request: Request) -> Response:
        client: httpx.AsyncClient = request.app.state.http

        async def service_ready(name: str) -> str:
            try:
                answer = await client.get(f"{settings.topology.part(name).url}/readyz",
                                          timeout=settings.readiness_timeout_s)
            except httpx.HTTPError as exc:
                return f"failing: {type(exc).__name__}"
            return "ok" if answer.status_code == 200 else f"failing: {answer.status_code}"

        async def redis_ready() -> str:
            try:
                await asyncio.wait_for(request.app.state.redis.ping(), settings.readiness_timeout_s)
            except Exception as exc:
                return f"failing: {type(exc).__name__}"
            return "ok"

        results = await asyncio.gather(*(service_ready(s) for s in SERVICES), redis_ready())
        checks = dict(zip([*SERVICES, "redis"], results, strict=True))
        if all(v == "ok" for v in checks.values()):
            return JSONResponse({"status": "ok", "checks": checks})
        return problem_response(503, "not_ready", detail="A part is not reachable", checks=checks)

    return router


def _proxy_router(settings: Settings) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.api_route("/v1/{path:path}", methods=METHODS)
    async def proxy(request: Request) -> Response:
        service = service_for(request.url.path)
        if service is None:
            raise Problem(404, "not_found", f"No route for {request.url.path}")
        return await forward(request, client=request.app.state.http, service=service,
                             base_url=settings.topology.part(service).url,
                             max_body_bytes=settings.max_body_bytes)

    return router


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging("gateway", settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        upstream = HttpSettings(connect_timeout_s=settings.upstream_connect_timeout_s,
                                timeout_s=settings.upstream_timeout_s,
                                max_connections=settings.http.max_connections,
                                max_keepalive=settings.http.max_keepalive)
        # Retries are the proxy's decision (idempotent methods only), never the transport's.
        app.state.http = make_client(upstream, transport=httpx.AsyncHTTPTransport(retries=0))
        app.state.redis = make_redis(settings.redis)
        try:
            if settings.dev_mode:
                async with follow_dev_offset(app.state.redis, settings.redis):
                    yield
            else:
                yield
        finally:
            await app.state.http.aclose()
            await app.state.redis.aclose()

    app = FastAPIOffline(title="Groupbuy API", version="1", lifespan=lifespan, responses=PROBLEM_RESPONSES,
                         description="The public API of Groupbuy: catalog, orders, membership, referrals.")
    add_edge(app, "gateway")
    app.include_router(_health_router(settings))
    app.include_router(metrics_router())
    app.include_router(_proxy_router(settings))
    return app
