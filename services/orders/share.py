"""Who may read a ladder group, and its share page.

A group's progress used to answer anyone who guessed an id.  Now it answers:
- its participants: buyers with an order in the group (any state: a buyer who paid and left still sees
  how it ended);
- holders of the group's share link: ``?share=<token>`` (``domain/share_link.py``, stateless, nothing
  stored, nothing to migrate), or the mini-program code's scene ``g=<id>&t=<token>`` that carries it;
- ops and admins.
Anyone else, signed in or not, gets 404, exactly like a group that does not exist: group ids are
sequential, so nothing may tell a guesser which ones are real.

The share page (``GET /v1/groups/{id}/share``) shows the product, the tiers frozen when the group opened,
the progress and time left, and the buyers still in — masked by membership to a nickname's first
character and an avatar.  No buyer id, order, phone or address is on it.  Its answer carries the token,
so a participant (or anyone who already holds the link) can pass it on.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import Identity, IdentityDep
from common.db import SessionDep
from common.problems import not_found
from services.orders import audit
from services.orders import groups as ladder
from services.orders.access import is_staff
from services.orders.clients import Clients
from services.orders.domain.pricing import LadderPricing, still_in
from services.orders.domain.share_link import opens, share_secret, share_token
from services.orders.models import LadderGroup, Order
from services.orders.schemas import (
    GroupProgress,
    GroupSharePage,
    ParticipantPublic,
    ShareProduct,
    TierPublic,
)

SHOWN_PARTICIPANTS = 50
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
ShareToken = Annotated[str | None, Query(alias="share", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$",
                                         description="The group's share token, from its shared link or scene")]

router = APIRouter(prefix="/v1/groups", tags=["groups"], dependencies=[Depends(audit.set_actor)])


def _secret(request: Request) -> bytes:
    return share_secret(request.app.state.settings.internal_key)


async def _is_participant(session: AsyncSession, group_id: int, caller: Identity) -> bool:
    if caller.kind != "user" or caller.user_id is None:
        return False
    query = select(Order.id).where(Order.group_id == group_id, Order.user_id == caller.user_id).limit(1)
    return (await session.exec(query)).first() is not None


async def readable_group(*, session: AsyncSession, secret: bytes, caller: Identity, group_id: int,
                         token: str | None) -> LadderGroup:
    """The group, when the caller may read it (module docstring); 401 or 404 otherwise."""
    group = await session.get(LadderGroup, group_id)
    if group is not None and (opens(secret, group_id, token) or is_staff(caller)
                              or await _is_participant(session, group_id, caller)):
        return group
    raise not_found("group", group_id)


async def _participants(session: AsyncSession, clients: Clients, group_id: int) -> list[ParticipantPublic]:
    members = [m for m in await ladder._members(session, group_id) if still_in(m)]
    ordered = list(dict.fromkeys(m.buyer for m in members))[:SHOWN_PARTICIPANTS]
    if not ordered:
        return []
    answer = await clients._call("membership", "POST", "/internal/users/cards", json={"user_ids": ordered})
    if answer.status_code != 200:
        raise clients._relay_problem(answer, "membership")
    return [ParticipantPublic(initial=card["initial"], avatar_url=card["avatar_url"]) for card in answer.json()]


async def share_page(*, session: AsyncSession, clients: Clients, secret: bytes, caller: Identity, group_id: int,
                     token: str | None) -> GroupSharePage:
    group = await readable_group(session=session, secret=secret, caller=caller, group_id=group_id, token=token)
    terms = LadderPricing.model_validate(group.terms)
    activity = await clients.activity(group.activity_id)
    sku = await clients.sku(activity.sku_id)
    participants = await _participants(session, clients, group.id)
    token = share_token(secret, group.id)
    return GroupSharePage(
        group=ladder._progress(group),
        product=ShareProduct(product_id=sku.product_id, sku_id=sku.id, name=sku.product_name, sku_name=sku.name,
                             list_price_fen=sku.price_fen),
        basis=terms.basis, tiers=[TierPublic(threshold=t.threshold, unit_price_fen=t.unit_price_fen)
                                  for t in terms.tiers],
        participants=participants, share_token=token, scene=f"g={group.id}&t={token}")


@router.get("/{group_id}/share", operation_id="orders_group_share", response_model=GroupSharePage)
async def get_share_page(group_id: Id, request: Request, caller: IdentityDep, session: SessionDep,
                         share: ShareToken = None) -> GroupSharePage:
    """The group's share page: product, tiers, progress, time left and its buyers masked (initial and
    avatar).  For its participants, and anyone holding its shared link (``share``)."""
    return await share_page(session=session, clients=request.app.state.clients, secret=_secret(request),
                            caller=caller, group_id=group_id, token=share)


async def group_progress(*, request: Request, session: AsyncSession, caller: Identity, group_id: int,
                         token: str | None) -> GroupProgress:
    group = await readable_group(session=session, secret=_secret(request), caller=caller, group_id=group_id,
                                 token=token)
    return ladder._progress(group)


__all__ = ["ShareToken", "group_progress", "readable_group", "router"]
