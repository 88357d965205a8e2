"""Prometheus metrics: request counts and latency per route template, and ``/metrics``."""

from __future__ import annotations

import time

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter("groupbuy_http_requests_total", "HTTP requests served",
                   ["part", "method", "route", "status"])
LATENCY = Histogram("groupbuy_http_request_duration_seconds", "Time to serve an HTTP request",
                    ["part", "method", "route"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))


def _route_template(scope: Scope) -> str:
    # The template the router matched, never the raw path: ids in paths would explode the label set.
    route = scope.get("route")
    return getattr(route, "path_format", None) or getattr(route, "path", None) or "unmatched"


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, *, part: str) -> None:
        self.app = app
        self.part = part

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            route = _route_template(scope)
            LATENCY.labels(self.part, scope["method"], route).observe(time.perf_counter() - started)
            REQUESTS.labels(self.part, scope["method"], route, str(status)).inc()


def metrics_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router
