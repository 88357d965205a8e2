"""The catalog app."""

from fastapi import FastAPI

import services.catalog as package
from common.app import create_service_app
from common.consumer import consumer_hook
from common.relay import relay_hook
from services.catalog.config import Settings
from services.catalog.handlers import make_handlers
from services.catalog.models import events
from services.catalog.routes import routers
from services.catalog.scheduler import run_scheduler


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        title="Groupbuy catalog",
        description=package.__doc__ or "",
        routers=routers,
        hooks=[run_scheduler, relay_hook(events), consumer_hook(make_handlers, events)],
    )
