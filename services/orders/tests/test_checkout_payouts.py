"""A checkout's line is refunded from the checkout's one transaction: WeChat Pay is asked to refund part of
the checkout's payment (its number, its total) under the line's own refund number — never under the line's
order number, which WeChat Pay has never seen.  The sandbox provider keeps WeChat Pay's books and refuses a
refund of a payment it does not hold, as WeChat Pay does."""

from __future__ import annotations

import asyncio
import secrets
from datetime import timedelta

import pytest

from common.clock import now
from common.testing.apps import serve_in_process, service_settings
from services.orders import groups
from services.orders.checkouts import new_checkout_no
from services.orders.config import Settings
from services.orders.domain.refunds import RetryPolicy
from services.orders.main import create_app
from services.orders.models import Checkout, CheckoutStatus, Order, OrderKind, OrderStatus, Refund, RefundStatus

POLICY = RetryPolicy(first_delay_s=30, max_delay_s=600, max_attempts=3)


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    application = create_app(service_settings(Settings, infra, unit_databases, scheduler_poll_s=3600))
    async with serve_in_process(application) as client:
        application.state.client = client
        await asyncio.sleep(1.0)  # the scheduler's first pass is over: these tests drive the payouts
        yield application


async def _paid_checkout(app, line_amounts: list[int]) -> tuple[Checkout, list[Order]]:
    created = now()
    checkout = Checkout(checkout_no=new_checkout_no(), user_id=11, status=CheckoutStatus.paid,
                        amount_fen=sum(line_amounts), pay_deadline=created + timedelta(minutes=30), address_id=1,
                        idempotency_key=secrets.token_hex(8), request_hash="x", created_at=created, paid_at=created)
    async with app.state.db.write_sessions() as session:
        session.add(checkout)
        await session.flush()
        lines = [Order(order_no="GBT" + secrets.token_hex(8), user_id=11, kind=OrderKind.regular, sku_id=1,
                       product_id=1, product_name="米", product_role="regular", quantity=1, unit_price_fen=amount,
                       price_rule="list", amount_fen=amount, status=OrderStatus.confirmed, created_at=created,
                       pay_deadline=checkout.pay_deadline, paid_at=created, settled_amount_fen=amount,
                       checkout_id=checkout.id, checkout_no=checkout.checkout_no) for amount in line_amounts]
        session.add_all(lines)
        await session.commit()
    provider = app.state.provider
    await provider.prepare(out_trade_no=checkout.checkout_no, amount_fen=checkout.amount_fen, description="篮子",
                           payer_openid="o-buyer")
    provider.pay(checkout.checkout_no)
    return checkout, lines


async def _refund(app, order: Order, amount_fen: int) -> Refund:
    refund = Refund(order_id=order.id, out_refund_no=f"{order.order_no}-r1", amount_fen=amount_fen,
                    reason="requested", created_at=now() - timedelta(seconds=1))
    async with app.state.db.write_sessions() as session:
        session.add(refund)
        await session.commit()
    return refund


async def test_each_line_is_refunded_from_the_checkouts_transaction(app):
    checkout, (rice, milk) = await _paid_checkout(app, [1000, 2500])
    first, second = await _refund(app, rice, 1000), await _refund(app, milk, 700)
    await groups.pay_out_refunds(app.state.db, app.state.provider, app.state.clients, policy=POLICY)

    ledger = app.state.provider.ledger
    for refund in (first, second):
        request = ledger.refunds[refund.out_refund_no].request
        assert request["out_trade_no"] == checkout.checkout_no
        assert request["amount"]["total"] == 3500 and request["amount"]["refund"] == refund.amount_fen
    assert rice.order_no not in ledger.orders and milk.order_no not in ledger.orders
    assert ledger.orders[checkout.checkout_no].refunded_fen == 1700
    async with app.state.db.read_sessions() as session:
        assert [(await session.get(Refund, r.id)).status for r in (first, second)] == [RefundStatus.succeeded] * 2
        assert [(await session.get(Order, o.id)).refunded_fen for o in (rice, milk)] == [1000, 700]


async def test_a_single_order_is_still_refunded_under_its_own_number(app):
    created = now()
    order = Order(order_no="GBT" + secrets.token_hex(8), user_id=12, kind=OrderKind.regular, sku_id=1, product_id=1,
                  product_name="蛋", product_role="regular", quantity=1, unit_price_fen=900, price_rule="list",
                  amount_fen=900, status=OrderStatus.confirmed, created_at=created,
                  pay_deadline=created + timedelta(minutes=30), paid_at=created, settled_amount_fen=900)
    async with app.state.db.write_sessions() as session:
        session.add(order)
        await session.commit()
    refund = await _refund(app, order, 900)
    await groups.pay_out_refunds(app.state.db, app.state.provider, app.state.clients, policy=POLICY)
    request = app.state.provider.ledger.refunds[refund.out_refund_no].request
    assert request["out_trade_no"] == order.order_no and request["amount"]["total"] == 900
