"""A community's pickup sheet: the orders its leader hands out at the pickup point on one business day,
one row per address and SKU, as JSON or CSV.

Who reads it: ops (and admins), and the community's current leader — asked of membership each time, as
shipping and handing out do (services/orders/fulfilment.py).  An unknown community is 404; anyone else
gets 403, since communities themselves are public.

Which orders: those of the community at the pickup point by the end of the day (their delivery day is
that day or earlier: services/orders/delivery.py) and not picked up before it began — ``shipped``
(waiting, from that day or left over from an earlier one) and ``delivered``/``completed`` orders picked
up during the day or later.  ``paid`` and
``confirmed`` orders are not on any sheet yet, nor ``shipped`` ones whose arrival the leader has not
confirmed (``POST /v1/supply/arrivals``): nothing is ready at the point before that.  Orders refunded
in full (``refunded``) and ``cancelled`` ones are never on it: nothing is to be handed out.  A partly
refunded order keeps its state and stays on the sheet.  Each row counts the orders already picked up by
the day's end, so the leader can tick the sheet off; a past day's sheet reads as it stood at the end of
that day.

CSV: the same rows and columns as the JSON ``rows`` (lists joined with ``; ``), UTF-8 with a byte-order
mark so spreadsheet programs read the Chinese text, and cells that would start a formula escaped.
It is chosen by ``?format=csv``, or by ``Accept: text/csv`` when ``format`` is not given."""

from __future__ import annotations

import csv
import io
from datetime import date

import sqlalchemy as sa
from fastapi import Response
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import Identity
from common.clock import BUSINESS_TZ
from common.problems import Problem, not_found
from services.orders import delivery
from services.orders.access import STAFF_ROLES
from services.orders.clients import Clients
from services.orders.domain.pickup import SheetOrder, sheet_rows
from services.orders.models import Order, OrderStatus
from services.orders.schemas import PickupList, PickupRow

ON_SHEET = (OrderStatus.shipped, OrderStatus.delivered, OrderStatus.completed)
CSV_COLUMNS = tuple(PickupRow.model_fields)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


async def _may_read(clients: Clients, community_id: int, caller: Identity) -> None:
    community = await clients.community(community_id)
    if community is None:
        raise not_found("community", community_id)
    if caller.has_role(*STAFF_ROLES):
        return
    if not (caller.has_role("leader") and community.leader_user_id == caller.user_id):
        raise Problem(403, "forbidden", "Only ops or the community's leader read its pickup list")


async def pickup_list(*, session: AsyncSession, clients: Clients, caller: Identity, community_id: int,
                      day: date) -> PickupList:
    start, end = delivery.bounds(day)
    await _may_read(clients, community_id, caller)
    query = select(Order).where(
        Order.community_id == community_id, col(Order.status).in_(ON_SHEET), delivery.at_point_by(day),
        sa.or_(Order.status != OrderStatus.shipped, col(Order.arrived_at).is_not(None)),
        sa.or_(col(Order.delivered_at).is_(None), col(Order.delivered_at) >= start))
    orders = (await session.exec(query)).all()
    rows = sheet_rows(SheetOrder(order_no=o.order_no, placed_at=o.created_at, address=o.address or {},
                                 product_id=o.product_id, product_name=o.product_name, sku_id=o.sku_id,
                                 quantity=o.quantity, picked_up=o.delivered_at is not None and o.delivered_at < end)
                      for o in orders)
    return PickupList(community_id=community_id, date=day, timezone=BUSINESS_TZ.key,
                      orders=sum(r.orders for r in rows), quantity=sum(r.quantity for r in rows),
                      picked_up_orders=sum(r.picked_up_orders for r in rows),
                      rows=[PickupRow.model_validate(r, from_attributes=True) for r in rows])


def wants_csv(format_: str | None, accept: str | None) -> bool:
    if format_ is not None:
        return format_ == "csv"
    return "text/csv" in (accept or "").lower()


def _cell(value: object) -> str:
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(sheet: PickupList) -> Response:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in sheet.rows:
        writer.writerow([_cell(getattr(row, column)) for column in CSV_COLUMNS])
    filename = f"pickup-{sheet.community_id}-{sheet.date.isoformat()}.csv"
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
