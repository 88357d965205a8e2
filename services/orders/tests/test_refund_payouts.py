"""Refund payouts the provider refuses: tried again later with growing waits, never ahead of refunds that
are due, and failed for good (ops see it and send it again) after the last try.  The sandbox provider
refuses for real, as WeChat Pay does: these refunds ask for more than the order's payment."""

from __future__ import annotations

import asyncio
import secrets
from datetime import timedelta

import pytest

from common.auth import Identity, sign_identity
from common.clock import now
from common.testing.apps import serve_in_process, service_settings
from services.orders import groups
from services.orders.config import Settings
from services.orders.domain.refunds import RetryPolicy, delay_after, gives_up
from services.orders.main import create_app
from services.orders.models import Order, OrderKind, OrderStatus, Refund, RefundStatus

POLICY = RetryPolicy(first_delay_s=30, max_delay_s=600, max_attempts=3)


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    # Its own scheduler never runs a pass during these tests: they drive the payouts themselves.
    application = create_app(service_settings(Settings, infra, unit_databases, scheduler_poll_s=3600))
    async with serve_in_process(application) as client:
        application.state.client = client
        await asyncio.sleep(1.0)  # the scheduler's first pass (at start, with nothing to pay) is over
        yield application


async def _order(app) -> Order:
    order_no = "GBT" + secrets.token_hex(8)
    created = now()
    order = Order(order_no=order_no, user_id=7, kind=OrderKind.regular, sku_id=1, product_id=1, product_name="梨",
                  product_role="regular", quantity=1, unit_price_fen=1000, price_rule="list", amount_fen=1000,
                  status=OrderStatus.confirmed, created_at=created, pay_deadline=created + timedelta(minutes=30),
                  paid_at=created, settled_amount_fen=1000)
    async with app.state.db.write_sessions() as session:
        session.add(order)
        await session.commit()
    return order


async def _refund(app, order: Order, *, amount_fen: int = 100, age_s: int = 0) -> int:
    refund = Refund(order_id=order.id, out_refund_no=f"{order.order_no}-r{secrets.token_hex(3)}",
                    amount_fen=amount_fen, reason="requested", created_at=now() - timedelta(seconds=age_s))
    async with app.state.db.write_sessions() as session:
        session.add(refund)
        await session.commit()
        return refund.id


async def _row(app, refund_id: int) -> Refund:
    async with app.state.db.read_sessions() as session:
        return await session.get(Refund, refund_id)


async def _pay_out(app, limit: int = 100) -> int:
    return await groups.pay_out_refunds(app.state.db, app.state.provider, app.state.clients, policy=POLICY,
                                        limit=limit)


def _signed(app, method: str, path: str, *, roles: tuple[str, ...], user_id: int = 1) -> dict[str, str]:
    return sign_identity(Identity(kind="user", user_id=user_id, roles=roles), key=app.state.settings.internal_key,
                         method=method, path=path)


def test_waits_double_up_to_the_cap_and_only_refusals_are_given_up_on():
    assert [delay_after(n, POLICY).total_seconds() for n in (1, 2, 3, 6, 40)] == [30, 60, 120, 600, 600]
    assert not gives_up(2, outcome_unknown=False, policy=POLICY)
    assert gives_up(3, outcome_unknown=False, policy=POLICY)
    assert not gives_up(50, outcome_unknown=True, policy=POLICY)


async def test_a_refused_refund_waits_its_turn_and_does_not_hold_up_the_next(app):
    refused = [await _refund(app, await _order(app), amount_fen=5000, age_s=60 - i) for i in range(3)]
    good = await _refund(app, await _order(app))

    assert await _pay_out(app, limit=3) == 0  # the three oldest, all refused
    for refund_id in refused:
        row = await _row(app, refund_id)
        assert row.status == RefundStatus.pending and row.attempts == 1
        assert row.next_attempt_at > now() + timedelta(seconds=20) and "NOT_ENOUGH" in row.last_error

    assert await _pay_out(app, limit=3) == 1  # the refused ones are not due: the good one goes at once
    assert (await _row(app, good)).status == RefundStatus.succeeded
    assert [(await _row(app, r)).attempts for r in refused] == [1, 1, 1]  # and they were not tried again yet


async def test_after_the_last_refusal_the_refund_fails_and_ops_can_send_it_again(app):
    refund_id = await _refund(app, await _order(app), amount_fen=5000)
    for attempt in range(1, POLICY.max_attempts + 1):
        async with app.state.db.write_sessions() as session:  # its wait is over
            row = await session.get(Refund, refund_id)
            row.next_attempt_at = now() - timedelta(seconds=1)
            await session.commit()
        await _pay_out(app)
        assert (await _row(app, refund_id)).attempts == attempt
    row = await _row(app, refund_id)
    assert row.status == RefundStatus.failed and row.next_attempt_at is None
    await _pay_out(app)
    assert (await _row(app, refund_id)).attempts == POLICY.max_attempts  # failed: never tried by itself again

    ops = _signed(app, "GET", "/v1/orders/refunds", roles=("customer", "ops"))
    listed = await app.state.client.get("/v1/orders/refunds", params={"status": "failed"}, headers=ops)
    assert listed.status_code == 200, listed.text
    assert refund_id in [item["id"] for item in listed.json()["items"]]

    path = f"/v1/orders/refunds/{refund_id}/retry"
    buyer = _signed(app, "POST", path, roles=("customer",), user_id=7)
    assert (await app.state.client.post(path, headers=buyer)).status_code == 403
    ops = _signed(app, "POST", path, roles=("customer", "ops"))
    retried = await app.state.client.post(path, headers=ops)
    assert retried.status_code == 200, retried.text
    assert retried.json()["status"] == "pending" and retried.json()["attempts"] == 0
    await _pay_out(app)  # due at once: sent again (and here refused again, its cause still there)
    row = await _row(app, refund_id)
    assert row.status == RefundStatus.pending and row.attempts == 1
