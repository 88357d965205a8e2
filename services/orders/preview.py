"""A group before you join: ``GET /v1/activities/{id}/my-group?address_id=``, also served as
``GET /v1/groups/preview?activity_id=&address_id=`` (its first path, kept for callers built on it).

The group the buyer would join at one of their own addresses (found by the same address key the order
path uses: ``service.group_key``), or none yet — in which case their order would open it — with its
progress and the price they would pay now: the same quote an order placed this moment gets (the tier at
the count including them, or their member or early-bird price when lower; never stacked).  Nothing is
written: no group is opened, no stock is held, no Idempotency-Key is taken.

Groups live in orders, while the gateway routes ``/v1/activities/...`` to catalog by its first segment;
``/v1/activities/{id}/my-group`` is the one nested path the gateway sends to orders instead
(``gateway/routing.py``, ``NESTED``), so catalog never relays a question about orders' data.

The address is checked by membership against the caller: another buyer's address answers 404, as a
missing one does.  The quote is a snapshot: neighbours paying before the buyer can only lower the price
(the group settles at the lower of the quote and the final tier).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from sqlmodel import select

from common.auth import CurrentUser
from common.clock import now
from common.db import DatabaseDep
from common.problems import Problem, not_found
from services.orders import audit
from services.orders import groups as ladder
from services.orders.clients import Clients, OrderFacts
from services.orders.domain.pricing import LadderPricing, quote
from services.orders.models import GroupStatus, LadderGroup
from services.orders.schemas import GroupPreview
from services.orders.service import group_key

QueryId = Annotated[int, Query(ge=1, le=2**31 - 1)]

router = APIRouter(prefix="/v1/groups", tags=["groups"], dependencies=[Depends(audit.set_actor)])
by_activity = APIRouter(prefix="/v1/activities", tags=["groups"], dependencies=[Depends(audit.set_actor)])


async def _own_address(clients: Clients, user_id: int, address_id: int) -> OrderFacts:
    try:
        return await clients.order_facts(user_id, address_id)
    except Problem as problem:
        if problem.code == "validation_error":  # membership: not one of the caller's addresses
            raise not_found("address", address_id) from None
        raise


async def preview(*, db, clients: Clients, user_id: int, activity_id: int, address_id: int,
                  quantity: int, activity_field: str = "query.activity_id") -> GroupPreview:
    try:
        activity = await clients.activity(activity_id)
    except Problem as problem:
        if problem.code == "validation_error":
            raise not_found("activity", activity_id) from None
        raise
    if activity.kind != "ladder_group":
        raise Problem(422, "validation_error", "This activity is not a group buy",
                      errors=[{"field": activity_field, "message": "not a ladder group buy",
                               "type": "value_error"}])
    if activity.status != "live":
        raise Problem(409, "activity_not_live", "The activity is not running")
    facts = await _own_address(clients, user_id, address_id)
    key = group_key(activity, facts.address, field="query.address_id")
    sku = await clients.sku(activity.sku_id)
    async with db.read_sessions() as session:
        group = (await session.exec(select(LadderGroup).where(
            LadderGroup.activity_id == activity.id, LadderGroup.address_key == key,
            LadderGroup.status == GroupStatus.open))).first()
        terms = LadderPricing.model_validate(group.terms if group is not None else activity.terms)
        held, mine = (await ladder.early_bird_slots(session, activity.id, user_id)
                      if terms.early_bird is not None else (0, False))
        paid_before = group is not None and await ladder.has_paid_order(session, group.id, user_id)
    shown = quote(terms, participants=max(group.paid_count if group else 0, int(paid_before)),
                  portions=group.portions if group else 0, quantity=quantity, buyer_has_paid_order=paid_before,
                  at=now(), member_prices=sku.member_prices, level=facts.buyer.level,
                  early_bird_slots_held=held, holds_early_bird_slot=mine)
    return GroupPreview(activity_id=activity.id, address_id=address_id,
                        group=ladder._progress(group) if group is not None else None, quantity=quantity,
                        unit_price_fen=shown.unit_price_fen, amount_fen=shown.amount_fen,
                        price_rule=shown.rule.value, pay_by=shown.pay_by)


@router.get("/preview", operation_id="orders_preview_group", response_model=GroupPreview)
async def get_preview(request: Request, user: CurrentUser, db: DatabaseDep, activity_id: QueryId,
                      address_id: QueryId,
                      quantity: Annotated[int, Query(ge=1, le=99, description="Units the order would buy")] = 1,
                      ) -> GroupPreview:
    """The group you would join at one of your addresses (or that none is open there yet), its progress and
    the price you would pay now — without placing an order or holding stock."""
    return await preview(db=db, clients=request.app.state.clients, user_id=user.user_id, activity_id=activity_id,
                         address_id=address_id, quantity=quantity)


@by_activity.get("/{activity_id}/my-group", operation_id="orders_my_group", response_model=GroupPreview)
async def my_group(request: Request, user: CurrentUser, db: DatabaseDep,
                   activity_id: Annotated[int, Path(ge=1, le=2**31 - 1)], address_id: QueryId,
                   quantity: Annotated[int, Query(ge=1, le=99, description="Units the order would buy")] = 1,
                   ) -> GroupPreview:
    """The group you would join in this activity at one of your addresses (or that none is open there yet),
    its progress and the price you would pay now — without placing an order or holding stock."""
    return await preview(db=db, clients=request.app.state.clients, user_id=user.user_id, activity_id=activity_id,
                         address_id=address_id, quantity=quantity, activity_field="path.activity_id")
