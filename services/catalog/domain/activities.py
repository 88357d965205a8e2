"""The terms of an activity, validated: a ladder group buy's tiers and options, a flash sale's price,
stock and limit, and the early-bird option either may carry.  Pure rules, no I/O."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

Fen = Annotated[int, Field(strict=True, ge=1, le=100_000_000)]


class ActivityKind(StrEnum):
    ladder_group = "ladder_group"
    flash_sale = "flash_sale"


class ActivityStatus(StrEnum):
    scheduled = "scheduled"
    live = "live"
    ended = "ended"
    cancelled = "cancelled"


class Terms(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Tier(Terms):
    threshold: int = Field(strict=True, ge=1, le=10_000)
    unit_price_fen: Fen


class EarlyBird(Terms):
    """门槛: a lower price for orders paid before a time, or for the first N buyers (exactly one of the two)."""

    unit_price_fen: Fen
    paid_before: datetime | None = None
    first_n: int | None = Field(default=None, strict=True, ge=1, le=100_000)

    @model_validator(mode="after")
    def _one_rule(self) -> Self:
        if (self.paid_before is None) == (self.first_n is None):
            raise ValueError("early_bird needs exactly one of paid_before or first_n")
        if self.paid_before is not None and self.paid_before.tzinfo is None:
            raise ValueError("early_bird.paid_before must carry a timezone")
        return self


class LadderTerms(Terms):
    """同址阶梯团: the more buyers at one address, the lower everyone's unit price."""

    kind: Literal["ladder_group"] = "ladder_group"
    tiers: list[Tier] = Field(min_length=1, max_length=20)
    basis: Literal["participants", "portions"] = "participants"
    address_scope: Literal["room", "building", "estate"] = "building"
    # How long a group stays open after its first paid order; None: until the activity ends.  A group
    # never stays open past the activity's end either way.
    group_window_s: int | None = Field(default=None, strict=True, ge=60, le=30 * 86_400)
    min_success: int = Field(default=1, strict=True, ge=1, le=10_000)
    close_on_top_tier: bool = True
    stock_limit: int | None = Field(default=None, strict=True, ge=1, le=10_000_000)
    per_user_limit: int = Field(default=5, strict=True, ge=1, le=1_000)
    early_bird: EarlyBird | None = None

    @model_validator(mode="after")
    def _ladder(self) -> Self:
        if self.tiers[0].threshold != 1:
            raise ValueError("tiers: the first threshold must be 1 (one buyer alone has a price)")
        for before, after in itertools.pairwise(self.tiers):
            if after.threshold <= before.threshold:
                raise ValueError("tiers: thresholds must strictly increase")
            if after.unit_price_fen >= before.unit_price_fen:
                raise ValueError("tiers: prices must strictly decrease as thresholds rise")
        if self.early_bird and self.early_bird.unit_price_fen >= self.tiers[0].unit_price_fen:
            raise ValueError("early_bird: its price must be below the first tier's")
        return self

    @property
    def top_threshold(self) -> int:
        return self.tiers[-1].threshold

    def lowest_price_fen(self) -> int:
        prices = [self.tiers[-1].unit_price_fen]
        if self.early_bird:
            prices.append(self.early_bird.unit_price_fen)
        return min(prices)


class FlashTerms(Terms):
    """秒杀: limited time, price, stock and units per user."""

    kind: Literal["flash_sale"] = "flash_sale"
    price_fen: Fen
    stock: int = Field(strict=True, ge=1, le=1_000_000)
    per_user_limit: int = Field(default=1, strict=True, ge=1, le=100)
    unpaid_timeout_s: int = Field(default=300, strict=True, ge=30, le=3600)
    early_bird: EarlyBird | None = None

    @model_validator(mode="after")
    def _flash(self) -> Self:
        if self.early_bird and self.early_bird.unit_price_fen >= self.price_fen:
            raise ValueError("early_bird: its price must be below the flash price")
        return self

    @property
    def stock_cap(self) -> int:
        return self.stock


ActivityTerms = Annotated[LadderTerms | FlashTerms, Field(discriminator="kind")]


class WindowError(ValueError):
    """A time-box rule broken; ``field`` names the offending field of an activity."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def check_window(*, starts_at: datetime, ends_at: datetime, terms: LadderTerms | FlashTerms) -> None:
    """The activity's time box, and that nothing in the terms points outside it."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise WindowError("starts_at", "starts_at and ends_at must carry a timezone")
    if ends_at <= starts_at:
        raise WindowError("ends_at", "ends_at must be after starts_at")
    if ends_at - starts_at > timedelta(days=90):
        raise WindowError("ends_at", "an activity lasts at most 90 days")
    if (isinstance(terms, LadderTerms) and terms.group_window_s is not None
            and timedelta(seconds=terms.group_window_s) > ends_at - starts_at):
        raise WindowError("terms.group_window_s", "a group window cannot be longer than the activity")
    early = terms.early_bird
    if early and early.paid_before is not None and not (starts_at < early.paid_before <= ends_at):
        raise WindowError("terms.early_bird.paid_before", "the early-bird deadline must fall inside the activity")


def status_at(*, starts_at: datetime, ends_at: datetime, cancelled: bool, at: datetime) -> ActivityStatus:
    if cancelled:
        return ActivityStatus.cancelled
    if at < starts_at:
        return ActivityStatus.scheduled
    if at < ends_at:
        return ActivityStatus.live
    return ActivityStatus.ended
