"""Orders use cases."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.problems import not_found
from services.orders.models import GroupStatus, LadderGroup
from services.orders.schemas import GroupProgress


async def group_progress(*, session: AsyncSession, group_id: int) -> GroupProgress:
    group = await session.get(LadderGroup, group_id)
    if group is None:
        raise not_found("group", group_id)
    left = (group.closes_at - now()).total_seconds() if group.status == GroupStatus.open else 0
    return GroupProgress(
        id=group_id, activity_id=group.activity_id, status=group.status, paid_count=group.paid_count,
        reached_threshold=group.reached_threshold, opened_at=group.opened_at, closes_at=group.closes_at,
        seconds_left=max(0, int(left)),
    )
