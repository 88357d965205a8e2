"""Products, SKUs and gift packs through the catalog API."""

from __future__ import annotations

import pytest

from common.pagination import encode_cursor
from services.catalog.tests.support import make_product, product_body


async def test_staff_create_and_everyone_browses(api, as_ops):
    created = await make_product(api, as_ops, role="traffic", images=["https://img.example/egg.png"],
                                 categories=["蛋类"])
    assert created["skus"][0]["available"] == 100
    seen = await api.get(f"/v1/products/{created['id']}")
    assert seen.status_code == 200 and seen.json()["images"] == ["https://img.example/egg.png"]
    listed = (await api.get("/v1/products", params={"role": "traffic", "limit": 100})).json()["items"]
    assert created["id"] in [p["id"] for p in listed]


async def test_customers_and_anonymous_callers_cannot_change_the_catalog(api, as_customer):
    assert (await api.post("/v1/products", json=product_body())).status_code == 401
    assert (await api.post("/v1/products", json=product_body(), auth=as_customer)).status_code == 403


async def test_a_partner_key_needs_catalog_write(api, as_key):
    assert (await api.post("/v1/products", json=product_body(), auth=as_key("catalog:read"))).status_code == 403
    assert (await api.post("/v1/products", json=product_body(), auth=as_key("catalog:write"))).status_code == 201


async def test_unpublished_products_are_hidden_from_the_public_only(api, as_ops):
    hidden = await make_product(api, as_ops, published=False)
    assert (await api.get(f"/v1/products/{hidden['id']}")).status_code == 404
    assert (await api.get(f"/v1/products/{hidden['id']}", auth=as_ops)).status_code == 200
    published = await api.patch(f"/v1/products/{hidden['id']}", json={"published": True}, auth=as_ops)
    assert published.json()["published"] is True
    assert (await api.get(f"/v1/products/{hidden['id']}")).status_code == 200


async def test_a_change_is_visible_at_once_despite_the_cache(api, as_ops):
    product = await make_product(api, as_ops)
    path = f"/v1/products/{product['id']}"
    assert (await api.get(path)).headers.get("x-cache") == "miss"
    assert (await api.get(path)).headers.get("x-cache") == "hit"
    await api.patch(path, json={"name": "改名后的商品"}, auth=as_ops)
    again = await api.get(path)
    assert again.json()["name"] == "改名后的商品"


async def test_gift_pack_stock_comes_from_its_scarcest_component(api, as_ops):
    rice = await make_product(api, as_ops, skus=[{"name": "5kg", "price_fen": 6900, "stock": 7}])
    eggs = await make_product(api, as_ops, skus=[{"name": "30枚", "price_fen": 1990, "stock": 20}])
    pack = await make_product(api, as_ops, kind="bundle", grants_level="member",
                              skus=[{"name": "礼包", "price_fen": 7990}],
                              components=[{"sku_id": rice["skus"][0]["id"], "quantity": 1},
                                          {"sku_id": eggs["skus"][0]["id"], "quantity": 4}])
    assert pack["skus"][0]["available"] == 5  # 7 rice, but only 20 // 4 = 5 packs of eggs
    assert pack["grants_level"] == "member"
    await api.put(f"/v1/products/{eggs['id']}/skus/{eggs['skus'][0]['id']}/stock", json={"stock": 400}, auth=as_ops)
    assert (await api.get(f"/v1/products/{pack['id']}")).json()["skus"][0]["available"] == 7
    refused = await api.put(f"/v1/products/{pack['id']}/skus/{pack['skus'][0]['id']}/stock", json={"stock": 3},
                            auth=as_ops)
    assert refused.status_code == 409


@pytest.mark.parametrize(("overrides", "field"), [
    ({"skus": [{"name": "a", "price_fen": 1000, "member_prices": {"member": 1200}}]}, "body.skus.0"),
    ({"skus": [{"name": "a", "price_fen": 0}]}, "body.skus.0.price_fen"),
    ({"skus": [{"name": "a", "price_fen": 10.5}]}, "body.skus.0.price_fen"),
    ({"skus": []}, "body.skus"),
    ({"role": "vip"}, "body.role"),
    ({"kind": "bundle"}, "body"),
    ({"grants_level": "member"}, "body"),
    ({"price_fen": 1}, "body.price_fen"),
    ({"images": ["not a url"]}, "body.images.0"),
])
async def test_bad_products_are_refused_naming_the_field(api, as_ops, overrides, field):
    answer = await api.post("/v1/products", json=product_body(**overrides), auth=as_ops)
    assert answer.status_code == 422, answer.text
    assert any(e["field"].startswith(field) for e in answer.json()["errors"]), answer.json()


async def test_a_gift_pack_must_be_made_of_existing_single_skus(api, as_ops):
    answer = await api.post("/v1/products", auth=as_ops, json=product_body(
        kind="bundle", skus=[{"name": "p", "price_fen": 100}], components=[{"sku_id": 999999, "quantity": 1}]))
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "body.components"


async def test_member_price_may_not_exceed_a_new_list_price(api, as_ops):
    product = await make_product(api, as_ops)
    sku = product["skus"][0]
    answer = await api.patch(f"/v1/products/{product['id']}/skus/{sku['id']}", json={"price_fen": 800}, auth=as_ops)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "body.member_prices.member"
    ok = await api.patch(f"/v1/products/{product['id']}/skus/{sku['id']}", json={"price_fen": 1200}, auth=as_ops)
    assert ok.json()["skus"][0]["price_fen"] == 1200


async def test_pages_follow_the_cursor_without_gaps_or_repeats(api, as_ops):
    for _ in range(3):
        await make_product(api, as_ops)
    seen, cursor = [], None
    while True:
        page = (await api.get("/v1/products", params={"limit": 2} | ({"cursor": cursor} if cursor else {}))).json()
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) >= 3 and seen == sorted(seen)


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"limit": "many"}, {"role": "bogus"}])
async def test_bad_query_is_a_validation_problem_naming_the_field(api, params):
    answer = await api.get("/v1/products", params=params, headers={"X-Request-ID": "req-123"})
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "validation_error" and body["request_id"] == "req-123"
    assert any(e["field"] == f"query.{next(iter(params))}" for e in body["errors"])


@pytest.mark.parametrize("cursor", ["%%%not-ours", encode_cursor("abc"), encode_cursor([1, 2]), encode_cursor(1.5)])
async def test_a_forged_cursor_is_a_clear_400(api, cursor):
    answer = await api.get("/v1/products", params={"cursor": cursor})
    assert answer.status_code == 400 and answer.json()["code"] == "invalid_cursor"


async def test_staff_only_listing_of_unpublished(api, as_ops, as_customer):
    assert (await api.get("/v1/products", params={"include_unpublished": True}, auth=as_customer)).status_code == 403
    assert (await api.get("/v1/products", params={"include_unpublished": True}, auth=as_ops)).status_code == 200
