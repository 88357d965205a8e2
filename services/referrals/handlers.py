"""Events referrals consumes → referral use cases."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from common.consumer import Handlers
from common.events import Envelope
from common.events.membership import UserRegistered
from services.referrals.service import ensure_code

handlers = Handlers()


@handlers.on(UserRegistered)
async def give_new_user_a_code(session: AsyncSession, event: UserRegistered, _envelope: Envelope) -> None:
    await ensure_code(session, event.user_id)
