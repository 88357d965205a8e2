"""The orders app."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import services.orders as package
from common.app import create_service_app
from common.flashgate import FlashGlance
from common.payments import make_provider
from common.relay import relay_hook
from services.orders.clients import Clients
from services.orders.config import Settings
from services.orders.models import events
from services.orders.routes import routers
from services.orders.scheduler import run_scheduler


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def collaborators(app: FastAPI) -> AsyncIterator[None]:
        app.state.clients = Clients(app.state.http, settings)
        app.state.provider = make_provider(settings.payments, app.state.http)
        app.state.flash_gate = FlashGlance(app.state.redis, settings.redis)
        yield

    return create_service_app(
        settings,
        title="Groupbuy orders",
        description=package.__doc__ or "",
        routers=routers,
        hooks=[collaborators, relay_hook(events), run_scheduler],
    )
