"""An app of one service, served in-process with its lifespan running, for API tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from common.testing.infra import TestInfra


def service_settings(settings_cls: type, infra: TestInfra, database_template: str, **overrides: object):
    return settings_cls(
        mode="dev",
        data_dir=infra.tmp / "data",
        # A second pooled connection per task fails the test (see ``common.db.NestedCheckout``); a few opened
        # at start, as the stacks do (``common.testing.stack``), not the whole pool.
        database={"url": database_template, "one_connection_per_task": True, "warm_connections": 2},
        # Their own key space: an in-process app never joins the consumer groups of the end-to-end stack.
        redis={"url": infra.redis.url, "prefix": f"{infra.redis.prefix}unit:"},
        **overrides,
    )


@asynccontextmanager
async def serve_in_process(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client
