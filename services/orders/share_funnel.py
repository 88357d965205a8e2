"""Share attribution: which share each group join came from, visits of shares, and the funnel ops read.

- **A join's source.** ``POST /v1/orders`` takes an optional ``source: {kind, scene?, group_id?,
  share_token?}`` (kinds as binds have them: ``scene``, ``share_card``, ``poster``, ``leader_code``).  A
  group's share token is checked against its group here, with the service's own key (``domain/share_link.py``):
  a wrong one is 422 ``invalid_share_token``; a scene is kept as given.  Nothing else is asked, so placing
  an order costs no call more than before.  The order keeps the kind and the share (``g<group id>`` or
  ``s<scene>``); the source of any order is kept, and the funnel counts those in a ladder group as joins.
- **Visits.** ``POST /v1/shares/visits {kind: code|card|poster, scene | group_id+share_token, visitor?}``:
  anyone, signed in or not, may report that they opened a share; the gateway limits the ``shares`` route
  group per address like any anonymous write (``GROUPBUY_RATE_LIMITS__GROUPS``).  A visit counts once per
  visitor, share and business day (Asia/Shanghai): the visitor is the signed-in user, else the id the
  mini-program keeps for an anonymous visitor, else the caller's address.
- **The funnel.** ``GET /v1/shares/funnel?since=&until=`` (ops) per source: codes shared (membership),
  visits, binds and bound users who paid (referrals), group joins and joins that were their buyer's
  first paid order (here).  Orders holds the joins and the visits, so it answers, asking membership and
  referrals once each; a service that does not answer leaves its figures None and is named in ``missing``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Request
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import Identity, IdentityDep, ServiceCaller, require_role
from common.clock import BUSINESS_TZ, now
from common.db import SessionDep, WriteSessionDep
from common.problems import Problem, not_found
from services.orders.clients import Clients
from services.orders.domain.share_link import opens, share_secret, share_token
from services.orders.domain.share_source import SCENE_KIND_SOURCES, VISIT_KINDS, funnel_rows, share_key
from services.orders.models import LadderGroup, Order, ShareVisit
from services.orders.share import _is_participant
from services.orders.share_schemas import ShareFunnel, ShareLink, ShareSource, SourceFunnel, VisitCreate, VisitRecorded

DEFAULT_WINDOW = timedelta(days=30)


def _check_token(secret: bytes, group_id: int | None, token: str | None) -> None:
    if group_id is not None and not opens(secret, group_id, token):
        raise Problem(422, "invalid_share_token", "This share token does not belong to that group")


def attribution(source: ShareSource | None, secret: bytes) -> tuple[str | None, str | None]:
    """The (kind, share) an order keeps for its source; 422 for a group token that is not the group's."""
    if source is None:
        return None, None
    _check_token(secret, source.group_id, source.share_token)
    return source.kind, share_key(group_id=source.group_id, scene=source.scene)


def _visitor(caller: Identity, visit: VisitCreate, request: Request) -> str:
    if caller.kind == "user" and caller.user_id is not None:
        return f"u:{caller.user_id}"
    if visit.visitor:
        return f"v:{visit.visitor}"
    forwarded = request.headers.get("x-forwarded-for", "").split(",")[0].strip()
    return f"ip:{forwarded or (request.client.host if request.client else 'unknown')}"[:80]


async def record_visit(*, session: AsyncSession, secret: bytes, visitor: str, visit: VisitCreate) -> VisitRecorded:
    _check_token(secret, visit.group_id, visit.share_token)
    at = now()
    share = share_key(group_id=visit.group_id, scene=visit.scene)
    query = select(ShareVisit.id).where(ShareVisit.share == share, ShareVisit.visitor == visitor,
                                        ShareVisit.day == at.astimezone(BUSINESS_TZ).date())
    if (await session.exec(query)).first() is not None:
        return VisitRecorded(counted=False)
    try:
        async with session.begin_nested():
            session.add(ShareVisit(share=share, kind=VISIT_KINDS[visit.kind], visitor=visitor,
                                   day=at.astimezone(BUSINESS_TZ).date(), visited_at=at))
    except sa.exc.IntegrityError:  # the same visit reported twice at once
        return VisitRecorded(counted=False)
    await session.commit()
    return VisitRecorded(counted=True)


async def _remote(clients: Clients, part: str, path: str, since: datetime, until: datetime) -> list[dict] | None:
    try:
        answer = await clients._call(part, "GET", path, params={"since": since.isoformat(),
                                                                "until": until.isoformat()})
    except Problem:
        return None
    return list(answer.json()) if answer.status_code == 200 else None


async def funnel(*, session: AsyncSession, clients: Clients, since: datetime, until: datetime) -> ShareFunnel:
    visits = dict((await session.exec(
        select(ShareVisit.kind, func.count()).where(col(ShareVisit.visited_at) >= since,
                                                    col(ShareVisit.visited_at) < until)
        .group_by(ShareVisit.kind))).all())
    earlier = sa.orm.aliased(Order)
    first_paid = sa.and_(col(Order.paid_at).is_not(None), ~sa.exists().where(
        earlier.user_id == Order.user_id, earlier.paid_at.is_not(None), earlier.paid_at < Order.paid_at))
    joined = (await session.exec(
        select(Order.source_kind, func.count(), func.count(sa.case((first_paid, 1))))
        .where(col(Order.source_kind).is_not(None), col(Order.group_id).is_not(None),
               col(Order.created_at) >= since, col(Order.created_at) < until)
        .group_by(Order.source_kind))).all()
    missing = []
    scenes = await _remote(clients, "membership", "/internal/scenes/stats", since, until)
    shares: dict[str, int] | None = None
    if scenes is None:
        missing.append("membership")
    else:
        shares = {}
        for row in scenes:
            source = SCENE_KIND_SOURCES.get(row["kind"], "scene")
            shares[source] = shares.get(source, 0) + int(row["shares"])
    bound = await _remote(clients, "referrals", "/internal/referrals/bind-sources", since, until)
    if bound is None:
        missing.append("referrals")
    binds = None if bound is None else {row["source"]: (int(row["binds"]), int(row["first_paid"])) for row in bound}
    rows = funnel_rows(shares=shares, visits=visits, binds=binds,
                       joins={kind: (count, paid) for kind, count, paid in joined})
    return ShareFunnel(since=since, until=until, sources=[SourceFunnel.model_validate(row) for row in rows],
                       missing=missing)


async def share_link(*, session: AsyncSession, secret: bytes, group_id: int, user_id: int | None,
                     staff: bool) -> ShareLink:
    """A group's share link for someone who may read the group (its participants, ops); 404 otherwise."""
    group = await session.get(LadderGroup, group_id)
    caller = Identity(kind="user", user_id=user_id) if user_id is not None else None
    if group is None or not (staff or (caller is not None and await _is_participant(session, group_id, caller))):
        raise not_found("group", group_id)
    token = share_token(secret, group_id)
    return ShareLink(group_id=group_id, share_token=token, scene=f"g={group_id}&t={token}")


def _secret(request: Request) -> bytes:
    return share_secret(request.app.state.settings.internal_key)


router = APIRouter(prefix="/v1/shares", tags=["shares"])
internal = APIRouter(prefix="/internal/groups", include_in_schema=False)


@router.post("/visits", operation_id="shares_visit", response_model=VisitRecorded)
async def post_visit(body: VisitCreate, request: Request, caller: IdentityDep,
                     session: WriteSessionDep) -> VisitRecorded:
    """Someone opened a share: a group's card or poster, or a scanned code (anyone; once a day per visitor)."""
    return await record_visit(session=session, secret=_secret(request), visitor=_visitor(caller, body, request),
                              visit=body)


@router.get("/funnel", operation_id="shares_funnel", response_model=ShareFunnel,
            dependencies=[require_role("ops", "admin")])
async def get_funnel(request: Request, session: SessionDep,
                     since: Annotated[datetime | None, Query(description="From (default: 30 days earlier)")] = None,
                     until: Annotated[datetime | None, Query(description="Until, excluded (default: now)")] = None,
                     ) -> ShareFunnel:
    """Per source: codes shared → visits → binds → group joins → first paid orders (ops)."""
    until = until or now()
    since = since or until - DEFAULT_WINDOW
    if since.tzinfo is None or until.tzinfo is None:
        raise Problem(422, "validation_error", "since and until need a time zone",
                      errors=[{"field": "query.since", "message": "give a UTC offset", "type": "value_error"}])
    if since >= until:
        raise Problem(422, "validation_error", "since must come before until",
                      errors=[{"field": "query.since", "message": "since must come before until",
                               "type": "value_error"}])
    return await funnel(session=session, clients=request.app.state.clients, since=since, until=until)


@internal.get("/{group_id}/share-link", response_model=ShareLink)
async def get_share_link(group_id: Annotated[int, Path(ge=1, le=2**31 - 1)], request: Request,
                         _caller: ServiceCaller, session: SessionDep,
                         user_id: Annotated[int | None, Query(ge=1)] = None, staff: bool = False) -> ShareLink:
    """The share link membership puts in a group's mini-program code, for a caller who may read the group."""
    return await share_link(session=session, secret=_secret(request), group_id=group_id, user_id=user_id,
                            staff=staff)


routers = [router, internal]
