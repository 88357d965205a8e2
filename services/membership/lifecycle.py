"""Lifecycle stages from events, and the funnel ops read per community.

Rules (the ordering is in ``domain.stages``):
- a user is ``onlooker`` from the moment their row exists (the first login registers them);
- joining a community → ``participant``; an ``order.placed`` in a group (opened or joined) → ``intent``;
  any ``order.placed`` → ``quasi_buyer``; ``order.paid`` → ``buyer``, and ``loyal`` from the second
  distinct paid order; ``referral.shared`` → ``spreader``; ``referral.referee_paid`` → ``recommender``
  for the referrer.
- A user keeps the highest stage reached: an event of a lower stage changes nothing, in whatever order
  events come.  Paid orders are kept once per (user, order), so a repeated ``order.paid`` never makes a
  user loyal.  The first time a stage is reached is kept in ``stage_history``.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.problems import not_found
from services.membership import levels
from services.membership.domain import stages
from services.membership.models import Community, CommunityMember, PaidOrder, StageHistory, User
from services.membership.schemas import Funnel, StageCount


async def _user(session: AsyncSession, user_id: int, event_type: str) -> User:
    user = await levels.locked_user(session, user_id)
    if user is None:
        raise LookupError(f"{event_type} names user {user_id}, who is unknown here")
    return user


async def reach(session: AsyncSession, user: User, stage: stages.Stage, *, event_type: str,
                at: datetime) -> bool:
    """Move ``user`` to ``stage`` when it is beyond theirs (does not commit); False when nothing changed."""
    if stages.advance(user.stage, stage) == user.stage:
        return False
    user.stage = stage
    session.add(user)
    if await session.get(StageHistory, (user.id, stage)) is None:
        session.add(StageHistory(user_id=user.id, stage=stage, event_type=event_type, reached_at=at))
    await session.flush()
    return True


async def _stage_of(session: AsyncSession, user_id: int, event_type: str) -> str:
    stage = (await session.exec(select(User.stage).where(User.id == user_id))).first()
    if stage is None:
        raise LookupError(f"{event_type} names user {user_id}, who is unknown here")
    return stage


async def reach_by_id(session: AsyncSession, user_id: int, *reached: stages.Stage, event_type: str,
                      at: datetime) -> bool:
    """Move the user through ``reached`` (lowest first).  A stage never goes back, so a user already at or
    beyond the last of them needs no change — and no lock: most events come from users long past them."""
    current = await _stage_of(session, user_id, event_type)
    if stages.advance(current, reached[-1]) == current:
        return False
    user = await _user(session, user_id, event_type)
    changed = False
    for stage in reached:
        changed = await reach(session, user, stage, event_type=event_type, at=at) or changed
    return changed


async def paid(session: AsyncSession, *, user_id: int, order_id: int, paid_at: datetime, event_type: str) -> bool:
    """Keep the paid order once, then move the buyer to ``buyer`` or ``loyal`` by their distinct paid orders.
    A user already loyal (or beyond) is where no count of paid orders can move them: nothing is kept."""
    top = stages.after_paid_orders(stages.LOYAL_AFTER_PAID_ORDERS)
    if stages.advance(await _stage_of(session, user_id, event_type), top) != top:
        return False
    user = await _user(session, user_id, event_type)
    if await session.get(PaidOrder, (user_id, order_id)) is None:
        session.add(PaidOrder(user_id=user_id, order_id=order_id, paid_at=paid_at))
        await session.flush()
    count = (await session.exec(select(sa.func.count()).select_from(PaidOrder)
                                .where(PaidOrder.user_id == user_id))).one()
    return await reach(session, user, stages.after_paid_orders(int(count)), event_type=event_type, at=paid_at)


async def funnel(*, session: AsyncSession, community_id: int | None = None) -> Funnel:
    """Users at each stage, every stage listed: a community's members, or everyone."""
    query = select(User.stage, sa.func.count()).group_by(User.stage)
    if community_id is not None:
        if await session.get(Community, community_id) is None:
            raise not_found("community", community_id)
        query = query.join(CommunityMember, CommunityMember.user_id == User.id).where(
            CommunityMember.community_id == community_id)
    counts = {stage: int(count) for stage, count in (await session.exec(query)).all()}
    return Funnel(community_id=community_id, total=sum(counts.values()),
                  stages=[StageCount(stage=stage, count=counts.get(stage, 0)) for stage in stages.STAGES])
