"""Events catalog consumes → stock reservations.

An order's reservation is committed when ``order.paid`` arrives and released when ``order.cancelled``
does, whatever happened to the calls orders made at the time: a crash between the payment and the
commit, or a release that never got through, is made good from the stream (the outbox delivers each
event at least once; both steps are idempotent).  Events of orders placed before their number travelled
with them carry none and are left to the calls."""

from __future__ import annotations

import logging
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from common.consumer import Handlers
from common.events import Envelope
from common.events.orders import OrderCancelled, OrderPaid
from services.catalog import inventory
from services.catalog.flash import FlashStock

log = logging.getLogger("groupbuy.catalog.handlers")


async def commit_paid(session: AsyncSession, event: OrderPaid, _envelope: Envelope) -> None:
    if event.order_no is None:
        return
    outcome = await inventory.commit_if_held(session=session, order_id=event.order_no)
    if outcome == "released":
        # Released before the payment arrived: orders refunds such a payment; the units stay available.
        log.warning("paid order's reservation was released", extra={"order_no": event.order_no})


def make_handlers(app: Any) -> Handlers:
    stock: FlashStock = app.state.flash

    async def release_cancelled(session: AsyncSession, event: OrderCancelled, _envelope: Envelope) -> None:
        if event.order_no is None:
            return
        released = await inventory.release_held(session=session, order_id=event.order_no)
        if released is not None and released.activity_id is not None:
            # Idempotent, like the release: a unit the call gave back already is not given twice.
            await stock.give_back(released.activity_id, event.order_no)

    handlers = Handlers()
    handlers.add(OrderPaid, commit_paid, session_free=True)  # statements only: a batch needs no session
    handlers.add(OrderCancelled, release_cancelled)
    return handlers
