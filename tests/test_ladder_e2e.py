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
    progress = (await gateway.get(f"/v1/groups/{group_id}", headers=bearer(ladder["ops"]))).json()
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


def tier_price(count: int) -> int:
    return [tier["unit_price_fen"] for tier in TIERS if tier["threshold"] <= count][-1]


async def pay(gateway, tokens, order) -> dict:
    answer = await gateway.post(f"/v1/payments/sandbox/{order['id']}", headers=bearer(tokens))
    assert answer.status_code == 200, answer.text
    return answer.json()


async def refund_in_full(gateway, tokens, order) -> dict:
    answer = await gateway.post(f"/v1/orders/{order['id']}/refunds", headers=bearer(tokens), json={})
    assert answer.status_code == 201, answer.text
    return answer.json()


async def settled(gateway, orders, buyers) -> list[dict]:
    """Each order once every refund decided for it has been paid out."""
    for _ in range(120):
        seen = [(await gateway.get(f"/v1/orders/{o['id']}", headers=bearer(b[0]))).json()
                for o, b in zip(orders, buyers, strict=True)]
        if all((s["status"] == "refunded" and s["refunded_fen"] == s["amount_fen"])
               or (s["status"] == "confirmed" and s["amount_fen"] - s["refunded_fen"] == s["settled_amount_fen"])
               for s in seen):
            return seen
        await asyncio.sleep(0.5)
    return seen


async def test_a_buyer_who_pumps_the_tier_and_takes_their_money_back_gains_nobody_the_top_price(gateway, ladder):
    buyers = [await buyer_at(gateway, "3栋", 301 + i) for i in range(5)]
    orders = []
    for tokens, address in buyers:  # one after another: quoted ¥100, ¥90, ¥85, ¥85, ¥75
        orders.append(await join(gateway, ladder, tokens, address))
        await pay(gateway, tokens, orders[-1])
    assert [o["unit_price_fen"] for o in orders] == [10000, 9000, 8500, 8500, 7500]
    group_id = orders[0]["group_id"]
    progress = (await gateway.get(f"/v1/groups/{group_id}", headers=bearer(ladder["ops"]))).json()
    assert (progress["paid_count"], progress["unit_price_fen"]) == (5, 7500)

    pump = await refund_in_full(gateway, buyers[4][0], orders[4])  # the fifth takes it all back before the close
    assert pump["status"] == "refunded"
    progress = (await gateway.get(f"/v1/groups/{group_id}", headers=bearer(ladder["ops"]))).json()
    assert (progress["paid_count"], progress["reached_threshold"], progress["unit_price_fen"]) == (4, 3, 8500)
    assert progress["next_tier"] == {"threshold": 5, "unit_price_fen": 7500, "needed": 1}

    closed = await gateway.post(f"/v1/groups/{group_id}/close", headers=bearer(ladder["ops"]))
    assert closed.status_code == 200 and closed.json()["status"] == "succeeded"
    assert (closed.json()["paid_count"], closed.json()["unit_price_fen"]) == (4, 8500)
    final = await settled(gateway, orders, buyers)
    for quoted, seen in zip(orders[:4], final[:4], strict=True):
        assert seen["status"] == "confirmed"
        assert seen["settled_amount_fen"] == min(quoted["unit_price_fen"], 8500) == 8500  # the tier of the four in
        assert seen["amount_fen"] - seen["refunded_fen"] == seen["settled_amount_fen"] <= quoted["amount_fen"]
    assert (final[4]["status"], final[4]["refunded_fen"]) == ("refunded", 7500)


async def test_neighbours_joining_paying_and_leaving_at_once_settle_within_their_quotes(gateway, ladder):
    """Twelve neighbours join at once; all pay at once while four of them take their money back, some
    while the group is being closed: the final tier is the tier of the orders in at the close, and
    nobody pays above their quote."""
    buyers = [await buyer_at(gateway, "6栋", 601 + i) for i in range(12)]
    orders = await rush(len(buyers), lambda i: join(gateway, ladder, *buyers[i]), concurrency=12)
    group_id = orders[0]["group_id"]
    assert {o["group_id"] for o in orders} == {group_id}
    leavers = {1, 4, 7, 10}

    async def act(i: int) -> None:
        await pay(gateway, buyers[i][0], orders[i])
        if i in leavers:
            await refund_in_full(gateway, buyers[i][0], orders[i])

    await rush(len(orders), act, concurrency=12)
    progress = (await gateway.get(f"/v1/groups/{group_id}", headers=bearer(ladder["ops"]))).json()
    assert (progress["paid_count"], progress["portions"]) == (8, 8)

    # Two more leave while ops close the group: each is out if their refund came first, in otherwise.
    late = [0, 2]
    answers = await asyncio.gather(
        gateway.post(f"/v1/groups/{group_id}/close", headers=bearer(ladder["ops"])),
        *(gateway.post(f"/v1/orders/{orders[i]['id']}/refunds", headers=bearer(buyers[i][0]), json={})
          for i in late))
    assert answers[0].status_code == 200, answers[0].text
    assert all(answer.status_code == 201 for answer in answers[1:]), [a.text for a in answers[1:]]
    group = (await gateway.get(f"/v1/groups/{group_id}", headers=bearer(ladder["ops"]))).json()
    assert group["status"] == "succeeded"
    final = await settled(gateway, orders, buyers)
    left_after_close = sum(1 for i in late if final[i]["confirmed_at"] is not None)
    assert group["paid_count"] == 6 + left_after_close  # exactly the orders in at the close
    price = tier_price(group["paid_count"])
    assert group["unit_price_fen"] == price
    for i, (quoted, seen) in enumerate(zip(orders, final, strict=True)):
        assert seen["amount_fen"] == quoted["amount_fen"]
        if i in leavers or (i in late and seen["confirmed_at"] is None):
            assert (seen["status"], seen["refunded_fen"]) == ("refunded", seen["amount_fen"])
            continue
        assert seen["confirmed_at"] is not None
        if i in late:  # settled at the close, then refunded what was left
            assert seen["status"] == "refunded" and seen["refunded_fen"] == seen["amount_fen"]
            continue
        assert seen["status"] == "confirmed"
        assert seen["settled_amount_fen"] == min(quoted["unit_price_fen"], price) <= quoted["unit_price_fen"]
        assert seen["amount_fen"] - seen["refunded_fen"] == seen["settled_amount_fen"]
