"""Every dependency and endpoint of every app is a coroutine: FastAPI runs a plain function on a worker
thread, a thread hand-over and back per request that costs more than the little work such a function does
(measured: it halved the routed read).  A plain function can slip in unnoticed; this finds it."""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

APPS = ["services.catalog.main", "services.orders.main", "services.membership.main", "services.referrals.main",
        "gateway.main"]


def _routes(node: Any, seen: set[int]) -> Iterator[APIRoute]:
    if id(node) in seen:
        return
    seen.add(id(node))
    for route in getattr(node, "routes", None) or []:
        if isinstance(route, APIRoute):
            yield route
            continue
        for attribute in ("router", "app", "original_router"):
            if hasattr(route, attribute):
                yield from _routes(getattr(route, attribute), seen)
        yield from _routes(route, seen)


def _on_the_loop(call: Any) -> bool:
    """FastAPI awaits coroutine functions and async generators (and objects whose ``__call__`` is one) on the
    event loop; anything else, a class included, goes to its thread pool."""
    if inspect.isclass(call):
        return False
    while isinstance(call, functools.partial):
        call = call.func
    for candidate in (call, getattr(call, "__call__", None)):  # noqa: B004
        if candidate is not None:
            candidate = inspect.unwrap(candidate)
            if inspect.iscoroutinefunction(candidate) or inspect.isasyncgenfunction(candidate):
                return True
    return False


def _blocking(dependant: Dependant) -> Iterator[str]:
    for sub in dependant.dependencies:
        if sub.call is not None and not _on_the_loop(sub.call):
            yield f"{getattr(sub.call, '__module__', '?')}.{getattr(sub.call, '__qualname__', sub.call)}"
        yield from _blocking(sub)


@pytest.mark.parametrize("module", APPS)
def test_no_route_runs_on_the_thread_pool(module: str) -> None:
    app = importlib.import_module(module).create_app()
    routes = list(_routes(app.router, set()))
    assert routes, "no routes found: the walk no longer matches how FastAPI nests routers"
    found = set()
    for route in routes:
        found.update(_blocking(route.dependant))
        if not _on_the_loop(route.endpoint):
            found.add(f"endpoint {sorted(route.methods)} {route.path}")
    assert not found, f"plain functions FastAPI would run on a worker thread: {sorted(found)}"
