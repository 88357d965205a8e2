"""The order events, built from the order row: every producer of one event type goes through here, so
the payloads stay the same wherever in the orders service they are published."""

from __future__ import annotations

from datetime import date, datetime

from common.events.orders import (
    OrderCancelled,
    OrderCompleted,
    OrderConfirmed,
    OrderPaid,
    OrderPlaced,
    OrderRefunded,
    OrderShipped,
    OrderUncollected,
)
from services.orders.models import Order, Refund


def placed(order: Order) -> OrderPlaced:
    return OrderPlaced(order_id=order.id, user_id=order.user_id, kind=order.kind.value, activity_id=order.activity_id,
                       group_id=order.group_id, community_id=order.community_id, amount_fen=order.amount_fen,
                       placed_at=order.created_at)


def paid(order: Order) -> OrderPaid:
    return OrderPaid(order_id=order.id, user_id=order.user_id, sku_id=order.sku_id, activity_id=order.activity_id,
                     product_role=order.product_role, quantity=order.quantity, unit_price_fen=order.unit_price_fen,
                     amount_fen=order.amount_fen, community_id=order.community_id,
                     leader_user_id=order.leader_user_id, grants_level=order.grants_level, paid_at=order.paid_at,
                     order_no=order.order_no)


def confirmed(order: Order, settled_unit_price_fen: int) -> OrderConfirmed:
    return OrderConfirmed(order_id=order.id, user_id=order.user_id, product_role=order.product_role,
                          grants_level=order.grants_level, community_id=order.community_id,
                          leader_user_id=order.leader_user_id, paid_amount_fen=order.amount_fen,
                          paid_at=order.paid_at, settled_unit_price_fen=settled_unit_price_fen,
                          settled_amount_fen=order.settled_amount_fen, confirmed_at=order.confirmed_at)


def refunded(order: Order, refund: Refund) -> OrderRefunded:
    return OrderRefunded(order_id=order.id, user_id=order.user_id, refund_id=refund.id, amount_fen=refund.amount_fen,
                         total_refunded_fen=order.refunded_fen, paid_amount_fen=order.amount_fen,
                         settled_amount_fen=order.settled_amount_fen if order.confirmed_at else None,
                         reason=refund.reason, refunded_at=refund.done_at)


def shipped(order: Order, day: date, *, at_arrival: bool = False) -> OrderShipped:
    return OrderShipped(order_id=order.id, user_id=order.user_id, order_no=order.order_no,
                        community_id=order.community_id, delivery_date=day, shipped_at=order.shipped_at,
                        at_arrival=at_arrival)


def completed(order: Order) -> OrderCompleted:
    return OrderCompleted(order_id=order.id, user_id=order.user_id, settled_amount_fen=order.settled_amount_fen,
                          kept_amount_fen=order.amount_fen - order.refunded_fen, completed_at=order.completed_at)


def cancelled(order: Order, at: datetime) -> OrderCancelled:
    return OrderCancelled(order_id=order.id, user_id=order.user_id, reason=order.cancel_reason, cancelled_at=at,
                          order_no=order.order_no)


def uncollected(order: Order, arrived_at: datetime, noticed_at: datetime) -> OrderUncollected:
    return OrderUncollected(order_id=order.id, user_id=order.user_id, order_no=order.order_no,
                            community_id=order.community_id, delivery_date=order.delivery_date,
                            arrived_at=arrived_at, noticed_at=noticed_at)
