"""The referrals app."""

from fastapi import FastAPI

import services.referrals as package
from common.app import create_service_app
from common.consumer import consumer_hook
from common.relay import relay_hook
from services.referrals.config import Settings
from services.referrals.handlers import handlers
from services.referrals.models import events
from services.referrals.routes import router


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        title="Groupbuy referrals",
        description=package.__doc__ or "",
        routers=[router],
        hooks=[relay_hook(events), consumer_hook(handlers, events)],
    )
