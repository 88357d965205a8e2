"""Communities: ops open them and assign their leader; users join the one they pick up from."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.pagination import Page, PageParams, paginate
from common.problems import Problem, not_found
from services.membership import levels, lifecycle
from services.membership.models import Community, CommunityMember, User
from services.membership.schemas import CommunityCreate, CommunityFacts, CommunityPublic, MyCommunity


def mask(nickname: str) -> str:
    """张三丰 → 张**: enough to recognise a neighbour, not enough to identify a stranger."""
    if not nickname:
        return "团长"
    return nickname[0] + "*" * max(1, len(nickname) - 1)


async def _public(session: AsyncSession, community: Community) -> CommunityPublic:
    members = (await session.exec(select(sa.func.count()).select_from(CommunityMember)
                                  .where(CommunityMember.community_id == community.id))).one()
    leader = await session.get(User, community.leader_user_id) if community.leader_user_id else None
    return CommunityPublic(**community.model_dump(exclude={"leader_user_id"}),
                           leader=mask(leader.nickname) if leader else None, members=int(members))


async def create(*, session: AsyncSession, community_in: CommunityCreate) -> CommunityPublic:
    community = Community(**community_in.model_dump())
    session.add(community)
    await session.commit()
    return await _public(session, community)


async def get(*, session: AsyncSession, community_id: int) -> CommunityPublic:
    community = await session.get(Community, community_id)
    if community is None:
        raise not_found("community", community_id)
    return await _public(session, community)


async def facts(*, session: AsyncSession, community_id: int) -> CommunityFacts:
    community = await session.get(Community, community_id)
    if community is None:
        raise not_found("community", community_id)
    return CommunityFacts(id=community.id, leader_user_id=community.leader_user_id)


async def list_all(*, session: AsyncSession, page: PageParams, descending: bool = False) -> Page[CommunityPublic]:
    return await paginate(session, select(Community), key=col(Community.id), page=page, descending=descending,
                          public=lambda row: _public(session, row))


async def assign_leader(*, session: AsyncSession, community_id: int, user_id: int) -> CommunityPublic:
    """The user leads this community (and holds the ``leader`` role); the previous leader keeps the role
    only while they lead another community.  Roles reach access tokens at the next refresh."""
    community = await session.get(Community, community_id)
    if community is None:
        raise not_found("community", community_id)
    leader = await session.get(User, user_id)
    if leader is None:
        raise Problem(422, "validation_error", "No such user",
                      errors=[{"field": "body.user_id", "message": "no such user", "type": "value_error"}])
    previous = community.leader_user_id
    community.leader_user_id = user_id
    leader.roles = sorted({*leader.roles, "leader"})
    await session.flush()
    if previous and previous != user_id:
        still_leads = (await session.exec(select(Community.id).where(Community.leader_user_id == previous))).first()
        if still_leads is None:
            former = await session.get(User, previous)
            former.roles = sorted(set(former.roles) - {"leader"})
    await session.commit()
    return await _public(session, community)


async def join(*, session: AsyncSession, community_id: int, user_id: int) -> MyCommunity:
    community = await session.get(Community, community_id)
    if community is None:
        raise not_found("community", community_id)
    membership = await session.get(CommunityMember, user_id)
    if membership is None:
        membership = CommunityMember(user_id=user_id, community_id=community_id, joined_at=now())
        session.add(membership)
    elif membership.community_id != community_id:
        membership.community_id, membership.joined_at = community_id, now()
    user = await levels.locked_user(session, user_id)  # locked: a stage written meanwhile is never undone
    if user is not None:
        await lifecycle.reach(session, user, "participant", event_type="community.joined", at=membership.joined_at)
    await session.commit()
    return MyCommunity(community=await _public(session, community), joined_at=membership.joined_at,
                       i_lead_it=community.leader_user_id == user_id)


async def mine(*, session: AsyncSession, user_id: int) -> MyCommunity:
    membership = await session.get(CommunityMember, user_id)
    if membership is None:
        raise Problem(404, "not_found", "You have not joined a community")
    community = await session.get(Community, membership.community_id)
    return MyCommunity(community=await _public(session, community), joined_at=membership.joined_at,
                       i_lead_it=community.leader_user_id == user_id)


async def leave(*, session: AsyncSession, user_id: int) -> None:
    await session.exec(sa.delete(CommunityMember).where(col(CommunityMember.user_id) == user_id))
    await session.commit()
