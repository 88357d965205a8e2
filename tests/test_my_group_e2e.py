"""The storefront's last pieces, through the gateway: ``GET /v1/activities/{id}/my-group`` (the group a
buyer would join, served by orders under catalog's path; ``/v1/groups/preview`` still answers the same),
and the home page's featured flash sales with their stock left."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.support import bearer, login, until

pytestmark = pytest.mark.e2e

TIERS = [{"threshold": 1, "unit_price_fen": 10000}, {"threshold": 2, "unit_price_fen": 9000}]


async def buyer_at(gateway, room: int) -> tuple[dict, int]:
    tokens = await login(gateway, f"my-group-{uuid.uuid4().hex[:10]}")
    address = await gateway.post("/v1/users/me/addresses", headers=bearer(tokens), json={
        "recipient": "邻居", "phone": "13600000000", "province": "上海市", "city": "上海市", "district": "浦东新区",
        "estate": "我的团花园", "building": "3栋", "room": str(room)})
    assert address.status_code == 201, address.text
    return tokens, address.json()["id"]


async def sale(gateway, ops, terms: dict, stock: int = 100) -> int:
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"我的团 {uuid.uuid4().hex[:6]}", "role": "fission", "published": True,
        "skus": [{"name": "份", "price_fen": 12000, "stock": stock}]})).json()
    start = datetime.now(UTC) - timedelta(minutes=1)
    activity = await gateway.post("/v1/activities", headers=bearer(ops), json={
        "title": "我的团", "sku_id": product["skus"][0]["id"], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(), "terms": terms})
    assert activity.status_code == 201, activity.text
    return activity.json()["id"]


async def test_my_group_shows_the_group_a_buyer_would_join_like_the_preview(gateway):
    ops = await login(gateway, "my-group-ops", ("ops",))
    activity = await sale(gateway, ops, {"kind": "ladder_group", "tiers": TIERS, "close_on_top_tier": False})
    first, first_address = await buyer_at(gateway, 301)
    path = f"/v1/activities/{activity}/my-group"

    none_yet = await gateway.get(path, headers=bearer(first), params={"address_id": first_address})
    assert none_yet.status_code == 200, none_yet.text
    assert none_yet.json()["group"] is None and none_yet.json()["unit_price_fen"] == 10000

    placed = await gateway.post("/v1/orders", headers=bearer(first) | {"Idempotency-Key": uuid.uuid4().hex},
                                json={"activity_id": activity, "address_id": first_address})
    assert placed.status_code == 201, placed.text
    paid = await gateway.post(f"/v1/payments/sandbox/{placed.json()['id']}", headers=bearer(first))
    assert paid.status_code == 200, paid.text

    neighbour, neighbour_address = await buyer_at(gateway, 302)
    mine = await until(lambda: gateway.get(path, headers=bearer(neighbour), params={"address_id": neighbour_address}),
                       lambda r: r.status_code == 200 and r.json()["group"] is not None, seconds=5)
    body = mine.json()
    assert body["group"]["paid_count"] == 1 and body["unit_price_fen"] == 9000 and body["activity_id"] == activity
    old = await gateway.get("/v1/groups/preview", headers=bearer(neighbour),
                            params={"activity_id": activity, "address_id": neighbour_address})
    assert old.status_code == 200 and old.json() == body

    anonymous = await gateway.get(path, params={"address_id": neighbour_address})
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "unauthenticated"
    someone_elses = await gateway.get(path, headers=bearer(neighbour), params={"address_id": first_address})
    assert someone_elses.status_code == 404 and someone_elses.json()["code"] == "not_found"
    no_address = await gateway.get(path, headers=bearer(neighbour))
    assert no_address.status_code == 422
    flash = await sale(gateway, ops, {"kind": "flash_sale", "price_fen": 990, "stock": 3})
    not_a_group = await gateway.get(f"/v1/activities/{flash}/my-group", headers=bearer(neighbour),
                                    params={"address_id": neighbour_address})
    assert not_a_group.status_code == 422
    assert not_a_group.json()["errors"][0]["field"] == "path.activity_id"
    # catalog still answers the rest of /v1/activities
    assert (await gateway.get(f"/v1/activities/{activity}")).json()["id"] == activity


async def test_the_home_page_shows_featured_flash_sales_with_their_stock_left(gateway):
    ops = await login(gateway, "home-stock-ops", ("ops",))
    flash = await sale(gateway, ops, {"kind": "flash_sale", "price_fen": 990, "stock": 2, "per_user_limit": 1})
    ladder = await sale(gateway, ops, {"kind": "ladder_group", "tiers": TIERS})
    current = await gateway.get("/v1/home/document", headers=bearer(ops))
    written = await gateway.put("/v1/home", headers=bearer(ops) | {"If-Match": current.headers["etag"]},
                                json={"featured_activity_ids": [flash, ladder]})
    assert written.status_code == 200, written.text

    home = (await gateway.get("/v1/home")).json()
    assert home["featured_activity_ids"] == [flash, ladder]
    featured = {a["id"]: a for a in home["featured_activities"]}
    assert [a["id"] for a in home["featured_activities"]] == [flash, ladder]
    assert (featured[flash]["stock_left"], featured[flash]["sold_out"]) == (2, False)
    assert (featured[ladder]["stock_left"], featured[ladder]["sold_out"]) == (None, False)
    assert featured[flash]["terms"]["price_fen"] == 990

    for room in (501, 502):
        tokens, address = await buyer_at(gateway, room)
        bought = await gateway.post("/v1/orders", headers=bearer(tokens) | {"Idempotency-Key": uuid.uuid4().hex},
                                    json={"activity_id": flash, "address_id": address})
        assert bought.status_code == 201, bought.text

    def sold_out(answer) -> bool:
        return answer.json()["featured_activities"][0]["sold_out"]

    # the figure follows within the stock cache's second, not the home page's few seconds
    after = await until(lambda: gateway.get("/v1/home"), sold_out, seconds=3)
    assert after.json()["featured_activities"][0]["stock_left"] == 0 and sold_out(after)
    shown = (await gateway.get(f"/v1/activities/{flash}")).json()
    assert (shown["stock_left"], shown["sold_out"]) == (0, True)
