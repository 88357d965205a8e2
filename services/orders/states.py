"""Every change of an order's state goes through ``move``: the lifecycle table decides, and a move it
does not allow is a 409 ``invalid_transition`` problem naming the state and the event."""

from __future__ import annotations

from common.problems import Problem
from services.orders.domain.lifecycle import InvalidTransition, OrderEvent, OrderState, transition
from services.orders.models import Order, OrderStatus


def move(order: Order, event: OrderEvent) -> None:
    try:
        order.status = OrderStatus(transition(OrderState(order.status), event))
    except InvalidTransition as exc:
        raise Problem(409, "invalid_transition", str(exc), state=str(order.status), event=str(event)) from exc
