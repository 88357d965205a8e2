"""The gateway app: its own health, readiness and metrics, and the catch-all that forwards `/v1/...`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated, Literal

import httpx
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ConfigDict, Field
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from common import clock, tracing
from common.app import add_edge, build_routes
from common.auth import Identity
from common.bus import DeadLetter, list_dead_letters
from common.clock import follow_dev_offset
from common.http import make_client
from common.logs import configure_logging
from common.metrics import metrics_router
from common.pagination import SortOrder
from common.problem_texts import ProblemLanguage
from common.problems import PROBLEM_RESPONSES, Problem, problem_response
from common.redis import make_lean_redis, make_redis
from common.settings import SERVICES, HttpSettings
from common.upstream import UpstreamPool
from gateway.auth import Authenticator
from gateway.config import Settings
from gateway.edge import Edge, authorise
from gateway.openapi import MergedDocument
from gateway.proxy import Proxy
from gateway.ratelimit import RateLimiter
from gateway.routing import RouteGroup

LIMITS_TIMEOUT_S = 0.5  # a sick Redis delays a request by at most this before the limits fail open
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


def _unrouted() -> APIRouter:
    """What no route group owns (``/internal/...`` among them) is not found, whatever the method."""
    router = APIRouter(include_in_schema=False)

    @router.api_route("/v1/{path:path}", methods=METHODS)
    async def unrouted(request: Request) -> Response:
        raise Problem(404, "not_found", f"No route for {request.url.path}")

    return router


class ClockAdvance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    advance_seconds: float = Field(gt=0, le=366 * 86400, description="How far to move every clock forward")


class ClockReading(BaseModel):
    now: datetime
    offset_seconds: float


def _dev_router(settings: Settings) -> APIRouter:
    """Dev mode only: move the one shared clock forward for every process (ops)."""
    router = APIRouter(prefix="/v1/dev", tags=["dev"])

    async def ops_only(request: Request) -> Identity:
        identity = await request.app.state.edge.authenticator.identify(request)
        authorise(RouteGroup("dev", "gateway", "staff"), identity, request.method)
        return identity

    @router.get("/clock", operation_id="dev_read_clock", response_model=ClockReading)
    async def read_clock(request: Request, _ops: Identity = Depends(ops_only)) -> ClockReading:
        offset = await clock.read_offset(request.app.state.redis, settings.redis)
        return ClockReading(now=clock.now(), offset_seconds=offset)

    @router.post("/clock", operation_id="dev_advance_clock", response_model=ClockReading)
    async def advance_clock(body: ClockAdvance, request: Request,
                            _ops: Identity = Depends(ops_only)) -> ClockReading:
        offset = await clock.advance(request.app.state.redis, settings.redis, body.advance_seconds)
        return ClockReading(now=clock.now(), offset_seconds=offset)

    return router


def _ops_router(settings: Settings) -> APIRouter:
    """Ops views of what lives in Redis rather than in a service's database."""
    router = APIRouter(prefix="/v1/ops", tags=["ops"])

    async def staff_only(request: Request) -> Identity:
        identity = await request.app.state.edge.authenticator.identify(request)
        authorise(RouteGroup("ops", "gateway", "staff"), identity, request.method)
        return identity

    @router.get("/dead-letters", operation_id="ops_dead_letters", response_model=list[DeadLetter])
    async def dead_letters(request: Request, group: Annotated[Literal[SERVICES], Query()],  # type: ignore[valid-type]
                           limit: Annotated[int, Query(ge=1, le=100)] = 20,
                           before: Annotated[str | None, Query(max_length=40, pattern=r"^[0-9]+-[0-9]+$")] = None,
                           after: Annotated[str | None, Query(max_length=40, pattern=r"^[0-9]+-[0-9]+$",
                                                              description="order=asc: the last id seen")] = None,
                           order: Annotated[SortOrder, Query(description="desc: newest first")] = SortOrder.desc,
                           _staff: Identity = Depends(staff_only)) -> list[DeadLetter]:
        """Events a service's consumer gave up on, newest first (``order=asc``: oldest first), with the error
        (page with ``before``, or ``after`` when oldest first)."""
        if (order == "asc" and before) or (order == "desc" and after):
            field = "query.after" if after else "query.before"
            raise Problem(422, "validation_error", f"Invalid fields: {field}", errors=[{
                "field": field, "message": "newest first pages with before, oldest first with after",
                "type": "value_error"}])
        return await list_dead_letters(request.app.state.redis, settings.redis, group, limit=limit, before=before,
                                       after=after, ascending=order == "asc")

    return router


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging("gateway", settings.log_level)
    tracing.setup_tracing(settings)

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
        app.state.merged_document = MergedDocument(app.state.http, app.state.merged_document_urls)
        app.state.limits_redis = make_lean_redis(settings.redis, timeout_s=LIMITS_TIMEOUT_S)
        app.state.edge = Edge(settings, Authenticator(app.state.http, settings),
                              RateLimiter(app.state.limits_redis, settings.redis))
        app.state.upstreams = {service: _pool(settings, service) for service in SERVICES}
        build_routes(app)
        try:
            if settings.dev_mode:
                async with follow_dev_offset(app.state.redis, settings.redis):
                    yield
            else:
                yield
        finally:
            for pool in app.state.upstreams.values():
                pool.close()
            await app.state.http.aclose()
            await app.state.redis.aclose()
            await app.state.limits_redis.aclose()
            await tracing.flush()

    app = FastAPIOffline(title="Groupbuy API", version="1", lifespan=lifespan, responses=PROBLEM_RESPONSES,
                         description="The public API of Groupbuy: catalog, orders, membership, referrals.")
    app.add_middleware(Proxy, max_body_bytes=settings.max_body_bytes)  # inside the edge's request id, log, metrics
    app.add_middleware(ProblemLanguage)  # outside the proxy: the services' problems are read in zh-CN too
    add_edge(app, "gateway")
    _allow_cross_origin(app, settings)
    app.include_router(_health_router(settings))
    app.include_router(metrics_router())
    if settings.dev_mode:
        app.include_router(_dev_router(settings))
    app.include_router(_ops_router(settings))
    _serve_merged_document(app, settings)
    app.include_router(_unrouted())
    tracing.instrument_app(app)
    return app


def _allow_cross_origin(app: FastAPI, settings: Settings) -> None:
    """Outermost, so a browser's preflight is answered here and never reaches a service (off by default)."""
    cors = settings.cors
    if cors.allowed_origins:
        app.add_middleware(CORSMiddleware, allow_origins=cors.allowed_origins, allow_methods=METHODS,
                           allow_headers=cors.allowed_headers, expose_headers=cors.exposed_headers,
                           allow_credentials=cors.allow_credentials, max_age=cors.max_age_s)


def _pool(settings: Settings, service: str) -> UpstreamPool:
    url = httpx.URL(settings.topology.part(service).url)
    return UpstreamPool(url.host, url.port or 80, connect_timeout_s=settings.upstream_connect_timeout_s,
                        timeout_s=settings.upstream_timeout_s, max_idle=settings.http.max_connections)


def _serve_merged_document(app: FastAPI, settings: Settings) -> None:
    """``/openapi.json`` is the merged document of every service, not the gateway's own routes."""
    app.router.routes[:] = [r for r in app.router.routes if getattr(r, "path", None) != app.openapi_url]
    urls = {s: settings.topology.part(s).url for s in SERVICES}

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi_document(request: Request) -> JSONResponse:
        merged: MergedDocument = request.app.state.merged_document
        return JSONResponse(await merged.get(app.openapi()))

    app.state.merged_document_urls = urls
