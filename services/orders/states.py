"""Every change of an order's state goes through ``move``: the lifecycle table decides, and a move it
does not allow is a 409 ``invalid_transition`` problem naming the state and the event.  Each move that
happens is written to the order's audit trail in the same transaction (``audit.record``)."""

from __future__ import annotations

from common.problems import Problem
from services.orders import audit
from services.orders.domain.lifecycle import InvalidTransition, OrderEvent, OrderState, transition
from services.orders.models import Order, OrderStatus


def move(order: Order, event: OrderEvent) -> None:
    was = order.status
    try:
        order.status = OrderStatus(transition(OrderState(was), event))
    except InvalidTransition as exc:
        raise Problem(409, "invalid_transition", str(exc), state=str(was), event=str(event)) from exc
    audit.record(order, was, event)
