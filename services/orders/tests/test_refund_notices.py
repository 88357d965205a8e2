"""Payout truth, against the local fake WeChat Pay (its own process, the real v3 protocol): a refund the
provider accepted is ``paying`` — no money counted back, no ``order.refunded`` — until WeChat Pay's signed,
encrypted ``REFUND.SUCCESS`` says it is paid, or a refund query finds it so; ``REFUND.ABNORMAL`` and
``REFUND.CLOSED`` refunds are listed for ops; a replayed notification changes nothing, a forged one is
refused and changes nothing."""

from __future__ import annotations

import asyncio
import json
import secrets
from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import col

from common.auth import Identity, sign_identity
from common.clock import now
from common.payments import Notification, NotificationKind, PaymentSettings, WeChatPaySettings
from common.payments.wechatpay import build_notification
from common.testing.apps import serve_in_process, service_settings
from common.testing.fake_wechatpay import DEFAULT_PLATFORM_SERIAL, new_rsa_key
from services.orders import groups, refund_notices, service
from services.orders.config import Settings
from services.orders.domain.refunds import RetryPolicy
from services.orders.main import create_app
from services.orders.models import Order, OrderKind, OrderStatus, OrderTransition, Refund, RefundStatus, events

NOTIFY = "/v1/payments/wechat/notify"
BUYER = 4242


@pytest.fixture(scope="module")
async def app(infra, unit_databases, fake_wechatpay):
    env = {name.removeprefix("GROUPBUY_PAYMENTS__WECHATPAY__").lower(): value
           for name, value in fake_wechatpay.items() if name.startswith("GROUPBUY_PAYMENTS__WECHATPAY__")}
    env["platform_public_keys"] = json.loads(env["platform_public_keys"])
    payments = PaymentSettings(provider="wechatpay", wechatpay=WeChatPaySettings(**env))
    # Its own scheduler never runs a pass during these tests: they drive the payouts and queries themselves.
    application = create_app(service_settings(Settings, infra, unit_databases, scheduler_poll_s=3600,
                                              payments=payments))
    async with serve_in_process(application) as client, httpx.AsyncClient(
            base_url=fake_wechatpay["FAKE_URL"], timeout=10) as fake:
        application.state.client, application.state.fake = client, fake
        await asyncio.sleep(1.0)  # the scheduler's first pass is over
        yield application


async def _paid_order(app, amount_fen: int = 3000) -> Order:
    """An order paid at WeChat Pay (the fake) and in orders."""
    order_no = "GBN" + secrets.token_hex(8)
    created = now()
    await app.state.provider.prepare(out_trade_no=order_no, amount_fen=amount_fen, description="苹果",
                                     payer_openid="o-buyer", expires_at=created + timedelta(minutes=30))
    paid = await app.state.fake.post(f"/fake/pay/{order_no}", params={"deliver": "false"})
    assert paid.status_code == 200, paid.text
    order = Order(order_no=order_no, user_id=BUYER, kind=OrderKind.regular, sku_id=1, product_id=1,
                  product_name="苹果", product_role="regular", quantity=1, unit_price_fen=amount_fen,
                  price_rule="list", amount_fen=amount_fen, status=OrderStatus.confirmed, created_at=created,
                  pay_deadline=created + timedelta(minutes=30), paid_at=created, confirmed_at=created,
                  settled_amount_fen=amount_fen)
    async with app.state.db.write_sessions() as session:
        session.add(order)
        await session.commit()
    return order


def _as(app, method: str, path: str, *, roles=("customer",), user_id: int = BUYER) -> dict[str, str]:
    return sign_identity(Identity(kind="user", user_id=user_id, roles=roles), key=app.state.settings.internal_key,
                         method=method, path=path)


async def _refund(app, order: Order, amount_fen: int) -> Refund:
    """The buyer asks for money back; the pay-out loop sends it to WeChat Pay, which accepts it."""
    path = f"/v1/orders/{order.id}/refunds"
    asked = await app.state.client.post(path, json={"amount_fen": amount_fen}, headers=_as(app, "POST", path))
    assert asked.status_code == 201, asked.text
    await groups.pay_out_refunds(app.state.db, app.state.provider, app.state.clients, policy=RetryPolicy(),
                                 query_after_s=3600)
    async with app.state.db.read_sessions() as session:
        return (await session.exec(sa.select(Refund).where(Refund.order_id == order.id))).scalars().one()


async def _state(app, order: Order) -> tuple[Order, Refund, int]:
    async with app.state.db.read_sessions() as session:
        fresh = await session.get(Order, order.id)
        refund = (await session.exec(sa.select(Refund).where(Refund.order_id == order.id))).scalars().one()
        told = (await session.exec(sa.select(sa.func.count()).where(
            events.outbox.c.event_type == "order.refunded",
            col(events.outbox.c.aggregate) == f"order_id:{order.id}"))).scalar_one()
    return fresh, refund, told


async def _shown(app, order: Order) -> dict:
    path = f"/v1/orders/{order.id}"
    answer = await app.state.client.get(path, headers=_as(app, "GET", path))
    assert answer.status_code == 200, answer.text
    (line,) = answer.json()["refunds"]
    return line


async def _completed(app, out_refund_no: str, status: str = "SUCCESS") -> dict:
    """WeChat Pay finishes the refund; its notification is handed to the test instead of sent."""
    done = await app.state.fake.post(f"/fake/refund-complete/{out_refund_no}",
                                     params={"status": status, "deliver": "false"})
    assert done.status_code == 200, done.text
    return done.json()


async def _notify(app, headers: dict, body: bytes) -> httpx.Response:
    return await app.state.client.post(NOTIFY, content=body, headers=headers)


async def test_accepted_is_paying_and_only_refund_success_makes_it_paid_once(app):
    order = await _paid_order(app)
    refund = await _refund(app, order, 1200)
    fresh, refund, told = await _state(app, order)
    assert refund.status == RefundStatus.paying and refund.provider_refund_id and refund.accepted_at
    assert (fresh.refunded_fen, told) == (0, 0)  # accepted is not paid: nothing counted back, nothing told
    line = await _shown(app, order)
    assert (line["state"], line["amount_fen"], line["reason"], line["paid_at"]) == ("paying", 1200, "requested", None)

    sent = await _completed(app, refund.out_refund_no)
    assert json.loads(sent["body"])["event_type"] == "REFUND.SUCCESS"
    answer = await _notify(app, sent["headers"], sent["body"].encode())
    assert answer.status_code == 204, answer.text
    fresh, refund, told = await _state(app, order)
    assert (refund.status, fresh.refunded_fen, told) == (RefundStatus.succeeded, 1200, 1)
    line = await _shown(app, order)
    assert line["state"] == "paid" and line["paid_at"] is not None

    for _ in range(3):  # WeChat Pay retries, or someone replays it: one payment back, one event
        assert (await _notify(app, sent["headers"], sent["body"].encode())).status_code == 204
    fresh, refund, told = await _state(app, order)
    assert (refund.status, fresh.refunded_fen, told) == (RefundStatus.succeeded, 1200, 1)


async def test_forged_refund_notifications_are_refused_and_change_nothing(app):
    order = await _paid_order(app)
    refund = await _refund(app, order, 700)
    sent = await _completed(app, refund.out_refund_no)
    body = sent["body"].encode()
    envelope = json.loads(body)
    envelope["resource"]["ciphertext"] = envelope["resource"]["ciphertext"][::-1]  # garbled, signature kept
    tampered = json.dumps(envelope).encode()
    wrong_signature = {**sent["headers"], "Wechatpay-Signature": "AAAA" + sent["headers"]["Wechatpay-Signature"][4:]}
    # Signed and encrypted exactly like WeChat Pay's, but with keys that are not WeChat Pay's.
    impostor = build_notification(new_rsa_key(), DEFAULT_PLATFORM_SERIAL, secrets.token_hex(16).encode(),
                                  event_type="REFUND.SUCCESS", original_type="refund",
                                  resource={"mchid": app.state.settings.payments.wechatpay.mchid,
                                            "out_trade_no": order.order_no, "out_refund_no": refund.out_refund_no,
                                            "refund_id": "50000000000000000000000000000", "refund_status": "SUCCESS",
                                            "amount": {"total": 3000, "refund": 700}})
    stale = {**sent["headers"], "Wechatpay-Timestamp": str(int(now().timestamp()) - 3600)}
    for headers, content in ((sent["headers"], tampered), (wrong_signature, body), (impostor.headers, impostor.body),
                             (stale, body)):
        answer = await _notify(app, headers, content)
        assert answer.status_code == 401 and answer.json()["code"] == "FAIL", answer.text
    fresh, refund, told = await _state(app, order)
    assert (refund.status, fresh.refunded_fen, told) == (RefundStatus.paying, 0, 0)
    # The genuine one still works afterwards.
    assert (await _notify(app, sent["headers"], body)).status_code == 204
    fresh, refund, told = await _state(app, order)
    assert (refund.status, fresh.refunded_fen, told) == (RefundStatus.succeeded, 700, 1)


async def test_abnormal_and_closed_refunds_are_listed_for_ops_and_a_late_replay_does_not_undo_a_payment(app):
    abnormal, closed = await _paid_order(app), await _paid_order(app)
    abnormal_refund, closed_refund = await _refund(app, abnormal, 2900), await _refund(app, closed, 500)
    bad = await _completed(app, abnormal_refund.out_refund_no, "ABNORMAL")
    assert (await _notify(app, bad["headers"], bad["body"].encode())).status_code == 204
    shut = await _completed(app, closed_refund.out_refund_no, "CLOSED")
    assert (await _notify(app, shut["headers"], shut["body"].encode())).status_code == 204
    for order, status in ((abnormal, RefundStatus.abnormal), (closed, RefundStatus.closed)):
        fresh, refund, told = await _state(app, order)
        assert (refund.status, fresh.refunded_fen, told) == (status, 0, 0)
        line = await _shown(app, order)
        assert (line["state"], line["provider_status"]) == ("failed", status.value)
        path = "/v1/orders/refunds"
        listed = await app.state.client.get(path, params={"status": status.value},
                                            headers=_as(app, "GET", path, roles=("customer", "ops"), user_id=1))
        assert listed.status_code == 200, listed.text
        assert refund.id in [item["id"] for item in listed.json()["items"]]

    paid = await _paid_order(app)
    paid_refund = await _refund(app, paid, 100)
    success = await _completed(app, paid_refund.out_refund_no)
    assert (await _notify(app, success["headers"], success["body"].encode())).status_code == 204
    # An ABNORMAL for the same refund arriving after its success (older news): paid stays paid.
    assert not await refund_notices.record_outcome(app.state.db, app.state.clients, refund_notices.Outcome(
        out_refund_no=paid_refund.out_refund_no, state=refund_notices.RefundState.ABNORMAL,
        out_trade_no=paid.order_no, refund_fen=100))
    fresh, refund, told = await _state(app, paid)
    assert (refund.status, fresh.refunded_fen, told) == (RefundStatus.succeeded, 100, 1)


async def test_a_lost_notification_is_made_good_by_asking_wechat_pay(app):
    order = await _paid_order(app)
    refund = await _refund(app, order, 900)
    await _completed(app, refund.out_refund_no)  # paid at WeChat Pay; its notification never arrives
    async with app.state.db.write_sessions() as session:  # not asked before its time
        assert await refund_notices.query_paying(app.state.db, app.state.provider, app.state.clients,
                                                 query_after_s=3600) == 0
        row = await session.get(Refund, refund.id)
        row.next_attempt_at = now() - timedelta(seconds=1)
        await session.commit()
    assert await refund_notices.query_paying(app.state.db, app.state.provider, app.state.clients,
                                             query_after_s=3600) >= 1
    fresh, refund, told = await _state(app, order)
    assert (refund.status, fresh.refunded_fen, told) == (RefundStatus.succeeded, 900, 1)


async def test_a_notification_for_another_amount_is_refused_and_changes_nothing(app):
    order = await _paid_order(app)
    refund = await _refund(app, order, 400)
    outcome = refund_notices.Outcome(out_refund_no=refund.out_refund_no, state=refund_notices.RefundState.SUCCEEDED,
                                     out_trade_no=order.order_no, refund_fen=401)
    with pytest.raises(Exception) as refused:
        await refund_notices.record_outcome(app.state.db, app.state.clients, outcome)
    assert getattr(refused.value, "code", None) == "refund_mismatch"
    fresh, refund, told = await _state(app, order)
    assert (refund.status, fresh.refunded_fen, told) == (RefundStatus.paying, 0, 0)


async def test_a_payment_tells_its_events_and_keeps_its_trail_in_the_order_they_happened(app):
    """A plain order paid is paid, then confirmed: its events go to the outbox (and so to the stream) in that
    order, and its trail reads that way — written as one statement on PostgreSQL, as statements on SQLite."""
    created = now()
    order = Order(order_no="GBN" + secrets.token_hex(8), user_id=BUYER, kind=OrderKind.regular, sku_id=1,
                  product_id=1, product_name="苹果", product_role="regular", quantity=1, unit_price_fen=3000,
                  price_rule="list", amount_fen=3000, status=OrderStatus.pending_payment, created_at=created,
                  pay_deadline=created + timedelta(minutes=30))
    async with app.state.db.write_sessions() as session:
        session.add(order)
        await session.commit()
        await session.refresh(order)
    paid = Notification(event_id=secrets.token_hex(8), event_type="TRANSACTION.SUCCESS", kind=NotificationKind.PAID,
                        out_trade_no=order.order_no, transaction_id="T" + secrets.token_hex(8), amount_fen=3000,
                        paid_at=created)
    await service.apply_notification(db=app.state.db, clients=app.state.clients, provider="wechatpay",
                                     notification=paid)
    async with app.state.db.read_sessions() as session:
        told = (await session.exec(sa.select(events.outbox.c.event_type).where(
            col(events.outbox.c.aggregate) == f"order_id:{order.id}").order_by(events.outbox.c.id))).scalars().all()
        trail = (await session.exec(sa.select(OrderTransition.event).where(
            OrderTransition.order_id == order.id).order_by(OrderTransition.id))).scalars().all()
    assert told == ["order.paid", "order.confirmed"]
    assert trail == ["pay", "confirm"]
