"""The membership API contract.

Requests are strict: a time is an ISO 8601 string with an offset, never a number (which would be read
as seconds since 1970).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from common.auth import ROLES, SCOPES
from common.events import TYPE_PATTERN
from services.membership.domain.profile import AVATAR_MAX, avatar_problem, clean_nickname
from services.membership.domain.targets import MAX_URL_LENGTH, url_problem
from services.membership.models import AddressBase, CommunityBase, LevelBase

Role = Literal["customer", "leader", "ops", "admin"]
Scope = Literal[SCOPES]  # type: ignore[valid-type]
assert set(Role.__args__) == set(ROLES)


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


class Request(BaseModel):
    """Requests never carry fields the API does not know (a caller can never set a level or a role)."""

    model_config = ConfigDict(extra="forbid")


class LevelPublic(LevelBase):
    pass


class WeChatLogin(Request):
    code: str = Field(min_length=1, max_length=128, description="The code from wx.login")


class DevLogin(Request):
    openid: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")
    roles: list[Role] = Field(default_factory=list, max_length=4)


class RefreshRequest(Request):
    refresh_token: str = Field(min_length=10, max_length=128)


class UserPublic(BaseModel):
    id: int
    nickname: str
    avatar_url: str | None = None
    roles: list[str]
    level: str
    created_at: datetime


class UserFacts(BaseModel):
    """A user as other services need them (internal)."""

    id: int
    openid: str
    level: str
    roles: list[str]
    community_id: int | None = None
    community_leader_id: int | None = None


class CommunityFacts(BaseModel):
    """A community as other services need it (internal): who leads it now."""

    id: int
    leader_user_id: int | None


class TokenPair(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme's name, not a secret
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
    user: UserPublic


class AddressCreate(AddressBase, Request):
    pass


class AddressPublic(AddressBase):
    id: int
    created_at: datetime
    is_default: bool = False


class OrderFacts(BaseModel):
    buyer: UserFacts
    address: AddressPublic


class ApiKeyCreate(Request):
    name: str = Field(min_length=1, max_length=80)
    scopes: list[Scope] = Field(min_length=1, max_length=len(SCOPES))  # type: ignore[valid-type]


class ApiKeyPublic(BaseModel):
    id: int
    name: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyPublic):
    key: str = Field(description="The secret: shown this once, never again")


class ApiKeyCheck(Request):
    key: str = Field(min_length=8, max_length=128)


class ApiKeyIdentity(BaseModel):
    api_key_id: int
    name: str
    scopes: list[str]


class CommunityCreate(CommunityBase, Request):
    pass


class LeaderAssign(Request):
    user_id: int = Field(strict=True, ge=1, le=2**31 - 1)


class CommunityPublic(CommunityBase):
    id: int
    leader: str | None = Field(description="The leader's nickname, masked")
    members: int
    created_at: datetime


class MyCommunity(BaseModel):
    community: CommunityPublic
    joined_at: datetime
    i_lead_it: bool


class NextLevel(BaseModel):
    code: str
    growth_threshold: int
    needed: int = Field(description="Growth still to earn to reach it")


class MyPoints(BaseModel):
    points_balance: int
    growth_total: int
    level: str
    next_level: NextLevel | None = Field(description="The level above the caller's; None at the top")


class LedgerEntryPublic(BaseModel):
    id: int
    order_id: int
    kind: Literal["earn", "reverse"]
    refund_id: int | None = Field(description="The refund a reversal answers; None for an earning")
    amount_fen: int = Field(description="The settled amount (earn) or the refunded amount (reverse)")
    growth: int
    points: int
    created_at: datetime

    @field_validator("refund_id", mode="before")
    @classmethod
    def _no_refund(cls, value: int | None) -> int | None:
        return value or None


class LevelHistoryPublic(BaseModel):
    id: int
    from_level: str
    to_level: str
    reason: Literal["growth", "bundle", "referrals", "manual"]
    order_id: int | None
    actor_user_id: int | None
    note: str
    changed_at: datetime


class LevelSet(Request):
    level: str = Field(min_length=1, max_length=32)
    reason: str = Field(min_length=1, max_length=200, description="Why (kept in the level history)")


class StageCount(BaseModel):
    stage: str = Field(description="A lifecycle stage, lowest first: stranger, onlooker, participant, intent, "
                                   "quasi_buyer, buyer, loyal, spreader, recommender")
    count: int


class Funnel(BaseModel):
    """Users at each lifecycle stage (every stage listed, 0 where none) and how many in all."""

    community_id: int | None = Field(description="The community whose members are counted; None: every user")
    total: int
    stages: list[StageCount]


# --- partners' webhooks -----------------------------------------------------------------------------

DeliveryStatus = Literal["pending", "delivered", "failed", "cancelled"]
EventType = Annotated[str, Field(min_length=3, max_length=64, pattern=TYPE_PATTERN.pattern)]


class WebhookCreate(Request):
    url: str = Field(min_length=8, max_length=MAX_URL_LENGTH, description="Where deliveries are POSTed (https)")
    event_types: list[EventType] = Field(min_length=1, max_length=20,
                                         description="Event types to receive, e.g. order.confirmed")
    description: str = Field("", max_length=200)

    @field_validator("url")
    @classmethod
    def _sendable(cls, value: str) -> str:
        problem = url_problem(value, production=False)
        if problem:
            raise ValueError(problem)
        return value


class WebhookPublic(BaseModel):
    id: int
    api_key_id: int = Field(description="The partner key the subscription belongs to")
    url: str
    event_types: list[str]
    description: str
    status: Literal["active", "disabled"]
    created_at: datetime
    disabled_at: datetime | None


class WebhookCreated(WebhookPublic):
    secret: str = Field(description="The signing secret: shown this once, never again")


class WebhookDeliveryPublic(BaseModel):
    id: int
    subscription_id: int
    event_id: str = Field(description="The same on every attempt and replay: receivers dedupe by it")
    event_type: str
    occurred_at: datetime
    status: DeliveryStatus
    attempts: int = Field(description="Attempts made so far, replays included")
    last_status_code: int | None = Field(description="The receiver's last HTTP status; None when it never answered")
    last_error: str | None
    created_at: datetime
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None = Field(description="When the next attempt is due (pending only)")
    delivered_at: datetime | None
    give_up_at: datetime = Field(description="No attempt is made after this; the delivery then fails")

    @field_validator("next_attempt_at", mode="before")
    @classmethod
    def _only_when_pending(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        return value if info.data.get("status") == "pending" else None


class WebhookAttemptPublic(BaseModel):
    number: int
    started_at: datetime
    finished_at: datetime | None = Field(description="None: no outcome was recorded (the sender stopped)")
    duration_ms: int | None
    status_code: int | None
    error: str | None


class WebhookDeliveryDetail(WebhookDeliveryPublic):
    body: str = Field(description="The exact JSON body every attempt sends (and signs)")
    attempt_log: list[WebhookAttemptPublic]


class WebhookReplay(Request):
    since: Instant = Field(description="Replay deliveries of events that occurred at or after this time")
    status: Literal["delivered", "failed", "cancelled"] | None = Field(
        None, description="Only deliveries in this status; default: every finished one")


class WebhookReplayed(BaseModel):
    replayed: int = Field(description="Deliveries queued again")


# --- profile and address book (services/membership/profile.py) -----------------------------------


def _nickname(value: str) -> str:
    return clean_nickname(value)


def _avatar(value: str) -> str:
    problem = avatar_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


class ProfileUpdate(Request):
    """Only what is sent changes; ``avatar_url: null`` removes the avatar."""

    nickname: Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_nickname)] | None = None
    avatar_url: Annotated[str, Field(min_length=9, max_length=AVATAR_MAX), AfterValidator(_avatar)] | None = None


class AddressUpdate(Request):
    """Only what is sent changes.  Orders already placed keep the address as it was when placed."""

    recipient: str | None = Field(default=None, min_length=1, max_length=40)
    phone: str | None = Field(default=None, min_length=5, max_length=20, pattern=r"^\+?[0-9\- ]+$")
    province: str | None = Field(default=None, min_length=1, max_length=20)
    city: str | None = Field(default=None, min_length=1, max_length=20)
    district: str | None = Field(default=None, min_length=1, max_length=20)
    estate: str | None = Field(default=None, min_length=1, max_length=60)
    building: str | None = Field(default=None, max_length=20)
    unit: str | None = Field(default=None, max_length=20)
    room: str | None = Field(default=None, max_length=20)
    detail: str | None = Field(default=None, max_length=120)


class ParticipantCardsRequest(Request):
    user_ids: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(max_length=200)


class ParticipantCard(BaseModel):
    """A buyer as strangers may see them (a group's share page): a nickname's first character, an avatar."""

    user_id: int
    initial: str
    avatar_url: str | None
