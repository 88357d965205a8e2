"""Moving many orders in one request: shipping a community's orders for a delivery day, and handing out
everything one buyer has waiting at the pickup point today (by their pickup code, or named by the leader).

Each batch is one transaction that locks its orders' rows, so an order a concurrent batch or a single
``/ship`` or ``/deliver`` moved is found moved and reported as done, never moved twice; each move is in
the order's audit trail, marked with the batch (``via``).  A batch sent again reports the same orders as
done (``already_shipped``, ``already_delivered``) and changes nothing.

- Ship (``POST /v1/orders/ship``): every order of the community that is paid and not shipped yet
  (``confirmed``) is shipped for the day; ``paid`` orders whose ladder group is still forming cannot
  be shipped and are reported ``not_ready``.  Orders already shipped for that day are reported as done.
- Hand-out (``POST /v1/orders/deliver``, ``POST /v1/orders/pickup``): every ``shipped`` order of the buyer
  whose arrival the leader confirmed, at that pickup point today (``delivery.waiting_on``), is delivered;
  those picked up earlier today are reported as done."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import Identity
from common.db import Database
from common.problems import Problem
from services.orders import access, audit, delivery, fulfilment
from services.orders.clients import Clients
from services.orders.domain.pickup import buyer_label
from services.orders.models import Order, OrderStatus
from services.orders.schemas import BatchLine, BatchOutcome, BatchResult

SHIPPABLE = (OrderStatus.paid, OrderStatus.confirmed)


def _line(order: Order, outcome: BatchOutcome, detail: str | None = None) -> BatchLine:
    return BatchLine(order_id=order.id, order_no=order.order_no, product_name=order.product_name,
                     sku_id=order.sku_id, quantity=order.quantity, outcome=outcome, status=order.status,
                     detail=detail)


def _result(community_id: int, day: date, lines: list[BatchLine], **buyer: object) -> BatchResult:
    return BatchResult(community_id=community_id, date=day, counts=dict(Counter(line.outcome for line in lines)),
                       lines=lines, **buyer)


async def ship_community(*, db: Database, clients: Clients, caller: Identity, community_id: int,
                         day: date | None) -> BatchResult:
    await access.community_view(clients, caller, community_id, partner_scope=access.SHIP_SCOPE)
    today = delivery.today()
    day = day or today
    if day < today:
        raise Problem(422, "validation_error", "Invalid fields: body.date",
                      errors=[{"field": "body.date", "message": "a delivery day is today or later",
                               "type": "value_error"}])
    delivery.bounds(day, "body.date")
    lines: list[BatchLine] = []
    with audit.via("batch_ship"):
        async with db.write_sessions() as session:
            query = (select(Order).where(Order.community_id == community_id, sa.or_(
                col(Order.status).in_(SHIPPABLE),
                sa.and_(Order.status == OrderStatus.shipped, Order.delivery_date == day)))
                .order_by(col(Order.id)).with_for_update())
            for order in (await session.exec(query)).all():
                if order.status == OrderStatus.shipped:
                    lines.append(_line(order, "already_shipped"))
                elif order.status == OrderStatus.paid:
                    lines.append(_line(order, "not_ready", "its ladder group has not closed yet"))
                else:
                    await fulfilment.ship(session, order, day)
                    lines.append(_line(order, "shipped"))
            await session.commit()
    return _result(community_id, day, lines)


async def deliver_to_buyer(*, db: Database, clients: Clients, caller: Identity, community_id: int,
                           user_id: int) -> BatchResult:
    """A leader (or ops) hands out everything the buyer has waiting here today, without a code."""
    await access.community_view(clients, caller, community_id)
    with audit.via("batch_deliver"):
        async with db.write_sessions() as session:
            result = await hand_out_to_buyer(session, community_id=community_id, user_id=user_id,
                                             day=delivery.today())
            await session.commit()
    return result


async def hand_out_to_buyer(session: AsyncSession, *, community_id: int, user_id: int, day: date) -> BatchResult:
    """Deliver the buyer's orders waiting at the point on ``day``, in the caller's transaction (the caller
    commits); those picked up earlier that day are reported as done."""
    waiting = (await session.exec(select(Order).where(
        Order.user_id == user_id, Order.community_id == community_id, delivery.waiting_on(day))
        .order_by(col(Order.id)).with_for_update())).all()
    for order in waiting:
        fulfilment.deliver(order)
    done = (await session.exec(select(Order).where(
        Order.user_id == user_id, Order.community_id == community_id, delivery.picked_up_on(day),
        col(Order.id).not_in([o.id for o in waiting])).order_by(col(Order.id)))).all()
    lines = [_line(o, "delivered") for o in waiting] + [_line(o, "already_delivered") for o in done]
    label = buyer_label(_address_of(waiting) or _address_of(done))
    return _result(community_id, day, sorted(lines, key=lambda line: line.order_id), user_id=user_id,
                   buyer=label or None)


def _address_of(orders: Sequence[Order]) -> dict | None:
    return next((o.address for o in orders if o.address), None)
