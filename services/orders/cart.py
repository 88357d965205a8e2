"""The buyer's cart: lines to check out later, each listed with a live quote — the price the buyer would pay
if they checked out now, by the one rule open to them (list or member price; a ladder activity's tier for the
group open at the address given, else its first tier; the flash price; an early bird) — and, for a line that
can no longer be bought, why (``domain/checkout.py``: ``not_on_sale``, ``activity_ended``,
``activity_not_started``, ``sold_out``, ``limit_reached``).

A quote here is what the buyer is shown, never a promise: checking out quotes every line again, as a single
order would be, and catalog decides every hold.  Listing never opens a ladder group and never touches the
flash gate's counters (it only glances at them).  A cart line names a SKU bought as it is or an activity;
the same item put in again adds to its quantity."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.db import Database
from common.flashgate import FlashGlance, Glance
from common.problems import Problem, not_found
from services.orders import groups, service
from services.orders.checkout_schemas import Cart, CartLineCreate, CartLinePublic
from services.orders.clients import ActivityFacts, BuyerFacts, Clients, SkuFacts
from services.orders.domain.checkout import unavailable_reason
from services.orders.domain.pricing import (
    FlashPricing,
    LadderPricing,
    Quote,
    final_threshold,
    flash_quote,
    list_quote,
    quote_count,
)
from services.orders.domain.pricing import quote as ladder_quote
from services.orders.models import CartLine, GroupStatus, LadderGroup, Order, OrderStatus

MAX_CART_LINES = 50
_HOLDING = (OrderStatus.pending_payment, *groups.PAID_STATES)


async def add_line(*, db: Database, clients: Clients, user_id: int, line_in: CartLineCreate) -> CartLinePublic:
    activity = await clients.activity(line_in.activity_id) if line_in.activity_id is not None else None
    sku_id = activity.sku_id if activity is not None else line_in.sku_id
    await clients.sku(sku_id)  # 422 for a SKU that does not exist
    current = now()
    async with db.write_sessions() as session:
        line = (await session.exec(select(CartLine).where(
            CartLine.user_id == user_id, CartLine.sku_id == sku_id,
            CartLine.activity_key == (line_in.activity_id or 0)).with_for_update())).first()
        if line is None:
            count = (await session.exec(select(sa.func.count()).select_from(CartLine)
                                        .where(CartLine.user_id == user_id))).one()
            if count >= MAX_CART_LINES:
                raise Problem(409, "cart_full", f"A cart holds at most {MAX_CART_LINES} lines")
            line = CartLine(user_id=user_id, sku_id=sku_id, activity_id=line_in.activity_id,
                            activity_key=line_in.activity_id or 0, quantity=0, created_at=current)
        line.quantity = min(99, line.quantity + line_in.quantity)
        line.updated_at = current
        session.add(line)
        try:
            await session.commit()
        except sa.exc.IntegrityError:  # the same item put in at the same moment: the other request's line won
            raise Problem(409, "request_in_flight", "This item is being put in the cart already; try again",
                          headers={"Retry-After": "1"}) from None
    return _bare(line)


async def _own_line(session: AsyncSession, line_id: int, user_id: int) -> CartLine:
    line = (await session.exec(select(CartLine).where(CartLine.id == line_id).with_for_update())).first()
    if line is None or line.user_id != user_id:
        raise not_found("cart line", line_id)
    return line


async def change_line(*, db: Database, user_id: int, line_id: int, quantity: int) -> CartLinePublic:
    async with db.write_sessions() as session:
        line = await _own_line(session, line_id, user_id)
        line.quantity, line.updated_at = quantity, now()
        await session.commit()
    return _bare(line)


async def remove_line(*, db: Database, user_id: int, line_id: int) -> None:
    async with db.write_sessions() as session:
        await session.delete(await _own_line(session, line_id, user_id))
        await session.commit()


def _bare(line: CartLine) -> CartLinePublic:
    return CartLinePublic(id=line.id, sku_id=line.sku_id, activity_id=line.activity_id, quantity=line.quantity,
                          available=True)


async def cart(*, db: Database, clients: Clients, gate: FlashGlance, user_id: int,
               address_id: int | None) -> Cart:
    """The cart with every line quoted live."""
    async with db.read_sessions() as session:
        lines = (await session.exec(select(CartLine).where(CartLine.user_id == user_id)
                                    .order_by(col(CartLine.id)))).all()
    if not lines:
        return Cart(lines=[], total_fen=0, address_id=address_id)
    if address_id is not None:
        known = await clients.order_facts(user_id, address_id)
        buyer, address = known.buyer, known.address
    else:
        buyer, address = await clients.buyer(user_id), None
    shown = [await _quoted(db=db, clients=clients, gate=gate, buyer=buyer, address=address, line=line)
             for line in lines]
    return Cart(lines=shown, total_fen=sum(line.amount_fen or 0 for line in shown if line.available),
                address_id=address_id)


async def _quoted(*, db: Database, clients: Clients, gate: FlashGlance, buyer: BuyerFacts, address: dict | None,
                  line: CartLine) -> CartLinePublic:
    try:
        activity = await clients.activity(line.activity_id) if line.activity_id is not None else None
        sku = await clients.sku(line.sku_id)
    except Problem:  # gone from the catalog altogether
        return CartLinePublic(id=line.id, sku_id=line.sku_id, activity_id=line.activity_id, quantity=line.quantity,
                              available=False, unavailable_reason="not_on_sale")
    at = now()
    quote, threshold, sold_out = await _quote(db=db, gate=gate, buyer=buyer, address=address, line=line,
                                              activity=activity, sku=sku)
    limit = activity.terms.get("per_user_limit") if activity is not None else None
    bought = await _bought(db, activity.id, buyer.id) if limit is not None else 0
    why = unavailable_reason(
        published=sku.published, available=sku.available if activity is None or activity.kind != "flash_sale"
        else line.quantity, quantity=line.quantity, activity_status=activity.status if activity else None,
        starts_at=activity.starts_at if activity else None, ends_at=activity.ends_at if activity else None, at=at,
        flash_sold_out=sold_out, per_user_limit=limit, bought_already=bought)
    return CartLinePublic(
        id=line.id, sku_id=line.sku_id, activity_id=line.activity_id, quantity=line.quantity,
        product_name=sku.product_name, list_price_fen=sku.price_fen, ladder_threshold=threshold,
        unit_price_fen=quote.unit_price_fen if why is None and quote else None,
        amount_fen=quote.amount_fen if why is None and quote else None,
        price_rule=quote.rule.value if why is None and quote else None,
        available=why is None, unavailable_reason=why.value if why else None)


async def _quote(*, db: Database, gate: FlashGlance, buyer: BuyerFacts, address: dict | None, line: CartLine,
                 activity: ActivityFacts | None, sku: SkuFacts) -> tuple[Quote | None, int | None, bool]:
    """The quote, the ladder tier it read, and whether the flash gate says sold out."""
    at = now()
    if activity is None:
        return list_quote(sku.price_fen, quantity=line.quantity, member_prices=sku.member_prices,
                          level=buyer.level), None, False
    if activity.kind == "ladder_group":
        terms = LadderPricing.model_validate(activity.terms)
        participants = portions = 0
        paid_before = False
        if address is not None:
            group = await _open_group(db, activity, address)
            if group is not None:
                terms = LadderPricing.model_validate(group.terms)
                async with db.read_sessions() as session:
                    paid_before = await groups.has_paid_order(session, group.id, buyer.id)
                participants, portions = max(group.paid_count, int(paid_before)), group.portions
        held, mine = await _slots(db, terms.early_bird, activity.id, buyer.id)
        quote = ladder_quote(terms, participants=participants, portions=portions, quantity=line.quantity,
                             buyer_has_paid_order=paid_before, at=at, member_prices=sku.member_prices,
                             level=buyer.level, early_bird_slots_held=held, holds_early_bird_slot=mine)
        return quote, _threshold(terms, participants, portions, line.quantity, paid_before), False
    terms = FlashPricing.model_validate(activity.terms)
    held, mine = await _slots(db, terms.early_bird, activity.id, buyer.id)
    quote = flash_quote(terms, quantity=line.quantity, at=at, member_prices=sku.member_prices, level=buyer.level,
                        early_bird_slots_held=held, holds_early_bird_slot=mine)
    glance = await gate.look(activity.id, user_id=buyer.id, quantity=line.quantity, now_ms=_ms(at),
                             starts_ms=_ms(activity.starts_at), ends_ms=_ms(activity.ends_at))
    return quote, None, glance == Glance.SOLD_OUT


def _threshold(terms: LadderPricing, participants: int, portions: int, quantity: int, paid_before: bool) -> int:
    count = quote_count(terms.basis, participants=participants, portions=portions, quantity=quantity,
                        buyer_has_paid_order=paid_before)
    return final_threshold(count, terms.tiers)


async def _open_group(db: Database, activity: ActivityFacts, address: dict) -> LadderGroup | None:
    """The group open at this address, if there is one (listing never opens one)."""
    try:
        key = service.group_key(activity, address, field="query.address_id")
    except Problem:
        return None
    async with db.read_sessions() as session:
        return (await session.exec(select(LadderGroup).where(
            LadderGroup.activity_id == activity.id, LadderGroup.address_key == key,
            LadderGroup.status == GroupStatus.open))).first()


async def _slots(db: Database, early_bird: object | None, activity_id: int, user_id: int) -> tuple[int, bool]:
    if early_bird is None:
        return 0, False
    async with db.read_sessions() as session:
        return await groups.early_bird_slots(session, activity_id, user_id)


async def _bought(db: Database, activity_id: int, user_id: int) -> int:
    """Units of the activity the buyer holds already (pending or paid), against its per-buyer limit."""
    async with db.read_sessions() as session:
        total = (await session.exec(select(sa.func.coalesce(sa.func.sum(Order.quantity), 0)).where(
            Order.activity_id == activity_id, Order.user_id == user_id,
            col(Order.status).in_(_HOLDING)))).one()
    return int(total)


def _ms(moment) -> int:
    return int(moment.timestamp() * 1000)
