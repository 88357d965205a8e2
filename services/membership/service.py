"""Membership use cases."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.pagination import Page, PageParams, encode_cursor
from services.membership.models import Level
from services.membership.schemas import LevelPublic


async def list_levels(*, session: AsyncSession, page: PageParams) -> Page[LevelPublic]:
    query = select(Level).order_by(col(Level.rank))
    if page.after is not None:
        query = query.where(col(Level.rank) > int(page.after))
    rows = (await session.exec(query.limit(page.limit + 1))).all()
    items = [LevelPublic.model_validate(row, from_attributes=True) for row in rows[: page.limit]]
    return Page[LevelPublic](items=items,
                             next_cursor=encode_cursor(items[-1].rank) if len(rows) > page.limit else None)
