"""The order's trail through the gateway: every after-sales move — filing, a rule's approval at once, ops'
question, the buyer's answer, ops' approval or rejection with its reason — is a row of the order's history
that ops read, with who made it and when.  And a line of a checkout is never paid alone: the old sandbox
pay route answers a 409 naming the checkout's pay route."""

from __future__ import annotations

import uuid

import pytest

from tests.support import bearer, login
from tests.test_after_sales_e2e import claim, new_buyer, paid_order

pytestmark = pytest.mark.e2e
PRICE = 3000


@pytest.fixture
async def shop(gateway):
    ops = await login(gateway, "after-sales-history-e2e-ops", ("ops",))
    ops["user_id"] = (await gateway.get("/v1/users/me", headers=bearer(ops))).json()["id"]
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"售后记录测试 {uuid.uuid4().hex[:6]}", "role": "regular", "published": True,
        "skus": [{"name": "一箱", "price_fen": PRICE, "stock": 50},
                 {"name": "半箱", "price_fen": PRICE // 2, "stock": 50}]})).json()
    return {"ops": ops, "sku": product["skus"][0]["id"], "half": product["skus"][1]["id"]}


async def trail(gateway, shop, order_id: int) -> list[dict]:
    answer = await gateway.get(f"/v1/orders/{order_id}/history", headers=bearer(shop["ops"]))
    assert answer.status_code == 200, answer.text
    return [entry for entry in answer.json()["entries"] if entry["event"].startswith("after_sales")
            or entry["event"].startswith("refund")]


async def test_every_review_move_is_in_the_order_history_with_who_and_when(gateway, shop):
    ops = shop["ops"]
    buyer = await new_buyer(gateway)
    buyer_id = (await gateway.get("/v1/users/me", headers=bearer(buyer))).json()["id"]

    # A small claim, approved at once by a rule: the rule is who approved it, not the buyer.
    small = await paid_order(gateway, shop, buyer)
    filed = (await claim(gateway, buyer, small["id"], amount_fen=300)).json()
    assert filed["status"] == "approved" and filed["auto_rule"] == "small_amount"
    rows = await trail(gateway, shop, small["id"])
    events = [row["event"] for row in rows]
    assert events[:2] == ["after_sales_filed", "after_sales_auto"] and events[2].startswith("refund")
    assert rows[2]["actor"]["name"] == "after-sales-rule"  # the refund it decided, by the same rule
    filed_row, auto_row = rows[0], rows[1]
    assert (filed_row["actor"]["kind"], filed_row["actor"]["id"]) == ("user", buyer_id)
    assert (auto_row["actor"]["kind"], auto_row["actor"]["name"]) == ("system", "after-sales-rule")
    assert "small_amount" in auto_row["note"] and "300" in auto_row["note"] and auto_row["at"]

    # A larger claim: asked about, answered, then rejected with a reason.
    rejected = await paid_order(gateway, shop, buyer)
    got = (await claim(gateway, buyer, rejected["id"], reason_code="quality", amount_fen=2500)).json()
    assert got["status"] == "pending_review"
    path = f"/v1/orders/after-sales/{got['id']}"
    asked = await gateway.post(f"{path}/ask", json={"question": "请拍箱内照片"}, headers=bearer(ops))
    assert asked.status_code == 200, asked.text
    assert (await gateway.post(f"{path}/answer", json={"answer": "已补拍", "image_urls": []},
                               headers=bearer(buyer))).status_code == 200
    answer = await gateway.post(f"{path}/reject", json={"reason": "照片显示完好"}, headers=bearer(ops))
    assert answer.status_code == 200, answer.text
    rows = await trail(gateway, shop, rejected["id"])
    assert [row["event"] for row in rows] == ["after_sales_filed", "after_sales_asked", "after_sales_answered",
                                              "after_sales_rejected"]
    asked, answered, rejection = rows[1], rows[2], rows[3]
    assert (asked["actor"]["id"], answered["actor"]["id"], rejection["actor"]["id"]) == (
        ops["user_id"], buyer_id, ops["user_id"])
    assert "ops" in rejection["actor"]["roles"] and "照片显示完好" in rejection["note"]
    assert "请拍箱内照片" in asked["note"] and "已补拍" in answered["note"]
    assert all(row["from_status"] == row["to_status"] == "confirmed" for row in rows)  # reviews keep the state
    assert rows[0]["at"] <= rows[1]["at"] <= rows[2]["at"] <= rows[3]["at"]

    # Approved by ops for less than claimed: the approval, then the refund it decided.
    approved = await paid_order(gateway, shop, buyer)
    got = (await claim(gateway, buyer, approved["id"], reason_code="quality", amount_fen=2500)).json()
    answer = await gateway.post(f"/v1/orders/after-sales/{got['id']}/approve", json={"amount_fen": 2000},
                                headers=bearer(ops))
    assert answer.status_code == 200, answer.text
    rows = await trail(gateway, shop, approved["id"])
    events = [row["event"] for row in rows]
    assert events[:2] == ["after_sales_filed", "after_sales_approved"] and len(events) == 3
    assert events[2].startswith("refund")  # the order's own move: the refund the approval decided
    assert rows[1]["actor"]["id"] == ops["user_id"] and "2000" in rows[1]["note"] and "2500" in rows[1]["note"]

    # The buyer does not read the trail.
    assert (await gateway.get(f"/v1/orders/{approved['id']}/history", headers=bearer(buyer))).status_code == 403


async def test_the_sandbox_pay_route_points_a_checkout_line_to_its_checkout(gateway, shop):
    buyer = await new_buyer(gateway)
    placed = await gateway.post("/v1/checkouts", headers=bearer(buyer) | {"Idempotency-Key": uuid.uuid4().hex},
                                json={"address_id": buyer["address_id"],
                                      "lines": [{"sku_id": shop["sku"], "quantity": 1},
                                                {"sku_id": shop["half"], "quantity": 2}]})
    assert placed.status_code == 201, placed.text
    checkout = placed.json()
    line = checkout["lines"][0]
    alone = await gateway.post(f"/v1/payments/sandbox/{line['id']}", headers=bearer(buyer))
    assert alone.status_code == 409, alone.text
    assert alone.headers["content-type"].startswith("application/problem+json")
    problem = alone.json()
    assert (problem["code"], problem["checkout_id"]) == ("checkout_line", checkout["id"])
    assert problem["pay_route"] == f"/v1/payments/sandbox/checkouts/{checkout['id']}"
    assert (await gateway.get(f"/v1/orders/{line['id']}", headers=bearer(buyer))).json()["status"] == \
        "pending_payment"  # nothing was paid
    paid = await gateway.post(problem["pay_route"], headers=bearer(buyer))
    assert paid.status_code == 200 and {row["status"] for row in paid.json()["lines"]} <= {"paid", "confirmed"}
    # Someone else's checkout line stays someone else's: not found, as ever.
    stranger = await new_buyer(gateway)
    assert (await gateway.post(f"/v1/payments/sandbox/{line['id']}", headers=bearer(stranger))).status_code == 404
