"""Orders tables."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from common.models import UtcDateTime, service_base

Table = service_base()


class GroupStatus(StrEnum):
    open = "open"
    succeeded = "succeeded"
    failed = "failed"


class LadderGroup(Table, table=True):
    """One same-address group of a ladder activity: the buyers whose addresses share a key."""

    __tablename__ = "ladder_group"
    __table_args__ = (
        sa.Index("ix_ladder_group_open_address", "activity_id", "address_key", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(index=True)
    address_key: str = Field(max_length=255)
    status: GroupStatus = Field(default=GroupStatus.open, sa_type=sa.String(16))
    paid_count: int = Field(default=0, ge=0)
    reached_threshold: int = Field(default=0, ge=0, description="Highest tier threshold ever reached")
    opened_at: datetime = Field(sa_type=UtcDateTime)
    closes_at: datetime = Field(sa_type=UtcDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
