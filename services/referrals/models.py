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
