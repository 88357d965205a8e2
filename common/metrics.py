"""Prometheus metrics: request counts and latency per route template, and ``/metrics``.

Labels, each from a bounded set so the series stay few: ``part``; ``method`` (the standard methods, any
other is ``OTHER``); ``route``, the template the router matched (``/v1/orders/{order_id}``; the gateway's
forwarded requests ``/v1/orders/*``), never the raw path; ``group``, the route group (``orders``,
``internal``, ``healthz``; ``unrouted`` for what no group owns); ``upstream``, the part that answered —
on the gateway the service a request was forwarded to, or ``gateway`` for its own routes.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter("groupbuy_http_requests_total", "HTTP requests served",
                   ["part", "method", "route", "group", "upstream", "status"])
LATENCY = Histogram("groupbuy_http_request_duration_seconds", "Time to serve an HTTP request",
                    ["part", "method", "route", "group", "upstream"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_GROUPS: dict[str, str] = {}  # route template -> route group, as many as there are templates


def route_group(template: str) -> str:
    """The route group of a route template: its first segment after ``/v1/`` (or its first at all)."""
    group = _GROUPS.get(template)
    if group is None:
        segments = [s for s in template.split("/") if s]
        if segments and segments[0] == "v1":
            segments = segments[1:]
        if not segments:
            group = "root" if template == "/" else "unrouted"
        else:
            group = "unrouted" if segments[0].startswith("{") else segments[0]
        _GROUPS[template] = group
    return group


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, *, part: str) -> None:
        self.app = app
        self.part = part
        # (template, method, status) -> the labelled latency and count of that series: a template fixes
        # its group and upstream, so labels are worked out once per series, not per request.
        self._series: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def _series_of(self, scope: Scope, method: str, status: int) -> tuple[Any, Any]:
        # The template the router matched, never the raw path: ids in paths would explode the label set.
        route = scope.get("route")
        template = getattr(route, "path_format", None) or getattr(route, "path", None) or "unmatched"
        key = (template, method, status)
        series = self._series.get(key)
        if series is None:
            group = getattr(route, "group", None) or route_group(template)
            upstream = getattr(route, "upstream", None) or self.part
            series = self._series[key] = (LATENCY.labels(self.part, method, template, group, upstream),
                                          REQUESTS.labels(self.part, method, template, group, upstream, str(status)))
        return series

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
            method = scope["method"]
            latency, count = self._series_of(scope, method if method in METHODS else "OTHER", status)
            latency.observe(time.perf_counter() - started)
            count.inc()


def metrics_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router
