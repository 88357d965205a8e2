"""The referrals service's background work: pushing approved withdrawals to the payment provider and
following transfers until they are final."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from common.tasks import background
from services.referrals import withdrawals

log = logging.getLogger("groupbuy.referrals.scheduler")


@asynccontextmanager
async def run_scheduler(app: FastAPI) -> AsyncIterator[None]:
    async def loop() -> None:
        while True:
            state = app.state
            try:
                await withdrawals.pay_out_due(db=state.db, provider=state.provider, clients=state.clients,
                                              settings=state.settings.withdrawals)
            except Exception:
                log.exception("payout pass failed; trying again")
            await asyncio.sleep(state.settings.scheduler_poll_s)

    async with background(loop(), "referrals-scheduler"):
        yield
