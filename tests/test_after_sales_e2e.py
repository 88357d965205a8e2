"""After-sales through the gateway to the real processes: a small claim approved at once and paid back
through the one refund path, visible on the order with its reason and payout state; a larger claim
reviewed (ask, answer, approve or reject — raced, one outcome); claims and refunds racing on one order
never exceed what was paid; only the buyer and ops reach a claim; a replayed or forged ``REFUND.*``
notification changes nothing."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections import Counter

import pytest

from common.payments import SandboxProvider, SandboxSettings
from conftest import SANDBOX_APIV3_KEY, SANDBOX_PLATFORM_KEY
from tests.support import ADDRESS, bearer, login, until

pytestmark = pytest.mark.e2e
_buyers = itertools.count(1)
PRICE = 3000


@pytest.fixture
async def shop(gateway):
    """A product at ¥30, ops, and a buyer with one paid order of it."""
    ops = await login(gateway, "after-sales-e2e-ops", ("ops",))
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"售后测试商品 {uuid.uuid4().hex[:6]}", "role": "regular", "published": True,
        "skus": [{"name": "一箱", "price_fen": PRICE, "stock": 50}]})).json()
    buyer = await new_buyer(gateway)
    shop = {"ops": ops, "sku": product["skus"][0]["id"], "buyer": buyer}
    shop["order"] = await paid_order(gateway, shop, buyer)
    return shop


async def new_buyer(gateway) -> dict:
    buyer = await login(gateway, f"after-sales-e2e-buyer-{next(_buyers)}-{uuid.uuid4().hex[:6]}")
    buyer["address_id"] = (await gateway.post("/v1/users/me/addresses", json=ADDRESS,
                                              headers=bearer(buyer))).json()["id"]
    return buyer


async def paid_order(gateway, shop: dict, buyer: dict, quantity: int = 1) -> dict:
    placed = await gateway.post("/v1/orders", headers=bearer(buyer) | {"Idempotency-Key": uuid.uuid4().hex},
                                json={"sku_id": shop["sku"], "quantity": quantity, "address_id": buyer["address_id"]})
    assert placed.status_code == 201, placed.text
    paid = await gateway.post(f"/v1/payments/sandbox/{placed.json()['id']}", headers=bearer(buyer))
    assert paid.status_code == 200 and paid.json()["status"] == "confirmed", paid.text
    return paid.json()


async def claim(gateway, buyer: dict, order_id: int, **body):
    body = {"kind": "refund_only", "reason_code": "damaged", "note": "箱子压坏了",
            "image_urls": ["https://img.example.cn/a.jpg"]} | body
    return await gateway.post(f"/v1/orders/{order_id}/after-sales", json=body, headers=bearer(buyer))


async def order_of(gateway, buyer: dict, order_id: int) -> dict:
    return (await gateway.get(f"/v1/orders/{order_id}", headers=bearer(buyer))).json()


async def test_a_small_claim_is_approved_at_once_and_the_order_shows_why_money_came_back(gateway, shop):
    buyer, order = shop["buyer"], shop["order"]
    reasons = (await gateway.get("/v1/orders/after-sales/reasons", headers=bearer(buyer))).json()
    assert {"code": "damaged", "label": "坏果"}.items() <= next(r for r in reasons if r["code"] == "damaged").items()

    filed = await claim(gateway, buyer, order["id"], quantity=1, amount_fen=500)
    assert filed.status_code == 422  # units or an amount, not both
    filed = await claim(gateway, buyer, order["id"], amount_fen=500)
    assert filed.status_code == 201, filed.text
    got = filed.json()
    assert (got["status"], got["auto_rule"], got["amount_fen"], got["reason_label"]) == ("approved", "small_amount",
                                                                                        500, "坏果")
    assert got["note"] == "箱子压坏了" and got["image_urls"] == ["https://img.example.cn/a.jpg"]

    seen = await until(lambda: order_of(gateway, buyer, order["id"]),
                       lambda body: body["refunds"] and body["refunds"][0]["state"] == "paid", 15)
    (line,) = seen["refunds"]
    assert (line["amount_fen"], line["reason"], line["reason_code"], line["reason_label"]) == (
        500, "after_sales", "damaged", "坏果")
    assert line["paid_at"] and line["requested_at"] and line["after_sales_id"] == got["id"]
    assert seen["refunded_fen"] == 500
    listed = (await gateway.get("/v1/orders", headers=bearer(buyer))).json()["items"]
    assert next(o for o in listed if o["id"] == order["id"])["refunds"][0]["state"] == "paid"
    staff = (await gateway.get("/v1/orders", params={"view": "staff", "order_no": order["order_no"]},
                               headers=bearer(shop["ops"]))).json()["items"]
    assert staff[0]["refunds"][0]["reason"] == "after_sales"
    mine = (await gateway.get("/v1/orders/after-sales", headers=bearer(buyer))).json()["items"]
    assert [c["id"] for c in mine] == [got["id"]]

    # Payout truth: WeChat Pay's REFUND.SUCCESS for it, replayed (the real keys of this sandbox), changes
    # nothing; one signed with any other key is refused; one naming another amount is refused.
    sandbox = SandboxProvider(SandboxSettings(platform_private_key_pem=SANDBOX_PLATFORM_KEY,
                                              apiv3_key=SANDBOX_APIV3_KEY))
    resource = {"mchid": sandbox.settings.mchid, "out_trade_no": order["order_no"],
                "out_refund_no": f"{order['order_no']}-r1", "refund_id": "50300000000000000000000000001",
                "refund_status": "SUCCESS", "amount": {"total": PRICE, "refund": 500}}
    genuine = sandbox._notification("REFUND.SUCCESS", "refund", resource)
    forged = SandboxProvider()._notification("REFUND.SUCCESS", "refund", resource)
    other_amount = sandbox._notification("REFUND.SUCCESS", "refund", resource | {"amount": {"total": PRICE,
                                                                                            "refund": 2500}})
    for _ in range(3):
        answer = await gateway.post("/v1/payments/wechat/notify", content=genuine.body, headers=genuine.headers)
        assert answer.status_code == 204, answer.text
    answer = await gateway.post("/v1/payments/wechat/notify", content=forged.body, headers=forged.headers)
    assert answer.status_code == 401 and answer.json()["code"] == "FAIL"
    answer = await gateway.post("/v1/payments/wechat/notify", content=other_amount.body, headers=other_amount.headers)
    assert answer.status_code == 409 and answer.json()["code"] == "refund_mismatch"
    abnormal = sandbox._notification("REFUND.ABNORMAL", "refund", resource | {"refund_status": "ABNORMAL"})
    assert (await gateway.post("/v1/payments/wechat/notify", content=abnormal.body,
                               headers=abnormal.headers)).status_code == 204
    after = await order_of(gateway, buyer, order["id"])
    assert after["refunded_fen"] == 500 and [r["state"] for r in after["refunds"]] == ["paid"]


async def test_a_larger_claim_is_reviewed_and_a_raced_approve_and_reject_make_one_outcome(gateway, shop):
    buyer, order, ops = shop["buyer"], shop["order"], shop["ops"]
    filed = await claim(gateway, buyer, order["id"], kind="refund_only", reason_code="quality", amount_fen=2600,
                        image_urls=["https://img.example.cn/b.jpg"])
    assert filed.status_code == 201, filed.text
    got = filed.json()
    assert (got["status"], got["review_reason"]) == ("pending_review", "amount")
    again = await claim(gateway, buyer, order["id"], amount_fen=100)
    assert again.status_code == 409 and again.json()["code"] == "after_sales_open"
    seen = await order_of(gateway, buyer, order["id"])
    assert [(r["state"], r["amount_fen"], r["refund_id"]) for r in seen["refunds"]] == [("requested", 2600, None)]

    queue = (await gateway.get("/v1/orders/after-sales", params={"view": "staff", "status": "pending_review",
                                                                 "limit": 100}, headers=bearer(ops))).json()
    assert got["id"] in [c["id"] for c in queue["items"]]
    claim_path = f"/v1/orders/after-sales/{got['id']}"
    asked = await gateway.post(f"{claim_path}/ask", json={"question": "请拍一下箱内照片"}, headers=bearer(ops))
    assert asked.status_code == 200 and asked.json()["status"] == "needs_info", asked.text
    answered = await gateway.post(f"{claim_path}/answer", headers=bearer(buyer),
                                  json={"answer": "已补拍", "image_urls": ["https://img.example.cn/c.jpg"]})
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "pending_review" and len(answered.json()["image_urls"]) == 2

    outcomes = await asyncio.gather(
        *(gateway.post(f"{claim_path}/approve", json={}, headers=bearer(ops)) for _ in range(3)),
        *(gateway.post(f"{claim_path}/reject", json={"reason": "照片看不出问题"}, headers=bearer(ops))
          for _ in range(3)))
    codes = Counter(answer.status_code for answer in outcomes)
    assert codes == Counter({200: 1, 409: 5}), [a.text for a in outcomes]
    winner = next(answer.json() for answer in outcomes if answer.status_code == 200)
    assert all(a.json()["code"] == "invalid_transition" for a in outcomes if a.status_code == 409)
    final = (await gateway.get(claim_path, headers=bearer(buyer))).json()
    assert final["status"] == winner["status"] in ("approved", "rejected")
    seen = await order_of(gateway, buyer, order["id"])
    if final["status"] == "approved":
        assert [(r["amount_fen"], r["reason"]) for r in seen["refunds"]] == [(2600, "after_sales")]
        assert final["refund_id"] == seen["refunds"][0]["refund_id"]
    else:
        assert [(r["state"], r["reject_reason"]) for r in seen["refunds"]] == [("rejected", "照片看不出问题")]


async def test_claims_and_refunds_racing_on_one_order_never_exceed_what_was_paid(gateway, shop):
    buyer, order, ops = shop["buyer"], shop["order"], shop["ops"]
    filed = (await claim(gateway, buyer, order["id"], reason_code="missing", amount_fen=2500)).json()
    assert filed["status"] == "pending_review"
    answers = await asyncio.gather(
        gateway.post(f"/v1/orders/after-sales/{filed['id']}/approve", json={}, headers=bearer(ops)),
        *(gateway.post(f"/v1/orders/{order['id']}/refunds", json={"amount_fen": 1000}, headers=bearer(buyer))
          for _ in range(4)))
    assert all(a.status_code in (200, 201, 422) for a in answers), [a.text for a in answers]
    assert all(a.json()["code"] == "refund_too_large" for a in answers if a.status_code == 422)
    granted = (2500 if answers[0].status_code == 200 else 0) + 1000 * sum(a.status_code == 201 for a in answers[1:])
    assert 0 < granted <= PRICE
    seen = await order_of(gateway, buyer, order["id"])
    decided = [r for r in seen["refunds"] if r["refund_id"] is not None]
    assert sum(r["amount_fen"] for r in decided) == granted
    late = await claim(gateway, buyer, order["id"], amount_fen=PRICE - granted + 1)
    assert late.status_code in (409, 422)  # nothing (or not that much) is left to claim


async def test_only_the_buyer_and_ops_reach_a_claim_and_bad_claims_are_refused(gateway, shop):
    buyer, order, ops = shop["buyer"], shop["order"], shop["ops"]
    stranger = await new_buyer(gateway)
    assert (await claim(gateway, stranger, order["id"], amount_fen=100)).status_code == 404
    for bad in ({"image_urls": ["http://img.example.cn/a.jpg"]}, {"image_urls": ["javascript:alert(1)"]},
                {"reason_code": "because"}, {"kind": "exchange"}, {"amount_fen": 0}, {"price_fen": 1}):
        answer = await claim(gateway, buyer, order["id"], **bad)
        assert answer.status_code == 422, (bad, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
    too_much = await claim(gateway, buyer, order["id"], amount_fen=PRICE + 1)
    assert too_much.status_code == 422 and too_much.json()["code"] == "refund_too_large"
    assert too_much.json()["refundable_fen"] == PRICE

    filed = (await claim(gateway, buyer, order["id"], reason_code="changed_mind", kind="return",
                         amount_fen=100)).json()
    assert (filed["status"], filed["review_reason"]) == ("pending_review", "return")
    path = f"/v1/orders/after-sales/{filed['id']}"
    assert (await gateway.get(path, headers=bearer(stranger))).status_code == 404
    assert (await gateway.post(f"{path}/answer", json={"answer": "x"}, headers=bearer(stranger))).status_code == 404
    assert (await gateway.post(f"{path}/approve", json={}, headers=bearer(buyer))).status_code == 403
    assert (await gateway.get("/v1/orders/after-sales", params={"view": "staff"},
                              headers=bearer(buyer))).status_code == 403
    assert filed["id"] not in [c["id"] for c in (await gateway.get(
        "/v1/orders/after-sales", headers=bearer(stranger))).json()["items"]]
    assert (await gateway.get(path, headers=bearer(ops))).status_code == 200
    rejected = await gateway.post(f"{path}/reject", json={"reason": "生鲜不支持无理由退货"}, headers=bearer(ops))
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert (await gateway.post(f"{path}/answer", json={"answer": "x"},
                               headers=bearer(buyer))).status_code == 409


async def test_a_buyer_above_the_refund_rate_guard_has_even_a_small_claim_reviewed(gateway, shop):
    buyer = shop["buyer"]
    # Their only order so far was refunded at their asking: one in one, above the 30% guard.
    refunded = await gateway.post(f"/v1/orders/{shop['order']['id']}/refunds", json={"amount_fen": 100},
                                  headers=bearer(buyer))
    assert refunded.status_code == 201, refunded.text
    second = await paid_order(gateway, shop, buyer)
    filed = await claim(gateway, buyer, second["id"], amount_fen=100)
    assert filed.status_code == 201, filed.text
    assert (filed.json()["status"], filed.json()["review_reason"]) == ("pending_review", "refund_rate")
