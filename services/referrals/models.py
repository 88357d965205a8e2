"""Referrals tables."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from common.clock import now
from common.models import UtcDateTime, service_base
from common.outbox import define_event_tables

Table = service_base()
events = define_event_tables(Table.metadata, producer="referrals")


class ReferralCode(Table, table=True):
    """Every user's code, the thing a share link carries."""

    __tablename__ = "referral_code"

    code: str = Field(primary_key=True, max_length=16)
    user_id: int = Field(unique=True)
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)


class ReferralUser(Table, table=True):
    """A user's place in the referral tree and what referrals knows of their orders.  The row is also the
    user's lock: bindings and order events of one user take it ``FOR UPDATE``."""

    __tablename__ = "referral_user"

    user_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    first_seen_at: datetime = Field(sa_type=UtcDateTime)
    referrer_id: int | None = Field(default=None, index=True)
    bound_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    first_paid_order_id: int | None = Field(default=None)
    first_paid_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    first_confirmed_order_id: int | None = Field(default=None)
    first_confirmed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    confirmed_referees: int = Field(default=0, sa_column_kwargs={"server_default": "0"},
                                    description="Its rows in ``referral_confirmed_referee``, counted as each "
                                                "is written under this row's lock (binding.py)")


class ConfirmedReferee(Table, table=True):
    """A referee whose first order was confirmed while bound to ``referrer_id``: one row per referee, so a
    referrer's count of confirmed referees is exact however often the events come."""

    __tablename__ = "referral_confirmed_referee"

    referee_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    referrer_id: int = Field(index=True)
    order_id: int = Field()
    confirmed_at: datetime = Field(sa_type=UtcDateTime)


class RuleVersion(Table, table=True):
    """A version of the earning rules (``domain.rules.RuleSet`` as JSON), in force from ``effective_from``
    until the next version's.  Before the first version the settings' rules apply (version 0)."""

    __tablename__ = "rebate_rule_version"

    version: int | None = Field(default=None, primary_key=True)
    rules: dict = Field(sa_type=sa.JSON)
    effective_from: datetime = Field(sa_type=UtcDateTime, index=True)
    created_by: int = Field()
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
    note: str = Field(default="", max_length=200)


class LevelChange(Table, table=True):
    """A user's membership level from ``level.changed``: the level at a moment is the latest change
    before it (``customer`` before any), whatever order the events came in."""

    __tablename__ = "referral_level_change"
    __table_args__ = (sa.UniqueConstraint("user_id", "changed_at", "to_level", name="uq_referral_level_change"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(index=True)
    to_level: str = Field(max_length=32)
    changed_at: datetime = Field(sa_type=UtcDateTime)


class OrderEarning(Table, table=True):
    """What referrals knows of an order that can earn: the facts from the order events, and who earns
    from it, fixed the first time the order is seen (upline with their levels at payment, the leader, the
    rule version in force at payment).  The row is the order's lock while its entries are written."""

    __tablename__ = "rebate_order"

    order_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    buyer_id: int = Field(index=True)
    product_role: str = Field(max_length=16)
    gift_pack: bool = Field(default=False)
    paid_amount_fen: int = Field()
    paid_at: datetime = Field(sa_type=UtcDateTime)
    rule_version: int = Field()
    upline: list = Field(sa_type=sa.JSON, description="[[user_id, level], ...] nearest first")
    community_id: int | None = Field(default=None)
    leader_user_id: int | None = Field(default=None)
    settled_amount_fen: int | None = Field(default=None)
    confirmed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    reward_user_id: int | None = Field(default=None)
    reward_fen: int | None = Field(default=None)


class OrderRefundFact(Table, table=True):
    """Every refund of an order referrals heard of (kept even before the order itself is known)."""

    __tablename__ = "rebate_order_refund"

    refund_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    order_id: int = Field(index=True)
    amount_fen: int = Field()
    total_refunded_fen: int = Field()
    reason: str = Field(max_length=16)
    refunded_at: datetime = Field(sa_type=UtcDateTime)


class OrderCompletionFact(Table, table=True):
    """An order's completion (kept even before the order itself is known)."""

    __tablename__ = "rebate_order_completion"

    order_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    kept_amount_fen: int = Field()
    completed_at: datetime = Field(sa_type=UtcDateTime)


class LedgerEntry(Table, table=True):
    """One move of money in a user's rebate ledger (append-only).  ``effect_key`` names the effect, so an
    effect is written once however often its event comes; a balance is the sum per ``bucket``."""

    __tablename__ = "rebate_entry"
    # A user's entries by (user, id): a page of their ledger (in id order after a cursor) reads that page
    # only, and a balance still finds the user's rows.
    __table_args__ = (sa.UniqueConstraint("effect_key", name="uq_rebate_entry_effect_key"),
                      sa.Index("ix_rebate_entry_user_id_id", "user_id", "id"))

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field()
    kind: str = Field(max_length=16, description="rebate, commission, reward or withdrawal")
    bucket: str = Field(max_length=16, description="pending, frozen or available")
    step: str = Field(max_length=16)
    amount_fen: int = Field()
    order_id: int | None = Field(default=None, index=True)
    tree_level: int | None = Field(default=None)
    refund_id: int | None = Field(default=None)
    withdrawal_id: int | None = Field(default=None, index=True)
    effect_key: str = Field(max_length=80)
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)


class Withdrawal(Table, table=True):
    """A user taking available money out: held from the balance when asked for, paid out through the
    payment provider once ops approve, given back when rejected or when the payout fails."""

    __tablename__ = "withdrawal"
    __table_args__ = (sa.UniqueConstraint("user_id", "idempotency_key", name="uq_withdrawal_idempotency"),
                      sa.UniqueConstraint("out_bill_no", name="uq_withdrawal_out_bill_no"))

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(index=True)
    idempotency_key: str | None = Field(default=None, max_length=64)
    amount_fen: int = Field(description="Taken from the available balance")
    fee_fen: int = Field()
    payout_fen: int = Field(description="What reaches the user: the amount less the fee")
    status: str = Field(max_length=24, index=True)
    out_bill_no: str = Field(max_length=32)
    transfer_bill_no: str | None = Field(default=None, max_length=64)
    package_info: str | None = Field(default=None, max_length=512)
    fail_reason: str | None = Field(default=None, max_length=200)
    reject_reason: str | None = Field(default=None, max_length=200)
    decided_by: int | None = Field(default=None)
    requested_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    paid_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)


class BindSource(Table, table=True):
    """Where a user's bind came from (``bind_sources``): a scanned code's scene, a share card, a poster, a
    leader's code, or ``unknown`` when the mini-program did not say.  One row per bind that took effect
    (an ``override`` bind replaces it); the first paid order per source is read from ``referral_user``."""

    __tablename__ = "bind_source"

    user_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    referrer_id: int = Field(index=True)
    kind: str = Field(max_length=16, index=True)
    scene: str | None = Field(default=None, max_length=32)
    bound_at: datetime = Field(sa_type=UtcDateTime)
