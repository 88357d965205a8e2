"""Regular orders through the gateway to the real processes: Idempotency-Key, payment exactly once
through WeChat Pay's notification path, forged notifications refused, cancelling and the unpaid
deadline giving stock back, and nobody reading another buyer's order."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections import Counter

import pytest

from common.payments import SandboxProvider, SandboxSettings
from conftest import SANDBOX_APIV3_KEY, SANDBOX_PLATFORM_KEY, UNPAID_TIMEOUT_S
from tests.support import ADDRESS, bearer, login

pytestmark = pytest.mark.e2e
_buyers = itertools.count(1)


@pytest.fixture
async def shop(gateway):
    """A product with stock 10, and a buyer with an address."""
    ops = await login(gateway, "orders-e2e-ops", ("ops",))
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"订单测试商品 {uuid.uuid4().hex[:6]}", "role": "regular", "published": True,
        "skus": [{"name": "标准装", "price_fen": 2500, "stock": 10, "member_prices": {"member": 2300}}]})).json()
    buyer = await login(gateway, f"orders-e2e-buyer-{next(_buyers)}-{uuid.uuid4().hex[:6]}")
    address = (await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(buyer))).json()
    return {"product": product, "sku": product["skus"][0]["id"], "buyer": buyer, "address": address["id"], "ops": ops}


async def available(gateway, shop) -> int:
    product = await gateway.get(f"/v1/products/{shop['product']['id']}", headers=bearer(shop["ops"]))
    return product.json()["skus"][0]["available"]


async def place(gateway, shop, key: str | None = None, quantity: int = 1, **overrides):
    headers = bearer(shop["buyer"]) | ({"Idempotency-Key": key} if key else {})
    body = {"sku_id": shop["sku"], "quantity": quantity, "address_id": shop["address"]} | overrides
    return await gateway.post("/v1/orders", json=body, headers=headers)


async def test_an_order_holds_stock_and_returns_what_wx_request_payment_needs(gateway, shop):
    answer = await place(gateway, shop, key=uuid.uuid4().hex, quantity=3)
    assert answer.status_code == 201, answer.text
    order = answer.json()
    assert order["status"] == "pending_payment" and order["amount_fen"] == 7500 and order["price_rule"] == "list"
    params = order["payment"]["params"]
    assert params["package"].startswith("prepay_id=") and params["signType"] == "RSA" and params["paySign"]
    assert await available(gateway, shop) == 7
    assert order["address"]["estate"] == "翠苑一区"


async def test_without_an_idempotency_key_nothing_is_ordered(gateway, shop):
    answer = await place(gateway, shop)
    assert answer.status_code == 422
    assert any(e["field"] == "header.Idempotency-Key" for e in answer.json()["errors"])
    assert await available(gateway, shop) == 10


async def test_five_concurrent_requests_with_one_key_make_one_order(gateway, shop):
    key = uuid.uuid4().hex
    answers = await asyncio.gather(*(place(gateway, shop, key=key) for _ in range(5)))
    codes = Counter(a.status_code for a in answers)
    assert set(codes) <= {201, 409} and codes[201] >= 1, codes
    assert len({a.json()["id"] for a in answers if a.status_code == 201}) == 1
    again = await place(gateway, shop, key=key)
    assert again.status_code == 201 and again.json()["id"] == next(a.json()["id"] for a in answers
                                                                    if a.status_code == 201)
    mine = (await gateway.get("/v1/orders", headers=bearer(shop["buyer"]))).json()["items"]
    assert len(mine) == 1 and await available(gateway, shop) == 9


async def test_the_same_key_with_another_body_is_refused(gateway, shop):
    key = uuid.uuid4().hex
    assert (await place(gateway, shop, key=key)).status_code == 201
    other = await place(gateway, shop, key=key, quantity=2)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


async def test_sandbox_payment_confirms_a_regular_order(gateway, shop):
    order = (await place(gateway, shop, key=uuid.uuid4().hex, quantity=2)).json()
    paid = await gateway.post(f"/v1/payments/sandbox/{order['id']}", headers=bearer(shop["buyer"]))
    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "confirmed" and paid.json()["settled_amount_fen"] == 5000
    assert (await gateway.post(f"/v1/payments/sandbox/{order['id']}", headers=bearer(shop["buyer"]))).status_code == 409
    cancel = await gateway.post(f"/v1/orders/{order['id']}/cancel", headers=bearer(shop["buyer"]))
    assert cancel.status_code == 409 and cancel.json()["code"] == "invalid_transition"
    assert await available(gateway, shop) == 8


def _sandbox() -> SandboxProvider:
    return SandboxProvider(SandboxSettings(platform_private_key_pem=SANDBOX_PLATFORM_KEY, apiv3_key=SANDBOX_APIV3_KEY))


async def test_one_notification_replayed_ten_times_makes_one_payment(gateway, shop):
    order = (await place(gateway, shop, key=uuid.uuid4().hex)).json()
    signed = _sandbox().pay(order["order_no"], amount_fen=order["amount_fen"], payer_openid="o-payer")
    answers = await asyncio.gather(*(gateway.post("/v1/payments/wechat/notify", content=signed.body,
                                                  headers=signed.headers) for _ in range(10)))
    assert [a.status_code for a in answers] == [204] * 10, [a.text for a in answers]
    seen = (await gateway.get(f"/v1/orders/{order['id']}", headers=bearer(shop["buyer"]))).json()
    assert seen["status"] == "confirmed" and seen["settled_amount_fen"] == order["amount_fen"]
    assert await available(gateway, shop) == 9


@pytest.mark.parametrize("tamper", ["signature", "body", "timestamp"])
async def test_a_forged_or_garbled_notification_changes_nothing(gateway, shop, tamper):
    order = (await place(gateway, shop, key=uuid.uuid4().hex)).json()
    signed = _sandbox().pay(order["order_no"], amount_fen=order["amount_fen"], payer_openid="o-payer")
    headers, body = dict(signed.headers), signed.body
    if tamper == "signature":
        headers["Wechatpay-Signature"] = headers["Wechatpay-Signature"][::-1]
    elif tamper == "body":
        body = body.replace(b'"ciphertext":"', b'"ciphertext":"AAAA', 1)
    else:
        headers["Wechatpay-Timestamp"] = str(int(headers["Wechatpay-Timestamp"]) - 3600)
    answer = await gateway.post("/v1/payments/wechat/notify", content=body, headers=headers)
    assert answer.status_code == 401 and answer.json()["code"] == "FAIL"
    seen = (await gateway.get(f"/v1/orders/{order['id']}", headers=bearer(shop["buyer"]))).json()
    assert seen["status"] == "pending_payment"


async def test_cancelling_gives_the_stock_back_and_only_the_buyer_may(gateway, shop):
    order = (await place(gateway, shop, key=uuid.uuid4().hex, quantity=4)).json()
    assert await available(gateway, shop) == 6
    stranger = await login(gateway, f"orders-e2e-stranger-{uuid.uuid4().hex[:6]}")
    assert (await gateway.get(f"/v1/orders/{order['id']}", headers=bearer(stranger))).status_code == 404
    assert (await gateway.post(f"/v1/orders/{order['id']}/cancel", headers=bearer(stranger))).status_code == 404
    cancelled = await gateway.post(f"/v1/orders/{order['id']}/cancel", headers=bearer(shop["buyer"]))
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["cancel_reason"] == "user"
    assert await available(gateway, shop) == 10


async def test_an_unpaid_order_is_cancelled_at_its_deadline_and_its_stock_returns(gateway, shop):
    order = (await place(gateway, shop, key=uuid.uuid4().hex, quantity=5)).json()
    assert await available(gateway, shop) == 5
    for _ in range(UNPAID_TIMEOUT_S * 4):
        await asyncio.sleep(0.5)
        seen = (await gateway.get(f"/v1/orders/{order['id']}", headers=bearer(shop["buyer"]))).json()
        if seen["status"] == "cancelled":
            break
    assert seen["status"] == "cancelled" and seen["cancel_reason"] == "payment_timeout"
    assert await available(gateway, shop) == 10
    late = await gateway.post(f"/v1/payments/sandbox/{order['id']}", headers=bearer(shop["buyer"]))
    assert late.status_code == 409


async def test_a_member_pays_the_member_price_never_a_combination(gateway, shop):
    answer = await place(gateway, shop, key=uuid.uuid4().hex, sku_id=999_999)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "body.sku_id"
    order = (await place(gateway, shop, key=uuid.uuid4().hex)).json()
    assert order["unit_price_fen"] == 2500  # a customer: the list price


async def test_a_flash_sale_order_takes_the_flash_price_once_per_buyer(gateway, shop):
    from datetime import UTC, datetime, timedelta

    start = datetime.now(UTC) - timedelta(minutes=1)
    activity = await gateway.post("/v1/activities", headers=bearer(shop["ops"]), json={
        "title": "秒杀", "sku_id": shop["sku"], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
        "terms": {"kind": "flash_sale", "price_fen": 990, "stock": 3, "per_user_limit": 1}})
    assert activity.status_code == 201, activity.text
    body = {"activity_id": activity.json()["id"], "address_id": shop["address"]}
    headers = bearer(shop["buyer"])
    first = await gateway.post("/v1/orders", json=body, headers=headers | {"Idempotency-Key": uuid.uuid4().hex})
    assert first.status_code == 201, first.text
    assert first.json()["kind"] == "flash" and first.json()["unit_price_fen"] == 990
    again = await gateway.post("/v1/orders", json=body, headers=headers | {"Idempotency-Key": uuid.uuid4().hex})
    assert again.status_code == 409 and again.json()["code"] == "per_user_limit"
    paid = await gateway.post(f"/v1/payments/sandbox/{first.json()['id']}", headers=headers)
    assert paid.json()["status"] == "confirmed" and paid.json()["settled_amount_fen"] == 990
    both = await gateway.post("/v1/orders", json=body | {"sku_id": shop["sku"]},
                              headers=headers | {"Idempotency-Key": uuid.uuid4().hex})
    assert both.status_code == 422
