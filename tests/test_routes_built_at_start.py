"""Each part builds its routes' request handling as it starts, not at the first request that reaches them.

FastAPI builds an included router's routes (dependants, parameter models, validators) lazily, all of a
router at once, at the first request that walks past it: on a new orders process that was ~1 s of CPU in
the first order, paid in a flash sale's first second by every buyer behind it."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from fastapi import routing

from common.testing.apps import service_settings

PARTS = ["catalog", "orders", "membership", "referrals", "gateway"]


@pytest.fixture
def built() -> Iterator[list[str]]:
    """The routes FastAPI builds while the fixture is in use, by path."""
    original = routing._EffectiveRouteContext.from_api_route
    paths: list[str] = []

    def counted(*args, **kwargs):
        context = original(*args, **kwargs)
        paths.append(getattr(context, "path_format", "?"))
        return context

    routing._EffectiveRouteContext.from_api_route = counted
    try:
        yield paths
    finally:
        routing._EffectiveRouteContext.from_api_route = original


def _app(part: str, infra, unit_databases):
    module = "gateway" if part == "gateway" else f"services.{part}"
    settings_cls = importlib.import_module(f"{module}.config").Settings
    if part == "gateway":
        settings = settings_cls(mode="dev", redis={"url": infra.redis.url, "prefix": f"{infra.redis.prefix}routes:"})
    else:
        settings = service_settings(settings_cls, infra, unit_databases)
    return importlib.import_module(f"{module}.main").create_app(settings)


@pytest.mark.parametrize("part", PARTS)
async def test_every_route_is_built_before_the_part_answers(part, infra, unit_databases, built):
    app = _app(part, infra, unit_databases)
    assert built == []  # assembling the app builds nothing: FastAPI leaves it to the first request
    async with app.router.lifespan_context(app):
        at_start = len(built)
        assert at_start > 0
        walked = sum(1 for _ in routing.iter_route_contexts(app.router.routes))  # as requests walk them
        assert walked >= at_start
        assert len(built) == at_start, f"built at a request, not at start: {built[at_start:]}"
