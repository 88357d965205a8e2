"""Membership hears about orders over the event bus, between the real processes: a confirmed order
earns growth and points at the buyer's level rate, and a refund the buyer asked for takes them back in
proportion."""

from __future__ import annotations

import uuid

import pytest

from tests.support import ADDRESS, bearer, login, until

pytestmark = pytest.mark.e2e


async def test_a_confirmed_order_earns_growth_and_points_and_a_refund_takes_them_back(gateway):
    tag = uuid.uuid4().hex[:6]
    ops = await login(gateway, "membership-e2e-ops", ("ops",))
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"积分测试商品 {tag}", "role": "regular", "published": True,
        "skus": [{"name": "标准装", "price_fen": 12345, "stock": 5}]})).json()
    buyer = await login(gateway, f"membership-e2e-buyer-{tag}")
    address = (await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(buyer))).json()
    order = (await gateway.post("/v1/orders", headers=bearer(buyer) | {"Idempotency-Key": uuid.uuid4().hex}, json={
        "sku_id": product["skus"][0]["id"], "quantity": 2, "address_id": address["id"]})).json()
    paid = await gateway.post(f"/v1/payments/sandbox/{order['id']}", headers=bearer(buyer))
    assert paid.json()["status"] == "confirmed", paid.text

    def mine():
        return gateway.get("/v1/users/me/points", headers=bearer(buyer))

    earned = await until(mine, lambda a: a.json()["growth_total"] > 0, 15)
    assert earned.json()["growth_total"] == 246 and earned.json()["points_balance"] == 246, earned.text  # ¥246.90

    refund = await gateway.post(f"/v1/orders/{order['id']}/refunds", json={"amount_fen": 12345},
                                headers=bearer(buyer))
    assert refund.status_code == 201, refund.text
    after = await until(mine, lambda a: a.json()["growth_total"] < 246, 15)
    assert after.json()["growth_total"] == 123 and after.json()["points_balance"] == 123, after.text
    ledger = (await gateway.get("/v1/users/me/points/ledger", headers=bearer(buyer))).json()
    assert [entry["kind"] for entry in ledger["items"]] == ["earn", "reverse"]


async def test_the_funnel_of_a_community_follows_its_members_through_the_bus(gateway):
    tag = uuid.uuid4().hex[:6]
    ops = await login(gateway, "membership-e2e-ops", ("ops",))
    community = (await gateway.post("/v1/communities", headers=bearer(ops), json={
        "name": f"漏斗团 {tag}", "province": "浙江省", "city": "杭州市", "district": "西湖区", "estate": "翠苑一区",
        "building": "5幢", "pickup_point": "5幢门卫室"})).json()
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"漏斗测试商品 {tag}", "role": "regular", "published": True,
        "skus": [{"name": "标准装", "price_fen": 1000, "stock": 10}]})).json()
    members = [await login(gateway, f"funnel-e2e-{tag}-{n}") for n in range(3)]
    for member in members:
        joined = await gateway.post(f"/v1/communities/{community['id']}/join", headers=bearer(member))
        assert joined.status_code == 200
    for n, member in enumerate(members[1:], start=1):
        address = (await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(member))).json()
        for _ in range(n):  # the second member buys once, the third twice
            order = (await gateway.post("/v1/orders", headers=bearer(member) | {"Idempotency-Key": uuid.uuid4().hex},
                                        json={"sku_id": product["skus"][0]["id"], "address_id": address["id"]})).json()
            paid = await gateway.post(f"/v1/payments/sandbox/{order['id']}", headers=bearer(member))
            assert paid.json()["status"] == "confirmed", paid.text
    url = f"/v1/communities/{community['id']}/funnel"
    assert (await gateway.get(url, headers=bearer(members[0]))).status_code == 403

    def counts(answer):
        return {row["stage"]: row["count"] for row in answer.json()["stages"]}

    funnel = await until(lambda: gateway.get(url, headers=bearer(ops)), lambda a: counts(a).get("loyal") == 1, 15)
    assert funnel.json()["total"] == 3
    assert {stage: n for stage, n in counts(funnel).items() if n} == {"participant": 1, "buyer": 1, "loyal": 1}
