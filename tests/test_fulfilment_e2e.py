"""After payment, through the gateway to the real processes: ops and the community's leader hand orders
out, each state change only where the lifecycle allows it (409 otherwise), refunds within the
after-sales window — never more than was paid, however many come at once — completion when the window
closes, and a payment whose notification was lost found by asking the provider."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from conftest import AFTER_SALES_S
from tests.support import ADDRESS, arrive, bearer, login, until
from tests.test_orders_e2e import available, place

pytestmark = pytest.mark.e2e


@pytest.fixture
async def community_shop(gateway):
    """A community with a leader, a buyer who picks up there, and a product with stock 10."""
    tag = uuid.uuid4().hex[:6]
    ops = await login(gateway, "fulfilment-e2e-ops", ("ops",))
    community = (await gateway.post("/v1/communities", headers=bearer(ops), json={
        "name": f"翠苑团 {tag}", "province": "浙江省", "city": "杭州市", "district": "西湖区", "estate": "翠苑一区",
        "building": "5幢", "pickup_point": "5幢门卫室"})).json()
    leader = await login(gateway, f"fulfilment-leader-{tag}")
    assigned = await gateway.put(f"/v1/communities/{community['id']}/leader", headers=bearer(ops),
                                 json={"user_id": leader["user"]["id"]})
    assert assigned.status_code == 200, assigned.text
    leader = await login(gateway, f"fulfilment-leader-{tag}")  # a new token carries the leader role
    buyer = await login(gateway, f"fulfilment-buyer-{tag}")
    assert (await gateway.post(f"/v1/communities/{community['id']}/join", headers=bearer(buyer))).status_code == 200
    address = (await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(buyer))).json()
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"履约测试商品 {tag}", "role": "regular", "published": True,
        "skus": [{"name": "标准装", "price_fen": 3000, "stock": 10}]})).json()
    return {"ops": ops, "leader": leader, "buyer": buyer, "community": community, "address": address["id"],
            "product": product, "sku": product["skus"][0]["id"]}


async def paid_order(gateway, shop, quantity: int = 1) -> dict:
    order = (await place(gateway, shop, key=uuid.uuid4().hex, quantity=quantity)).json()
    paid = await gateway.post(f"/v1/payments/sandbox/{order['id']}", headers=bearer(shop["buyer"]))
    assert paid.status_code == 200 and paid.json()["status"] == "confirmed", paid.text
    return paid.json()


async def test_the_leader_hands_out_the_orders_of_their_community_and_nobody_else_may(gateway, community_shop):
    shop = community_shop
    order = await paid_order(gateway, shop)
    assert order["community_id"] == shop["community"]["id"]
    url = f"/v1/orders/{order['id']}"
    other_leader = await login(gateway, f"fulfilment-other-{uuid.uuid4().hex[:6]}", ("leader",))
    assert (await gateway.post(f"{url}/ship", headers=bearer(shop["buyer"]))).status_code == 403
    assert (await gateway.post(f"{url}/ship", headers=bearer(other_leader))).status_code == 404
    early = await gateway.post(f"{url}/deliver", headers=bearer(shop["leader"]))
    assert early.status_code == 409 and early.json()["code"] == "invalid_transition", early.text
    shipped = await gateway.post(f"{url}/ship", headers=bearer(shop["leader"]))
    assert shipped.status_code == 200 and shipped.json()["status"] == "shipped" and shipped.json()["shipped_at"]
    again = await gateway.post(f"{url}/ship", headers=bearer(shop["ops"]))
    assert again.status_code == 200 and again.json()["shipped_at"] == shipped.json()["shipped_at"]
    on_way = await gateway.post(f"{url}/deliver", headers=bearer(shop["leader"]))
    assert on_way.status_code == 409 and on_way.json()["code"] == "not_arrived", on_way.text
    assert (await arrive(gateway, shop["leader"], shop["community"]["id"]))["arrived_orders"] == [order["id"]]
    delivered = await gateway.post(f"{url}/deliver", headers=bearer(shop["leader"]))
    assert delivered.json()["status"] == "delivered" and delivered.json()["delivered_at"]
    cancel = await gateway.post(f"{url}/cancel", headers=bearer(shop["buyer"]))
    assert cancel.status_code == 409 and cancel.json()["code"] == "invalid_transition"


async def test_an_unpaid_order_cannot_be_shipped(gateway, community_shop):
    order = (await place(gateway, community_shop, key=uuid.uuid4().hex)).json()
    answer = await gateway.post(f"/v1/orders/{order['id']}/ship", headers=bearer(community_shop["ops"]))
    assert answer.status_code == 409 and answer.json()["state"] == "pending_payment"


async def test_a_partial_refund_then_the_rest_and_never_more(gateway, community_shop):
    shop = community_shop
    order = await paid_order(gateway, shop, quantity=2)  # 6000 fen
    url = f"/v1/orders/{order['id']}/refunds"
    stranger = await login(gateway, f"fulfilment-stranger-{uuid.uuid4().hex[:6]}")
    assert (await gateway.post(url, json={"amount_fen": 100}, headers=bearer(stranger))).status_code == 404
    part = await gateway.post(url, json={"amount_fen": 1000}, headers=bearer(shop["buyer"]))
    assert part.status_code == 201 and part.json()["status"] == "confirmed", part.text
    too_much = await gateway.post(url, json={"amount_fen": 5001}, headers=bearer(shop["buyer"]))
    assert too_much.status_code == 422 and too_much.json()["refundable_fen"] == 5000
    assert (await gateway.post(url, json={"amount_fen": 1.5}, headers=bearer(shop["buyer"]))).status_code == 422
    answers = await asyncio.gather(*(gateway.post(url, json={}, headers=bearer(shop["buyer"])) for _ in range(5)))
    assert sorted(a.status_code for a in answers)[0] == 201
    assert [a.status_code for a in answers].count(201) == 1, [a.text for a in answers]
    assert all(a.status_code in (201, 409, 422) for a in answers)
    seen = await until(lambda: gateway.get(f"/v1/orders/{order['id']}", headers=bearer(shop["buyer"])),
                       lambda a: a.json()["refunded_fen"] == 6000, 10)
    assert seen.json()["status"] == "refunded" and seen.json()["refunded_fen"] == 6000
    assert await available(gateway, shop) == 10  # refunded before it was handed out: back on sale


async def test_refunds_close_with_the_after_sales_window_and_the_order_completes(gateway, community_shop):
    shop = community_shop
    order = await paid_order(gateway, shop)
    url = f"/v1/orders/{order['id']}"
    assert (await gateway.post(f"{url}/ship", headers=bearer(shop["ops"]))).status_code == 200
    await arrive(gateway, shop["ops"], shop["community"]["id"])
    assert (await gateway.post(f"{url}/deliver", headers=bearer(shop["ops"]))).status_code == 200
    inside = await gateway.post(f"{url}/refunds", json={"amount_fen": 500}, headers=bearer(shop["buyer"]))
    assert inside.status_code == 201 and inside.json()["status"] == "delivered"
    done = await until(lambda: gateway.get(url, headers=bearer(shop["buyer"])),
                       lambda a: a.json()["status"] == "completed", AFTER_SALES_S * 3)
    assert done.json()["status"] == "completed" and done.json()["completed_at"], done.text
    assert done.json()["refunded_fen"] == 500
    late = await gateway.post(f"{url}/refunds", json={"amount_fen": 100}, headers=bearer(shop["buyer"]))
    assert late.status_code == 409 and late.json()["code"] == "invalid_transition"
    settled = await gateway.post(f"{url}/refunds", json={"amount_fen": 100}, headers=bearer(shop["ops"]))
    assert settled.status_code == 201 and settled.json()["status"] == "completed", settled.text
    seen = await until(lambda: gateway.get(url, headers=bearer(shop["buyer"])),
                       lambda a: a.json()["refunded_fen"] == 600, 10)
    assert seen.json()["status"] == "completed" and seen.json()["refunded_fen"] == 600


async def test_a_payment_whose_notification_was_lost_is_found_by_asking_the_provider(gateway, community_shop):
    shop = community_shop
    order = (await place(gateway, shop, key=uuid.uuid4().hex)).json()
    lost = await gateway.post(f"/v1/payments/sandbox/{order['id']}", params={"notify": "false"},
                              headers=bearer(shop["buyer"]))
    assert lost.status_code == 200 and lost.json()["status"] == "pending_payment"
    seen = await until(lambda: gateway.get(f"/v1/orders/{order['id']}", headers=bearer(shop["buyer"])),
                       lambda a: a.json()["status"] != "pending_payment", 15)
    assert seen.json()["status"] == "confirmed" and seen.json()["paid_at"], seen.text
