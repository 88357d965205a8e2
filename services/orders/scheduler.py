"""The orders service's background work: cancel orders whose payment deadline passed, close groups
whose time is up (or that reached the top tier), pay out decided refunds, complete orders whose
after-sales window closed, and announce orders left uncollected at their pickup point.  What it moves is
in the orders' audit trail as ``system/scheduler``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from common.tasks import background
from services.orders import audit, fulfilment, groups, refund_notices, service, supply, uncollected

log = logging.getLogger("groupbuy.orders.scheduler")

BATCH = 100  # rows each duty takes on in one pass


@asynccontextmanager
async def run_scheduler(app: FastAPI) -> AsyncIterator[None]:
    pace = supply.CutoffPace()

    async def one_pass() -> bool:
        """One pass of every duty; True when one of them had a full batch (more may be waiting)."""
        state = app.state
        await service.query_unpaid(db=state.db, clients=state.clients, provider=state.provider,
                                   settings=state.settings)
        expired = await service.expire_unpaid(db=state.db, clients=state.clients, provider=state.provider,
                                              limit=BATCH)
        if expired:
            log.info("unpaid orders cancelled", extra={"count": expired})
        closed = await groups.close_due(state.db, limit=BATCH)
        if closed:
            log.info("groups closed", extra={"count": closed})
        paid_out = await groups.pay_out_refunds(state.db, state.provider, state.clients,
                                                policy=state.settings.refund_policy, limit=BATCH,
                                                query_after_s=state.settings.refund_query_after_s)
        await refund_notices.query_paying(state.db, state.provider, state.clients, limit=BATCH,
                                          query_after_s=state.settings.refund_query_after_s)
        bought = await supply.run_cutoff(db=state.db, clients=state.clients, pace=pace)  # idempotent: see supply.py
        if bought.orders_added:
            log.info("orders bought at cutoff", extra={"count": bought.orders_added})
        completed = await fulfilment.complete_due(db=state.db, settings=state.settings, limit=BATCH)
        if completed:
            log.info("orders completed", extra={"count": completed})
        left = await uncollected.announce_due(db=state.db, settings=state.settings, limit=BATCH)
        if left:
            log.info("orders uncollected", extra={"count": left})
        return max(expired, closed, paid_out, completed, left) >= BATCH

    async def loop() -> None:
        with audit.acting_as(audit.SCHEDULER):
            await passes()

    async def passes() -> None:
        while True:
            more = False
            try:
                more = await one_pass()
            except Exception:
                log.exception("scheduler pass failed; trying again")
            # A full batch means more is due now: the next pass follows at once, so closing ten times the
            # groups takes ten times as long, not ten times as many waits.
            await asyncio.sleep(0 if more else app.state.settings.scheduler_poll_s)

    async with background(loop(), "orders-scheduler"):
        yield
