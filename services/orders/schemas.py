"""The orders API contract."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from common.payments.provider import PaymentParams
from services.orders.aftersales_schemas import RefundLine
from services.orders.models import GroupStatus, OrderKind, OrderStatus
from services.orders.share_schemas import ShareSource

Day = date  # for fields named ``date``, whose name hides the type inside their class


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
    source: ShareSource | None = Field(default=None, description="What brought the buyer here (share_funnel.py)")

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


class RefundRetry(BaseModel):
    """Ops send a failed, abnormal or closed refund again."""

    model_config = ConfigDict(extra="forbid")

    note: str = Field(default="", max_length=500, description="What was fixed (kept on the refund and the order)")


class RefundSettle(BaseModel):
    """Ops paid the refund outside WeChat Pay."""

    model_config = ConfigDict(extra="forbid")

    note: str = Field(min_length=1, max_length=500, description="How it was paid (bank transfer, cash, ...)")


class OrderNumbers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order_nos: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(max_length=500)
    void_missing: bool = Field(False, strict=True, description="Make every number not written yet void for good "
                                                              "(its order can then never be written)")


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
    after_sales_id: int | None = None
    provider_refund_id: str | None = None
    accepted_at: datetime | None = Field(default=None, description="When the provider accepted it (paying)")
    replaced_out_refund_no: str | None = Field(default=None, description="Its number before ops sent it again")
    ops_action: str | None = Field(default=None, description="retried or settled: ops' last move on it")
    ops_by: int | None = None
    ops_at: datetime | None = None
    ops_note: str | None = None


class PaymentRequest(BaseModel):
    """What the mini-program passes to wx.requestPayment."""

    model_config = ConfigDict(populate_by_name=True)

    provider: str = Field(description="The payment provider: `wechatpay`, or `sandbox` in the embedded default")
    params: PaymentParams = Field(description="Pass to wx.requestPayment as it is (outTradeNo is the order number)")


class OrderPublic(BaseModel):
    """An order as its buyer and ops see it; the community's leader sees it with the buyer masked (the
    address's ``recipient`` and ``phone`` as the pickup list shows them)."""

    id: int
    order_no: str
    user_id: int
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
    leader_user_id: int | None = Field(description="The community's leader when it was placed")
    delivery_date: date | None = Field(description="The business day (Asia/Shanghai) it is handed out at the "
                                                   "pickup point; set when it is shipped")
    cancelled_at: datetime | None
    cancel_reason: str | None
    source_kind: str | None = Field(default=None, description="What brought the buyer: scene, share_card, poster, "
                                                              "leader_code (the order's ``source``)")
    source_share: str | None = Field(default=None, description="The share: g<group id> (a group's link) or s<scene>")
    refunds: list[RefundLine] = Field(default_factory=list, description="Every refund and after-sales claim "
                                      "of the order, oldest first (on GET /v1/orders and GET /v1/orders/{id})")


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


class ActorPublic(BaseModel):
    kind: Literal["user", "api_key", "service", "system"]
    id: int | None = Field(description="The user's or the API key's id")
    roles: list[str] = Field(description="A user's roles when they acted")
    name: str | None = Field(description="A service's or a background job's name")


class HistoryEntry(BaseModel):
    at: datetime
    event: str
    from_status: OrderStatus
    to_status: OrderStatus
    actor: ActorPublic
    via: str | None = Field(description="batch_ship, batch_deliver or pickup_code when one of those moved it")
    request_id: str | None
    note: str | None = Field(default=None, description="What a move that kept the state did: a review's "
                                                        "outcome and reason, ops' note on a refund")


class OrderHistory(BaseModel):
    """Every change of the order's state, oldest first."""

    order_id: int
    order_no: str
    status: OrderStatus
    entries: list[HistoryEntry]


class ShipBatch(BaseModel):
    """Ship every order of the community that is paid and waiting, for one delivery day."""

    model_config = ConfigDict(extra="forbid")

    community_id: int = Field(strict=True, ge=1, le=2**31 - 1)
    date: Day | None = Field(default=None, description="The delivery day (Asia/Shanghai), today or later; "
                                                        "today when left out")


class DeliverBatch(BaseModel):
    """Hand out everything one buyer has waiting at the community's pickup point today."""

    model_config = ConfigDict(extra="forbid")

    community_id: int = Field(strict=True, ge=1, le=2**31 - 1)
    user_id: int = Field(strict=True, ge=1, le=2**31 - 1)


class PickupRedeem(BaseModel):
    """A buyer's pickup code, as typed (``1234 5678``) or as scanned from their QR image."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=64)
    community_id: int = Field(strict=True, ge=1, le=2**31 - 1)


BatchOutcome = Literal["shipped", "already_shipped", "not_ready", "delivered", "already_delivered"]


class BatchLine(BaseModel):
    """What one batch did to one order."""

    order_id: int
    order_no: str
    product_name: str
    sku_id: int
    quantity: int
    outcome: BatchOutcome
    status: OrderStatus = Field(description="The order's status after the batch")
    detail: str | None = None


class BatchResult(BaseModel):
    """A batch's report, order by order; sent again, the same batch reports the same orders as done."""

    community_id: int
    date: Day
    user_id: int | None = Field(default=None, description="The buyer, for a hand-out")
    buyer: str | None = Field(default=None, description="The buyer, masked: 王* 138****0000")
    counts: dict[str, int] = Field(description="Orders per outcome")
    lines: list[BatchLine]


class PickupCodePublic(BaseModel):
    """The buyer's code for one community and day, with the orders it hands out."""

    community_id: int
    date: Day
    code: str = Field(description="Eight digits, shown as two groups of four")
    qr_payload: str = Field(description="What the mini-program draws as a QR image for the leader to scan")
    used_at: datetime | None = Field(description="The last hand-out with this code")
    orders: list[OrderPublic] = Field(description="Waiting at the pickup point, or picked up that day")


class PickupCodes(BaseModel):
    date: Day
    timezone: str
    codes: list[PickupCodePublic] = Field(description="One per community where something waits for the buyer")


# --- a group before you join, and its share page (services/orders/preview.py, share.py) -------------


class GroupPreview(BaseModel):
    """The group a buyer would join at one of their addresses, before any order: nothing is held."""

    activity_id: int
    address_id: int
    group: GroupProgress | None = Field(description="The open group at this address; None: the buyer's order "
                                                    "would open one")
    quantity: int
    unit_price_fen: int = Field(description="What one unit would cost if the order were placed now")
    amount_fen: int
    price_rule: str = Field(description="tier, member or early_bird: the one price that applies (never stacked)")
    pay_by: datetime | None = Field(default=None, description="An early-bird price holds only if paid before this")


class TierPublic(BaseModel):
    threshold: int
    unit_price_fen: int


class ShareProduct(BaseModel):
    product_id: int
    sku_id: int
    name: str
    sku_name: str
    list_price_fen: int


class ParticipantPublic(BaseModel):
    """A participant as a stranger sees them: a nickname's first character and an avatar, nothing more."""

    initial: str
    avatar_url: str | None


class GroupSharePage(BaseModel):
    """What the group's share page shows anyone holding its link."""

    group: GroupProgress
    product: ShareProduct
    basis: Literal["participants", "portions"]
    tiers: list[TierPublic]
    participants: list[ParticipantPublic] = Field(description="Buyers still in, first to join first (at most 50)")
    share_token: str = Field(description="Put it in the shared link (`?share=`) or the code's scene: it opens "
                                         "this page and the group's progress")
    scene: str = Field(description="The mini-program code's scene for this group (at most 32 characters)")
