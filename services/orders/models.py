"""Orders tables: orders, their payments and refunds, ladder groups, Idempotency-Key records, every
state change of an order (its audit trail), and the buyers' pickup codes."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Field

from common.models import UtcDateTime, service_base
from common.outbox import define_event_tables

Table = service_base()
events = define_event_tables(Table.metadata, producer="orders")


class GroupStatus(StrEnum):
    open = "open"
    succeeded = "succeeded"
    failed = "failed"


class LadderGroup(Table, table=True):
    """One same-address group of a ladder activity: the buyers whose addresses share a key."""

    __tablename__ = "ladder_group"
    __table_args__ = (
        sa.Index("ix_ladder_group_open_address", "activity_id", "address_key", "status"),
        # One open group per activity and address: concurrent first joiners cannot open two.
        sa.Index("uq_ladder_group_one_open", "activity_id", "address_key", unique=True,
                 sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'")),
        # The groups the scheduler closes, found every second among the open ones only (``groups.close_due``):
        # nearly every group ever opened is closed, and the sweep read them all.
        sa.Index("ix_ladder_group_open_closes_at", "closes_at",
                 sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(index=True)
    address_key: str = Field(max_length=255)
    status: GroupStatus = Field(default=GroupStatus.open, sa_type=sa.String(16))
    paid_count: int = Field(default=0, ge=0, description="Distinct buyers with an order still in (groups.py)")
    portions: int = Field(default=0, ge=0, description="Units of the orders still in")
    reached_threshold: int = Field(default=0, ge=0,
                                   description="The tier threshold of the count still in; the final tier once closed")
    terms: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON, description="The activity's terms at opening")
    ends_at: datetime | None = Field(default=None, sa_type=UtcDateTime, description="The activity's end")
    opened_at: datetime = Field(sa_type=UtcDateTime)
    closes_at: datetime = Field(sa_type=UtcDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class OrderStatus(StrEnum):
    pending_payment = "pending_payment"
    paid = "paid"
    confirmed = "confirmed"
    shipped = "shipped"
    delivered = "delivered"
    completed = "completed"
    cancelled = "cancelled"
    refunded = "refunded"  # the whole payment went back (a failed group, a full refund)


class OrderKind(StrEnum):
    regular = "regular"
    ladder = "ladder"
    flash = "flash"


# The back office filters on each of these and pages newest first (by id): each index ends with the id, so
# one page of any filter is read from its index in order, however old the matching orders are.
SEARCHED = ("user_id", "sku_id", "product_id", "activity_id", "group_id", "status", "community_id",
            "leader_user_id", "phone_tail", "delivery_date")


class Order(Table, table=True):
    """An order of one SKU.  Every column the back office filters on has an index (``search.py``)."""

    __tablename__ = "purchase_order"
    __table_args__ = (*(sa.Index(f"ix_purchase_order_{name}_id", name, "id") for name in SEARCHED),
                      sa.Index("ix_purchase_order_source_kind_created_at", "source_kind", "created_at"))

    id: int | None = Field(default=None, primary_key=True)
    order_no: str = Field(max_length=32, unique=True, description="The number the buyer and WeChat Pay see")
    user_id: int
    kind: OrderKind = Field(sa_type=sa.String(16))
    sku_id: int
    product_id: int
    product_name: str = Field(max_length=120)
    product_role: str = Field(max_length=16)
    grants_level: str | None = Field(default=None, max_length=32, description="A gift pack's level for its buyer")
    activity_id: int | None = None
    group_id: int | None = Field(default=None, foreign_key="ladder_group.id")
    quantity: int = Field(ge=1)
    unit_price_fen: int = Field(ge=1, description="The price quoted when the order was placed")
    price_rule: str = Field(max_length=16)
    amount_fen: int = Field(ge=1)
    settled_amount_fen: int | None = None
    refunded_fen: int = Field(default=0, ge=0)
    status: OrderStatus = Field(default=OrderStatus.pending_payment, sa_type=sa.String(20))
    address_id: int | None = None
    address: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    community_id: int | None = Field(default=None, description="Where the buyer picks up")
    leader_user_id: int | None = Field(default=None,
                                       description="The community's leader when it was placed")
    phone_tail: str | None = Field(default=None, max_length=4,
                                   description="The last 4 digits of the address's phone (set on insert)")
    delivery_date: date | None = Field(default=None,
                                       description="The business day (Asia/Shanghai) it is handed out at the "
                                                   "pickup point; set when it is shipped (fulfilment.py)")
    supplier_id: int | None = Field(default=None, index=True,
                                    description="The supplier of its product when it was placed (catalog's SKU "
                                                "facts); None: the platform's own stock (supply.py)")
    arrived_at: datetime | None = Field(default=None, sa_type=UtcDateTime,
                                        description="When its community's leader confirmed it arrived (supply.py)")
    created_at: datetime = Field(sa_type=UtcDateTime)
    pay_deadline: datetime = Field(sa_type=UtcDateTime, index=True)
    paid_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    confirmed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    shipped_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)
    uncollected_at: datetime | None = Field(default=None, sa_type=UtcDateTime,
                                            description="When ``order.uncollected`` was published (once)")
    completed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_queried_at: datetime | None = Field(default=None, sa_type=UtcDateTime,
                                             description="When the provider was last asked about this payment")
    cancelled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    cancel_reason: str | None = Field(default=None, max_length=32)
    checkout_id: int | None = Field(default=None, foreign_key="checkout.id", index=True,
                                    description="The checkout it is a line of (checkouts.py); None: bought alone")
    checkout_no: str | None = Field(default=None, max_length=32,
                                    description="Its trade number at WeChat Pay when it is a checkout's line")
    source_kind: str | None = Field(default=None, max_length=16,
                                    description="Where the buyer came from: scene, share_card, poster, leader_code "
                                                "(share_funnel.py)")
    source_share: str | None = Field(default=None, max_length=40,
                                     description="The share that brought them: g<group id> or s<scene>")

    @property
    def trade_no(self) -> str:
        """The number WeChat Pay knows its payment by: its checkout's, or its own."""
        return self.checkout_no or self.order_no


class ShareVisit(Table, table=True):
    """Someone opened a share (a group's card or poster, a scanned code): once per visitor, share and
    business day (``share_funnel.py``)."""

    __tablename__ = "share_visit"
    __table_args__ = (sa.UniqueConstraint("share", "visitor", "day", name="uq_share_visit_once_a_day"),)

    id: int | None = Field(default=None, primary_key=True)
    share: str = Field(max_length=40, description="g<group id> or s<scene>")
    kind: str = Field(max_length=16, description="The source kind: scene, share_card, poster")
    visitor: str = Field(max_length=80, description="u:<user id>, or the anonymous visitor's own id or address")
    day: date = Field(description="The business day (Asia/Shanghai) of the visit")
    visited_at: datetime = Field(sa_type=UtcDateTime, index=True)


def phone_tail(address: dict[str, Any] | None) -> str | None:
    """The last four digits of an address's phone: what a buyer tells the counter."""
    digits = "".join(ch for ch in str((address or {}).get("phone") or "") if ch.isdigit())
    return digits[-4:] if len(digits) >= 4 else None


@event.listens_for(Order, "before_insert")
def _keep_phone_tail(_mapper: Any, _connection: Any, order: Order) -> None:
    if order.phone_tail is None:
        order.phone_tail = phone_tail(order.address)


class Payment(Table, table=True):
    """A payment the provider confirmed; one per order, however often it told us (a checkout's one
    transaction is one row per order it paid)."""

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="purchase_order.id", unique=True)
    provider: str = Field(max_length=16)
    transaction_id: str = Field(max_length=64, index=True,
                                description="Shared by the orders of one checkout, paid by one transaction")
    amount_fen: int = Field(ge=1)
    paid_at: datetime = Field(sa_type=UtcDateTime)


class OrderNumber(Table, table=True):
    """Each order number, once: taken by its order's own write, or made void when catalog — settling a
    reservation nobody settled — was told no such order exists.  Whichever comes first wins (one primary
    key; a write in flight makes the other wait for it), so an order whose units were given back can never
    be written afterwards."""

    __tablename__ = "order_number"

    order_no: str = Field(primary_key=True, max_length=64)
    void: bool = False
    at: datetime = Field(sa_type=UtcDateTime)


class IdempotencyRecord(Table, table=True):
    """``Idempotency-Key`` of ``POST /v1/orders``: same key and body → the same order; another body → 422;
    while the first is in flight → 409."""

    __tablename__ = "idempotency_record"

    user_id: int = Field(primary_key=True)
    key: str = Field(primary_key=True, max_length=128)
    request_hash: str = Field(max_length=64)
    order_id: int | None = Field(default=None, foreign_key="purchase_order.id")
    created_at: datetime = Field(sa_type=UtcDateTime)


class RefundStatus(StrEnum):
    pending = "pending"  # decided, not accepted by the provider yet
    paying = "paying"  # accepted by the provider; paid only when its REFUND.SUCCESS (or a query) says so
    succeeded = "succeeded"  # the provider says the money reached the buyer
    failed = "failed"  # the provider refused it every time it was tried: ops look, fix, and retry it
    abnormal = "abnormal"  # REFUND.ABNORMAL (e.g. the buyer's card is gone): ops settle it by hand
    closed = "closed"  # REFUND.CLOSED: the provider gave up; ops decide what happens next
    settled = "settled"  # ops paid it outside WeChat Pay and said so, with a note (refund_ops.py)


class Refund(Table, table=True):
    """Money going back to a buyer: decided in the transaction that decides it, paid out by the provider
    afterwards (``out_refund_no`` makes that safe to repeat)."""

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="purchase_order.id", index=True)
    out_refund_no: str = Field(max_length=64, unique=True)
    amount_fen: int = Field(ge=1)
    reason: str = Field(max_length=16)
    status: RefundStatus = Field(default=RefundStatus.pending, sa_type=sa.String(16), index=True)
    created_at: datetime = Field(sa_type=UtcDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    attempts: int = Field(default=0, ge=0, description="Payouts tried that the provider did not accept")
    next_attempt_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True,
                                             description="Not tried again before this (None: at once)")
    last_error: str | None = Field(default=None, max_length=500)
    after_sales_id: int | None = Field(default=None, index=True,
                                       description="The after-sales request whose approval decided it")
    provider_refund_id: str | None = Field(default=None, max_length=64, description="The provider's refund id")
    accepted_at: datetime | None = Field(default=None, sa_type=UtcDateTime,
                                         description="When the provider accepted it (paying from then)")
    replaced_out_refund_no: str | None = Field(
        default=None, max_length=64, index=True,
        description="The number it went out under before ops sent it again under a new one (refund_ops.py)")
    resends: int = Field(default=0, ge=0, description="Times ops sent it again under a new number")
    ops_action: str | None = Field(default=None, max_length=16, description="retried or settled: ops' last move")
    ops_by: int | None = Field(default=None, description="The ops user who made it")
    ops_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    ops_note: str | None = Field(default=None, max_length=500)

    # The refunds the scheduler's sweeps wait on, each sweep by its own index of only them: nearly every
    # refund ever made is paid out, and an index of the status, in a generic plan that knows no status, was
    # read (or the table scanned) as if most were waiting (``groups.REFUNDS_DUE``,
    # ``refund_notices.PAYING_DUE``; ``tests/test_query_plans.py``).
    __table_args__ = (
        sa.Index("ix_refund_pending_since", "created_at", postgresql_where=sa.text("status = 'pending'"),
                 sqlite_where=sa.text("status = 'pending'")),
        sa.Index("ix_refund_paying_next", "next_attempt_at", postgresql_where=sa.text("status = 'paying'"),
                 sqlite_where=sa.text("status = 'paying'")),
    )


class OrderTransition(Table, table=True):
    """One change of an order's state: what moved it, from where to where, who asked (a user with their
    roles, a partner's API key, another service, or the system itself) and under which request id.
    Written by ``states.move`` in the transaction of the change, never updated."""

    __tablename__ = "order_transition"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="purchase_order.id", index=True)
    event: str = Field(max_length=20)
    from_status: str = Field(max_length=20)
    to_status: str = Field(max_length=20)
    actor_kind: str = Field(max_length=16, description="user, api_key, service or system")
    actor_id: int | None = Field(default=None, description="The user's or the API key's id")
    actor_roles: str | None = Field(default=None, max_length=100, description="A user's roles, comma-separated")
    actor_name: str | None = Field(default=None, max_length=64, description="A service's or a job's name")
    via: str | None = Field(default=None, max_length=32, description="batch_ship, batch_deliver, pickup_code")
    request_id: str | None = Field(default=None, max_length=128)
    at: datetime = Field(sa_type=UtcDateTime)
    note: str | None = Field(default=None, max_length=500,
                             description="What a move that leaves the state as it was did (a review, a refund)")


class PickupCode(Table, table=True):
    """A buyer's pickup code (核销码) for one community and business day: shown to the buyer with the
    orders waiting for them there, entered or scanned by the leader to hand them all out."""

    __tablename__ = "pickup_code"
    __table_args__ = (
        sa.UniqueConstraint("community_id", "day", "user_id", name="uq_pickup_code_buyer"),
        sa.UniqueConstraint("community_id", "day", "code", name="uq_pickup_code_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    community_id: int
    day: date
    user_id: int = Field(index=True)
    code: str = Field(max_length=16, index=True)
    created_at: datetime = Field(sa_type=UtcDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UtcDateTime, description="Its last hand-out")
    used_by: int | None = Field(default=None, description="Who handed out with it last")


# --- the supply day (supply.py, chargebacks.py) ---------------------------------------------------


class SupplierChargeback(Table, table=True):
    """Money a supplier owes back for units a buyer was refunded (short, damaged, a quality claim): one row
    per cause, named by where it came from (``source``, ``source_ref``), so recording it again changes
    nothing.  Settlement reads these (``chargebacks.py``)."""

    __tablename__ = "supplier_chargeback"
    __table_args__ = (sa.UniqueConstraint("source", "source_ref", name="uq_supplier_chargeback_source"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="purchase_order.id", index=True)
    supplier_id: int | None = Field(default=None, index=True)
    sku_id: int
    units: int = Field(ge=0)
    amount_fen: int = Field(ge=0)
    reason: str = Field(max_length=32)
    source: str = Field(max_length=32)
    source_ref: str = Field(max_length=128)
    created_at: datetime = Field(sa_type=UtcDateTime)


class CutoffOverride(Table, table=True):
    """A sales day whose cutoff (截单) ops moved (a holiday): orders paid before ``cutoff_at`` belong to it."""

    __tablename__ = "cutoff_override"

    sales_day: date = Field(primary_key=True)
    cutoff_at: datetime = Field(sa_type=UtcDateTime)
    note: str | None = Field(default=None, max_length=200)
    set_at: datetime = Field(sa_type=UtcDateTime)


class SupplyOrderStatus(StrEnum):
    created = "created"
    confirmed = "confirmed"


class SupplyOrder(Table, table=True):
    """What the platform buys from one supplier for one delivery day: made by the cutoff run from the paid
    orders of that day (one per supplier and day, however often the run goes)."""

    __tablename__ = "supply_order"
    __table_args__ = (sa.UniqueConstraint("supplier_id", "delivery_date", name="uq_supply_order_supplier_day"),)

    id: int | None = Field(default=None, primary_key=True)
    supplier_id: int = Field(description="0: the platform's own stock (products without a supplier)")
    delivery_date: date = Field(index=True)
    status: SupplyOrderStatus = Field(default=SupplyOrderStatus.created, sa_type=sa.String(16))
    created_at: datetime = Field(sa_type=UtcDateTime)
    confirmed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class SupplyOrderLine(Table, table=True):
    """One SKU of a purchase order: the units sold, summed across communities, and what the supplier confirmed."""

    __tablename__ = "supply_order_line"
    __table_args__ = (sa.UniqueConstraint("supply_order_id", "sku_id", name="uq_supply_order_line_sku"),)

    id: int | None = Field(default=None, primary_key=True)
    supply_order_id: int = Field(foreign_key="supply_order.id", index=True)
    sku_id: int
    product_name: str = Field(max_length=120)
    ordered_units: int = Field(ge=0)
    confirmed_units: int | None = Field(default=None, ge=0)


class SupplyOrderItem(Table, table=True):
    """An order in a purchase order: its primary key makes every order part of exactly one."""

    __tablename__ = "supply_order_item"

    order_id: int = Field(primary_key=True, foreign_key="purchase_order.id")
    supply_order_id: int = Field(foreign_key="supply_order.id", index=True)
    sku_id: int
    community_id: int | None = None
    quantity: int = Field(ge=1)


class Arrival(Table, table=True):
    """What a community's leader reported arriving of one SKU on one delivery day (once)."""

    __tablename__ = "arrival"
    __table_args__ = (sa.UniqueConstraint("community_id", "delivery_date", "sku_id", name="uq_arrival_sku"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int
    delivery_date: date
    sku_id: int
    expected_units: int = Field(ge=0)
    received_units: int = Field(ge=0)
    short_units: int = Field(ge=0)
    damaged_units: int = Field(ge=0)
    photo_urls: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    reported_by: int | None = None
    created_at: datetime = Field(sa_type=UtcDateTime)


class AfterSalesStatus(StrEnum):
    pending_review = "pending_review"
    needs_info = "needs_info"  # ops asked the buyer for more; the buyer's answer puts it back in review
    approved = "approved"
    rejected = "rejected"


class AfterSalesRequest(Table, table=True):
    """A buyer's after-sales claim on one order (``aftersales.py``): what, why, how much, the buyer's note
    and photos, and its review — by a rule at once, or by ops.  Approval decides a refund through the
    order's one refund path, in the same transaction."""

    __tablename__ = "after_sales_request"
    __table_args__ = (sa.Index("ix_after_sales_request_status_id", "status", "id"),
                      sa.Index("ix_after_sales_request_user_id_id", "user_id", "id"))

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="purchase_order.id", index=True)
    user_id: int
    kind: str = Field(max_length=16, description="refund_only or return")
    reason_code: str = Field(max_length=24)
    quantity: int | None = Field(default=None, ge=1, description="Units claimed, when claimed by the unit")
    amount_fen: int = Field(ge=1, description="The money asked back")
    note: str = Field(default="", max_length=500)
    image_urls: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    status: AfterSalesStatus = Field(default=AfterSalesStatus.pending_review, sa_type=sa.String(16))
    review_reason: str | None = Field(default=None, max_length=32,
                                      description="Why a rule did not approve it at once (refund_rate, ...)")
    auto_rule: str | None = Field(default=None, max_length=32, description="The rule that approved it at once")
    question: str | None = Field(default=None, max_length=500, description="What ops asked the buyer")
    answer: str | None = Field(default=None, max_length=500, description="The buyer's answer")
    reject_reason: str | None = Field(default=None, max_length=500)
    decided_by: int | None = Field(default=None, description="The ops user who approved or rejected it")
    refund_id: int | None = Field(default=None, foreign_key="refund.id")
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


# --- the basket (cart.py, checkouts.py) -----------------------------------------------------------


class CheckoutStatus(StrEnum):
    pending_payment = "pending_payment"
    paid = "paid"
    cancelled = "cancelled"


class Checkout(Table, table=True):
    """A basket paid once (``checkouts.py``): one WeChat Pay order under ``checkout_no`` for the sum of its
    lines, each line an order of its own (``Order.checkout_id``)."""

    __tablename__ = "checkout"
    __table_args__ = (sa.UniqueConstraint("user_id", "idempotency_key", name="uq_checkout_idempotency"),
                      sa.Index("ix_checkout_user_id_id", "user_id", "id"))

    id: int | None = Field(default=None, primary_key=True)
    checkout_no: str = Field(max_length=32, unique=True, description="The number the buyer and WeChat Pay see")
    user_id: int
    status: CheckoutStatus = Field(default=CheckoutStatus.pending_payment, sa_type=sa.String(20), index=True)
    amount_fen: int = Field(ge=1, description="The sum of its lines: the one payment's amount")
    pay_deadline: datetime = Field(sa_type=UtcDateTime, index=True)
    address_id: int
    idempotency_key: str = Field(max_length=128)
    request_hash: str = Field(max_length=64)
    created_at: datetime = Field(sa_type=UtcDateTime)
    paid_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    cancelled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    cancel_reason: str | None = Field(default=None, max_length=32)
    last_queried_at: datetime | None = Field(default=None, sa_type=UtcDateTime,
                                             description="When the provider was last asked about its payment")


class CartLine(Table, table=True):
    """One line of a buyer's cart: a SKU bought as it is, or an activity (``activity_id``, its SKU beside it)."""

    __tablename__ = "cart_line"
    __table_args__ = (sa.UniqueConstraint("user_id", "sku_id", "activity_key", name="uq_cart_line_item"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(index=True)
    sku_id: int = Field(description="The SKU, for an activity's line the activity's SKU")
    activity_id: int | None = None
    activity_key: int = Field(default=0, description="activity_id or 0: one unique key whatever the database "
                                                     "thinks of NULLs")
    quantity: int = Field(ge=1)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
