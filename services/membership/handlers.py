"""Events membership consumes → growth, points, levels and lifecycle stages (group ``membership``); and,
in a consumer group of their own (``membership-webhooks``), the events partners subscribe to → webhook
deliveries, so a backlog of webhooks never delays membership's own handling."""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from common.consumer import Handlers
from common.events import REGISTRY, Envelope, EventPayload
from common.events.orders import OrderConfirmed, OrderPaid, OrderPlaced, OrderRefunded
from common.events.referrals import RefereeConfirmed, RefereePaid, ReferralShared
from services.membership import ledger, levels, lifecycle, webhooks
from services.membership.config import Settings
from services.membership.domain.partner_events import PARTNER_EVENTS
from services.membership.domain.stages import Stage

# Stage moves, growth, points and levels are statements only (``lifecycle``, ``ledger``, ``levels``): a batch
# of them needs no session.
handlers = Handlers()


@handlers.on(OrderConfirmed, session_free=True)
async def earn_on_confirmation(session: AsyncSession, event: OrderConfirmed, _envelope: Envelope) -> None:
    await ledger.earn(session, event)


@handlers.on(OrderRefunded, session_free=True)
async def reverse_on_refund(session: AsyncSession, event: OrderRefunded, _envelope: Envelope) -> None:
    await ledger.refund(session, event)


@handlers.on(OrderPlaced, session_free=True)
async def stage_on_order_placed(session: AsyncSession, event: OrderPlaced, envelope: Envelope) -> None:
    """An order placed: ``quasi_buyer``.  One in a group (opened or joined) shows ``intent`` first, kept in the
    stage history; as ``quasi_buyer`` ranks above it, the user's stage is ``quasi_buyer`` either way."""
    reached: tuple[Stage, ...] = ("intent", "quasi_buyer") if event.group_id is not None else ("quasi_buyer",)
    await lifecycle.reach_by_id(session, event.user_id, *reached, event_type=envelope.type, at=event.placed_at)


@handlers.on(OrderPaid, session_free=True)
async def stage_on_order_paid(session: AsyncSession, event: OrderPaid, envelope: Envelope) -> None:
    await lifecycle.paid(session, user_id=event.user_id, order_id=event.order_id, paid_at=event.paid_at,
                         event_type=envelope.type)


@handlers.on(ReferralShared, session_free=True)
async def stage_on_share(session: AsyncSession, event: ReferralShared, envelope: Envelope) -> None:
    await lifecycle.reach_by_id(session, event.user_id, "spreader", event_type=envelope.type, at=event.shared_at)


@handlers.on(RefereePaid, session_free=True)
async def stage_on_referee_paid(session: AsyncSession, event: RefereePaid, envelope: Envelope) -> None:
    await lifecycle.reach_by_id(session, event.referrer_id, "recommender", event_type=envelope.type,
                                at=event.paid_at)


@handlers.on(RefereeConfirmed, session_free=True)
async def upgrade_on_referee_confirmed(session: AsyncSession, event: RefereeConfirmed, _envelope: Envelope) -> None:
    """The referral upgrade rule, for the referrer only: a referee's own level is none of its upline's business."""
    await levels.upgrade_referrer(session, referrer_id=event.referrer_id, confirmed_referees=event.confirmed_referees)


def webhook_handlers_for(settings: Settings) -> Handlers:
    """One handler per event type partners may subscribe to (at its pinned version): fan it out."""

    async def fan_out(session: AsyncSession, _event: EventPayload, envelope: Envelope) -> None:
        await webhooks.fan_out(session, envelope, settings=settings)

    found = Handlers()
    for spec in PARTNER_EVENTS.values():
        found.add(REGISTRY.get(spec.event_type, spec.version), fan_out, session_free=True)  # statements only
    return found


def webhook_handlers(app: Any) -> Handlers:
    """``consumer_hook``'s form: the handlers of the app's settings."""
    return webhook_handlers_for(app.state.settings)
