"""Delivery days: the business day (Asia/Shanghai, the pickup list's calendar) on which an order is handed
out at its community's pickup point.

Until orders are given a delivery day at payment (with a cutoff), an order gets it when it is shipped:
the day ops ship a community's orders for (``POST /v1/orders/ship {community_id, date}``: today or a
later day, when the goods leave the evening before), or the day it is shipped on
(``POST /v1/orders/{id}/ship``).  It is stored in ``purchase_order.delivery_date``, so the search, the
batches and the pickup codes read one column; when payment starts setting it earlier, they keep working
unchanged (the batch ship then picks the day's orders by that column instead of taking every waiting
one).  A paid order not shipped yet has no delivery day.

- An order is *at the pickup point* on a day when its delivery day is that day or earlier (left over:
  not picked up on its own day); an order shipped before delivery days were stored counts from the day
  it was shipped on.
- It is *ready for pickup* only once its community's leader (or ops) confirmed that it arrived
  (``POST /v1/supply/arrivals``, ``supply.py``: ``arrived_at`` is set and ``order.arrived`` published).
  Shipping puts an order on its way; until the arrival is confirmed it is on no pickup list, no pickup
  code shows or hands it out, and handing it out by id answers 409 ``not_arrived``.
- It *arrived* at the start of its delivery day, or when its arrival was confirmed if that was later
  (confirmed and handed out the same day).  ``order.uncollected`` and the uncollected list count from
  its arrival.
- Hand-outs happen today: a buyer's code works only on its own day, and a batch hand-out takes what is
  at the point today."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import col

from common.clock import BUSINESS_TZ, business_now
from common.problems import Problem
from services.orders.domain.pickup import DayOutOfRange, business_day
from services.orders.models import Order, OrderStatus


def today() -> date:
    return business_now().date()


def bounds(day: date, field: str = "query.date") -> tuple[datetime, datetime]:
    """The instants ``day`` begins and ends; a 422 naming ``field`` for a day that has none."""
    try:
        return business_day(day)
    except DayOutOfRange as exc:
        raise Problem(422, "validation_error", f"Invalid fields: {field}",
                      errors=[{"field": field, "message": str(exc), "type": "value_error"}]) from exc


def local_day(moment: datetime) -> date:
    return moment.astimezone(BUSINESS_TZ).date()


def at_point_by(day: date) -> sa.ColumnElement[bool]:
    """Orders that have reached the pickup point by the end of ``day``."""
    _, end = bounds(day)
    return sa.or_(col(Order.delivery_date) <= day,
                  sa.and_(col(Order.delivery_date).is_(None), col(Order.shipped_at) < end))


def waiting_on(day: date) -> sa.ColumnElement[bool]:
    """Shipped orders whose arrival was confirmed, at the pickup point on ``day`` and not picked up yet."""
    return sa.and_(Order.status == OrderStatus.shipped, col(Order.arrived_at).is_not(None), at_point_by(day))


def picked_up_on(day: date) -> sa.ColumnElement[bool]:
    start, end = bounds(day)
    return sa.and_(col(Order.delivered_at) >= start, col(Order.delivered_at) < end)


def arrived_at(order: Order) -> datetime | None:
    if order.arrived_at is None:
        return None
    if order.delivery_date is None:
        return order.arrived_at
    return max(order.arrived_at, bounds(order.delivery_date)[0])
