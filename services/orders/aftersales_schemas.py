"""The after-sales API contract: claims, their review, and the refunds an order shows its buyer."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from services.orders.domain.aftersales import REASONS, Kind, Status

RefundState = Literal["requested", "approved", "rejected", "paying", "paid", "failed"]
MAX_IMAGES = 9  # what the mini-program's image picker allows in one go


def _https_only(urls: list[str]) -> list[str]:
    for url in urls:
        if not url.startswith("https://") or len(url) <= len("https://") or any(c.isspace() for c in url):
            raise ValueError("image URLs must be https:// addresses")
    return urls


class RefundLine(BaseModel):
    """One refund of an order, as its buyer sees it: how much, why, where it stands, when."""

    refund_id: int | None = Field(description="None while it is a claim not decided yet, or rejected")
    after_sales_id: int | None = Field(description="The after-sales claim it came from")
    amount_fen: int
    reason: str = Field(description="group_settled, group_failed, late_payment, requested, ops, shortage, "
                                    "supplier_short, after_sales")
    reason_code: str | None = Field(default=None, description="An after-sales claim's reason code (damaged, ...)")
    reason_label: str | None = Field(default=None, description="Its zh-CN label (坏果, ...)")
    state: RefundState
    provider_status: str | None = Field(default=None, description="failed, abnormal or closed: why it failed; "
                                                                   "settled: ops paid it outside WeChat Pay")
    requested_at: datetime
    decided_at: datetime | None
    paid_at: datetime | None
    reject_reason: str | None = None
    ops_action: str | None = Field(default=None, description="retried (sent again) or settled (paid by hand)")
    ops_at: datetime | None = None
    ops_note: str | None = None


class ReasonPublic(BaseModel):
    code: str
    label: str = Field(description="zh-CN, as the mini-program shows it")
    label_en: str
    quality_claim: bool = Field(description="The supplier's fault: an approved claim is charged back to them")


class AfterSalesCreate(BaseModel):
    """A claim on one's own paid order: by units (``quantity``) or in fen (``amount_fen``); neither: all
    that is left to refund."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    reason_code: str = Field(min_length=1, max_length=24)
    quantity: int | None = Field(default=None, strict=True, ge=1, le=99)
    amount_fen: int | None = Field(default=None, strict=True, ge=1, le=10**9)
    note: str = Field(default="", max_length=500)
    image_urls: list[str] = Field(default_factory=list, max_length=MAX_IMAGES)

    _images = field_validator("image_urls")(_https_only)

    @field_validator("image_urls", mode="before")
    @classmethod
    def _bounded(cls, urls: object) -> object:
        if isinstance(urls, list) and any(isinstance(url, str) and len(url) > 1024 for url in urls):
            raise ValueError("an image URL is at most 1024 characters")
        return urls

    @field_validator("reason_code")
    @classmethod
    def _known_reason(cls, code: str) -> str:
        if code not in REASONS:
            raise ValueError(f"one of {', '.join(REASONS)}")
        return code

    @model_validator(mode="after")
    def _one_measure(self) -> AfterSalesCreate:
        if self.quantity is not None and self.amount_fen is not None:
            raise ValueError("give quantity or amount_fen, not both")
        return self


class AfterSalesApprove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount_fen: int | None = Field(default=None, strict=True, ge=1, le=10**9,
                                   description="Less than claimed, when ops settle for less")
    note: str = Field(default="", max_length=500)


class AfterSalesReject(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=500, description="Shown to the buyer")


class AfterSalesAsk(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=500, description="What the buyer is asked (shown to them)")


class AfterSalesAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: str = Field(min_length=1, max_length=500)
    image_urls: list[str] = Field(default_factory=list, max_length=MAX_IMAGES)

    _images = field_validator("image_urls")(_https_only)


class AfterSalesPublic(BaseModel):
    id: int
    order_id: int
    user_id: int
    kind: Kind
    reason_code: str
    reason_label: str
    quantity: int | None
    amount_fen: int
    note: str
    image_urls: list[str]
    status: Status
    review_reason: str | None = Field(description="Why it waits for ops: refund_rate, return, amount")
    auto_rule: str | None = Field(description="The rule that approved it at once: small_amount, "
                                              "leader_confirmed_shortage")
    question: str | None
    answer: str | None
    reject_reason: str | None
    decided_by: int | None
    refund_id: int | None
    created_at: datetime
    updated_at: datetime
    decided_at: datetime | None
