"""The orders API contract."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.orders.models import GroupStatus, OrderKind, OrderStatus


class NextTierPublic(BaseModel):
    threshold: int
    unit_price_fen: int
    needed: int = Field(description="How many more: '1 more neighbour → ¥85'")


class GroupProgress(BaseModel):
    """What a group shows its participants: how many, the price now, how far to the next tier, time left."""

    id: int
    activity_id: int
    status: GroupStatus
    paid_count: int
    portions: int
    reached_threshold: int
    unit_price_fen: int | None = Field(description="The price the group has reached; None before anyone paid")
    next_tier: NextTierPublic | None
    opened_at: datetime
    closes_at: datetime
    seconds_left: int


class OrderCreate(BaseModel):
    """An order of one SKU — bought as it is (``sku_id``) or through an activity (``activity_id``: a ladder
    group buy or a flash sale) — delivered to one of the buyer's addresses."""

    model_config = ConfigDict(extra="forbid")

    sku_id: int | None = Field(default=None, strict=True, ge=1, le=2**31 - 1)
    activity_id: int | None = Field(default=None, strict=True, ge=1, le=2**31 - 1)
    quantity: int = Field(default=1, strict=True, ge=1, le=99)
    address_id: int = Field(strict=True, ge=1, le=2**31 - 1)

    @model_validator(mode="after")
    def _one_way_to_buy(self) -> OrderCreate:
        if (self.sku_id is None) == (self.activity_id is None):
            raise ValueError("give exactly one of sku_id or activity_id")
        return self


class RefundCreate(BaseModel):
    """Money back on a paid order, within the after-sales window.  Without ``amount_fen``: everything
    that has not been refunded yet."""

    model_config = ConfigDict(extra="forbid")

    amount_fen: int | None = Field(default=None, strict=True, ge=1, le=10**9)
    note: str = Field(default="", max_length=200, description="Why (shown to ops)")


class OrderNumbers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order_nos: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(max_length=500)


class RefundPublic(BaseModel):
    id: int
    order_id: int
    out_refund_no: str
    amount_fen: int
    reason: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    created_at: datetime
    done_at: datetime | None


class PaymentRequest(BaseModel):
    """What the mini-program passes to wx.requestPayment."""

    model_config = ConfigDict(populate_by_name=True)

    provider: str
    params: dict[str, Any]


class OrderPublic(BaseModel):
    id: int
    order_no: str
    kind: OrderKind
    status: OrderStatus
    sku_id: int
    product_id: int
    product_name: str
    activity_id: int | None
    group_id: int | None
    quantity: int
    unit_price_fen: int
    price_rule: str
    amount_fen: int
    settled_amount_fen: int | None
    refunded_fen: int
    address: dict[str, Any] | None
    created_at: datetime
    pay_deadline: datetime
    paid_at: datetime | None
    confirmed_at: datetime | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    completed_at: datetime | None
    community_id: int | None
    cancelled_at: datetime | None
    cancel_reason: str | None


class OrderPlaced(OrderPublic):
    payment: PaymentRequest | None = None


class PickupRow(BaseModel):
    """What one address collects of one SKU on the day."""

    address: str = Field(description="As the buyer typed it, from the estate down")
    recipients: list[str] = Field(description="Masked: 王* 138****0000")
    product_id: int
    product_name: str
    sku_id: int
    orders: int
    quantity: int
    picked_up_orders: int = Field(description="Of ``orders``, those already picked up by the end of the day")
    order_nos: list[str]


class PickupList(BaseModel):
    """A community's pickup sheet for one business day (Asia/Shanghai)."""

    community_id: int
    date: date
    timezone: str
    orders: int
    quantity: int
    picked_up_orders: int
    rows: list[PickupRow]
