"""Events membership consumes → growth, points and levels."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from common.consumer import Handlers
from common.events import Envelope
from common.events.orders import OrderConfirmed, OrderRefunded
from services.membership import ledger

handlers = Handlers()


@handlers.on(OrderConfirmed)
async def earn_on_confirmation(session: AsyncSession, event: OrderConfirmed, _envelope: Envelope) -> None:
    await ledger.earn(session, event)


@handlers.on(OrderRefunded)
async def reverse_on_refund(session: AsyncSession, event: OrderRefunded, _envelope: Envelope) -> None:
    await ledger.refund(session, event)
