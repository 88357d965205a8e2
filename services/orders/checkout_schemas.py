"""The basket's API contract: cart lines, their live quotes, checkouts and their lines."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.orders.domain.checkout import MAX_LINES
from services.orders.models import CheckoutStatus
from services.orders.schemas import OrderPublic, PaymentRequest


class LineIn(BaseModel):
    """One line of a basket: a SKU bought as it is (``sku_id``) or through an activity (``activity_id``)."""

    model_config = ConfigDict(extra="forbid")

    sku_id: int | None = Field(default=None, strict=True, ge=1, le=2**31 - 1)
    activity_id: int | None = Field(default=None, strict=True, ge=1, le=2**31 - 1)
    quantity: int = Field(default=1, strict=True, ge=1, le=99)

    @model_validator(mode="after")
    def _one_way_to_buy(self) -> LineIn:
        if (self.sku_id is None) == (self.activity_id is None):
            raise ValueError("give exactly one of sku_id or activity_id")
        return self


class CheckoutCreate(BaseModel):
    """A basket paid once, delivered to one of the buyer's addresses: the lines given, or — without
    ``lines`` — every line of the buyer's cart.  Lines checked out leave the cart."""

    model_config = ConfigDict(extra="forbid")

    lines: list[LineIn] | None = Field(default=None, min_length=1, max_length=MAX_LINES)
    address_id: int = Field(strict=True, ge=1, le=2**31 - 1)


class CheckoutPublic(BaseModel):
    """A checkout and its lines, each line an order of its own."""

    id: int
    checkout_no: str
    user_id: int
    status: CheckoutStatus
    amount_fen: int
    pay_deadline: datetime
    address_id: int
    created_at: datetime
    paid_at: datetime | None
    cancelled_at: datetime | None
    cancel_reason: str | None
    lines: list[OrderPublic]


class CheckoutPlaced(CheckoutPublic):
    payment: PaymentRequest | None = Field(default=None, description="What wx.requestPayment needs, while it can "
                                                                      "still be paid: one payment for every line")


class CartLineCreate(LineIn):
    """Put an item in the cart; the same item again adds to its quantity."""


class CartLineUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quantity: int = Field(strict=True, ge=1, le=99)


class CartLinePublic(BaseModel):
    """A cart line with its live quote: the price the buyer would pay if they checked out now, by the one
    rule open to them (list, member, ladder tier, flash, early bird), or why it cannot be bought."""

    id: int
    sku_id: int
    activity_id: int | None
    quantity: int
    product_name: str | None = None
    unit_price_fen: int | None = Field(default=None, description="None when it cannot be bought now")
    amount_fen: int | None = None
    price_rule: str | None = None
    list_price_fen: int | None = None
    ladder_threshold: int | None = Field(default=None, description="The tier quoted: of the group open at the "
                                                                   "address, or the first tier")
    available: bool
    unavailable_reason: str | None = Field(default=None, description="sold_out, activity_ended, "
                                                                     "activity_not_started, not_on_sale, "
                                                                     "limit_reached")


class Cart(BaseModel):
    lines: list[CartLinePublic]
    total_fen: int = Field(description="The sum of the lines that can be bought now")
    address_id: int | None = None


def placed(public: CheckoutPublic, payment: dict[str, Any] | None = None, provider: str | None = None
           ) -> CheckoutPlaced:
    request = PaymentRequest(provider=provider, params=payment) if payment is not None and provider else None
    return CheckoutPlaced(**public.model_dump(), payment=request)
