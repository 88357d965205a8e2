"""Events produced by orders: an order's life (paid, confirmed, shipped, completed, refunded, cancelled,
left uncollected at its pickup point) and the close of a ladder group. Every amount is integer fen."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, model_validator

from common.events import Count, EventPayload, Fen, Id, StrictBool, UtcTime, contract
from common.events.catalog import ProductRole

PRODUCER = "orders"

Quantity = Annotated[int, Field(strict=True, ge=1)]
RefundFen = Annotated[int, Field(strict=True, ge=1)]
LevelCode = Annotated[str, Field(min_length=1, max_length=32)]
OrderKind = Literal["regular", "ladder", "flash"]
OrderNo = Annotated[str, Field(min_length=1, max_length=64)]


@contract(PRODUCER, "order.placed", 1, aggregate="order_id")
class OrderPlaced(EventPayload):
    """A buyer placed an order (not paid yet).  ``group_id`` is set when the order joined — or opened — a
    same-address ladder group."""

    order_id: Id
    user_id: Id
    kind: OrderKind
    activity_id: Id | None
    group_id: Id | None
    community_id: Id | None
    amount_fen: Fen
    placed_at: UtcTime


@contract(PRODUCER, "order.paid", 1, aggregate="order_id")
class OrderPaid(EventPayload):
    """The order is paid in full at ``unit_price_fen`` (the price quoted when the buyer joined)."""

    order_id: Id
    user_id: Id
    sku_id: Id | None
    activity_id: Id | None
    product_role: ProductRole
    quantity: Quantity
    unit_price_fen: Fen
    amount_fen: Fen
    community_id: Id | None = Field(description="The community the buyer picks up from, when they joined one")
    leader_user_id: Id | None = Field(description="That community's leader when the order was placed")
    grants_level: LevelCode | None = Field(
        default=None, description="The level a gift pack grants its buyer (buying one is joining: it earns no rebates)")
    paid_at: UtcTime
    order_no: OrderNo | None = Field(default=None, description="The order's number: catalog's stock reservation "
                                     "is kept under it, and is committed when this event arrives")

    @model_validator(mode="after")
    def _bought_something(self) -> OrderPaid:
        if self.sku_id is None and self.activity_id is None:
            raise ValueError("an order is for a SKU or an activity")
        return self


@contract(PRODUCER, "order.confirmed", 1, aggregate="order_id")
class OrderConfirmed(EventPayload):
    """The order's price is final: at once for a plain order, when its group closes for a ladder order.
    ``settled_amount_fen`` is what the buyer finally pays (the difference is refunded).  It repeats what a
    consumer needs from ``order.paid``, so a consumer that sees it first can act on it alone."""

    order_id: Id
    user_id: Id
    product_role: ProductRole
    grants_level: LevelCode | None = Field(description="The level a gift pack grants its buyer")
    community_id: Id | None
    leader_user_id: Id | None
    paid_amount_fen: Fen
    paid_at: UtcTime
    settled_unit_price_fen: Fen
    settled_amount_fen: Fen
    confirmed_at: UtcTime


@contract(PRODUCER, "order.completed", 1, aggregate="order_id")
class OrderCompleted(EventPayload):
    """The after-sales window has passed: the order can no longer be refunded."""

    order_id: Id
    user_id: Id
    settled_amount_fen: Fen
    kept_amount_fen: Fen = Field(description="What the buyer finally paid: the settled amount less later refunds")
    completed_at: UtcTime


@contract(PRODUCER, "order.refunded", 1, aggregate="order_id")
class OrderRefunded(EventPayload):
    """Money went back to the buyer: ``amount_fen`` this time, ``total_refunded_fen`` so far."""

    order_id: Id
    user_id: Id
    refund_id: Id
    amount_fen: RefundFen
    total_refunded_fen: Fen
    paid_amount_fen: Fen
    settled_amount_fen: Fen | None = Field(
        description="The confirmed amount; None when the order was never confirmed (a failed group)")
    reason: Literal["requested", "group_settled", "group_failed", "ops", "late_payment", "shortage",
                    "supplier_short", "after_sales"] = Field(
        description="``group_settled`` is the difference paid back when a group settles below the quote: "
                    "already reflected in ``settled_amount_fen``, so it reverses nothing.  ``late_payment``: "
                    "money that arrived after the order was cancelled, sent back; the order was never paid in "
                    "orders' view (no ``order.paid``), so it reverses nothing either.  "
                    "``shortage`` (the leader confirmed fewer units arrived, or damaged) and ``supplier_short`` "
                    "(the supplier confirmed fewer than were bought) reverse what those units earned; ``after_sales`` "
                    "(an after-sales claim approved: the buyer's own asking) reverses in proportion too")
    refunded_at: UtcTime

    @model_validator(mode="after")
    def _total_includes_this(self) -> OrderRefunded:
        if self.total_refunded_fen < self.amount_fen:
            raise ValueError("total_refunded_fen includes amount_fen")
        return self


@contract(PRODUCER, "order.cancelled", 1, aggregate="order_id")
class OrderCancelled(EventPayload):
    """An unpaid order was cancelled; its stock is released."""

    order_id: Id
    user_id: Id
    reason: Literal["payment_timeout", "user", "ops"]
    cancelled_at: UtcTime
    order_no: OrderNo | None = Field(default=None, description="The order's number: catalog releases the stock "
                                     "reservation kept under it")


@contract(PRODUCER, "order.uncollected", 1, aggregate="order_id")
class OrderUncollected(EventPayload):
    """A shipped order still waits at its pickup point a while (the orders service's
    ``uncollected_after_s``) after it arrived there: the buyer is to be reminded.  Published once per
    order; an order picked up afterwards is simply ``delivered`` as usual."""

    order_id: Id
    user_id: Id
    order_no: OrderNo
    community_id: Id | None = Field(description="The pickup point's community")
    delivery_date: date | None = Field(description="The business day (Asia/Shanghai) it was due to be handed out")
    arrived_at: UtcTime = Field(description="When it reached the pickup point: the start of its delivery day, "
                                            "or its shipping if that was later")
    noticed_at: UtcTime


@contract(PRODUCER, "order.shipped", 1, aggregate="order_id")
class OrderShipped(EventPayload):
    """The order left for its pickup point, to be handed out on ``delivery_date`` (shipped by ops, the
    community's leader or a logistics partner, one order or a community's batch).  ``at_arrival``: it was
    shipped by the report of its arrival (``order.arrived`` follows in the same transaction)."""

    order_id: Id
    user_id: Id
    order_no: OrderNo
    community_id: Id | None
    delivery_date: date
    shipped_at: UtcTime
    at_arrival: StrictBool = False


@contract(PRODUCER, "group.tier_reached", 1, aggregate="group_id")
class GroupTierReached(EventPayload):
    """A payment took an open ladder group to a higher tier (the first payment reaches the first tier).
    ``participant_ids``: the distinct buyers in the group at that moment; ``next_*`` the tier above, if any
    ("1 more neighbour → ¥85")."""

    group_id: Id
    activity_id: Id
    threshold: Count
    unit_price_fen: Fen
    count: Count
    next_threshold: Count | None
    next_unit_price_fen: Fen | None
    needed: Count | None
    participant_ids: list[Id]
    closes_at: UtcTime | None
    reached_at: UtcTime


@contract(PRODUCER, "group.closed", 1, aggregate="group_id")
class GroupClosed(EventPayload):
    """A ladder group closed at the tier of the orders still in at its close (``paid_count`` of them:
    distinct buyers); ``succeeded`` is false when fewer than ``min_success`` were in (then
    ``final_unit_price_fen`` is None and every order is refunded in full)."""

    group_id: Id
    activity_id: Id
    final_unit_price_fen: Fen | None
    paid_count: Count
    succeeded: StrictBool
    closed_at: UtcTime

    @model_validator(mode="after")
    def _price_when_succeeded(self) -> GroupClosed:
        if self.succeeded and self.final_unit_price_fen is None:
            raise ValueError("a group that succeeded has a final unit price")
        return self


@contract(PRODUCER, "order.arrived", 1, aggregate="order_id")
class OrderArrived(EventPayload):
    """The community's leader confirmed the order's goods arrived at the pickup point: it is ready to be
    picked up (units found short or damaged at arrival were refunded first, reason ``shortage``)."""

    order_id: Id
    user_id: Id
    order_no: OrderNo
    community_id: Id | None
    delivery_date: date
    arrived_at: UtcTime


class PurchaseOrderLine(EventPayload):
    sku_id: Id
    product_name: Annotated[str, Field(min_length=1, max_length=120)]
    units: Count


@contract(PRODUCER, "purchase_order.created", 1, aggregate="purchase_order_id")
class PurchaseOrderCreated(EventPayload):
    """The cutoff run made what the platform buys from one supplier for one delivery day: per SKU, the units
    sold across communities.  ``partner_api_key_id`` is the key acting for the supplier when it was made:
    partners' webhooks deliver it to that key only."""

    purchase_order_id: Id
    supplier_id: Annotated[int, Field(strict=True, ge=0)]
    partner_api_key_id: Id | None
    delivery_date: date
    lines: list[PurchaseOrderLine]
    total_units: Count
    created_at: UtcTime
