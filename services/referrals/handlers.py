"""Events referrals consumes → referral use cases.

``make_handlers`` binds them to what they need besides the event (the default rules, and catalog for
the promotion multiplier of the new-member reward)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from common.consumer import Handlers
from common.events import Envelope
from common.events.membership import LevelChanged, UserRegistered
from common.events.orders import OrderCompleted, OrderConfirmed, OrderPaid, OrderRefunded
from services.referrals import binding, ledger
from services.referrals.domain.rules import RuleSet
from services.referrals.service import ensure_code

Multiplier = Callable[[datetime], Awaitable[int]]


async def give_new_user_a_code(session: AsyncSession, event: UserRegistered, _envelope: Envelope) -> None:
    await ensure_code(session, event.user_id)
    await binding.note_registration(session, event.user_id, event.registered_at)


def make_handlers(default_rules: Callable[[], RuleSet], multiplier: Multiplier) -> Handlers:
    """``default_rules`` answers the settings' rules (read at each event, so a test may change them)."""
    handlers = Handlers()
    handlers.add(UserRegistered, give_new_user_a_code, session_free=True)

    async def on_paid(session: AsyncSession, event: OrderPaid, _envelope: Envelope) -> None:
        await binding.record_paid(session, event.user_id, event.order_id, event.paid_at)
        await ledger.paid(session, event, default_rules())

    async def on_confirmed(session: AsyncSession, event: OrderConfirmed, _envelope: Envelope) -> None:
        counted = await binding.record_confirmed(session, event, default_rules())
        reward = None
        if counted is not None:
            referrer, rules, level = counted
            fen = rules.reward_for(level, await multiplier(event.confirmed_at),
                                   gift_pack=event.grants_level is not None) if rules.new_member_reward_fen else 0
            reward = (referrer, fen) if fen else None
        await ledger.confirmed(session, event, default_rules(), reward)

    async def on_refunded(session: AsyncSession, event: OrderRefunded, _envelope: Envelope) -> None:
        await ledger.refunded(session, event, default_rules())

    async def on_completed(session: AsyncSession, event: OrderCompleted, _envelope: Envelope) -> None:
        await ledger.completed(session, event, default_rules())

    async def on_level_changed(session: AsyncSession, event: LevelChanged, _envelope: Envelope) -> None:
        await ledger.level_changed(session, event)

    # The ledger's and the bindings' handlers write statements only: their batches need no session.
    handlers.add(OrderPaid, on_paid, session_free=True)
    handlers.add(OrderConfirmed, on_confirmed, session_free=True)
    handlers.add(OrderRefunded, on_refunded, session_free=True)
    handlers.add(OrderCompleted, on_completed, session_free=True)
    handlers.add(LevelChanged, on_level_changed, session_free=True)
    return handlers


def app_handlers(app: Any) -> Handlers:
    return make_handlers(lambda: app.state.settings.rebates, app.state.clients.reward_multiplier)
