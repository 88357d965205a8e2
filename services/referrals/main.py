"""The referrals app."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import services.referrals as package
from common.app import create_service_app
from common.consumer import consumer_hook
from common.payments import make_provider
from common.relay import relay_hook
from services.referrals import bind_sources
from services.referrals.clients import Clients
from services.referrals.config import Settings
from services.referrals.handlers import app_handlers
from services.referrals.models import events
from services.referrals.routes import routers
from services.referrals.scheduler import run_scheduler


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def collaborators(app: FastAPI) -> AsyncIterator[None]:
        app.state.clients = Clients(app.state.http, settings)
        app.state.provider = make_provider(settings.payments, app.state.http)
        yield

    return create_service_app(
        settings,
        title="Groupbuy referrals",
        description=package.__doc__ or "",
        routers=[*routers, *bind_sources.routers],
        hooks=[collaborators, relay_hook(events), consumer_hook(app_handlers, events), run_scheduler],
    )
