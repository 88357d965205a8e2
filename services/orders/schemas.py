"""The orders API contract."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from services.orders.models import GroupStatus


class GroupProgress(BaseModel):
    """What a group shows its participants: how many, how far to the next tier, how long left."""

    id: int
    activity_id: int
    status: GroupStatus
    paid_count: int
    reached_threshold: int
    opened_at: datetime
    closes_at: datetime
    seconds_left: int
