"""Where each bind came from, and the share funnel ops read per source.

The mini-program says how the user arrived when it binds: ``POST /v1/referrals/bind {code, source:
{kind, scene?}}`` with ``kind`` one of ``scene`` (a scanned mini-program code; ``scene`` is its id, as
``GET /v1/scenes/{scene}`` resolved it), ``share_card`` (a forwarded card), ``poster`` or
``leader_code``.  The source is recorded in the bind's transaction, only when the bind takes effect (a
repeated bind to the same referrer keeps the first source; an ``override`` bind replaces it); a bind
without a source is ``unknown``.

The funnel (``GET /v1/referrals/funnel``, ops) per source: binds, and bound users whose first paid order
came (``referral_user.first_paid_order_id``); for scanned codes, membership adds the top of the funnel —
codes shared and visits (resolutions) per kind — from ``/internal/scenes/stats``.  When membership does
not answer, the funnel still shows referrals' own figures, with ``scenes`` empty.  Orders' share funnel
(``GET /v1/shares/funnel``) reads the binds of a window per source from ``/internal/referrals/bind-sources``.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import ServiceCaller, require_role
from common.db import SessionDep
from services.referrals.clients import Clients, Unavailable
from services.referrals.models import BindSource, ReferralUser
from services.referrals.schemas import BindSourceIn


class SourceFunnel(BaseModel):
    source: str
    binds: int
    first_paid: int = Field(description="Bound users from this source who have paid for an order")


class SceneFunnel(BaseModel):
    kind: str = Field(description="What the codes shared: referral, product, group, community")
    shares: int = Field(description="Codes made")
    visits: int = Field(description="Codes scanned and resolved")


class Funnel(BaseModel):
    sources: list[SourceFunnel]
    scenes: list[SceneFunnel]


async def record(session: AsyncSession, *, user_id: int, referrer_id: int, source: BindSourceIn | None,
                 at: datetime) -> None:
    """Keep where this bind came from (the bind's transaction; does not commit)."""
    row = await session.get(BindSource, user_id) or BindSource(user_id=user_id, referrer_id=referrer_id,
                                                                kind="unknown", bound_at=at)
    row.referrer_id, row.bound_at = referrer_id, at
    row.kind = source.kind if source else "unknown"
    row.scene = source.scene if source else None
    session.add(row)


async def funnel(*, session: AsyncSession, clients: Clients) -> Funnel:
    rows = (await session.exec(
        select(BindSource.kind, func.count(), func.count(ReferralUser.first_paid_order_id))
        .join(ReferralUser, col(ReferralUser.user_id) == col(BindSource.user_id), isouter=True)
        .group_by(BindSource.kind).order_by(BindSource.kind))).all()
    try:
        scenes = await clients.scene_stats()
    except Unavailable:
        scenes = []
    return Funnel(sources=[SourceFunnel(source=kind, binds=binds, first_paid=paid) for kind, binds, paid in rows],
                  scenes=[SceneFunnel.model_validate(item) for item in scenes])


ops = APIRouter(prefix="/v1/referrals/funnel", tags=["referrals"], dependencies=[require_role("ops", "admin")])


@ops.get("", operation_id="referrals_funnel", response_model=Funnel)
async def get_funnel(session: SessionDep, request: Request) -> Funnel:
    """Share → visit → bind → first paid order, per source (ops)."""
    return await funnel(session=session, clients=request.app.state.clients)


internal = APIRouter(prefix="/internal/referrals/bind-sources", include_in_schema=False)


@internal.get("", response_model=list[SourceFunnel])
async def bind_source_counts(_caller: ServiceCaller, session: SessionDep, since: datetime,
                             until: datetime) -> list[SourceFunnel]:
    """Binds made in [since, until) per source, and how many of those users paid (orders' share funnel)."""
    rows = (await session.exec(
        select(BindSource.kind, func.count(), func.count(ReferralUser.first_paid_order_id))
        .join(ReferralUser, col(ReferralUser.user_id) == col(BindSource.user_id), isouter=True)
        .where(col(BindSource.bound_at) >= since, col(BindSource.bound_at) < until)
        .group_by(BindSource.kind).order_by(BindSource.kind))).all()
    return [SourceFunnel(source=kind, binds=binds, first_paid=paid) for kind, binds, paid in rows]


routers = [ops, internal]
