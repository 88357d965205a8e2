"""Finding orders: ``GET /v1/orders``.  One route, two views:

- ``view=mine`` (the default): the caller's own orders — what the mini-program lists;
- ``view=staff``: the back office.  Ops and admins search every order, in full; a community's leader
  searches the community they lead (``community_id`` required, checked against membership each time),
  with the buyers masked as the pickup list masks them; anyone else is refused.

Filters, each answered from an index of ``purchase_order`` (checked with ``EXPLAIN`` on PostgreSQL in
services/orders/tests/test_search_plans.py): ``status``, ``community_id``, ``leader_id`` (the community's
leader when the order was placed), ``delivery_date`` (the business day it is handed out, see
``delivery.py``: orders not shipped yet have none), ``activity_id``, ``product_id``, ``sku_id``,
``group_id``, ``order_no``, ``phone_tail`` (the last 4 digits of the buyer's phone, from the delivery
address) and ``user_id`` (the buyer).  Newest first (``order=desc``, by id) unless ``order=asc``;
paginated with the usual ``limit`` and ``cursor`` (a cursor belongs to the order it was made in)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Literal

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import Identity
from common.pagination import Page, PageParams, paginate
from services.orders import access, aftersales
from services.orders.clients import Clients
from services.orders.models import Order, OrderStatus
from services.orders.schemas import OrderPublic

Direction = Literal["desc", "asc"]


@dataclass(frozen=True, slots=True)
class Filters:
    status: OrderStatus | None = None
    community_id: int | None = None
    leader_id: int | None = None
    delivery_date: date | None = None
    activity_id: int | None = None
    product_id: int | None = None
    sku_id: int | None = None
    group_id: int | None = None
    order_no: str | None = None
    phone_tail: str | None = None
    user_id: int | None = None


COLUMNS = {f.name: col(Order.leader_user_id if f.name == "leader_id" else getattr(Order, f.name))
           for f in fields(Filters)}


def query(filters: Filters) -> Any:
    """The select every filter narrows (pagination adds the order and the limit)."""
    found = select(Order)
    for name, column in COLUMNS.items():
        value = getattr(filters, name)
        if value is not None:
            found = found.where(column == value)
    return found


async def search(*, session: AsyncSession, clients: Clients, caller: Identity, view: Literal["mine", "staff"],
                 filters: Filters, page: PageParams, direction: Direction = "desc") -> Page[OrderPublic]:
    if view == "mine":
        shown = access.View.full
        found = query(filters).where(Order.user_id == caller.user_id)
    else:
        shown = await access.staff_view(clients, caller, filters.community_id)
        found = query(filters)
    listed = await paginate(session, found, key=col(Order.id), page=page, descending=direction == "desc",
                            public=lambda order: access.shown(order, shown))
    await aftersales.with_refunds(session, listed.items)  # why money came back, on every line
    return listed
