"""The storefront through the gateway against the real catalog process: ops build categories and the
home page, buyers browse a category, search in either script, and page through every order."""

from __future__ import annotations

import uuid

import pytest

from tests.support import bearer, login

pytestmark = pytest.mark.e2e


async def test_ops_build_the_storefront_and_buyers_browse_and_search_it(gateway):
    run = uuid.uuid4().hex[:6]
    ops = bearer(await login(gateway, f"storefront-ops-{run}", ["ops"]))
    buyer = bearer(await login(gateway, f"storefront-buyer-{run}"))

    refused = await gateway.post("/v1/categories", headers=buyer, json={"name": "x"})
    assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
    assert (await gateway.post("/v1/categories", json={"name": "x"})).status_code == 401
    top = await gateway.post("/v1/categories", headers=ops, json={"name": f"粮油{run}"})
    assert top.status_code == 201, top.text
    child = await gateway.post("/v1/categories", headers=ops,
                               json={"name": f"大米{run}", "parent_id": top.json()["id"]})
    assert child.status_code == 201, child.text
    unknown = await gateway.post("/v1/products", headers=ops, json={
        "name": "坏分类", "category_ids": [2**31 - 1], "skus": [{"name": "袋", "price_fen": 100}]})
    assert unknown.status_code == 422

    made = []
    for name, price, where in [(f"东北大米{run}", 5990, child), (f"五常大米{run}", 8990, child),
                               (f"花生油{run}", 6990, top)]:
        answer = await gateway.post("/v1/products", headers=ops, json={
            "name": name, "published": True, "category_ids": [where.json()["id"]],
            "skus": [{"name": "袋", "price_fen": price, "stock": 10}]})
        assert answer.status_code == 201, answer.text
        made.append(answer.json()["id"])

    tree = (await gateway.get("/v1/categories", headers=buyer)).json()["items"]
    node = next(c for c in tree if c["id"] == top.json()["id"])
    assert [c["id"] for c in node["children"]] == [child.json()["id"]]

    items, cursor = [], None
    while True:
        page = (await gateway.get("/v1/products", params={"category_id": top.json()["id"], "sort": "price_desc",
                                                          "limit": 1} | ({"cursor": cursor} if cursor else {}))).json()
        items += [p["id"] for p in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert items == [made[1], made[2], made[0]]

    found = (await gateway.get("/v1/products", params={"q": f"東北 {run}"})).json()["items"]
    assert [p["id"] for p in found] == [made[0]]
    both = (await gateway.get("/v1/products", params={"q": f"大米 {run}", "sort": "price_asc"})).json()["items"]
    assert [p["id"] for p in both] == [made[0], made[1]]
    blank = await gateway.get("/v1/products", params={"q": " "})
    assert blank.status_code == 422 and blank.headers["content-type"] == "application/problem+json"


async def test_the_home_page_through_the_gateway_keeps_its_version(gateway):
    run = uuid.uuid4().hex[:6]
    ops = bearer(await login(gateway, f"home-ops-{run}", ["ops"]))
    current = await gateway.get("/v1/home/document", headers=ops)
    assert current.status_code == 200, current.text
    etag = current.headers["etag"]
    product = await gateway.post("/v1/products", headers=ops, json={
        "name": f"首页商品{run}", "published": True, "skus": [{"name": "份", "price_fen": 990, "stock": 1}]})
    document = {"banners": [{"image_url": "https://img.example/home.png",
                             "link": {"kind": "product", "id": product.json()["id"]}}],
                "sections": [{"title": "推荐", "product_ids": [product.json()["id"]]}]}
    written = await gateway.put("/v1/home", headers=ops | {"If-Match": etag}, json=document)
    assert written.status_code == 200, written.text
    stale = await gateway.put("/v1/home", headers=ops | {"If-Match": etag}, json=document)
    assert stale.status_code == 412 and stale.headers["content-type"] == "application/problem+json"
    home = await gateway.get("/v1/home")
    assert home.status_code == 200 and home.headers["etag"] == written.headers["etag"]
    assert home.json()["sections"][0]["products"][0]["id"] == product.json()["id"]
    buyer = bearer(await login(gateway, f"home-buyer-{run}"))
    assert (await gateway.put("/v1/home", headers=buyer | {"If-Match": etag}, json=document)).status_code == 403
