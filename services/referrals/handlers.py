"""Events referrals consumes → referral use cases."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from common.consumer import Handlers
from common.events import Envelope
from common.events.membership import UserRegistered
from common.events.orders import OrderConfirmed, OrderPaid
from services.referrals import binding
from services.referrals.service import ensure_code

handlers = Handlers()


@handlers.on(UserRegistered)
async def give_new_user_a_code(session: AsyncSession, event: UserRegistered, _envelope: Envelope) -> None:
    await ensure_code(session, event.user_id)
    await binding.note_registration(session, event.user_id, event.registered_at)


@handlers.on(OrderPaid)
async def note_first_payment(session: AsyncSession, event: OrderPaid, _envelope: Envelope) -> None:
    await binding.record_paid(session, event.user_id, event.order_id, event.paid_at)


@handlers.on(OrderConfirmed)
async def note_first_confirmation(session: AsyncSession, event: OrderConfirmed, _envelope: Envelope) -> None:
    await binding.record_confirmed(session, event)
