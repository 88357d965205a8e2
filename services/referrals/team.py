"""A user's team: their downline per tree level (counts, membership levels, what each level earned them)
and their most recent direct referees — never anyone's personal data."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.referrals.domain.rules import BASE_LEVEL
from services.referrals.models import LedgerEntry, LevelChange, OrderEarning, ReferralUser
from services.referrals.schemas import Team, TeamLevel, TeamMember, TreeNode

DIRECT_SHOWN = 50
EARNED_BUCKETS = ("frozen", "available")


def mask(user_id: int) -> str:
    return f"用户***{user_id % 100:02d}"


async def _levels(session: AsyncSession, user_ids: list[int]) -> dict[int, str]:
    """Each user's current level: their latest ``level.changed``."""
    latest = (select(LevelChange.user_id, sa.func.max(LevelChange.changed_at).label("at"))
              .where(col(LevelChange.user_id).in_(user_ids)).group_by(LevelChange.user_id).subquery())
    rows = (await session.exec(select(LevelChange.user_id, LevelChange.to_level).join(
        latest, sa.and_(LevelChange.user_id == latest.c.user_id, LevelChange.changed_at == latest.c.at)))).all()
    return {user_id: level for user_id, level in rows}


async def _earned_by_tree_level(session: AsyncSession, user_id: int) -> dict[int, int]:
    query = (select(LedgerEntry.tree_level, sa.func.sum(LedgerEntry.amount_fen))
             .where(LedgerEntry.user_id == user_id, LedgerEntry.kind == "rebate",
                    col(LedgerEntry.bucket).in_(EARNED_BUCKETS)).group_by(LedgerEntry.tree_level))
    return {key: int(total or 0) for key, total in (await session.exec(query)).all() if key is not None}


async def team(*, session: AsyncSession, user_id: int, depth: int) -> Team:
    levels: list[TeamLevel] = []
    earned_by_level = await _earned_by_tree_level(session, user_id)
    above = [user_id]
    for tree_level in range(1, depth + 1):
        rows = (await session.exec(select(ReferralUser).where(col(ReferralUser.referrer_id).in_(above)))).all() \
            if above else []
        ids = [row.user_id for row in rows]
        known = await _levels(session, ids) if ids else {}
        by_level: dict[str, int] = {}
        for member in ids:
            level = known.get(member, BASE_LEVEL)
            by_level[level] = by_level.get(level, 0) + 1
        levels.append(TeamLevel(tree_level=tree_level, members=len(ids),
                                buyers=sum(1 for row in rows if row.first_paid_order_id is not None),
                                by_membership_level=by_level, earned_fen=earned_by_level.get(tree_level, 0)))
        above = ids
    direct = (await session.exec(select(ReferralUser).where(ReferralUser.referrer_id == user_id)
                                 .order_by(col(ReferralUser.bound_at).desc()).limit(DIRECT_SHOWN))).all()
    return Team(levels=levels, direct=await _direct(session, user_id, list(direct)))


async def _direct(session: AsyncSession, user_id: int, rows: list[ReferralUser]) -> list[TeamMember]:
    if not rows:
        return []
    ids = [row.user_id for row in rows]
    known = await _levels(session, ids)
    query = (select(OrderEarning.buyer_id, sa.func.sum(LedgerEntry.amount_fen))
             .join(OrderEarning, col(OrderEarning.order_id) == col(LedgerEntry.order_id))
             .where(LedgerEntry.user_id == user_id, LedgerEntry.kind == "rebate", LedgerEntry.tree_level == 1,
                    col(LedgerEntry.bucket).in_(EARNED_BUCKETS), col(OrderEarning.buyer_id).in_(ids))
             .group_by(OrderEarning.buyer_id))
    earned = {buyer: int(total or 0) for buyer, total in (await session.exec(query)).all()}
    return [TeamMember(member=mask(row.user_id), level=known.get(row.user_id, BASE_LEVEL), bound_at=row.bound_at,
                       has_paid=row.first_paid_order_id is not None, earned_fen=earned.get(row.user_id, 0))
            for row in rows if row.bound_at is not None]


async def tree(*, session: AsyncSession, user_id: int, depth: int, per_node: int = 100) -> TreeNode:
    """A user's place in the tree for ops: their referrer, and their downline ``depth`` levels deep (user ids
    and levels, no personal data; at most ``per_node`` referees shown under each user, latest first)."""
    row = await session.get(ReferralUser, user_id)
    known = await _levels(session, [user_id])
    root = TreeNode(user_id=user_id, level=known.get(user_id, BASE_LEVEL), bound_at=row.bound_at if row else None,
                    has_paid=bool(row and row.first_paid_order_id), referees=0, children=[])
    referrer = row.referrer_id if row else None
    nodes = {user_id: root}
    above = [user_id]
    for _ in range(depth):
        if not above:
            break
        rows = (await session.exec(select(ReferralUser).where(col(ReferralUser.referrer_id).in_(above))
                                   .order_by(col(ReferralUser.bound_at).desc()))).all()
        levels = await _levels(session, [r.user_id for r in rows]) if rows else {}
        below = []
        for child in rows:
            parent = nodes[child.referrer_id]
            parent.referees += 1
            if len(parent.children) >= per_node:
                continue
            node = TreeNode(user_id=child.user_id, level=levels.get(child.user_id, BASE_LEVEL),
                            bound_at=child.bound_at, has_paid=child.first_paid_order_id is not None, referees=0,
                            children=[])
            parent.children.append(node)
            nodes[child.user_id] = node
            below.append(child.user_id)
        above = below
    if above:  # the deepest users listed: how many referees they have, without listing them
        counts = (await session.exec(select(ReferralUser.referrer_id, sa.func.count()).where(
            col(ReferralUser.referrer_id).in_(above)).group_by(ReferralUser.referrer_id))).all()
        for referrer_of, count in counts:
            nodes[referrer_of].referees = int(count)
    root.referrer_id = referrer
    return root
