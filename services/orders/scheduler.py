"""The orders service's background work: cancel orders whose payment deadline passed, close groups
whose time is up (or that reached the top tier), and pay out decided refunds."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from common.tasks import background
from services.orders import fulfilment, groups, service

log = logging.getLogger("groupbuy.orders.scheduler")


@asynccontextmanager
async def run_scheduler(app: FastAPI) -> AsyncIterator[None]:
    async def loop() -> None:
        while True:
            try:
                state = app.state
                await service.query_unpaid(db=state.db, clients=state.clients, provider=state.provider,
                                           settings=state.settings)
                expired = await service.expire_unpaid(db=state.db, clients=state.clients, provider=state.provider)
                if expired:
                    log.info("unpaid orders cancelled", extra={"count": expired})
                closed = await groups.close_due(app.state.db)
                if closed:
                    log.info("groups closed", extra={"count": closed})
                await groups.pay_out_refunds(app.state.db, app.state.provider, app.state.clients,
                                             policy=app.state.settings.refund_policy)
                completed = await fulfilment.complete_due(db=app.state.db, settings=app.state.settings)
                if completed:
                    log.info("orders completed", extra={"count": completed})
            except Exception:
                log.exception("scheduler pass failed; trying again")
            await asyncio.sleep(app.state.settings.scheduler_poll_s)

    async with background(loop(), "orders-scheduler"):
        yield
