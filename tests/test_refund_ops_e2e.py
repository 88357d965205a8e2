"""Ops' moves on refunds WeChat Pay did not pay, through the gateway to the real processes, with orders
talking the real v3 protocol to the local fake WeChat Pay (its own stack: the shared one pays in the
sandbox, whose refunds are paid at once): an ``ABNORMAL`` refund sent again under a new number and paid
once; a ``CLOSED`` one settled by hand (from ``groupbuy-ops``, too); each move idempotent, refused in the
wrong state, audited on the refund and in the order's trail, and shown in the order's refund list."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from common.testing.stack import Stack
from conftest import stack_env
from tests.support import ADDRESS, bearer, login, until
from tests.test_ops_cli_e2e import Cli, ok, row_of

pytestmark = pytest.mark.e2e
PRICE = 3000
NOTIFY = "/v1/payments/wechat/notify"


@pytest.fixture(scope="module")
def wechat_stack(infra, fake_wechat, fake_wechatpay):
    payouts = {name: value for name, value in fake_wechatpay.items() if name.startswith("GROUPBUY_")}
    # A bus of its own: the shared stack's consumers must never read this stack's events.
    env = stack_env(fake_wechat, GROUPBUY_REDIS__PREFIX=f"{infra.redis.prefix}refund-ops:")
    running = Stack(infra=infra, database_template=infra.database_template("refund_ops"), extra_env=env,
                    part_env={"orders": payouts, "referrals": payouts}).start()
    yield running
    running.stop()


@pytest.fixture
async def gateway(wechat_stack):
    async with httpx.AsyncClient(base_url=wechat_stack.gateway_url, timeout=15) as client:
        yield client


@pytest.fixture
async def wechat(fake_wechatpay):
    async with httpx.AsyncClient(base_url=fake_wechatpay["FAKE_URL"], timeout=10) as client:
        yield client


@pytest.fixture
async def shop(gateway):
    ops = await login(gateway, "refund-ops-e2e-ops", ("ops",))
    ops["user_id"] = (await gateway.get("/v1/users/me", headers=bearer(ops))).json()["id"]
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"退款处理测试 {uuid.uuid4().hex[:6]}", "role": "regular", "published": True,
        "skus": [{"name": "一箱", "price_fen": PRICE, "stock": 50}]})).json()
    buyer = await login(gateway, f"refund-ops-e2e-buyer-{uuid.uuid4().hex[:8]}")
    buyer["address_id"] = (await gateway.post("/v1/users/me/addresses", json=ADDRESS,
                                              headers=bearer(buyer))).json()["id"]
    return {"ops": ops, "buyer": buyer, "sku": product["skus"][0]["id"]}


async def notify(gateway, sent: dict) -> None:
    answer = await gateway.post(NOTIFY, content=sent["body"].encode(), headers=sent["headers"])
    assert answer.status_code == 204, answer.text


async def paid_order(gateway, wechat, shop) -> dict:
    """Ordered, then paid at WeChat Pay (the fake), whose notification reaches orders through the gateway."""
    buyer = shop["buyer"]
    placed = await gateway.post("/v1/orders", headers=bearer(buyer) | {"Idempotency-Key": uuid.uuid4().hex},
                                json={"sku_id": shop["sku"], "quantity": 1, "address_id": buyer["address_id"]})
    assert placed.status_code == 201, placed.text
    order = placed.json()
    paid = await wechat.post(f"/fake/pay/{order['order_no']}", params={"deliver": "false"})
    assert paid.status_code == 200, paid.text
    await notify(gateway, paid.json())
    return await order_of(gateway, buyer, order["id"])


async def order_of(gateway, buyer: dict, order_id: int) -> dict:
    return (await gateway.get(f"/v1/orders/{order_id}", headers=bearer(buyer))).json()


async def refund_of(gateway, shop, order_id: int) -> dict | None:
    listed = (await gateway.get("/v1/orders/refunds", params={"order": "desc", "limit": 100},
                                headers=bearer(shop["ops"]))).json()["items"]
    return next((row for row in listed if row["order_id"] == order_id), None)


async def paying_refund(gateway, shop, order: dict, amount_fen: int) -> dict:
    """The buyer asks for money back; the pay-out loop sends it to WeChat Pay, which accepts it."""
    asked = await gateway.post(f"/v1/orders/{order['id']}/refunds", json={"amount_fen": amount_fen},
                               headers=bearer(shop["buyer"]))
    assert asked.status_code == 201, asked.text
    return await until(lambda: refund_of(gateway, shop, order["id"]),
                       lambda row: row is not None and row["status"] == "paying", 15)


async def finished(wechat, out_refund_no: str, status: str) -> dict:
    done = await wechat.post(f"/fake/refund-complete/{out_refund_no}", params={"status": status, "deliver": "false"})
    assert done.status_code == 200, done.text
    return done.json()


async def history(gateway, shop, order_id: int) -> list[dict]:
    answer = await gateway.get(f"/v1/orders/{order_id}/history", headers=bearer(shop["ops"]))
    assert answer.status_code == 200, answer.text
    return answer.json()["entries"]


async def test_an_abnormal_refund_is_sent_again_under_a_new_number_and_paid_once(gateway, wechat, shop):
    ops, buyer = shop["ops"], shop["buyer"]
    order = await paid_order(gateway, wechat, shop)
    refund = await paying_refund(gateway, shop, order, 1000)
    first_no = refund["out_refund_no"]
    abnormal = await finished(wechat, first_no, "ABNORMAL")
    await notify(gateway, abnormal)
    seen = await order_of(gateway, buyer, order["id"])
    assert [(line["state"], line["provider_status"]) for line in seen["refunds"]] == [("failed", "abnormal")]
    assert seen["refunded_fen"] == 0
    listed = (await gateway.get("/v1/orders/refunds", params={"status": "abnormal", "limit": 100},
                                headers=bearer(ops))).json()["items"]
    assert refund["id"] in [row["id"] for row in listed]

    path = f"/v1/orders/refunds/{refund['id']}/retry"
    assert (await gateway.post(path, headers=bearer(buyer))).status_code == 403
    retried = await gateway.post(path, json={"note": "买家已换绑银行卡"}, headers=bearer(ops))
    assert retried.status_code == 200, retried.text
    got = retried.json()
    assert got["out_refund_no"] != first_no and got["replaced_out_refund_no"] == first_no
    assert (got["ops_action"], got["ops_by"], got["ops_note"]) == ("retried", ops["user_id"], "买家已换绑银行卡")
    assert got["ops_at"] and got["status"] in ("pending", "paying")
    # The same retry again, five at once: one new number, never a second attempt.
    again = await asyncio.gather(*(gateway.post(path, json={"note": "买家已换绑银行卡"}, headers=bearer(ops))
                                   for _ in range(5)))
    assert {(answer.status_code, answer.json()["out_refund_no"]) for answer in again} == {(200, got["out_refund_no"])}

    # The pay-out loop sends it through the one pay-out path; paid only when WeChat Pay says so.
    await until(lambda: refund_of(gateway, shop, order["id"]), lambda row: row["status"] == "paying", 15)
    await notify(gateway, await finished(wechat, got["out_refund_no"], "SUCCESS"))
    await notify(gateway, abnormal)  # the old number's news, told again: acknowledged, changes nothing
    seen = await order_of(gateway, buyer, order["id"])
    (line,) = seen["refunds"]
    assert (line["state"], line["ops_action"], line["amount_fen"], seen["refunded_fen"]) == ("paid", "retried",
                                                                                            1000, 1000)
    late = await gateway.post(path, headers=bearer(ops))
    assert late.status_code == 409 and late.json()["code"] == "refund_not_retryable", late.text
    assert late.headers["content-type"].startswith("application/problem+json")
    settle = await gateway.post(f"/v1/orders/refunds/{refund['id']}/settle", json={"note": "现金"},
                                headers=bearer(ops))
    assert settle.status_code == 409 and settle.json()["code"] == "refund_not_settleable", settle.text

    trail = [entry for entry in await history(gateway, shop, order["id"]) if entry["event"] == "refund_retried"]
    assert len(trail) == 1
    assert (trail[0]["actor"]["kind"], trail[0]["actor"]["id"]) == ("user", ops["user_id"])
    assert "ops" in trail[0]["actor"]["roles"] and trail[0]["at"]
    assert first_no in trail[0]["note"] and got["out_refund_no"] in trail[0]["note"]
    assert "买家已换绑银行卡" in trail[0]["note"]


async def test_a_closed_refund_is_settled_by_hand_once_and_counted_back(gateway, wechat, shop):
    ops, buyer = shop["ops"], shop["buyer"]
    order = await paid_order(gateway, wechat, shop)
    refund = await paying_refund(gateway, shop, order, 500)
    path = f"/v1/orders/refunds/{refund['id']}/settle"
    early = await gateway.post(path, json={"note": "银行转账"}, headers=bearer(ops))
    assert early.status_code == 409 and early.json()["code"] == "refund_not_settleable"  # still on its way
    await notify(gateway, await finished(wechat, refund["out_refund_no"], "CLOSED"))
    assert (await order_of(gateway, buyer, order["id"]))["refunds"][0]["provider_status"] == "closed"

    assert (await gateway.post(path, json={"note": "现金"}, headers=bearer(buyer))).status_code == 403
    missing = await gateway.post(path, json={}, headers=bearer(ops))
    assert missing.status_code == 422 and missing.json()["code"] == "validation_error"
    settled = await gateway.post(path, json={"note": "已于自提点退现金 5 元"}, headers=bearer(ops))
    assert settled.status_code == 200, settled.text
    got = settled.json()
    assert (got["status"], got["ops_action"], got["ops_by"]) == ("settled", "settled", ops["user_id"])
    again = await gateway.post(path, json={"note": "另一条"}, headers=bearer(ops))
    assert again.status_code == 200 and again.json()["ops_note"] == "已于自提点退现金 5 元"  # settled once
    retry = await gateway.post(f"/v1/orders/refunds/{refund['id']}/retry", headers=bearer(ops))
    assert retry.status_code == 409 and retry.json()["code"] == "refund_not_retryable"

    seen = await order_of(gateway, buyer, order["id"])
    (line,) = seen["refunds"]
    assert (line["state"], line["provider_status"], line["ops_action"]) == ("paid", "settled", "settled")
    assert line["paid_at"] and line["ops_note"] == "已于自提点退现金 5 元" and seen["refunded_fen"] == 500
    trail = [entry for entry in await history(gateway, shop, order["id"]) if entry["event"] == "refund_settled"]
    assert len(trail) == 1 and trail[0]["actor"]["id"] == ops["user_id"]
    assert "已于自提点退现金 5 元" in trail[0]["note"] and "closed" in trail[0]["note"]


async def test_groupbuy_ops_lists_an_abnormal_refund_sends_it_again_and_settles_a_closed_one(
        gateway, wechat, shop, wechat_stack, tmp_path):
    cli = Cli(tmp_path / "groupbuy-ops" / "credentials.json")
    ok(cli("login", "--url", wechat_stack.gateway_url, "--dev-openid", "refund-ops-e2e-cli"))
    abnormal_order, closed_order = await paid_order(gateway, wechat, shop), await paid_order(gateway, wechat, shop)
    abnormal = await paying_refund(gateway, shop, abnormal_order, 800)
    closed = await paying_refund(gateway, shop, closed_order, 600)
    await notify(gateway, await finished(wechat, abnormal["out_refund_no"], "ABNORMAL"))
    await notify(gateway, await finished(wechat, closed["out_refund_no"], "CLOSED"))

    listed = ok(cli("after-sales", "refunds"))  # abnormal ones by default
    assert row_of(listed, abnormal["id"])[5] == "abnormal" and f"│ {closed['id']} " not in listed
    sent = ok(cli("after-sales", "retry-refund", abnormal["id"], "--note", "换卡后重退"))
    row = row_of(sent, abnormal["id"])
    assert row[2] != abnormal["out_refund_no"] and row[7] == "retried" and "换卡后重退" in sent

    assert row_of(ok(cli("after-sales", "refunds", "--status", "closed")), closed["id"])[3] == "¥6.00"
    settled = ok(cli("after-sales", "settle-refund", closed["id"], "--note", "银行转账 6 元"))
    row = row_of(settled, closed["id"])
    assert (row[5], row[7]) == ("settled", "settled") and "银行转账 6 元" in settled
    late = cli("after-sales", "retry-refund", closed["id"])
    assert late.exit_code == 1 and "refund_not_retryable" in late.stderr, late.output
    seen = await order_of(gateway, shop["buyer"], closed_order["id"])
    assert (seen["refunded_fen"], seen["refunds"][0]["provider_status"]) == (600, "settled")
