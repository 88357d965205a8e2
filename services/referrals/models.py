"""Referrals tables."""

from __future__ import annotations

from datetime import datetime

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


class ConfirmedReferee(Table, table=True):
    """A referee whose first order was confirmed while bound to ``referrer_id``: one row per referee, so a
    referrer's count of confirmed referees is exact however often the events come."""

    __tablename__ = "referral_confirmed_referee"

    referee_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    referrer_id: int = Field(index=True)
    order_id: int = Field()
    confirmed_at: datetime = Field(sa_type=UtcDateTime)
