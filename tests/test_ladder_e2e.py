"""Same-address ladder group buys through the gateway, with neighbours joining and paying at once: the
count is exact, everybody settles at the final tier, paid − refunded = settled, nobody pays above their
quote, and addresses that normalise apart never share a group."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from common.testing.load import rush
from tests.support import bearer, login, until

pytestmark = pytest.mark.e2e

TIERS = [{"threshold": 1, "unit_price_fen": 10000}, {"threshold": 2, "unit_price_fen": 9000},
         {"threshold": 3, "unit_price_fen": 8500}, {"threshold": 5, "unit_price_fen": 7500}]
BUILDING_ONE = ["1栋", "1号楼", "一号楼", "1幢", "01栋", "１栋"]  # one building, as neighbours type it


async def buyer_at(gateway, building: str, room: int) -> tuple[dict, int]:
    tokens = await login(gateway, f"ladder-{uuid.uuid4().hex[:10]}")
    address = await gateway.post("/v1/users/me/addresses", headers=bearer(tokens), json={
        "recipient": "邻居", "phone": "13600000000", "province": "上海市", "city": "上海市", "district": "浦东新区",
        "estate": "阳光花园", "building": building, "room": str(room)})
    assert address.status_code == 201, address.text
    return tokens, address.json()["id"]


@pytest.fixture
async def ladder(gateway):
    ops = await login(gateway, "ladder-ops", ("ops",))
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"阶梯团蓝莓 {uuid.uuid4().hex[:6]}", "role": "fission", "published": True,
        "skus": [{"name": "4盒", "price_fen": 12000, "stock": 500}]})).json()
    start = datetime.now(UTC) - timedelta(minutes=1)
    activity = await gateway.post("/v1/activities", headers=bearer(ops), json={
        "title": "同址阶梯团", "sku_id": product["skus"][0]["id"], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "terms": {"kind": "ladder_group", "tiers": TIERS, "close_on_top_tier": False}})
    assert activity.status_code == 201, activity.text
    return {"ops": ops, "activity": activity.json()["id"]}


async def join(gateway, ladder, tokens, address_id) -> dict:
    answer = await gateway.post("/v1/orders", headers=bearer(tokens) | {"Idempotency-Key": uuid.uuid4().hex},
                                json={"activity_id": ladder["activity"], "address_id": address_id})
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_fifty_neighbours_join_and_pay_at_once_and_settle_at_the_final_tier(gateway, ladder):
    buyers = [await buyer_at(gateway, BUILDING_ONE[i % len(BUILDING_ONE)], 101 + i) for i in range(50)]
    others = [await buyer_at(gateway, "2栋", 201 + i) for i in range(2)]
    orders = await rush(len(buyers), lambda i: join(gateway, ladder, *buyers[i]), concurrency=25)
    other_orders = [await join(gateway, ladder, *b) for b in others]
    group_id = orders[0]["group_id"]
    assert {o["group_id"] for o in orders} == {group_id}
    assert {o["group_id"] for o in other_orders} != {group_id}  # another building: another group
    assert all(o["unit_price_fen"] <= 10000 and o["amount_fen"] == o["unit_price_fen"] for o in orders)

    # One more neighbour joins and walks away before paying: that never moves anyone's price.
    quitter_tokens, quitter_address = await buyer_at(gateway, "1栋", 999)
    quitter = await join(gateway, ladder, quitter_tokens, quitter_address)
    assert quitter["group_id"] == group_id
    cancelled = await gateway.post(f"/v1/orders/{quitter['id']}/cancel", headers=bearer(quitter_tokens))
    assert cancelled.json()["status"] == "cancelled"

    paid = await rush(len(orders), lambda i: gateway.post(f"/v1/payments/sandbox/{orders[i]['id']}",
                                                          headers=bearer(buyers[i][0])), concurrency=25)
    assert [p.status_code for p in paid] == [200] * len(orders), [p.text for p in paid if p.status_code != 200]
    progress = (await gateway.get(f"/v1/groups/{group_id}")).json()
    assert progress["paid_count"] == 50 and progress["portions"] == 50
    assert progress["unit_price_fen"] == 7500 and progress["next_tier"] is None

    closed = await gateway.post(f"/v1/groups/{group_id}/close", headers=bearer(ladder["ops"]))
    assert closed.status_code == 200 and closed.json()["status"] == "succeeded"

    async def settled_everywhere() -> list[dict]:
        for _ in range(120):
            seen = [(await gateway.get(f"/v1/orders/{o['id']}", headers=bearer(b[0]))).json()
                    for o, b in zip(orders, buyers, strict=True)]
            if all(s["amount_fen"] - s["refunded_fen"] == s["settled_amount_fen"] for s in seen):
                return seen
            await asyncio.sleep(0.5)
        return seen

    final = await settled_everywhere()
    for quoted, seen in zip(orders, final, strict=True):
        assert seen["status"] == "confirmed"
        assert seen["settled_amount_fen"] == 7500  # everyone at the final tier
        assert seen["amount_fen"] - seen["refunded_fen"] == seen["settled_amount_fen"]
        assert seen["amount_fen"] <= quoted["unit_price_fen"] * quoted["quantity"]  # never above the quote


async def test_a_group_short_of_its_minimum_refunds_everyone_in_full(gateway):
    ops = await login(gateway, "ladder-ops", ("ops",))
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"最少成团 {uuid.uuid4().hex[:6]}", "role": "regular", "published": True,
        "skus": [{"name": "份", "price_fen": 5000, "stock": 50}]})).json()
    start = datetime.now(UTC) - timedelta(minutes=1)
    activity = (await gateway.post("/v1/activities", headers=bearer(ops), json={
        "title": "三人成团", "sku_id": product["skus"][0]["id"], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "terms": {"kind": "ladder_group", "min_success": 3, "tiers": TIERS}})).json()
    tokens, address = await buyer_at(gateway, "8栋", 808)
    order = await join(gateway, {"activity": activity["id"]}, tokens, address)
    await gateway.post(f"/v1/payments/sandbox/{order['id']}", headers=bearer(tokens))
    listed = await gateway.get("/v1/groups", params={"activity_id": activity["id"]}, headers=bearer(ops))
    assert [(g["id"], g["status"]) for g in listed.json()["items"]] == [(order["group_id"], "open")], listed.text
    assert (await gateway.get("/v1/groups", headers=bearer(tokens))).status_code == 403
    closed = await gateway.post(f"/v1/groups/{order['group_id']}/close", headers=bearer(ops))
    assert closed.json()["status"] == "failed"
    failed = await gateway.get("/v1/groups", params={"activity_id": activity["id"], "status": "failed"},
                               headers=bearer(ops))
    assert [g["id"] for g in failed.json()["items"]] == [order["group_id"]]
    for _ in range(60):
        seen = (await gateway.get(f"/v1/orders/{order['id']}", headers=bearer(tokens))).json()
        if seen["refunded_fen"] == seen["amount_fen"]:
            break
        await asyncio.sleep(0.5)
    assert seen["status"] == "refunded" and seen["refunded_fen"] == seen["amount_fen"] == 10000

    async def stock():
        return (await gateway.get(f"/v1/products/{product['id']}", headers=bearer(ops))).json()["skus"][0]["available"]

    assert await until(stock, lambda units: units == 50, seconds=15) == 50  # its unit went back


async def test_an_address_without_a_building_cannot_join_a_building_group(gateway, ladder):
    tokens = await login(gateway, f"ladder-{uuid.uuid4().hex[:10]}")
    address = (await gateway.post("/v1/users/me/addresses", headers=bearer(tokens), json={
        "recipient": "某人", "phone": "13600000000", "province": "上海市", "city": "上海市", "district": "浦东新区",
        "estate": "阳光花园"})).json()
    answer = await gateway.post("/v1/orders", headers=bearer(tokens) | {"Idempotency-Key": uuid.uuid4().hex},
                                json={"activity_id": ladder["activity"], "address_id": address["id"]})
    assert answer.status_code == 422 and answer.json()["code"] == "address_incomplete"
