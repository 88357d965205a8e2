"""The supply day's API contract: the sales-day calendar, purchase orders, the supplier's confirmation,
sorting lists, arrivals and chargebacks (``supply.py``, ``chargebacks.py``)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from services.orders.models import SupplyOrderStatus

Day = date
Units = Field(strict=True, ge=0, le=1_000_000)


class ChargebackPublic(BaseModel):
    id: int
    order_id: int
    supplier_id: int | None
    sku_id: int
    units: int
    amount_fen: int
    reason: str
    source: str
    source_ref: str
    created_at: datetime


class CutoffSet(BaseModel):
    """Move one sales day's cutoff (a holiday): orders paid before ``cutoff_at`` belong to that day."""

    model_config = ConfigDict(extra="forbid")

    sales_day: Day
    cutoff_at: datetime = Field(description="An instant with its UTC offset")
    note: str | None = Field(default=None, max_length=200)


class SalesDayPublic(BaseModel):
    sales_day: Day
    cutoff_at: datetime
    delivery_date: Day
    moved: bool = Field(description="Ops moved this day's cutoff")
    note: str | None = None


class CutoffRun(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CutoffResult(BaseModel):
    delivery_dates: list[Day] = Field(description="The delivery days whose sales have closed and were bought")
    purchase_orders: list[int] = Field(description="Purchase orders made or added to by this run")
    orders_added: int


class CommunitySplit(BaseModel):
    community_id: int | None
    units: int


class PurchaseOrderLinePublic(BaseModel):
    sku_id: int
    product_name: str
    ordered_units: int
    confirmed_units: int | None
    communities: list[CommunitySplit]


class PurchaseOrderPublic(BaseModel):
    id: int
    supplier_id: int = Field(description="0: the platform's own stock")
    delivery_date: Day
    status: SupplyOrderStatus
    created_at: datetime
    confirmed_at: datetime | None
    total_units: int
    lines: list[PurchaseOrderLinePublic]


class ConfirmLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku_id: int = Field(strict=True, ge=1, le=2**31 - 1)
    units: int = Units


class PurchaseOrderConfirm(BaseModel):
    """The supplier's answer: the units it will deliver of each SKU (fewer than ordered: short).  A SKU left
    out is confirmed in full."""

    model_config = ConfigDict(extra="forbid")

    lines: list[ConfirmLine] = Field(default_factory=list, max_length=1000)


class SortingRow(BaseModel):
    community_id: int | None
    sku_id: int
    product_name: str
    units: int
    orders: int


class SortingList(BaseModel):
    delivery_date: Day
    rows: list[SortingRow]


class ArrivalLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku_id: int = Field(strict=True, ge=1, le=2**31 - 1)
    received: int = Units
    short: int = Units
    damaged: int = Units
    photo_urls: list[str] = Field(default_factory=list, max_length=9)


class ArrivalReport(BaseModel):
    """The leader's count of what arrived, per SKU: ``received`` + ``short`` + ``damaged`` = what was sent."""

    model_config = ConfigDict(extra="forbid")

    community_id: int = Field(strict=True, ge=1, le=2**31 - 1)
    date: Day | None = Field(default=None, description="The delivery day; today when left out")
    lines: list[ArrivalLine] = Field(default_factory=list, max_length=1000)


class ArrivalOutcome(BaseModel):
    community_id: int
    date: Day
    arrived_orders: list[int]
    refunded_orders: dict[int, int] = Field(description="Order id → units refunded as a shortage")
