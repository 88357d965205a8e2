"""The referrals API contract.

Requests are strict: a time is an ISO 8601 string with an offset, never a number (which would be read
as seconds since 1970).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from services.referrals.domain.rules import RuleSet


def _written_as_text(value: object) -> object:
    # JSON has no time type; a number would silently be read as seconds since 1970.
    if isinstance(value, int | float):
        raise ValueError("a time is an ISO 8601 string, not a number")
    return value


def _representable_in_utc(value: datetime) -> datetime:
    try:
        value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("the time falls outside the calendar once in UTC") from exc
    return value


Instant = Annotated[AwareDatetime, BeforeValidator(_written_as_text), AfterValidator(_representable_in_utc)]


class CodeCheck(BaseModel):
    """Whether a shared code can be bound: no personal data of its owner."""

    code: str
    valid: bool


class MyReferral(BaseModel):
    code: str = Field(description="The caller's referral code")
    share_path: str = Field(description="The mini-program page a share card opens, carrying the code")


class BindSourceIn(BaseModel):
    """How a user arrived at a bind (``services/referrals/bind_sources.py``)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["scene", "share_card", "poster", "leader_code"]
    scene: str | None = Field(default=None, min_length=1, max_length=32, pattern=r"^[0-9A-Za-z]+$",
                              description="The scanned code's scene, with kind ``scene``")

    @model_validator(mode="after")
    def _scene_with_scene(self) -> BindSourceIn:
        if (self.kind == "scene") != (self.scene is not None):
            raise ValueError("a scene id comes with kind 'scene', and only with it")
        return self


class BindRequest(BaseModel):
    code: str = Field(min_length=4, max_length=16, pattern=r"^\s*[A-Za-z0-9]+\s*$",
                      description="The referral code a shared link carried")
    source: BindSourceIn | None = Field(default=None, description="How the user arrived (``bind_sources``)")


class Binding(BaseModel):
    """The caller's binding: whose code they are bound with, and since when."""

    referrer_code: str
    bound_at: datetime


# --- rebates ------------------------------------------------------------------------------------------


class Balance(BaseModel):
    """A user's rebate money by bucket (sums of their ledger entries), and their withdrawals."""

    user_id: int
    pending_fen: int = Field(description="Earned on paid orders whose price is not final yet")
    frozen_fen: int = Field(description="Earned on confirmed orders still within after-sales")
    available_fen: int = Field(description="Free to withdraw; negative after a late refund until earnings offset it")
    withdrawing_fen: int = Field(description="Asked for and not paid out yet (already taken from available)")
    withdrawn_fen: int = Field(description="Paid out so far")


class RebateEntryPublic(BaseModel):
    id: int
    user_id: int = Field(description="Who the entry belongs to")
    kind: Literal["rebate", "commission", "reward", "withdrawal"]
    bucket: Literal["pending", "frozen", "available"]
    step: str = Field(description="earn, settle, reverse, complete, void, withdraw or return")
    amount_fen: int
    order_id: int | None
    tree_level: int | None = Field(description="For a rebate: 1 when the buyer is a direct referee")
    withdrawal_id: int | None
    created_at: datetime


class RulesRequest(RuleSet):
    """A new version of the earning rules (every field, as in ``GET``), in force from ``effective_from``
    (now when omitted; never in the past: orders already paid keep the rules they were paid under)."""

    effective_from: Instant | None = None
    note: str = Field("", max_length=200)

    def rule_set(self) -> RuleSet:
        return RuleSet.model_validate(self.model_dump(exclude={"effective_from", "note"}))


class RuleVersionPublic(BaseModel):
    version: int = Field(description="0 is the configured default, in force before any version was published")
    rules: RuleSet
    effective_from: datetime | None
    created_by: int | None
    note: str
    in_force: bool
    warnings: list[str]


class TeamLevel(BaseModel):
    tree_level: int = Field(description="1: the caller's direct referees; 2: theirs; …")
    members: int
    buyers: int = Field(description="Members with a paid order")
    by_membership_level: dict[str, int]
    earned_fen: int = Field(description="Rebates from this level's orders, confirmed and not taken back")


class TeamMember(BaseModel):
    """A direct referee, without personal data."""

    member: str = Field(description="A masked reference, e.g. 用户***27")
    level: str
    bound_at: datetime
    has_paid: bool
    earned_fen: int = Field(description="Rebates from their orders, confirmed and not taken back")


class Team(BaseModel):
    levels: list[TeamLevel]
    direct: list[TeamMember] = Field(description="The most recently bound direct referees (at most 50)")


class TreeNode(BaseModel):
    """A user in the referral tree as ops see it: ids and levels, no personal data."""

    user_id: int
    level: str
    referrer_id: int | None = None
    bound_at: datetime | None
    has_paid: bool
    referees: int = Field(description="Direct referees (all of them, also those not listed in ``children``)")
    children: list[TreeNode]


# --- withdrawals ---------------------------------------------------------------------------------------


class WithdrawalRequest(BaseModel):
    amount_fen: int = Field(strict=True, ge=1, le=100_000_000, description="Taken from the available balance")


class WithdrawalDecision(BaseModel):
    reason: str | None = Field(None, max_length=200, description="Why it was rejected (shown to the user)")


class WithdrawalPublic(BaseModel):
    id: int
    user_id: int
    amount_fen: int
    fee_fen: int
    payout_fen: int = Field(description="What reaches the user's WeChat balance")
    status: Literal["pending_review", "approved", "rejected", "paying", "awaiting_confirmation", "paid", "failed"]
    out_bill_no: str
    package_info: str | None = Field(
        description="While awaiting_confirmation: what the mini-program passes to wx.requestMerchantTransfer")
    fail_reason: str | None
    reject_reason: str | None
    requested_at: datetime
    decided_at: datetime | None
    paid_at: datetime | None
