"""Every change of an order's state goes through ``move``: the lifecycle table decides, and a move it
does not allow is a 409 ``invalid_transition`` problem naming the state and the event.  Each move that
happens is written to the order's audit trail in the same transaction (``audit.record``).

The payment and a group's close read and write the order as a row (``OrderRow``), not as an object the
session tracks: they move it with ``moved`` — the same check and the same change of its status — which
hands back the trail's row, with the columns and values ``audit.record`` gives it, for the caller to write
with its own moves (``write_trail``: one statement however many)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from common.outbox import defer
from common.problems import Problem
from services.orders import audit
from services.orders.domain.lifecycle import InvalidTransition, OrderEvent, OrderState, transition
from services.orders.models import Order, OrderStatus, OrderTransition


class OrderRow(SimpleNamespace):
    """An order read as a row (every column, by name): changed by ``moved`` and by setting its attributes, and
    written back by its caller's own statements.  ``service.public`` reads it as it reads an ``Order``."""


# Built once, as a statement object keeps its cache key: every column of an order, as ``OrderRow`` holds
# them; the trail's rows — one, the two of a payment confirmed at once, or any number (one statement of
# many rows).
ORDER_ROW = sa.select(Order.__table__)
_TRAIL = OrderTransition.__table__
_INSERT_TRAIL = sa.insert(_TRAIL)
_INSERT_TWO = sa.insert(_TRAIL).values([
    {column.key: sa.bindparam(f"{column.key}_{n}", type_=column.type) for column in _TRAIL.columns
     if column.key != "id"} for n in range(2)])


def order_row(row: sa.Row) -> OrderRow:
    return OrderRow(**row._mapping)


def move(order: Order, event: OrderEvent) -> None:
    was = order.status
    order.status = _next(was, event)
    audit.record(order, was, event)


def moved(order: OrderRow, event: OrderEvent) -> dict[str, Any]:
    """``move`` for an order held as a row: its status changed, and the trail's row for the change."""
    was = order.status
    order.status = _next(was, event)
    return audit.trail_row(order.id, was, order.status, event)


async def write_trail(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Write the trail's rows ``moved`` gave, in the order of the moves, in the session's transaction."""
    if len(rows) == 2:
        first, second = rows
        await defer(session, _INSERT_TWO, {f"{key}_0": value for key, value in first.items()}
                    | {f"{key}_1": value for key, value in second.items()})
    elif rows:
        await defer(session, _INSERT_TRAIL, rows)


def _next(was: str, event: OrderEvent) -> OrderStatus:
    try:
        return OrderStatus(transition(OrderState(was), event))
    except InvalidTransition as exc:
        raise Problem(409, "invalid_transition", str(exc), state=str(was), event=str(event)) from exc
