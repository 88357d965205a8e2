"""Orders tables: orders, their payments and refunds, ladder groups, and Idempotency-Key records."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
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
    )

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(index=True)
    address_key: str = Field(max_length=255)
    status: GroupStatus = Field(default=GroupStatus.open, sa_type=sa.String(16))
    paid_count: int = Field(default=0, ge=0, description="Distinct buyers with a paid order")
    portions: int = Field(default=0, ge=0, description="Units paid for")
    reached_threshold: int = Field(default=0, ge=0, description="Highest tier threshold ever reached")
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


class Order(Table, table=True):
    __tablename__ = "purchase_order"

    id: int | None = Field(default=None, primary_key=True)
    order_no: str = Field(max_length=32, unique=True, description="The number the buyer and WeChat Pay see")
    user_id: int = Field(index=True)
    kind: OrderKind = Field(sa_type=sa.String(16))
    sku_id: int
    product_id: int
    product_name: str = Field(max_length=120)
    product_role: str = Field(max_length=16)
    grants_level: str | None = Field(default=None, max_length=32, description="A gift pack's level for its buyer")
    activity_id: int | None = Field(default=None, index=True)
    group_id: int | None = Field(default=None, foreign_key="ladder_group.id", index=True)
    quantity: int = Field(ge=1)
    unit_price_fen: int = Field(ge=1, description="The price quoted when the order was placed")
    price_rule: str = Field(max_length=16)
    amount_fen: int = Field(ge=1)
    settled_amount_fen: int | None = None
    refunded_fen: int = Field(default=0, ge=0)
    status: OrderStatus = Field(default=OrderStatus.pending_payment, sa_type=sa.String(20), index=True)
    address_id: int | None = None
    address: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    community_id: int | None = Field(default=None, index=True, description="Where the buyer picks up")
    leader_user_id: int | None = Field(default=None, description="The community's leader when it was placed")
    created_at: datetime = Field(sa_type=UtcDateTime)
    pay_deadline: datetime = Field(sa_type=UtcDateTime, index=True)
    paid_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    confirmed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    shipped_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)
    completed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_queried_at: datetime | None = Field(default=None, sa_type=UtcDateTime,
                                             description="When the provider was last asked about this payment")
    cancelled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    cancel_reason: str | None = Field(default=None, max_length=32)


class Payment(Table, table=True):
    """A payment the provider confirmed; one per order, however often it told us."""

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="purchase_order.id", unique=True)
    provider: str = Field(max_length=16)
    transaction_id: str = Field(max_length=64, unique=True)
    amount_fen: int = Field(ge=1)
    paid_at: datetime = Field(sa_type=UtcDateTime)


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
    pending = "pending"
    succeeded = "succeeded"
    failed = "failed"  # the provider refused it every time it was tried: ops look, fix, and retry it


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
