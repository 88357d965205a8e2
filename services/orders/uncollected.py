"""Uncollected orders: shipped orders still waiting at their pickup point ``uncollected_after_s`` (12 h by
default) after they arrived there (``delivery.arrived_at``: the start of the delivery day, or the
leader's confirmation of the arrival if that was later; an order whose arrival nobody confirmed is not
at the point, so it is never uncollected).

- The community's leader and ops list them (``GET /v1/orders/uncollected``), longest waiting first, to
  ring the buyers.
- The scheduler publishes ``order.uncollected`` once per order (``uncollected_at`` is set in the same
  transaction); it drives reminders.  An order picked up afterwards is delivered as usual."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import Identity
from common.clock import now
from common.db import Database
from common.models import is_status
from common.pagination import Page, PageParams, paginate
from services.orders import access, delivery, facts
from services.orders.clients import Clients
from services.orders.config import Settings
from services.orders.models import Order, OrderStatus, events
from services.orders.schemas import OrderPublic


def _arrived_before(cutoff: datetime) -> sa.ColumnElement[bool]:
    """Shipped orders that arrived at their pickup point at or before ``cutoff``: confirmed arrived by then, and
    due on a day that had begun by then (a day begins at or before ``cutoff`` when it is ``cutoff``'s day or
    earlier)."""
    day: date = delivery.local_day(cutoff)
    return sa.and_(is_status(col(Order.status), OrderStatus.shipped), col(Order.arrived_at) <= cutoff,
                   sa.or_(col(Order.delivery_date).is_(None), col(Order.delivery_date) <= day))


async def listed(*, session: AsyncSession, clients: Clients, settings: Settings, caller: Identity,
                 community_id: int | None, page: PageParams, descending: bool = False) -> Page[OrderPublic]:
    """Ops: every community's, or one; a leader: the community they lead (``community_id`` required)."""
    view = await access.staff_view(clients, caller, community_id)
    query = select(Order).where(_arrived_before(now() - timedelta(seconds=settings.uncollected_after_s)))
    if community_id is not None:
        query = query.where(Order.community_id == community_id)
    return await paginate(session, query, key=col(Order.id), page=page, public=lambda o: access.shown(o, view),
                          descending=descending)


async def announce_due(*, db: Database, settings: Settings, limit: int = 100) -> int:
    """Publish ``order.uncollected`` for orders that just became uncollected; once per order."""
    cutoff = now() - timedelta(seconds=settings.uncollected_after_s)
    due = sa.and_(_arrived_before(cutoff), col(Order.uncollected_at).is_(None))
    async with db.read_sessions() as session:
        ids = (await session.exec(select(Order.id).where(due).order_by(col(Order.id)).limit(limit))).all()
    if not ids:
        return 0
    async with db.write_sessions() as session:
        orders = (await session.exec(select(Order).where(col(Order.id).in_(ids), due)
                                     .order_by(col(Order.id)).with_for_update())).all()
        noticed = now()
        for order in orders:
            order.uncollected_at = noticed
            await events.publish(session, facts.uncollected(order, delivery.arrived_at(order), noticed))
        await session.commit()
    return len(orders)
