"""Orders use cases: place an order (with Idempotency-Key), take a payment exactly once, give a buyer the
payment parameters again for an unpaid order, cancel — by the buyer or when the payment deadline passes —
and group progress.

Calls to other services happen outside database transactions; each state change and its events are
one transaction."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlmodel import col, select

from common.clock import business_now, now
from common.db import Database
from common.flashgate import FlashGlance, Glance
from common.leanredis import LeanRedis
from common.models import is_status
from common.outbox import defer, execute
from common.payments import Notification, NotificationKind, PaymentError, PaymentProvider, TradeState
from common.problems import Problem, not_found
from common.randomtext import random_text
from common.redis import key as redis_key
from common.serial import SerialBlocks
from services.orders import checkouts, facts, groups, refund_notices, supply_calendar
from services.orders.clients import ActivityFacts, BuyerFacts, Clients, OrderFacts, SkuFacts
from services.orders.config import Settings
from services.orders.domain.address import IncompleteAddress, StructuredAddress, address_key
from services.orders.domain.lifecycle import OrderEvent
from services.orders.domain.pricing import FlashPricing, LadderPricing, flash_quote, list_quote
from services.orders.domain.pricing import quote as ladder_quote
from services.orders.domain.share_link import share_secret
from services.orders.models import (
    GroupStatus,
    IdempotencyRecord,
    Order,
    OrderKind,
    OrderNumber,
    OrderStatus,
    Payment,
    events,
    phone_tail,
)
from services.orders.schemas import OrderCreate, OrderPlaced, OrderPublic, PaymentRequest
from services.orders.share_funnel import attribution
from services.orders.states import ORDER_ROW, OrderRow, move, moved, order_row, write_trail

log = logging.getLogger("groupbuy.orders")

REFUNDABLE = (OrderStatus.paid, OrderStatus.confirmed, OrderStatus.shipped, OrderStatus.delivered)


def public(order: Order) -> OrderPublic:
    return OrderPublic.model_validate(order, from_attributes=True)


def new_order_no() -> str:
    return "GB" + business_now().strftime("%Y%m%d") + random_text("0123456789", 12)


def _request_hash(order_in: OrderCreate) -> str:
    body = order_in.model_dump()
    if body.get("source") is None:  # a body without a source hashes as it did before sources existed
        body.pop("source", None)
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


# The statements of every order placed and paid, built once: a statement object keeps its cache key.
_KEY_RECORD = select(IdempotencyRecord.request_hash, IdempotencyRecord.order_id).where(
    IdempotencyRecord.user_id == sa.bindparam("user_id"), IdempotencyRecord.key == sa.bindparam("key"))
_ORDER_COLUMNS = tuple(column.key for column in Order.__table__.columns if column.key != "id")
_INSERT_NUMBER = sa.insert(OrderNumber)
_INSERT_ORDER = sa.insert(Order).returning(col(Order.id))
_INSERT_ORDER_WITH_KEY = sa.insert(Order)
_ORDER_KEYS = SerialBlocks(Order.__table__)  # type: ignore[arg-type]
_INSERT_KEY = sa.insert(IdempotencyRecord)
_ORDER_LOCKED = ORDER_ROW.where(Order.order_no == sa.bindparam("order_no")).with_for_update()
_PAYMENT_OF = select(Payment.id).where(Payment.order_id == sa.bindparam("order_id"))
_INSERT_PAYMENT = sa.insert(Payment)
# A payment's change of the order: paid, and for an order in no group confirmed at once (its sales day, its
# settled amount) — or settled at once into a group that closed meanwhile.
_PAID = sa.update(Order.__table__).where(Order.id == sa.bindparam("order_id")).values(
    status=sa.bindparam("to_status"), paid_at=sa.bindparam("to_paid_at"),
    delivery_date=sa.bindparam("to_delivery_date"), confirmed_at=sa.bindparam("to_confirmed_at"),
    settled_amount_fen=sa.bindparam("to_settled_fen"))


async def _repeat_of(db: Database, user_id: int, key: str, request_hash: str) -> Order | None:
    """The order a request with this key already placed (422 when that request's body differed).  Every
    order placed asks first, and nearly always finds nothing: that look goes without a session."""
    record = (await db.fetch(_KEY_RECORD, {"user_id": user_id, "key": key})).first()
    if record is None or record.order_id is None:  # an order-less record is a claim an old crash left
        return None
    if record.request_hash != request_hash:
        raise _key_reused()
    async with db.read_sessions() as session:
        return await session.get(Order, record.order_id)


def _key_reused() -> Problem:
    return Problem(422, "idempotency_key_reused", "This Idempotency-Key was used with a different request")


class KeyLease:
    """The Idempotency-Key held in Redis while its request runs: a second request with it answers 409 until
    the first is done or the lease has run out (a crashed request holds it no longer than that; a retry
    then runs again, and the key's unique row makes both one order).  Without Redis no lease is taken:
    the unique row alone still keeps one order per key."""

    def __init__(self, redis: Redis | LeanRedis, settings: Settings, user_id: int, key: str) -> None:
        self.redis, self.lease_ms = redis, int(settings.idempotency_lease_s * 1000)
        self.name = redis_key(settings.redis, "orders", "idempotency", str(user_id), key)
        self.held = False

    async def take(self, request_hash: str) -> None:
        try:
            if await self.redis.set(self.name, request_hash, nx=True, px=self.lease_ms):
                self.held = True
                return
            holder = await self.redis.get(self.name)
        except RedisError as exc:
            log.warning("Idempotency-Key lease not taken (Redis): %s", exc)
            return
        if holder is not None and holder != request_hash:
            raise _key_reused()
        raise Problem(409, "request_in_flight", "A request with this Idempotency-Key is still being handled",
                      headers={"Retry-After": "1"})

    async def give_back(self) -> None:
        if self.held:
            try:
                await self.redis.delete(self.name)
            except RedisError as exc:
                log.warning("Idempotency-Key lease not given back (it runs out): %s", exc)


async def _turn_away_losers(*, gate: FlashGlance, activity: ActivityFacts, user_id: int, quantity: int) -> None:
    """A flash attempt that cannot win is answered from one look at the gate, before it costs anything."""
    verdict = await gate.look(activity.id, user_id=user_id, quantity=quantity, now_ms=_ms(now()),
                              starts_ms=_ms(activity.starts_at), ends_ms=_ms(activity.ends_at))
    if verdict == Glance.SOLD_OUT:
        raise Problem(409, "sold_out", "Sold out")
    if verdict == Glance.CLOSED:
        raise Problem(409, "activity_not_live", "The flash sale is not running")


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


async def place_order(*, db: Database, clients: Clients, provider: PaymentProvider, settings: Settings,
                      redis: Redis, gate: FlashGlance, user_id: int, order_in: OrderCreate,
                      idempotency_key: str) -> OrderPlaced:
    activity = await clients.activity(order_in.activity_id) if order_in.activity_id is not None else None
    if activity is not None and activity.kind == "flash_sale":
        await _turn_away_losers(gate=gate, activity=activity, user_id=user_id, quantity=order_in.quantity)
    request_hash = _request_hash(order_in)
    # The buyer's facts and the key's lease are asked for now, while the key's row is looked at: these do not
    # wait on each other, and under load every wait is a turn of the whole event loop (~20–50 ms at 20:00).
    buyer_facts = asyncio.ensure_future(clients.order_facts(user_id, order_in.address_id))
    lease = KeyLease(redis, settings, user_id, idempotency_key)
    leased = asyncio.ensure_future(lease.take(request_hash))
    try:
        try:
            repeat = await _repeat_of(db, user_id, idempotency_key, request_hash)
        except BaseException:
            await _let_go(lease, leased)
            raise
        if repeat is not None:  # answered as before, whatever the lease said: a lease taken is given back
            await _let_go(lease, leased)
            return await with_payment(clients=clients, provider=provider, settings=settings, order=repeat)
        await leased  # a 409 while another run of the request holds the key, a 422 for another body
        try:
            order, buyer = await _place(db=db, clients=clients, settings=settings, user_id=user_id,
                                        order_in=order_in, activity=activity, idempotency_key=idempotency_key,
                                        request_hash=request_hash, buyer_facts=buyer_facts)
        except BaseException:
            await lease.give_back()
            raise
        # The order is written: from now on the key's row answers a retry (``_repeat_of``, whose answer goes
        # before the lease's), so the lease is left to run out instead of given back — a round trip less.
    finally:
        _forget(buyer_facts)
        _forget(leased)
    if buyer is None:  # another run of this request placed the order: answer it as any repeat
        return await with_payment(clients=clients, provider=provider, settings=settings, order=order)
    try:
        params = await provider.prepare(out_trade_no=order.order_no, amount_fen=order.amount_fen,
                                        description=order.product_name[:120], payer_openid=buyer.openid,
                                        expires_at=order.pay_deadline)
    except PaymentError:
        if (await provider.query(order.order_no)).state not in (TradeState.PAID, TradeState.REFUNDED):
            raise
        # Paid already (a retry of this request answered the order) while this run was finishing.
        async with db.read_sessions() as session:
            return OrderPlaced(**public(await session.get(Order, order.id)).model_dump())
    return OrderPlaced(**public(order).model_dump(),
                       payment=PaymentRequest(provider=settings.payments.provider,
                                              params=params.model_dump(by_alias=True, mode="json")))


async def _let_go(lease: KeyLease, taking: asyncio.Future) -> None:
    """The lease not wanted after all: given back once its taking is done, whatever that said (a taking cut
    short may have set it: it runs out)."""
    if not taking.done():
        await asyncio.wait([taking])
    _forget(taking)
    await lease.give_back()


def _forget(task: asyncio.Future) -> None:
    """Drop a task whose answer is no longer wanted (cancelled if still running, its error never raised)."""
    if task.done():
        if not task.cancelled():
            task.exception()
    else:
        task.cancel()


async def _place(*, db: Database, clients: Clients, settings: Settings, user_id: int, order_in: OrderCreate,
                 activity: ActivityFacts | None, idempotency_key: str, request_hash: str,
                 buyer_facts: asyncio.Future[OrderFacts]) -> tuple[Order, BuyerFacts | None]:
    """The order and its buyer (``buyer_facts``: the buyer and their address, being asked for); no buyer when
    another run of the same request placed it (its answer is then that order, as for any repeat)."""
    source_kind, source_share = attribution(order_in.source, share_secret(settings.internal_key))
    sku = await line_sku(clients, order_in, activity)
    facts_of_buyer = await buyer_facts
    buyer = facts_of_buyer.buyer
    order = await hold_line(db=db, clients=clients, settings=settings, user_id=user_id, line=order_in,
                            activity=activity, sku=sku, facts_of_buyer=facts_of_buyer)
    order.source_kind, order.source_share = source_kind, source_share
    try:
        try:
            return await _write_order(db, order, user_id=user_id, key=idempotency_key, request_hash=request_hash), buyer
        except sa.exc.IntegrityError:
            if await _number_void(db, order.order_no):
                # This run stalled so long that catalog, asking after the reservation, was told there is no
                # such order and gave the units back: the order cannot be written any more.
                raise Problem(503, "order_not_placed", "Placing the order took too long and its stock was given "
                              "back; send the same request again", headers={"Retry-After": "1"}) from None
            # The key is taken: by another run of this request (this one's lease ran out), whose order is
            # the answer — or by an order-less claim an older version left after a crash, which this replaces.
            if await _drop_orderless_claim(db, user_id, idempotency_key):
                return await _write_order(db, order, user_id=user_id, key=idempotency_key,
                                          request_hash=request_hash), buyer
            repeat = await _repeat_of(db, user_id, idempotency_key, request_hash)
            if repeat is None:
                raise
    except BaseException:
        await clients.release(order.order_no)
        raise
    await clients.release(order.order_no)  # this run's units: the repeat holds its own
    return repeat, None


async def line_sku(clients: Clients, line: OrderCreate, activity: ActivityFacts | None) -> SkuFacts:
    """The SKU a line buys, when it can be bought at all (the activity running, the product on sale)."""
    if activity is not None and activity.status != "live":
        raise Problem(409, "activity_not_live", "The activity is not running")
    sku = await clients.sku(activity.sku_id if activity is not None else line.sku_id)
    if not sku.published:
        raise Problem(409, "not_on_sale", "This product is not on sale")
    return sku


async def hold_line(*, db: Database, clients: Clients, settings: Settings, user_id: int, line: OrderCreate,
                    activity: ActivityFacts | None, sku: SkuFacts, facts_of_buyer: OrderFacts) -> Order:
    """One line held: quoted by the rule open to the buyer now (its ladder group by address, its flash
    price, member or early-bird price) and its stock reserved in catalog under its own order number — the
    order not written yet.  A single order and every line of a checkout go through here."""
    buyer, address = facts_of_buyer.buyer, facts_of_buyer.address
    created = now()
    deadline = created + timedelta(seconds=settings.unpaid_timeout_s)
    kind, group_id = OrderKind.regular, None
    if activity is None:
        quote = list_quote(sku.price_fen, quantity=line.quantity, member_prices=sku.member_prices,
                           level=buyer.level)
    elif activity.kind == "ladder_group":
        kind = OrderKind.ladder
        group_id, quote = await _ladder_quote(db, activity, sku, buyer, address, user_id, line.quantity)
    else:
        kind = OrderKind.flash
        terms = FlashPricing.model_validate(activity.terms)
        held, mine = await _early_bird_slots(db, terms.early_bird, activity.id, user_id)
        quote = flash_quote(terms, quantity=line.quantity, at=created, member_prices=sku.member_prices,
                            level=buyer.level, early_bird_slots_held=held, holds_early_bird_slot=mine)
        deadline = created + timedelta(seconds=int(activity.terms.get("unpaid_timeout_s", 300)))
    if quote.pay_by is not None:
        deadline = min(deadline, quote.pay_by)
    order = Order(order_no=new_order_no(), user_id=user_id, kind=kind, sku_id=sku.id, product_id=sku.product_id,
                  product_name=sku.product_name, product_role=sku.product_role,
                  activity_id=activity.id if activity else None, group_id=group_id,
                  quantity=line.quantity, unit_price_fen=quote.unit_price_fen, price_rule=quote.rule.value,
                  amount_fen=quote.amount_fen, address_id=line.address_id, address=address,
                  grants_level=sku.grants_level, community_id=buyer.community_id,
                  leader_user_id=buyer.community_leader_id, supplier_id=sku.supplier_id, created_at=created,
                  pay_deadline=deadline)
    if kind == OrderKind.flash:
        await clients.flash_reserve(activity.id, order.order_no, user_id, line.quantity)
    else:
        await clients.reserve(order.order_no, sku.id, line.quantity,
                              activity_id=activity.id if activity else None, user_id=user_id if activity else None)
    return order


async def _drop_orderless_claim(db: Database, user_id: int, key: str) -> bool:
    async with db.write_sessions() as session:
        dropped = await session.exec(sa.delete(IdempotencyRecord).where(
            col(IdempotencyRecord.user_id) == user_id, col(IdempotencyRecord.key) == key,
            col(IdempotencyRecord.order_id).is_(None)))
        await session.commit()
    return dropped.rowcount > 0


async def _write_order(db: Database, order: Order, *, user_id: int, key: str, request_hash: str) -> Order:
    """The order, its Idempotency-Key and its event, in one transaction.  Written as rows, not through the
    session: the order is new and stays as it is, so nothing would come of tracking it but the cost."""
    if order.phone_tail is None:  # as an order added to a session gets it (``models._keep_phone_tail``)
        order.phone_tail = phone_tail(order.address)
    # PostgreSQL: its key taken ahead (before the transaction's connection: never two at once), so the order
    # too goes with the commit, and the transaction is one statement without BEGIN and COMMIT
    # (``common.serial``); SQLite answers its key at once.
    order.id = await _ORDER_KEYS.take(db)
    async with db.transaction() as session:
        row = {name: getattr(order, name) for name in _ORDER_COLUMNS}
        if order.id is None:
            order.id = (await execute(session, _INSERT_ORDER, row)).scalar_one()
        else:
            await defer(session, _INSERT_ORDER_WITH_KEY, row | {"id": order.id})
        # Its number, its key and its event go with the commit (PostgreSQL: one round trip for them all); a
        # number made void or a key taken meanwhile breaks a unique key there, as it did when written first.
        await defer(session, _INSERT_NUMBER, {"order_no": order.order_no, "void": False, "at": order.created_at})
        await defer(session, _INSERT_KEY,
                    {"user_id": user_id, "key": key, "request_hash": request_hash, "order_id": order.id,
                     "created_at": order.created_at})
        await events.publish(session, facts.placed(order))
        await session.commit()
    return order


async def _early_bird_slots(db: Database, early_bird: object | None, activity_id: int,
                            user_id: int) -> tuple[int, bool]:
    """Early-bird slots taken and whether this buyer holds one; nothing to count without an early bird."""
    if early_bird is None:
        return 0, False
    async with db.read_sessions() as session:
        return await groups.early_bird_slots(session, activity_id, user_id)


def group_key(activity: ActivityFacts, address: dict, *, field: str = "body.address_id") -> str:
    """The same-address key of a ladder activity's groups for this address (422 when it lacks a part the
    activity's scope needs): the one key the order path and the group preview both use."""
    try:
        return address_key(StructuredAddress.from_mapping(address), activity.terms.get("address_scope", "building"))
    except IncompleteAddress as exc:
        raise Problem(422, "address_incomplete", f"This group buy needs the address's {exc.field}",
                      errors=[{"field": field, "message": f"the address has no {exc.field}",
                               "type": "value_error"}]) from exc


async def _ladder_quote(db: Database, activity, sku, buyer, address: dict, user_id: int, quantity: int):
    """The buyer's group (by address) and their quote: the tier for the count including this order, or a
    better single price (member, early bird) when one is open to them."""
    group = await groups.group_to_join(db, activity, group_key(activity, address), user_id)
    terms = LadderPricing.model_validate(group.terms)
    held, mine = await _early_bird_slots(db, terms.early_bird, activity.id, user_id)
    # The group as it was read a moment ago: the quote is what the buyer is shown; the price they
    # pay is settled from the group's count at its close.  A buyer with an order in is one of its
    # participants, whichever of the two reads saw it first.
    quote = ladder_quote(terms, participants=max(group.paid_count, int(group.paid_before)),
                         portions=group.portions, quantity=quantity, buyer_has_paid_order=group.paid_before, at=now(),
                         member_prices=sku.member_prices, level=buyer.level, early_bird_slots_held=held,
                         holds_early_bird_slot=mine)
    return group.group_id, quote


async def _number_void(db: Database, order_no: str) -> bool:
    async with db.read_sessions() as session:
        number = await session.get(OrderNumber, order_no)
    return number is not None and number.void


async def _statuses(db: Database, order_nos: list[str]) -> dict[str, OrderStatus]:
    async with db.read_sessions() as session:
        rows = (await session.exec(select(Order.order_no, Order.status)
                                   .where(col(Order.order_no).in_(order_nos)))).all()
    return {order_no: status for order_no, status in rows}


async def states_of(*, db: Database, order_nos: list[str], void_missing: bool = False
                    ) -> dict[str, OrderStatus | None]:
    """Where each order stands (None: no such order).  ``void_missing``: a number with no order yet is made
    void, so its order can never be written — unless the order's own write claims it first (one still in
    flight makes this wait for it), and then that order's state is the answer."""
    found: dict[str, OrderStatus | None] = dict(await _statuses(db, order_nos))
    missing = [order_no for order_no in dict.fromkeys(order_nos) if order_no not in found]
    if void_missing and missing:
        claimed = await _void(db, missing)
        if claimed:
            found |= await _statuses(db, claimed)
    return {order_no: found.get(order_no) for order_no in order_nos}


async def _void(db: Database, order_nos: list[str]) -> list[str]:
    """Void every number nobody has claimed; the ones already claimed (by an order's write, or void before)."""
    claimed: list[str] = []
    current = now()
    async with db.write_sessions() as session:
        for order_no in order_nos:
            try:
                async with session.begin_nested():
                    session.add(OrderNumber(order_no=order_no, void=True, at=current))
            except sa.exc.IntegrityError:
                claimed.append(order_no)
        await session.commit()
    if len(claimed) < len(order_nos):
        log.warning("order numbers made void: catalog gave their stock back", extra={
            "order_nos": [n for n in order_nos if n not in claimed][:20]})
    return claimed


# --- payments ------------------------------------------------------------------------------------


async def apply_notification(*, db: Database, clients: Clients, provider: str,
                             notification: Notification) -> OrderRow | None:
    """Store what the provider told us, once however often it tells us.  For a single order's payment, the
    order as it stands after it (read under its lock, so a caller need not read it again; ``public`` shows
    it).  The group and the order are read and written as rows: nothing of the payment needs the session to
    track them, and tracking them cost more than the statements."""
    if notification.kind in refund_notices.REFUND_KINDS:  # REFUND.*: payout truth
        await refund_notices.apply_notification(db=db, clients=clients, notification=notification)
        return None
    if notification.kind != NotificationKind.PAID:
        log.info("payment notification ignored", extra={"kind": str(notification.kind)})
        return None
    if checkouts.is_checkout_no(notification.out_trade_no):  # one payment for a basket's orders
        await checkouts.apply_payment(db=db, provider=provider, notification=notification)
        return None
    # Statements only, so no session (``common.transaction``): a payment is one of the two writes every order
    # makes, and a session's own work cost several times the transaction's.
    async with db.transaction() as session:
        # A ladder order's group is locked before the order, as every change of who is in its group does.
        group = await groups.lock_of_order(session, notification.out_trade_no)
        row = (await execute(session, _ORDER_LOCKED, {"order_no": notification.out_trade_no})).first()
        if row is None or row.checkout_id is not None:  # a checkout's line is paid by its checkout's number
            raise Problem(404, "not_found", "No such order")
        order = order_row(row)
        # A pending order has no payment (its payment and its move to paid are one transaction); any other
        # may be a notification told again.
        if order.status != OrderStatus.pending_payment and (await execute(
                session, _PAYMENT_OF, {"order_id": order.id})).first() is not None:
            return order  # told again: already applied
        if notification.amount_fen != order.amount_fen:
            log.error("paid amount differs from the order", extra={"order_no": order.order_no,
                                                                     "paid": notification.amount_fen})
            raise Problem(409, "amount_mismatch", "The paid amount is not the order's amount")
        paid_at = notification.paid_at or now()
        await defer(session, _INSERT_PAYMENT, {
            "order_id": order.id, "provider": provider, "amount_fen": order.amount_fen,
            "transaction_id": notification.transaction_id or notification.event_id, "paid_at": paid_at})
        if order.status != OrderStatus.pending_payment:
            await refund_late_payment(session, order)
            await session.commit()
            return order
        await mark_paid(session, order, group, paid_at)
        await session.commit()
    # Catalog commits the stock reservation when order.paid reaches it (at least once, whatever crashes).
    return order


async def refund_late_payment(session, order: OrderRow) -> None:
    """Cancelled (the buyer, or the deadline) while WeChat Pay was taking the money: it goes back in full."""
    log.warning("paid after it was cancelled: refunding in full",
                extra={"order_no": order.order_no, "status": str(order.status)})
    await execute(session, groups.INSERT_REFUND, {
        "order_id": order.id, "out_refund_no": f"{order.order_no}-late", "amount_fen": order.amount_fen,
        "reason": "late_payment", "created_at": now()})


async def mark_paid(session, order: OrderRow, group: groups.LockedGroup | None, paid_at: datetime) -> None:
    """A pending order paid (its group, if any, locked before it; both read as rows): counted in its group,
    ``order.paid``, and confirmed at once when it is in no group.  The caller has written its Payment row;
    this writes the order's row, its trail and its events (``order`` is left as it now stands)."""
    # Not part of a group: its price is final the moment it is paid, and its sales day is known (read before
    # the order changes, so its changes are written in one go).
    in_no_group = order.kind != OrderKind.ladder
    day = await supply_calendar.delivery_date(session, paid_at) if in_no_group else None
    trail = [moved(order, OrderEvent.pay)]
    order.paid_at = paid_at
    counted = groups.Counted()
    if group is not None:
        if group.status == GroupStatus.open:  # counted before its row is written (``record_payment``)
            counted = await groups.record_payment(session, order, group)
            await _write_paid(session, order, trail)
        else:  # settled at once from its row written paid: written there too
            await _write_paid(session, order, trail)
            counted = await groups.record_payment(session, order, group)
        trail = []
    told = [*counted.news, facts.paid(order)]
    if in_no_group:
        order.delivery_date = day
        trail.append(moved(order, OrderEvent.confirm))
        order.confirmed_at, order.settled_amount_fen = now(), order.amount_fen
        told.append(facts.confirmed(order, order.unit_price_fen))
    if trail:  # moves not written yet (all of them, for an order in no group)
        await _write_paid(session, order, trail)
    await events.publish_many(session, told)  # one insert for all, in the order they happened
    if counted.refunds:
        log.info("paid into a closed group: settled at once", extra={"order_no": order.order_no})


async def _write_paid(session, order: OrderRow, trail: list[dict]) -> None:
    """The order's row as the payment left it, and its trail's rows (one statement for them all)."""
    await defer(session, _PAID, {
        "order_id": order.id, "to_status": order.status, "to_paid_at": order.paid_at,
        "to_delivery_date": order.delivery_date, "to_confirmed_at": order.confirmed_at,
        "to_settled_fen": order.settled_amount_fen})
    await write_trail(session, trail)


# --- cancelling ----------------------------------------------------------------------------------


async def cancel(*, db: Database, clients: Clients, order_id: int, reason: str,
                 user_id: int | None = None) -> OrderPublic:
    async with db.write_sessions() as session:
        order = (await session.exec(select(Order).where(Order.id == order_id).with_for_update())).first()
        if order is None or (user_id is not None and order.user_id != user_id):
            raise not_found("order", order_id)
        if order.status == OrderStatus.cancelled:
            return public(order)
        if order.status in REFUNDABLE:
            raise Problem(409, "invalid_transition", f"A {order.status} order cannot be cancelled; ask for a refund",
                          state=str(order.status), event="cancel")
        if order.checkout_id is not None:
            raise checkouts.line_alone(order)
        move(order, OrderEvent.expire if reason == "payment_timeout" else OrderEvent.cancel)
        order.cancelled_at, order.cancel_reason = now(), reason
        await events.publish(session, facts.cancelled(order, order.cancelled_at))
        await session.commit()
    await clients.release(order.order_no)
    return public(order)


async def _paid_at_provider(provider: PaymentProvider, order_no: str) -> Notification | None:
    """The provider's answer for an order whose notification never came: a payment, when it has one."""
    try:
        status = await provider.query(order_no)
    except PaymentError as exc:
        log.warning("payment query failed: %s", exc, extra={"order_no": order_no})
        raise
    if status.state not in (TradeState.PAID, TradeState.REFUNDED) or status.amount_fen is None:
        return None
    return Notification(event_id=f"query-{order_no}", event_type="TRANSACTION.SUCCESS", kind=NotificationKind.PAID,
                        out_trade_no=order_no, transaction_id=status.transaction_id, amount_fen=status.amount_fen,
                        payer_openid=status.payer_openid, paid_at=status.paid_at)


def unpaid_to_ask(stale: datetime) -> sa.Select:
    """Single orders unpaid since ``stale`` or before, not asked after since then."""
    return select(Order.id, Order.order_no).where(
        is_status(col(Order.status), OrderStatus.pending_payment), col(Order.created_at) <= stale,
        col(Order.checkout_id).is_(None),
        sa.or_(col(Order.last_queried_at).is_(None), col(Order.last_queried_at) <= stale))


def unpaid_past_deadline(at: datetime) -> sa.Select:
    """Single orders unpaid whose payment deadline is ``at`` or before."""
    return select(Order.id, Order.order_no).where(
        is_status(col(Order.status), OrderStatus.pending_payment), col(Order.pay_deadline) <= at,
        col(Order.checkout_id).is_(None))


async def query_unpaid(*, db: Database, clients: Clients, provider: PaymentProvider, settings: Settings,
                       limit: int = 50) -> int:
    """Ask the provider about orders still unpaid a while after they were placed (their notification may
    be lost or late) — once per ``query_after_s`` each; apply the payments it reports."""
    current = now()
    stale = current - timedelta(seconds=settings.query_after_s)
    async with db.read_sessions() as session:
        rows = (await session.exec(unpaid_to_ask(stale).limit(limit))).all()
    found = 0
    for order_id, order_no in rows:
        async with db.write_sessions() as session:
            await session.exec(sa.update(Order).where(col(Order.id) == order_id).values(last_queried_at=current))
            await session.commit()
        try:
            notification = await _paid_at_provider(provider, order_no)
        except PaymentError:
            continue
        if notification is not None:
            await apply_notification(db=db, clients=clients, provider=provider.name, notification=notification)
            found += 1
    return found + await checkouts.query_unpaid(db=db, clients=clients, provider=provider, settings=settings,
                                                limit=limit)


async def expire_unpaid(*, db: Database, clients: Clients, provider: PaymentProvider, limit: int = 100) -> int:
    """Cancel orders whose payment deadline passed, giving their stock back — after asking the provider
    one last time (a payment whose notification never came is applied instead) and closing the provider's
    order so nobody can pay it any more."""
    async with db.read_sessions() as session:
        due = (await session.exec(unpaid_past_deadline(now()).limit(limit))).all()
    for order_id, order_no in due:
        try:
            notification = await _paid_at_provider(provider, order_no)
        except PaymentError:
            continue  # cannot tell: never cancel an order that may be paid; try again next pass
        if notification is not None:
            await apply_notification(db=db, clients=clients, provider=provider.name, notification=notification)
            continue
        try:
            await provider.close(order_no)
        except PaymentError as exc:
            log.info("provider order not closed: %s", exc, extra={"order_no": order_no})
        try:
            await cancel(db=db, clients=clients, order_id=order_id, reason="payment_timeout")
        except Problem as exc:
            if exc.code != "invalid_transition":  # paid at the last moment: nothing to cancel
                raise
    return len(due) + await checkouts.expire_unpaid(db=db, clients=clients, provider=provider, limit=limit)


# --- paying again --------------------------------------------------------------------------------


async def pay_again(*, db: Database, clients: Clients, provider: PaymentProvider, settings: Settings,
                    order_id: int, user_id: int) -> OrderPlaced:
    """Fresh ``wx.requestPayment`` parameters for the buyer's own unpaid order (the payment sheet was closed).
    The provider's order is asked for again with the very same arguments, so it is the same payment: it can
    never be paid twice."""
    async with db.read_sessions() as session:
        order = await session.get(Order, order_id)
    if order is None or order.user_id != user_id:
        raise not_found("order", order_id)
    if order.checkout_id is not None and order.status == OrderStatus.pending_payment:
        raise checkouts.line_alone(order)
    if order.status != OrderStatus.pending_payment:
        raise Problem(409, "invalid_transition", f"A {order.status} order has nothing left to pay",
                      state=str(order.status), event="pay")
    if order.pay_deadline <= now():
        raise Problem(409, "payment_deadline_passed", "The time to pay this order is over; it is being cancelled")
    return await with_payment(clients=clients, provider=provider, settings=settings, order=order)


async def with_payment(*, clients: Clients, provider: PaymentProvider, settings: Settings,
                       order: Order) -> OrderPlaced:
    """The order, with what ``wx.requestPayment`` needs while it can still be paid."""
    if order.status != OrderStatus.pending_payment or order.pay_deadline <= now():
        return OrderPlaced(**public(order).model_dump())
    buyer = await clients.buyer(order.user_id)
    try:
        params = await provider.prepare(out_trade_no=order.order_no, amount_fen=order.amount_fen,
                                        description=order.product_name[:120], payer_openid=buyer.openid,
                                        expires_at=order.pay_deadline)
    except PaymentError as exc:
        log.warning("payment not prepared again: %s", exc, extra={"order_no": order.order_no})
        if exc.outcome_unknown:
            raise Problem(503, "payment_provider_unavailable", "The payment provider did not answer; try again",
                          headers={"Retry-After": "1"}) from exc
        raise Problem(409, "payment_not_possible", f"The payment provider refused: {exc.code}",
                      provider_code=exc.code) from exc
    return OrderPlaced(**public(order).model_dump(),
                       payment=PaymentRequest(provider=settings.payments.provider,
                                              params=params.model_dump(by_alias=True, mode="json")))
