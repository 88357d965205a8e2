"""The campaign calendar's use cases: recurring templates, and the member promotion days (with the
reward multiplier other services read)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.pagination import Page, PageParams, paginate
from common.problems import Problem
from services.catalog.domain.activities import check_window
from services.catalog.domain.calendar import local_midnight, parse_rule
from services.catalog.models import CampaignTemplate, PromotionDay, Sku
from services.catalog.schemas import Multiplier, PromotionDayPublic, TemplateCreate, TemplatePublic


def _invalid(field: str, message: str) -> Problem:
    return Problem(422, "validation_error", f"Invalid fields: {field}",
                   errors=[{"field": field, "message": message, "type": "value_error"}])


async def create_template(*, session: AsyncSession, template_in: TemplateCreate) -> TemplatePublic:
    try:
        parse_rule(template_in.rrule, first_day=local_midnight(template_in.start_date))
    except ValueError as exc:
        raise _invalid("body.rrule", str(exc)) from exc
    if template_in.terms is not None:
        start = local_midnight(template_in.start_date)
        try:
            check_window(starts_at=start, ends_at=start + timedelta(seconds=template_in.duration_s),
                         terms=template_in.terms)
        except ValueError as exc:
            raise _invalid("body.terms", str(exc)) from exc
    if template_in.sku_id is not None and await session.get(Sku, template_in.sku_id) is None:
        raise _invalid("body.sku_id", "no such SKU")
    template = CampaignTemplate(**template_in.model_dump(exclude={"terms"}),
                                terms=template_in.terms.model_dump(mode="json") if template_in.terms else None)
    session.add(template)
    await session.commit()
    return TemplatePublic.model_validate(template, from_attributes=True)


async def list_templates(*, session: AsyncSession, page: PageParams, descending: bool = False,
                         ) -> Page[TemplatePublic]:
    return await paginate(session, select(CampaignTemplate), key=col(CampaignTemplate.id), page=page,
                          descending=descending,
                          public=lambda row: TemplatePublic.model_validate(row, from_attributes=True))


async def promotion_days(*, session: AsyncSession, start: datetime, end: datetime) -> list[PromotionDayPublic]:
    rows = (await session.exec(select(PromotionDay).where(col(PromotionDay.ends_at) > start,
                                                          col(PromotionDay.starts_at) < end)
                               .order_by(col(PromotionDay.starts_at)).limit(500))).all()
    return [PromotionDayPublic.model_validate(r, from_attributes=True) for r in rows]


async def multiplier_at(*, session: AsyncSession, at: datetime) -> Multiplier:
    """The referral reward multiplier in force at ``at``: the highest running promotion day's, else 1."""
    rows = (await session.exec(select(PromotionDay.reward_multiplier).where(
        col(PromotionDay.starts_at) <= at, col(PromotionDay.ends_at) > at))).all()
    edges = []  # the promotion-day edges around ``at``: the multiplier cannot change between them
    for column in (col(PromotionDay.starts_at), col(PromotionDay.ends_at)):
        edges.append((await session.exec(select(sa.func.max(column)).where(column <= at))).one())
        edges.append((await session.exec(select(sa.func.min(column)).where(column > at))).one())
    before = [edge for edge in edges[0::2] if edge is not None]
    after = [edge for edge in edges[1::2] if edge is not None]
    return Multiplier(at=at, reward_multiplier=max(rows, default=1), steady_from=max(before, default=None),
                      steady_until=min(after, default=None))
