"""A group before you join, its share page, and who may read a group — through the gateway.

A buyer sees the group they would join at one of their own addresses and the price they would pay now,
without an order or a held unit; a neighbour's share link opens the group's page (buyers masked) and its
progress; a stranger without the link learns nothing.  And a flash sale shows its stock left."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from common.testing.load import rush
from tests.support import bearer, login, until

pytestmark = pytest.mark.e2e

TIERS = [{"threshold": 1, "unit_price_fen": 10000}, {"threshold": 2, "unit_price_fen": 9000},
         {"threshold": 3, "unit_price_fen": 8500}]


async def buyer_at(gateway, building: str, room: int, nickname: str | None = None) -> tuple[dict, int]:
    tokens = await login(gateway, f"preview-{uuid.uuid4().hex[:10]}")
    if nickname:
        await gateway.patch("/v1/users/me", headers=bearer(tokens),
                            json={"nickname": nickname, "avatar_url": "https://img.example.com/a.png"})
    address = await gateway.post("/v1/users/me/addresses", headers=bearer(tokens), json={
        "recipient": "邻居", "phone": "13600000000", "province": "上海市", "city": "上海市", "district": "浦东新区",
        "estate": "预览花园", "building": building, "room": str(room)})
    assert address.status_code == 201, address.text
    return tokens, address.json()["id"]


@pytest.fixture
async def ladder(gateway):
    ops = await login(gateway, "preview-ops", ("ops",))
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"预览蓝莓 {uuid.uuid4().hex[:6]}", "role": "fission", "published": True,
        "skus": [{"name": "4盒", "price_fen": 12000, "stock": 100}]})).json()
    start = datetime.now(UTC) - timedelta(minutes=1)
    activity = await gateway.post("/v1/activities", headers=bearer(ops), json={
        "title": "同址阶梯团", "sku_id": product["skus"][0]["id"], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "terms": {"kind": "ladder_group", "tiers": TIERS, "close_on_top_tier": False}})
    assert activity.status_code == 201, activity.text
    return {"ops": ops, "activity": activity.json()["id"], "product": product["id"]}


async def available(gateway, ladder) -> int:
    product = await gateway.get(f"/v1/products/{ladder['product']}", headers=bearer(ladder["ops"]))
    return product.json()["skus"][0]["available"]


async def preview(gateway, ladder, tokens, address_id):
    return await gateway.get("/v1/groups/preview", headers=bearer(tokens),
                             params={"activity_id": ladder["activity"], "address_id": address_id})


async def test_preview_shows_the_group_and_price_without_holding_anything(gateway, ladder):
    first, first_address = await buyer_at(gateway, "1栋", 101, nickname="张三丰")
    before = await preview(gateway, ladder, first, first_address)
    assert before.status_code == 200, before.text
    assert before.json()["group"] is None  # nobody has opened one at this address: their order would
    assert (before.json()["unit_price_fen"], before.json()["price_rule"]) == (10000, "tier")

    # Twenty neighbours at another building look at once: nothing is opened, nothing held.
    lookers = [await buyer_at(gateway, "9栋", 900 + i) for i in range(20)]
    seen = await rush(len(lookers), lambda i: preview(gateway, ladder, *lookers[i]), concurrency=20)
    assert [s.status_code for s in seen] == [200] * 20
    assert all(s.json()["group"] is None and s.json()["unit_price_fen"] == 10000 for s in seen)
    assert await available(gateway, ladder) == 100
    groups = await gateway.get("/v1/groups", headers=bearer(ladder["ops"]), params={"activity_id": ladder["activity"]})
    assert groups.json()["items"] == []

    order = await gateway.post("/v1/orders", headers=bearer(first) | {"Idempotency-Key": uuid.uuid4().hex},
                               json={"activity_id": ladder["activity"], "address_id": first_address})
    assert order.status_code == 201, order.text
    paid = await gateway.post(f"/v1/payments/sandbox/{order.json()['id']}", headers=bearer(first))
    assert paid.status_code == 200, paid.text

    # A neighbour in the same building, spelled another way, is shown that group and the second tier.
    neighbour, neighbour_address = await buyer_at(gateway, "1号楼", 202)
    shown = (await preview(gateway, ladder, neighbour, neighbour_address)).json()
    assert shown["group"]["id"] == order.json()["group_id"] and shown["group"]["paid_count"] == 1
    assert shown["unit_price_fen"] == 9000 and shown["amount_fen"] == 9000
    assert shown["group"]["next_tier"] == {"threshold": 2, "unit_price_fen": 9000, "needed": 1}
    # The buyer already in is quoted as themself, not as a second neighbour.
    assert (await preview(gateway, ladder, first, first_address)).json()["unit_price_fen"] == 10000
    assert await available(gateway, ladder) == 99  # the paid order's unit only


async def test_preview_only_at_the_callers_own_address(gateway, ladder):
    owner, owner_address = await buyer_at(gateway, "3栋", 301)
    other, _ = await buyer_at(gateway, "3栋", 302)
    stolen = await preview(gateway, ladder, other, owner_address)
    assert stolen.status_code == 404 and stolen.json()["code"] == "not_found", stolen.text
    anonymous = await gateway.get("/v1/groups/preview",
                                  params={"activity_id": ladder["activity"], "address_id": owner_address})
    assert anonymous.status_code == 401
    for params in ({"activity_id": ladder["activity"]}, {"activity_id": 0, "address_id": owner_address},
                   {"activity_id": ladder["activity"], "address_id": owner_address, "quantity": 0}):
        bad = await gateway.get("/v1/groups/preview", headers=bearer(owner), params=params)
        assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")
    missing = await gateway.get("/v1/groups/preview", headers=bearer(owner),
                                params={"activity_id": 2**31 - 1, "address_id": owner_address})
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


async def test_share_link_opens_the_group_and_nothing_else(gateway, ladder):
    buyer, address = await buyer_at(gateway, "5栋", 501, nickname="李四")
    order = (await gateway.post("/v1/orders", headers=bearer(buyer) | {"Idempotency-Key": uuid.uuid4().hex},
                                json={"activity_id": ladder["activity"], "address_id": address})).json()
    await gateway.post(f"/v1/payments/sandbox/{order['id']}", headers=bearer(buyer))
    group_id = order["group_id"]

    page = await gateway.get(f"/v1/groups/{group_id}/share", headers=bearer(buyer))
    assert page.status_code == 200, page.text
    body = page.json()
    assert body["participants"] == [{"initial": "李", "avatar_url": "https://img.example.com/a.png"}]
    assert body["tiers"] == TIERS and body["basis"] == "participants"
    assert body["product"]["name"].startswith("预览蓝莓") and body["group"]["paid_count"] == 1
    assert body["group"]["seconds_left"] > 0
    assert body["scene"] == f"g={group_id}&t={body['share_token']}" and len(body["scene"]) <= 32
    text = json.dumps(body, ensure_ascii=False)
    assert "13600000000" not in text and "预览花园" not in text and "邻居" not in text and "user_id" not in text

    token = body["share_token"]
    stranger = await login(gateway, f"preview-stranger-{uuid.uuid4().hex[:6]}")
    # Without the link nobody learns anything, signed in or not: not even that the group exists.
    for headers in ({}, bearer(stranger)):
        for path in (f"/v1/groups/{group_id}", f"/v1/groups/{group_id}/share"):
            hidden = await gateway.get(path, headers=headers)
            assert hidden.status_code == 404 and hidden.json()["code"] == "not_found", hidden.text
    # With it: the page and the progress, signed in or not.
    for headers in ({}, bearer(stranger)):
        shared = await gateway.get(f"/v1/groups/{group_id}/share", params={"share": token}, headers=headers)
        assert shared.status_code == 200 and shared.json()["participants"] == body["participants"]
        progress = await gateway.get(f"/v1/groups/{group_id}", params={"share": token}, headers=headers)
        assert progress.status_code == 200 and progress.json()["paid_count"] == 1
    # The token opens its own group only.
    other, other_address = await buyer_at(gateway, "6栋", 601)
    other_order = (await gateway.post("/v1/orders", headers=bearer(other) | {"Idempotency-Key": uuid.uuid4().hex},
                                      json={"activity_id": ladder["activity"], "address_id": other_address})).json()
    assert other_order["group_id"] != group_id
    assert (await gateway.get(f"/v1/groups/{other_order['group_id']}", params={"share": token})).status_code == 404
    # A participant reads their group's progress with their token alone (an unpaid order counts too).
    assert (await gateway.get(f"/v1/groups/{other_order['group_id']}", headers=bearer(other))).status_code == 200


async def test_a_flash_sale_shows_its_stock_left_and_sold_out(gateway):
    ops = await login(gateway, "flash-left-ops", ("ops",))
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"秒杀鸡蛋 {uuid.uuid4().hex[:6]}", "role": "traffic", "published": True,
        "skus": [{"name": "30枚", "price_fen": 3000, "stock": 50}]})).json()
    start = datetime.now(UTC) - timedelta(minutes=1)
    activity = (await gateway.post("/v1/activities", headers=bearer(ops), json={
        "title": "秒杀", "sku_id": product["skus"][0]["id"], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
        "terms": {"kind": "flash_sale", "price_fen": 990, "stock": 3, "per_user_limit": 1}})).json()
    shown = (await gateway.get(f"/v1/activities/{activity['id']}")).json()
    assert (shown["stock_left"], shown["sold_out"]) == (3, False)

    buyers = [await buyer_at(gateway, "7栋", 700 + i) for i in range(6)]

    async def buy(i: int):
        tokens, address = buyers[i]
        return await gateway.post("/v1/orders", headers=bearer(tokens) | {"Idempotency-Key": uuid.uuid4().hex},
                                  json={"activity_id": activity["id"], "address_id": address})

    answers = await rush(len(buyers), buy, concurrency=6)
    assert sorted(a.status_code for a in answers) == [201, 201, 201, 409, 409, 409]

    async def fetch():
        return (await gateway.get(f"/v1/activities/{activity['id']}")).json()

    sold = await until(fetch, lambda a: a["sold_out"], seconds=5)
    assert (sold["stock_left"], sold["sold_out"]) == (0, True)
    listed = await until(lambda: gateway.get("/v1/activities", params={"kind": "flash_sale", "limit": 100}),
                         lambda r: any(a["id"] == activity["id"] and a["sold_out"] for a in r.json()["items"]),
                         seconds=10)
    mine = [a for a in listed.json()["items"] if a["id"] == activity["id"]]
    assert mine and mine[0]["stock_left"] == 0
    # A buyer who walks away gives the unit back, and the figure follows.
    placed = next(a.json() for a in answers if a.status_code == 201)
    owner = next(b[0] for b, a in zip(buyers, answers, strict=True) if a.status_code == 201)
    assert (await gateway.post(f"/v1/orders/{placed['id']}/cancel", headers=bearer(owner))).status_code == 200
    back = await until(fetch, lambda a: a["stock_left"] == 1, seconds=5)
    assert (back["stock_left"], back["sold_out"]) == (1, False)
