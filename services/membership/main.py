"""The membership app."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import services.membership as package
from common.app import create_service_app
from common.consumer import consumer_hook
from common.relay import relay_hook
from services.membership import phone, profile, scenes, subscriptions
from services.membership.config import Settings
from services.membership.delivery import dispatcher_hook
from services.membership.handlers import handlers, webhook_handlers
from services.membership.keys import load_keyring
from services.membership.models import events
from services.membership.reach_sender import sender_hook
from services.membership.routes import routers
from services.membership.secret_box import SecretBox
from services.membership.webhooks import CONSUMER_GROUP as WEBHOOKS_GROUP


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def signing_keys(app: FastAPI) -> AsyncIterator[None]:
        app.state.keyring = load_keyring(settings)
        app.state.secret_box = SecretBox(settings.webhooks.secret_keys)
        yield

    return create_service_app(
        settings,
        title="Groupbuy membership",
        description=package.__doc__ or "",
        routers=[*routers(settings), *profile.routers, *subscriptions.routers, *scenes.routers, *phone.routers],
        hooks=[signing_keys, relay_hook(events), consumer_hook(handlers, events),
               consumer_hook(webhook_handlers, events, group=WEBHOOKS_GROUP), dispatcher_hook,
               consumer_hook(subscriptions.reach_handlers, events, group=subscriptions.CONSUMER_GROUP),
               sender_hook],
    )
