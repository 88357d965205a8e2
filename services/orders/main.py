"""The orders app."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import services.orders as package
from common.app import create_service_app
from common.flashgate import FlashGlance
from common.payments import make_provider
from common.redis import make_lean_redis
from common.relay import relay_hook
from common.upstream import LeanClient
from services.orders import aftersales_routes, preview, share, share_funnel, supply_calendar
from services.orders.checkout_routes import routers as basket_routers
from services.orders.clients import Clients
from services.orders.config import Settings
from services.orders.models import events
from services.orders.routes import routers
from services.orders.scheduler import run_scheduler
from services.orders.supply import routers as supply_routers


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    supply_calendar.configure(cutoff_time=settings.cutoff_time, lead_days=settings.delivery_lead_days)

    @asynccontextmanager
    async def collaborators(app: FastAPI) -> AsyncIterator[None]:
        app.state.lean = LeanClient(connect_timeout_s=settings.http.connect_timeout_s,
                                    timeout_s=settings.http.timeout_s, max_idle=settings.http.max_keepalive)
        app.state.clients = Clients(app.state.lean, settings)
        app.state.provider = make_provider(settings.payments, app.state.http)
        # The flash gate's glance and the Idempotency-Key's lease: Redis commands of every order.
        app.state.lean_redis = make_lean_redis(settings.redis)
        app.state.flash_gate = FlashGlance(app.state.lean_redis, settings.redis)
        try:
            yield
        finally:
            await app.state.lean_redis.aclose()
            await app.state.lean.aclose()

    return create_service_app(
        settings,
        title="Groupbuy orders",
        description=package.__doc__ or "",
        # /v1/groups/preview comes before /v1/groups/{group_id}
        routers=[aftersales_routes.router, preview.router, preview.by_activity, share.router,
                 *share_funnel.routers, *routers, *supply_routers, *basket_routers],
        hooks=[collaborators, relay_hook(events), run_scheduler],
    )
