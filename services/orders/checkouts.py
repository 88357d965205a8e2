"""Checkouts: a basket paid once, every line an order of its own.

Payment.  One WeChat Pay JSAPI prepay for the basket's sum, under the checkout's own number (``GC`` +
business date + 12 digits, never mistaken for an order's ``GB``).  Not WeChat Pay's combined payment
(合单支付): that API is for a service provider collecting for several sub-merchants at once, and here one
merchant sells everything.  So a checkout's line has two numbers: its own order number (catalog's
reservation, the buyer's order list, the pickup sheet) and its *trade number* — the checkout's number —
under which WeChat Pay knows its money (``Order.checkout_no``; ``Order.trade_no`` is the one to hand the
provider: prepay, query, close, refund).  A single order's trade number is its own number, as before.

Placing.  Every line becomes an order exactly as a single order would (``service.hold_line``: the same
quote rules, its own ladder group by address, its own flash admission through catalog's Redis gate, its
own stock reservation in catalog under its own order number), with one call to membership for the buyer
and the address for the whole basket.  All or nothing: the lines are held one after the other; when one
cannot be held, every line already held is released in catalog and the answer (409/422 problem+json)
names the failing line's index and its code (``sold_out``, ``per_user_limit``, ``activity_not_live``...);
the buyer may drop it and send the basket again.  Then the checkout, all its orders, their order numbers
(``OrderNumber`` claims), the Idempotency-Key and each order's ``order.placed`` are one transaction.  The
basket's pay deadline is the earliest of its lines' deadlines, and every line takes it.

Paying.  A notification (or the provider's answer to a query) for a checkout's number pays all its
pending orders in one transaction: the checkout's row locked first (it serialises replays), then the
ladder groups of its lines in ascending id, then the orders; one ``Payment`` per order (all with the one
transaction id), one ``order.paid`` per order, ladder counting and instant confirmation per order as for
one order.  The amount must be the checkout's amount.  A payment arriving after the checkout was cancelled
is refunded line by line in full (``late_payment``).  Rebates, points, commission and ladder settlement all
stay per order: nothing downstream knows about checkouts.

Refunds stay per order (per line): a line's refund is a partial refund of the checkout's transaction
(``out_trade_no`` the checkout's number, ``total`` the checkout's amount, its own ``out_refund_no``) —
``groups.pay_out_refunds``.

Cancelling and expiry.  A checkout is cancelled whole before payment (the buyer, or its deadline: the
scheduler asks the provider by the checkout's number one last time, closes the provider's order, cancels
every line and gives every line's stock back); a line of an unpaid checkout cannot be cancelled alone
(409 ``checkout_line``)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from redis.asyncio import Redis
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import business_now, now
from common.db import Database
from common.flashgate import FlashGlance
from common.leanredis import LeanRedis
from common.models import is_status
from common.outbox import execute
from common.pagination import Page, PageParams, paginate
from common.payments import Notification, PaymentError, PaymentProvider, TradeState
from common.problems import Problem, not_found
from common.randomtext import random_text
from services.orders import facts, groups, service
from services.orders.checkout_schemas import CheckoutCreate, CheckoutPlaced, CheckoutPublic, LineIn, placed
from services.orders.clients import Clients
from services.orders.config import Settings
from services.orders.domain.checkout import Item, checkout_amount, checkout_deadline, first_repeat, request_hash
from services.orders.domain.lifecycle import OrderEvent
from services.orders.models import (
    CartLine,
    Checkout,
    CheckoutStatus,
    Order,
    OrderNumber,
    OrderStatus,
    Payment,
    events,
)
from services.orders.schemas import OrderCreate
from services.orders.states import ORDER_ROW, move, order_row

log = logging.getLogger("groupbuy.orders.checkouts")

PREFIX = "GC"

# A checkout's lines, locked, in the order every step of a checkout takes them (built once).
_LINES_LOCKED = ORDER_ROW.where(Order.checkout_id == sa.bindparam("checkout_id")).order_by(col(Order.id)) \
    .with_for_update()


def new_checkout_no() -> str:
    return PREFIX + business_now().strftime("%Y%m%d") + random_text("0123456789", 12)


def is_checkout_no(trade_no: str | None) -> bool:
    return trade_no is not None and trade_no.startswith(PREFIX)


def line_alone(order: Order) -> Problem:
    """A line of an unpaid checkout is paid and cancelled with its checkout, never alone."""
    return Problem(409, "checkout_line", f"Order {order.order_no} is a line of checkout {order.checkout_no}: pay "
                   "or cancel the whole checkout", checkout_id=order.checkout_id)


# --- reading -------------------------------------------------------------------------------------


async def _lines(session: AsyncSession, checkout_id: int) -> list[Order]:
    return list((await session.exec(select(Order).where(Order.checkout_id == checkout_id)
                                    .order_by(col(Order.id)))).all())


async def shown(session: AsyncSession, checkout: Checkout) -> CheckoutPublic:
    lines = [service.public(order) for order in await _lines(session, checkout.id)]
    return CheckoutPublic(**_columns(checkout), lines=lines)


def _columns(checkout: Checkout) -> dict:
    return {name: getattr(checkout, name) for name in CheckoutPublic.model_fields if name != "lines"}


async def get_checkout(*, session: AsyncSession, checkout_id: int, user_id: int) -> CheckoutPublic:
    """The buyer's own checkout with its lines (anyone else's is as missing as one that never existed)."""
    checkout = await session.get(Checkout, checkout_id)
    if checkout is None or checkout.user_id != user_id:
        raise not_found("checkout", checkout_id)
    return await shown(session, checkout)


async def list_checkouts(*, session: AsyncSession, user_id: int, page: PageParams,
                         descending: bool = True) -> Page[CheckoutPublic]:
    """The buyer's checkouts, newest first unless not ``descending``."""
    return await paginate(session, select(Checkout).where(Checkout.user_id == user_id), key=col(Checkout.id),
                          page=page, public=lambda checkout: shown(session, checkout), descending=descending)


# --- placing -------------------------------------------------------------------------------------


def _body_hash(checkout_in: CheckoutCreate) -> str:
    lines = [line.model_dump() for line in checkout_in.lines] if checkout_in.lines is not None else [{"cart": True}]
    return request_hash(lines, checkout_in.address_id)


async def _repeat_of(db: Database, user_id: int, key: str, body_hash: str) -> Checkout | None:
    async with db.read_sessions() as session:
        checkout = (await session.exec(select(Checkout).where(Checkout.user_id == user_id,
                                                              Checkout.idempotency_key == key))).first()
    if checkout is not None and checkout.request_hash != body_hash:
        raise Problem(422, "idempotency_key_reused", "This Idempotency-Key was used with a different request")
    return checkout


async def _basket(db: Database, user_id: int, checkout_in: CheckoutCreate) -> list[LineIn]:
    if checkout_in.lines is not None:
        return checkout_in.lines
    async with db.read_sessions() as session:
        rows = (await session.exec(select(CartLine).where(CartLine.user_id == user_id)
                                   .order_by(col(CartLine.id)))).all()
    if not rows:
        raise Problem(422, "cart_empty", "The cart is empty: put something in it, or send the lines")
    return [LineIn(sku_id=None if row.activity_id else row.sku_id, activity_id=row.activity_id,
                   quantity=row.quantity) for row in rows]


def _line_problem(index: int, exc: Problem) -> Problem:
    """A line's refusal, as the checkout's: the same status and code, naming the line."""
    return Problem(exc.status, exc.code, f"Line {index}: {exc.detail or exc.code}", headers=exc.headers,
                   line=index, **{k: v for k, v in exc.extra.items() if k != "line"})


async def place_checkout(*, db: Database, clients: Clients, provider: PaymentProvider, settings: Settings,
                         redis: Redis | LeanRedis, gate: FlashGlance, user_id: int, checkout_in: CheckoutCreate,
                         idempotency_key: str) -> CheckoutPlaced:
    """Hold every line or none, write the checkout with all its orders at once, and prepare one payment."""
    body_hash = _body_hash(checkout_in)
    repeat = await _repeat_of(db, user_id, idempotency_key, body_hash)
    if repeat is not None:
        return await with_payment(db=db, clients=clients, provider=provider, settings=settings, checkout=repeat)
    lease = service.KeyLease(redis, settings, user_id, f"checkout-{idempotency_key}")
    await lease.take(body_hash)
    try:
        checkout, buyer = await _place(db=db, clients=clients, settings=settings, gate=gate, user_id=user_id,
                                       checkout_in=checkout_in, key=idempotency_key, body_hash=body_hash)
    finally:
        await lease.give_back()
    return await with_payment(db=db, clients=clients, provider=provider, settings=settings, checkout=checkout,
                              openid=buyer.openid if buyer else None)


async def _place(*, db: Database, clients: Clients, settings: Settings, gate: FlashGlance, user_id: int,
                 checkout_in: CheckoutCreate, key: str, body_hash: str):
    lines = await _basket(db, user_id, checkout_in)
    repeated = first_repeat([Item(line.sku_id, line.activity_id) for line in lines])
    if repeated is not None:
        raise Problem(422, "duplicate_line", f"Line {repeated}: the basket names this item twice; give it once "
                      "with the whole quantity", line=repeated)
    wanted = [OrderCreate(sku_id=line.sku_id, activity_id=line.activity_id, quantity=line.quantity,
                          address_id=checkout_in.address_id) for line in lines]
    # What can be refused without holding anything is refused first: no stock moves for a hopeless basket.
    terms = []
    for index, line in enumerate(wanted):
        try:
            activity = await clients.activity(line.activity_id) if line.activity_id is not None else None
            if activity is not None and activity.kind == "flash_sale":
                await service._turn_away_losers(gate=gate, activity=activity, user_id=user_id,
                                                quantity=line.quantity)
            terms.append((activity, await service.line_sku(clients, line, activity)))
        except Problem as exc:
            raise _line_problem(index, exc) from exc
    facts_of_buyer = await clients.order_facts(user_id, checkout_in.address_id)  # once for the whole basket
    held: list[Order] = []
    try:
        for index, (line, (activity, sku)) in enumerate(zip(wanted, terms, strict=True)):
            try:
                held.append(await service.hold_line(db=db, clients=clients, settings=settings, user_id=user_id,
                                                    line=line, activity=activity, sku=sku,
                                                    facts_of_buyer=facts_of_buyer))
            except Problem as exc:
                raise _line_problem(index, exc) from exc
        checkout = await _write(db, held, user_id=user_id, address_id=checkout_in.address_id, key=key,
                                body_hash=body_hash, lines=lines)
    except sa.exc.IntegrityError:
        await _release(clients, held)
        repeat = await _repeat_of(db, user_id, key, body_hash)
        if repeat is not None:  # another run of this request (its lease ran out) placed it: that is the answer
            return repeat, None
        raise Problem(503, "checkout_not_placed", "Placing the checkout took too long and its stock was given "
                      "back; send the same request again", headers={"Retry-After": "1"}) from None
    except BaseException:
        await _release(clients, held)
        raise
    return checkout, facts_of_buyer.buyer


async def _release(clients: Clients, held: list[Order]) -> None:
    """Give back every line held so far.  One catalog cannot release now stays held only until catalog's own
    check of stale reservations asks orders about it: its number is made void and its units come back."""
    for order in held:
        try:
            await clients.release(order.order_no)
        except Problem as exc:
            log.warning("line not released now: %s", exc, extra={"order_no": order.order_no})


async def _write(db: Database, held: list[Order], *, user_id: int, address_id: int, key: str, body_hash: str,
                 lines: list[LineIn]) -> Checkout:
    """The checkout, its orders with their numbers and events, its Idempotency-Key, and the cart lines it
    took: one transaction."""
    created = now()
    deadline = checkout_deadline(order.pay_deadline for order in held)
    checkout = Checkout(checkout_no=new_checkout_no(), user_id=user_id, amount_fen=checkout_amount(
        order.amount_fen for order in held), pay_deadline=deadline, address_id=address_id, idempotency_key=key,
        request_hash=body_hash, created_at=created)
    async with db.write_sessions() as session:
        session.add(checkout)
        await session.flush()
        for order in held:
            session.add(OrderNumber(order_no=order.order_no, at=order.created_at))
            order.checkout_id, order.checkout_no, order.pay_deadline = checkout.id, checkout.checkout_no, deadline
            session.add(order)
        await session.flush()
        for order in held:
            await events.publish(session, facts.placed(order))
        for line in lines:
            sku_id = line.sku_id if line.activity_id is None else next(
                order.sku_id for order in held if order.activity_id == line.activity_id)
            await session.exec(sa.delete(CartLine).where(col(CartLine.user_id) == user_id,
                                                         col(CartLine.sku_id) == sku_id,
                                                         col(CartLine.activity_key) == (line.activity_id or 0)))
        await session.commit()
    return checkout


# --- paying --------------------------------------------------------------------------------------


def _description(lines: list[Order]) -> str:
    """The same text each time it is asked for: the provider's order is found again only with the same."""
    first = lines[0].product_name
    return (first if len(lines) == 1 else f"{first} 等{len(lines)}件")[:120]


async def with_payment(*, db: Database, clients: Clients, provider: PaymentProvider, settings: Settings,
                       checkout: Checkout, openid: str | None = None) -> CheckoutPlaced:
    """The checkout, with what ``wx.requestPayment`` needs while it can still be paid: the provider's order is
    asked for with the very same arguments each time, so it is one payment, never a second."""
    async with db.read_sessions() as session:
        checkout = await session.get(Checkout, checkout.id)
        public = await shown(session, checkout)
        lines = await _lines(session, checkout.id)
    if checkout.status != CheckoutStatus.pending_payment or checkout.pay_deadline <= now():
        return placed(public)
    if openid is None:
        openid = (await clients.buyer(checkout.user_id)).openid
    try:
        params = await provider.prepare(out_trade_no=checkout.checkout_no, amount_fen=checkout.amount_fen,
                                        description=_description(lines), payer_openid=openid,
                                        expires_at=checkout.pay_deadline)
    except PaymentError as exc:
        log.warning("checkout payment not prepared: %s", exc, extra={"checkout_no": checkout.checkout_no})
        if exc.outcome_unknown:
            raise Problem(503, "payment_provider_unavailable", "The payment provider did not answer; try again",
                          headers={"Retry-After": "1"}) from exc
        if (await provider.query(checkout.checkout_no)).state in (TradeState.PAID, TradeState.REFUNDED):
            return placed(public)  # paid a moment ago: its notification is on its way
        raise Problem(409, "payment_not_possible", f"The payment provider refused: {exc.code}",
                      provider_code=exc.code) from exc
    return placed(public, params.model_dump(by_alias=True, mode="json"), settings.payments.provider)


async def pay_again(*, db: Database, clients: Clients, provider: PaymentProvider, settings: Settings,
                    checkout_id: int, user_id: int) -> CheckoutPlaced:
    """Fresh ``wx.requestPayment`` parameters for the buyer's own unpaid checkout."""
    async with db.read_sessions() as session:
        checkout = await session.get(Checkout, checkout_id)
    if checkout is None or checkout.user_id != user_id:
        raise not_found("checkout", checkout_id)
    if checkout.status != CheckoutStatus.pending_payment:
        raise Problem(409, "invalid_transition", f"A {checkout.status} checkout has nothing left to pay",
                      state=str(checkout.status), event="pay")
    if checkout.pay_deadline <= now():
        raise Problem(409, "payment_deadline_passed", "The time to pay this checkout is over; it is being cancelled")
    return await with_payment(db=db, clients=clients, provider=provider, settings=settings, checkout=checkout)


async def apply_payment(*, db: Database, provider: str, notification: Notification) -> None:
    """A payment of a checkout's number: every pending line paid at once, once however often it is told."""
    async with db.write_sessions() as session:
        checkout = (await session.exec(select(Checkout).where(Checkout.checkout_no == notification.out_trade_no)
                                       .with_for_update())).first()
        if checkout is None:
            raise Problem(404, "not_found", "No such checkout")
        group_ids = sorted({group_id for group_id in (await session.exec(select(Order.group_id).where(
            Order.checkout_id == checkout.id))).all() if group_id is not None})
        # The groups and the lines as rows, as a single order's payment reads them (``service.mark_paid``).
        locked = {group_id: await groups.lock_row(session, group_id) for group_id in group_ids}
        orders = [order_row(row) for row in (await execute(session, _LINES_LOCKED, {"checkout_id": checkout.id})).all()]
        if (await session.exec(select(Payment.id).where(
                col(Payment.order_id).in_([order.id for order in orders])))).first() is not None:
            return  # told again: already applied
        if notification.amount_fen != checkout.amount_fen:
            log.error("paid amount differs from the checkout", extra={"checkout_no": checkout.checkout_no,
                                                                       "paid": notification.amount_fen})
            raise Problem(409, "amount_mismatch", "The paid amount is not the checkout's amount")
        paid_at = notification.paid_at or now()
        transaction_id = notification.transaction_id or notification.event_id
        for order in orders:
            session.add(Payment(order_id=order.id, provider=provider, amount_fen=order.amount_fen,
                                transaction_id=transaction_id, paid_at=paid_at))
        if checkout.status != CheckoutStatus.pending_payment:
            for order in orders:
                await service.refund_late_payment(session, order)
            await session.commit()
            return
        for order in orders:
            if order.status == OrderStatus.pending_payment:
                await service.mark_paid(session, order, locked.get(order.group_id), paid_at)
        checkout.status, checkout.paid_at = CheckoutStatus.paid, paid_at
        await session.commit()


# --- cancelling ----------------------------------------------------------------------------------


async def cancel(*, db: Database, clients: Clients, provider: PaymentProvider, checkout_id: int, reason: str,
                 user_id: int | None = None) -> CheckoutPublic:
    """Cancel a whole unpaid checkout: every line cancelled, every line's stock back, the provider's order
    closed (a payment racing it is refunded in full when it arrives)."""
    async with db.write_sessions() as session:
        checkout = (await session.exec(select(Checkout).where(Checkout.id == checkout_id).with_for_update())).first()
        if checkout is None or (user_id is not None and checkout.user_id != user_id):
            raise not_found("checkout", checkout_id)
        if checkout.status == CheckoutStatus.paid:
            raise Problem(409, "invalid_transition", "A paid checkout cannot be cancelled; ask for a refund of a line",
                          state=str(checkout.status), event="cancel")
        orders = list((await session.exec(select(Order).where(Order.checkout_id == checkout.id)
                                          .order_by(col(Order.id)).with_for_update())).all())
        cancelling = checkout.status == CheckoutStatus.pending_payment
        if cancelling:
            current = now()
            for order in orders:
                if order.status == OrderStatus.pending_payment:
                    move(order, OrderEvent.expire if reason == "payment_timeout" else OrderEvent.cancel)
                    order.cancelled_at, order.cancel_reason = current, reason
                    await events.publish(session, facts.cancelled(order, current))
            checkout.status, checkout.cancelled_at, checkout.cancel_reason = CheckoutStatus.cancelled, current, reason
            await session.commit()
        public = await shown(session, checkout)
    if cancelling:
        if reason != "payment_timeout":  # the deadline's path closed it before cancelling
            await _close(provider, checkout.checkout_no)
        await _release(clients, orders)
    return public


async def _close(provider: PaymentProvider, checkout_no: str) -> None:
    try:
        await provider.close(checkout_no)
    except PaymentError as exc:
        log.info("provider order not closed: %s", exc, extra={"checkout_no": checkout_no})


def unpaid_to_ask(stale: datetime) -> sa.Select:
    """Checkouts unpaid since ``stale`` or before, not asked after since then."""
    return select(Checkout.id, Checkout.checkout_no).where(
        is_status(col(Checkout.status), CheckoutStatus.pending_payment), col(Checkout.created_at) <= stale,
        sa.or_(col(Checkout.last_queried_at).is_(None), col(Checkout.last_queried_at) <= stale))


def unpaid_past_deadline(at: datetime) -> sa.Select:
    """Checkouts unpaid whose payment deadline is ``at`` or before."""
    return select(Checkout.id, Checkout.checkout_no).where(
        is_status(col(Checkout.status), CheckoutStatus.pending_payment), col(Checkout.pay_deadline) <= at)


async def query_unpaid(*, db: Database, clients: Clients, provider: PaymentProvider, settings: Settings,
                       limit: int = 50) -> int:
    """Ask the provider, by the checkout's number, about checkouts still unpaid a while after they were placed."""
    current = now()
    stale = current - timedelta(seconds=settings.query_after_s)
    async with db.read_sessions() as session:
        rows = (await session.exec(unpaid_to_ask(stale).limit(limit))).all()
    found = 0
    for checkout_id, checkout_no in rows:
        async with db.write_sessions() as session:
            await session.exec(sa.update(Checkout).where(col(Checkout.id) == checkout_id)
                               .values(last_queried_at=current))
            await session.commit()
        try:
            notification = await service._paid_at_provider(provider, checkout_no)
        except PaymentError:
            continue
        if notification is not None:
            await apply_payment(db=db, provider=provider.name, notification=notification)
            found += 1
    return found


async def expire_unpaid(*, db: Database, clients: Clients, provider: PaymentProvider, limit: int = 100) -> int:
    """Cancel checkouts whose deadline passed — whole — after asking the provider one last time and closing
    its order so nobody can pay it any more."""
    async with db.read_sessions() as session:
        due = (await session.exec(unpaid_past_deadline(now()).limit(limit))).all()
    for checkout_id, checkout_no in due:
        try:
            notification = await service._paid_at_provider(provider, checkout_no)
        except PaymentError:
            continue  # cannot tell: never cancel a checkout that may be paid; try again next pass
        if notification is not None:
            await apply_payment(db=db, provider=provider.name, notification=notification)
            continue
        await _close(provider, checkout_no)
        await cancel(db=db, clients=clients, provider=provider, checkout_id=checkout_id, reason="payment_timeout")
    return len(due)
