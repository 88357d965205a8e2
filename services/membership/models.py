"""Membership tables."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from common.clock import now
from common.models import UtcDateTime, service_base
from common.outbox import define_event_tables

Table = service_base()
events = define_event_tables(Table.metadata, producer="membership")


class LevelBase(Table):
    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=64)
    rank: int = Field(ge=0, description="Order of levels: a higher rank is a higher level")
    growth_threshold: int = Field(ge=0, description="Growth points (1 per yuan of confirmed spend) to reach it")
    points_rate_permille: int = Field(
        default=1000, ge=0, sa_column_kwargs={"server_default": "1000"},
        description="Points earned per growth point at this level, in thousandths (1500 = 1.5 points)")
    referrals_threshold: int | None = Field(
        default=None, ge=1,
        description="Direct referees with a confirmed order that reach this level; None: no referral rule")


class Level(LevelBase, table=True):
    """The ordered, configurable table of membership levels."""

    code: str = Field(primary_key=True, max_length=32)
    rank: int = Field(ge=0, unique=True)


class User(Table, table=True):
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    openid: str = Field(max_length=64, unique=True)
    unionid: str | None = Field(default=None, max_length=64)
    nickname: str = Field(default="", max_length=64)
    phone: str | None = Field(default=None, max_length=20)
    avatar_url: str | None = Field(default=None, max_length=500, description="https only (domain/profile.py)")
    roles: list[str] = Field(default_factory=lambda: ["customer"], sa_type=sa.JSON)
    level: str = Field(default="customer", max_length=32)
    # Not indexed: eight values over every user select nothing, and an index on it would stop a stage's
    # move from being a HOT update and lure the planner of a table without statistics off the primary key.
    stage: str = Field(default="onlooker", max_length=16, sa_column_kwargs={"server_default": "onlooker"},
                       description="Lifecycle stage (``domain.stages``): the highest one reached")
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)


class RefreshToken(Table, table=True):
    """One refresh token of a login's family.  Rotation marks it used; presenting a used one again
    revokes the whole family (the token was stolen, or the client is broken)."""

    __tablename__ = "refresh_token"

    id: int | None = Field(default=None, primary_key=True)
    family: str = Field(max_length=32, index=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    issued_at: datetime = Field(sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class ApiKey(Table, table=True):
    """A partner's key: the secret is shown once and kept only as a hash."""

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    secret_hash: str = Field(max_length=64, unique=True)
    scopes: list[str] = Field(sa_type=sa.JSON)
    created_by: int = Field(foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class AddressBase(Table):
    """A structured delivery address, the shape orders normalise into a same-address key."""

    recipient: str = Field(min_length=1, max_length=40)
    phone: str = Field(min_length=5, max_length=20, schema_extra={"pattern": r"^\+?[0-9\- ]+$"})
    province: str = Field(min_length=1, max_length=20)
    city: str = Field(min_length=1, max_length=20)
    district: str = Field(min_length=1, max_length=20)
    estate: str = Field(min_length=1, max_length=60)
    building: str = Field(default="", max_length=20)
    unit: str = Field(default="", max_length=20)
    room: str = Field(default="", max_length=20)
    detail: str = Field(default="", max_length=120)


class Address(AddressBase, table=True):
    """Deleting an address only marks it (``deleted_at``): orders placed to it keep resolving it
    (``services/membership/profile.py``).  At most one live address of a user is the default."""

    __table_args__ = (sa.Index("uq_address_default_per_user", "user_id", unique=True,
                               sqlite_where=sa.text("is_default = 1 AND deleted_at IS NULL"),
                               postgresql_where=sa.text("is_default AND deleted_at IS NULL")),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
    is_default: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    deleted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class CommunityBase(Table):
    """A neighbourhood the shop serves: an estate (or one building of it) with a pickup point."""

    name: str = Field(min_length=1, max_length=60)
    province: str = Field(min_length=1, max_length=20)
    city: str = Field(min_length=1, max_length=20)
    district: str = Field(min_length=1, max_length=20)
    estate: str = Field(min_length=1, max_length=60)
    building: str = Field(default="", max_length=20, description="Empty: the whole estate")
    pickup_point: str = Field(min_length=1, max_length=120, description="Where the leader hands orders out")


class Community(CommunityBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    leader_user_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)


class CommunityMember(Table, table=True):
    """A user belongs to one community at a time: the one they pick up from."""

    __tablename__ = "community_member"

    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    joined_at: datetime = Field(sa_type=UtcDateTime)


class LedgerEntry(Table, table=True):
    """One effect of an order on a user's growth and points (append-only).

    ``kind`` is ``earn`` (the order was confirmed; ``amount_fen`` is the settled amount) or ``reverse``
    (a refund; ``amount_fen`` is the refunded amount, ``growth`` and ``points`` are negative).  The key
    (user, order, kind, refund — 0 for an earning) makes every effect happen once, whatever delivers it
    again.  Balances are sums of these rows.
    """

    __tablename__ = "ledger_entry"
    __table_args__ = (sa.UniqueConstraint("user_id", "order_id", "kind", "refund_id",
                                          name="uq_ledger_entry_effect"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    order_id: int
    kind: str = Field(max_length=16)
    refund_id: int = Field(default=0)
    amount_fen: int
    growth: int
    points: int
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)


class OrderRefund(Table, table=True):
    """A refund as membership heard of it, kept so a refund that comes before the order's confirmation
    is reversed when the confirmation is applied."""

    __tablename__ = "order_refund"

    refund_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    order_id: int = Field(index=True)
    user_id: int = Field(index=True)
    amount_fen: int
    reason: str = Field(max_length=16)
    refunded_at: datetime = Field(sa_type=UtcDateTime)


class LevelHistory(Table, table=True):
    """Every change of a user's level: from, to, why (growth, bundle, referrals, manual) and what did it —
    the order that triggered it, or the member of staff who set it by hand (with their note)."""

    __tablename__ = "level_history"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    from_level: str = Field(max_length=32)
    to_level: str = Field(max_length=32)
    reason: str = Field(max_length=16)
    order_id: int | None = Field(default=None)
    actor_user_id: int | None = Field(default=None)
    note: str = Field(default="", max_length=200)
    changed_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)


class StageHistory(Table, table=True):
    """When a user first reached a lifecycle stage beyond ``onlooker`` (which is their ``created_at``), and
    which event took them there.  One row per (user, stage): stages only move forward."""

    __tablename__ = "stage_history"

    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    stage: str = Field(max_length=16, primary_key=True)
    event_type: str = Field(max_length=64)
    reached_at: datetime = Field(sa_type=UtcDateTime)


class PaidOrder(Table, table=True):
    """A paid order of a user, kept once per order: two distinct ones make the user ``loyal``."""

    __tablename__ = "paid_order"

    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    order_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    paid_at: datetime = Field(sa_type=UtcDateTime)


class WebhookSubscription(Table, table=True):
    """A partner key's subscription: the event types it wants sent to ``url``, signed with its secret.

    ``secret_sealed`` is the signing secret encrypted under the service's secret keys (``secret_box``):
    it must be read back to sign, so it is never only hashed. ``status`` is ``active`` or ``disabled``."""

    __tablename__ = "webhook_subscription"
    __table_args__ = (
        sa.ForeignKeyConstraint(["api_key_id"], ["api_key.id"], name="fk_webhook_subscription_api_key_id_api_key"),
        sa.Index("ix_webhook_subscription_api_key_id", "api_key_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    api_key_id: int
    url: str = Field(max_length=2048)
    event_types: list[str] = Field(sa_type=sa.JSON)
    description: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    secret_sealed: str = Field(max_length=200)
    status: str = Field(default="active", max_length=16, sa_column_kwargs={"server_default": "active"})
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
    disabled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class WebhookDelivery(Table, table=True):
    """One event to send to one subscription, with the exact body every attempt sends.

    ``status``: ``pending`` (``next_attempt_at`` says when; while an attempt is in flight it is the lease's
    end), ``delivered`` (a 2xx answer: done, once), ``failed`` (``give_up_at`` passed) or ``cancelled``
    (the subscription was disabled, or its key revoked or no longer holding the event's scope).
    ``attempts`` counts every attempt ever made; ``round_attempts`` those since the fan-out or the last
    replay (the backoff's exponent)."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        sa.ForeignKeyConstraint(["subscription_id"], ["webhook_subscription.id"], ondelete="CASCADE",
                                name="fk_webhook_delivery_subscription_id_webhook_subscription"),
        sa.UniqueConstraint("subscription_id", "event_id", name="uq_webhook_delivery_event"),
        sa.Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
        sa.Index("ix_webhook_delivery_subscription_occurred", "subscription_id", "occurred_at"),
        sa.Index("ix_webhook_delivery_created_at", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int
    event_id: str = Field(max_length=36)
    event_type: str = Field(max_length=64)
    occurred_at: datetime = Field(sa_type=UtcDateTime)
    body: str = Field(sa_type=sa.Text)
    status: str = Field(default="pending", max_length=16, sa_column_kwargs={"server_default": "pending"})
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    round_attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    last_status_code: int | None = None
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
    last_attempt_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    next_attempt_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    give_up_at: datetime = Field(sa_type=UtcDateTime)


class WebhookAttempt(Table, table=True):
    """One try of a delivery: written when it starts, completed with the answer (or the error)."""

    __tablename__ = "webhook_attempt"
    __table_args__ = (
        sa.ForeignKeyConstraint(["delivery_id"], ["webhook_delivery.id"], ondelete="CASCADE",
                                name="fk_webhook_attempt_delivery_id_webhook_delivery"),
        sa.UniqueConstraint("delivery_id", "number", name="uq_webhook_attempt_number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: int
    number: int
    started_at: datetime = Field(sa_type=UtcDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    duration_ms: int | None = None
    status_code: int | None = None
    error: str | None = Field(default=None, max_length=500)


class SubscriptionConsent(Table, table=True):
    """One-time subscription consents a user holds for a message scene (``domain.reach.SCENES``): each
    "accept" the mini-program reports adds one, each message queued spends one, a 43101 from WeChat
    (the user turned the messages off) sets it back to none."""

    __tablename__ = "subscription_consent"

    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    scene: str = Field(max_length=32, primary_key=True)
    available: int = Field(default=0, ge=0)
    updated_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)


class ReachMessage(Table, table=True):
    """One subscription message for one user, from one event: the send queue and the log ops read.

    ``status``: ``pending`` (due at ``next_attempt_at``: after quiet hours, or the next retry; while a send
    is in flight it is the lease's end), ``sent``, ``refused`` (43101: the user turned it off),
    ``no_consent`` (nothing was spent, nothing sent), ``rejected`` (another WeChat error: not retried),
    ``failed`` (WeChat unreachable until ``give_up_at``).  The key (event, user, scene) makes a redelivered
    event change nothing."""

    __tablename__ = "reach_message"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "user_id", "scene", name="uq_reach_message_event_user_scene"),
        sa.Index("ix_reach_message_due", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(max_length=36)
    event_type: str = Field(max_length=64)
    user_id: int = Field(index=True)
    scene: str = Field(max_length=32)
    template_id: str = Field(default="", max_length=64)
    page: str = Field(default="", max_length=200)
    data: dict = Field(default_factory=dict, sa_type=sa.JSON)
    status: str = Field(default="pending", max_length=16)
    attempts: int = Field(default=0)
    errcode: int | None = None
    last_error: str | None = Field(default=None, max_length=300)
    msgid: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
    next_attempt_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    give_up_at: datetime = Field(sa_type=UtcDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class GroupBuyer(Table, table=True):
    """Read model, fed by ``order.placed`` (orders): which user placed which order in which ladder group,
    so a ``group.closed`` reaches the group's paid buyers (``paid_order`` says who paid).  As fresh as the
    event stream (seconds)."""

    __tablename__ = "group_buyer"

    order_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    group_id: int = Field(index=True)
    user_id: int = Field(index=True)


class ShareScene(Table, table=True):
    """A mini-program code's scene: a short id (≤ 32 characters, WeChat's limit) that stands for what the
    code opens — a referral, a product, a ladder group, a community — and who shared it.  ``visits`` counts
    resolutions (someone scanned it); the code's PNG is cached per ``env_version``."""

    __tablename__ = "share_scene"
    __table_args__ = (sa.UniqueConstraint("kind", "target", "sharer_user_id", name="uq_share_scene_target"),)

    scene: str = Field(primary_key=True, max_length=32)
    kind: str = Field(max_length=16)
    target: str = Field(max_length=64)
    page: str = Field(max_length=200)
    sharer_user_id: int = Field(index=True)
    visits: int = Field(default=0)
    image_png: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    image_env_version: str | None = Field(default=None, max_length=16)
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)
