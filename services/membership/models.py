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
    roles: list[str] = Field(default_factory=lambda: ["customer"], sa_type=sa.JSON)
    level: str = Field(default="customer", max_length=32)
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
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: datetime = Field(default_factory=now, sa_type=UtcDateTime)


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
