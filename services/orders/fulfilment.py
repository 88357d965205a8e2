"""After payment: shipping and handing out (ops, or the leader of the order's community), completion
once the after-sales window has passed, and refunds the buyer asks for ("not satisfied, money back");
one decided while the order's ladder group is still open takes the order out of its count (``groups.py``).

Every change goes through the lifecycle table (``states.move``) and into the order's audit trail; a
refund is decided under the order's row lock against every refund decided so far, so concurrent
requests can never refund more than was paid.  Money is paid back afterwards by the refund pay-out loop
(``groups.pay_out_refunds``).  Shipping gives the order its delivery day (``delivery.py``) and publishes
``order.shipped``; a partner's API key with ``orders:write`` may ship too (a logistics partner's system),
never hand out."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import Identity
from common.clock import now
from common.db import Database
from common.models import is_status
from common.problems import Problem, not_found
from services.orders import access, audit, delivery, facts, groups
from services.orders.clients import Clients
from services.orders.config import Settings
from services.orders.domain import lifecycle
from services.orders.domain.lifecycle import InvalidTransition, OrderEvent, OrderState
from services.orders.models import LadderGroup, Order, OrderStatus, Refund, events
from services.orders.schemas import OrderPublic
from services.orders.service import public
from services.orders.states import move

log = logging.getLogger("groupbuy.orders.fulfilment")


def _windows(settings: Settings) -> dict[str, timedelta]:
    return {"complete_after": timedelta(seconds=settings.complete_after_s),
            "after_sales_window": timedelta(seconds=settings.after_sales_window_s)}


async def ship(session: AsyncSession, order: Order, day: date) -> None:
    """On its way to the pickup point, to be handed out on ``day`` (``order.shipped`` in the same transaction)."""
    move(order, OrderEvent.ship)
    order.shipped_at = now()
    order.delivery_date = day  # the day it is shipped for: the planned day (supply_calendar.py) unless moved
    await events.publish(session, facts.shipped(order, day))


def deliver(order: Order) -> None:
    """Picked up: the after-sales window starts."""
    move(order, OrderEvent.deliver)
    order.delivered_at = now()


async def hand_out(*, db: Database, clients: Clients, order_id: int, event: OrderEvent,
                   caller: Identity) -> OrderPublic:
    """``ship`` (on its way to the pickup point, for today) or ``deliver`` (picked up)."""
    async with db.read_sessions() as session:
        order = await session.get(Order, order_id)
    if order is None:
        raise not_found("order", order_id)
    await access.may_move(clients, caller, order, partner_scope=access.SHIP_SCOPE if event == OrderEvent.ship
                          else None)
    view = access.View.full if access.is_staff(caller) or caller.kind == "api_key" else access.View.masked
    async with db.write_sessions() as session:
        order = (await session.exec(select(Order).where(Order.id == order_id).with_for_update())).one()
        target = OrderStatus.shipped if event == OrderEvent.ship else OrderStatus.delivered
        if order.status == target:
            return access.shown(order, view)  # told twice (a retried request): already done
        if event == OrderEvent.ship:
            await ship(session, order, delivery.today())
        else:
            if order.status == OrderStatus.shipped and order.community_id is not None and order.arrived_at is None:
                raise Problem(409, "not_arrived", "The order's arrival at its pickup point is not confirmed "
                              "yet (POST /v1/supply/arrivals)", state=str(order.status))
            deliver(order)
        await session.commit()
        return access.shown(order, view)


def delivered_before(at: datetime) -> sa.Select:
    """Delivered orders whose delivery was ``at`` or before."""
    return select(Order.id).where(is_status(col(Order.status), OrderStatus.delivered), col(Order.delivered_at) <= at)


async def complete_due(*, db: Database, settings: Settings, limit: int = 100) -> int:
    """Complete delivered orders whose after-sales window has closed."""
    windows = _windows(settings)
    earliest = now() - max(windows.values())
    async with db.read_sessions() as session:
        due = (await session.exec(delivered_before(earliest).limit(limit))).all()
    done = 0
    for order_id in due:
        async with db.write_sessions() as session:
            order = (await session.exec(select(Order).where(Order.id == order_id).with_for_update())).one()
            if not lifecycle.due_for_completion(OrderState(order.status), order.delivered_at, now(), **windows):
                continue
            if await groups.refunds_decided(session, order.id) > order.refunded_fen:
                continue  # a refund is still being paid out: complete once it is
            move(order, OrderEvent.complete)
            order.completed_at = now()
            await events.publish(session, facts.completed(order))
            await session.commit()
            done += 1
    return done


async def decide_refund(session: AsyncSession, *, order: Order, group: LadderGroup | None, settings: Settings,
                        amount_fen: int | None, reason: str, late: bool, out_refund_no: str | None = None,
                        after_sales_id: int | None = None) -> Refund:
    """The one refund path: decide a refund of ``amount_fen`` (everything left when None) on ``order``, locked
    by the caller (its group, when it has one, locked before it), against every refund decided so far; the
    order's state moves, the audit trail records it, and the pay-out loop sends the money.  ``late`` lifts
    the after-sales window (ops; shortages, which are the platform's fault).  ``out_refund_no`` names the
    refund when the caller needs it to be decided once (a shortage's refund, named by what it is for)."""
    decided = await groups.refunds_decided(session, order.id)
    paid_fen = order.amount_fen if order.paid_at is not None else 0
    left = paid_fen - decided
    amount = left if amount_fen is None else amount_fen
    if paid_fen == 0:
        raise Problem(409, "invalid_transition", f"A {order.status} order has nothing to refund",
                      state=str(order.status), event="refund")
    if amount < 1 or amount > left:
        raise Problem(422, "refund_too_large" if amount > left else "validation_error",
                      f"Only {left} fen is left to refund on this order", refundable_fen=left,
                      errors=[{"field": "body.amount_fen", "message": f"at most {left}", "type": "value_error"}])
    try:
        state, _ = lifecycle.refund(OrderState(order.status), paid_fen=paid_fen, refunded_fen=decided,
                                    amount_fen=amount, delivered_at=order.delivered_at, now=now(),
                                    after_sales_window=timedelta(seconds=settings.after_sales_window_s),
                                    late=late)
    except InvalidTransition as exc:
        raise Problem(409, "invalid_transition", str(exc), state=str(order.status), event="refund") from exc
    was = order.status
    order.status = OrderStatus(state)
    audit.record(order, was, lifecycle.refund_event(paid_fen=paid_fen, refunded_fen=decided, amount_fen=amount))
    if out_refund_no is None:
        count = (await session.exec(select(Refund.id).where(Refund.order_id == order.id))).all()
        out_refund_no = f"{order.order_no}-r{len(count) + 1}"
    refund = Refund(order_id=order.id, out_refund_no=out_refund_no, amount_fen=amount, reason=reason,
                    created_at=now(), after_sales_id=after_sales_id)
    session.add(refund)
    if group is not None:
        await groups.refunded(session, group)
    return refund


async def request_refund(*, db: Database, clients: Clients, settings: Settings, order_id: int, caller: Identity,
                         amount_fen: int | None) -> OrderPublic:
    """Refund ``amount_fen`` (everything left when None) of a paid order within the after-sales window.
    The buyer refunds their own order (``requested``); ops any order (``ops``), also after the window and
    after completion (a late refund settling a complaint: consumers take back what the order earned)."""
    staff = access.is_staff(caller)
    async with db.write_sessions() as session:
        group_id = (await session.exec(select(Order.group_id).where(Order.id == order_id))).first()
        # A ladder order's group is locked before the order, as its payment and its group's close do.
        group = await groups.lock(session, group_id) if group_id is not None else None
        order = (await session.exec(select(Order).where(Order.id == order_id).with_for_update())).first()
        if order is None or (not staff and order.user_id != caller.user_id):
            raise not_found("order", order_id)
        was = order.status
        await decide_refund(session, order=order, group=group, settings=settings, amount_fen=amount_fen,
                            reason="ops" if staff else "requested", late=staff)
        await session.commit()
        release = order.status == OrderStatus.refunded and was in (OrderStatus.paid, OrderStatus.confirmed)
    if release:  # nothing was handed out: the units go back on sale
        await clients.release(order.order_no)
    return public(order)
