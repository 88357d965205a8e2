"""The storefront through the catalog API: categories, browsing by category in every order with
complete and stable pages, keyword search, best-selling counters, and the home page document."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from services.catalog.tests.support import make_product

_serial = itertools.count(1)


async def category(api, auth, **body) -> dict:
    answer = await api.post("/v1/categories", json={"name": f"分类{uuid.uuid4().hex[:6]}"} | body, auth=auth)
    assert answer.status_code == 201, answer.text
    return answer.json()


def _sku(price: int) -> list[dict]:
    return [{"name": "标准装", "price_fen": price, "stock": 50}]


async def listed(api, **params) -> list[dict]:
    """Every page of a listing, checking each page's size and that no product comes twice."""
    items, cursor = [], None
    while True:
        answer = await api.get("/v1/products", params=params | ({"cursor": cursor} if cursor else {}))
        assert answer.status_code == 200, answer.text
        page = answer.json()
        assert len(page["items"]) <= params.get("limit", 20)
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    ids = [p["id"] for p in items]
    assert len(ids) == len(set(ids))
    return items


# --- categories ----------------------------------------------------------------------------------


async def test_ops_build_a_two_level_tree_in_display_order(api, as_ops):
    top = await category(api, as_ops, name=f"生鲜{next(_serial)}", icon_url="https://img.example/fresh.png")
    second = await category(api, as_ops, parent_id=top["id"], position=2)
    first = await category(api, as_ops, parent_id=top["id"], position=1)
    tree = (await api.get("/v1/categories")).json()["items"]
    node = next(c for c in tree if c["id"] == top["id"])
    assert [c["id"] for c in node["children"]] == [first["id"], second["id"]]
    assert node["icon_url"] == "https://img.example/fresh.png"

    reordered = await api.post("/v1/categories/reorder", auth=as_ops,
                               json={"parent_id": top["id"], "ids": [second["id"], first["id"]]})
    assert reordered.status_code == 200, reordered.text
    one = (await api.get(f"/v1/categories/{top['id']}")).json()
    assert [c["id"] for c in one["children"]] == [second["id"], first["id"]]
    partial = await api.post("/v1/categories/reorder", auth=as_ops, json={"parent_id": top["id"], "ids": [first["id"]]})
    assert partial.status_code == 422 and partial.json()["errors"][0]["field"] == "body.ids"


async def test_the_tree_stays_two_levels_and_well_formed(api, as_ops):
    top = await category(api, as_ops)
    child = await category(api, as_ops, parent_id=top["id"])
    deeper = await api.post("/v1/categories", auth=as_ops, json={"name": "第三层", "parent_id": child["id"]})
    assert deeper.status_code == 422 and deeper.json()["errors"][0]["field"] == "body.parent_id"
    other = await category(api, as_ops)
    moved_with_children = await api.patch(f"/v1/categories/{top['id']}", auth=as_ops, json={"parent_id": other["id"]})
    assert moved_with_children.status_code == 422
    itself = await api.patch(f"/v1/categories/{other['id']}", auth=as_ops, json={"parent_id": other["id"]})
    assert itself.status_code == 422
    unknown = await api.post("/v1/categories", auth=as_ops, json={"name": "x", "parent_id": 999_999})
    assert unknown.status_code == 422
    twin = await api.post("/v1/categories", auth=as_ops, json={"name": child["name"], "parent_id": top["id"]})
    assert twin.status_code == 409 and twin.json()["code"] == "category_name_taken"
    plain_http = await api.post("/v1/categories", auth=as_ops, json={"name": "图标", "icon_url": "http://img.example/a.png"})
    assert plain_http.status_code == 422
    blank = await api.post("/v1/categories", auth=as_ops, json={"name": "   "})
    assert blank.status_code == 422
    to_top = await api.patch(f"/v1/categories/{child['id']}", auth=as_ops, json={"parent_id": None})
    assert to_top.status_code == 200 and to_top.json()["parent_id"] is None


async def test_only_staff_change_categories(api, as_customer, as_key):
    assert (await api.post("/v1/categories", json={"name": "x"})).status_code == 401
    assert (await api.post("/v1/categories", json={"name": "x"}, auth=as_customer)).status_code == 403
    partner = await api.post("/v1/categories", json={"name": "x"}, auth=as_key("catalog:write"))
    assert partner.status_code == 403
    assert (await api.get("/v1/categories", params={"include_inactive": "true"}, auth=as_customer)).status_code == 403


async def test_a_category_in_use_is_not_deleted(api, as_ops):
    top = await category(api, as_ops)
    child = await category(api, as_ops, parent_id=top["id"])
    product = await make_product(api, as_ops, category_ids=[child["id"]])
    refused = await api.delete(f"/v1/categories/{top['id']}", auth=as_ops)
    assert refused.status_code == 409 and refused.json()["code"] == "category_in_use"
    assert refused.json()["children"] == 1
    assert (await api.delete(f"/v1/categories/{child['id']}", auth=as_ops)).json()["products"] == 1
    await api.patch(f"/v1/products/{product['id']}", auth=as_ops, json={"category_ids": []})
    assert (await api.delete(f"/v1/categories/{child['id']}", auth=as_ops)).status_code == 204
    assert (await api.delete(f"/v1/categories/{top['id']}", auth=as_ops)).status_code == 204
    assert (await api.get(f"/v1/categories/{top['id']}")).status_code == 404


async def test_inactive_categories_are_hidden_from_buyers(api, as_ops):
    top = await category(api, as_ops)
    child = await category(api, as_ops, parent_id=top["id"])
    await api.patch(f"/v1/categories/{top['id']}", auth=as_ops, json={"active": False})
    assert top["id"] not in [c["id"] for c in (await api.get("/v1/categories")).json()["items"]]
    assert (await api.get(f"/v1/categories/{child['id']}")).status_code == 404
    assert (await api.get("/v1/products", params={"category_id": top["id"]})).status_code == 404
    staff = (await api.get("/v1/categories", params={"include_inactive": "true"}, auth=as_ops)).json()["items"]
    assert top["id"] in [c["id"] for c in staff]


async def test_products_name_known_categories_only(api, as_ops):
    top = await category(api, as_ops)
    refused = await api.post("/v1/products", auth=as_ops, json={
        "name": "无分类", "category_ids": [top["id"], 999_999], "skus": _sku(100)})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "body.category_ids"
    product = await make_product(api, as_ops, category_ids=[top["id"]])
    assert product["category_ids"] == [top["id"]]
    bad_update = await api.patch(f"/v1/products/{product['id']}", auth=as_ops, json={"category_ids": [0]})
    assert bad_update.status_code == 422


# --- browsing ------------------------------------------------------------------------------------


@pytest.fixture
async def shelf(api, as_ops):
    """A top category with a child: seven published products (prices with ties) and one unpublished."""
    top = await category(api, as_ops)
    child = await category(api, as_ops, parent_id=top["id"])
    prices = [500, 300, 300, 900, 300, 100, 700]
    made = []
    for n, price in enumerate(prices):
        made.append(await make_product(api, as_ops, name=f"货架商品{n}", skus=_sku(price) + _sku(price + 50),
                                       category_ids=[child["id"] if n % 2 else top["id"]]))
    await make_product(api, as_ops, published=False, category_ids=[top["id"]])
    return {"top": top, "child": child, "products": made}


async def test_a_top_category_lists_its_childrens_products_and_only_published_ones(api, shelf):
    everything = await listed(api, category_id=shelf["top"]["id"], limit=3)
    assert [p["id"] for p in everything] == [p["id"] for p in shelf["products"]]
    children_only = await listed(api, category_id=shelf["child"]["id"])
    assert [p["id"] for p in children_only] == [p["id"] for p in shelf["products"][1::2]]


@pytest.mark.parametrize("limit", [1, 2, 3, 100])
@pytest.mark.parametrize("sort", ["oldest", "newest", "best_selling", "price_asc", "price_desc"])
async def test_every_order_pages_completely_and_in_order(api, shelf, sort, limit):
    pages = await listed(api, category_id=shelf["top"]["id"], sort=sort, limit=limit)
    made = shelf["products"]
    price = {p["id"]: min(s["price_fen"] for s in p["skus"]) for p in made}
    expected = {
        "oldest": sorted(price),
        "newest": sorted(price, key=lambda i: (next(p["created_at"] for p in made if p["id"] == i), i),
                         reverse=True),
        "best_selling": sorted(price, reverse=True),  # nothing sold: ties go by id, highest first
        "price_asc": sorted(price, key=lambda i: (price[i], i)),
        "price_desc": sorted(price, key=lambda i: (price[i], i), reverse=True),
    }[sort]
    assert [p["id"] for p in pages] == expected


async def test_a_cursor_belongs_to_its_order(api, shelf):
    first = (await api.get("/v1/products", params={"category_id": shelf["top"]["id"], "sort": "price_asc",
                                                   "limit": 1})).json()
    other = await api.get("/v1/products", params={"category_id": shelf["top"]["id"], "sort": "newest",
                                                  "cursor": first["next_cursor"]})
    assert other.status_code == 400 and other.json()["code"] == "invalid_cursor"
    assert (await api.get("/v1/products", params={"sort": "cheapest"})).status_code == 422


async def test_best_selling_counts_committed_units(api, as_ops, as_service, shelf):
    slow, fast = shelf["products"][0], shelf["products"][2]
    run = uuid.uuid4().hex[:8]
    for n, (product, quantity) in enumerate([(fast, 3), (slow, 1), (fast, 2)]):
        order = f"sf-{run}-{n}"
        reserved = await api.post("/internal/reservations", auth=as_service, json={
            "order_id": order, "items": [{"sku_id": product["skus"][0]["id"], "quantity": quantity}]})
        assert reserved.status_code == 200, reserved.text
        assert (await api.post(f"/internal/reservations/{order}/commit", auth=as_service)).status_code == 200
        # Committing again counts nothing twice.
        assert (await api.post(f"/internal/reservations/{order}/commit", auth=as_service)).status_code == 200
    ranked = await listed(api, category_id=shelf["top"]["id"], sort="best_selling", limit=2)
    assert [p["id"] for p in ranked[:2]] == [fast["id"], slow["id"]]
    # A committed reservation given back (a refund) no longer counts.
    await api.post(f"/internal/reservations/sf-{run}-0/release", auth=as_service)
    await api.post(f"/internal/reservations/sf-{run}-2/release", auth=as_service)
    # (Public reads are cached for a few seconds and reservations do not invalidate them: another page size.)
    ranked = await listed(api, category_id=shelf["top"]["id"], sort="best_selling", limit=3)
    assert ranked[0]["id"] == slow["id"]


async def test_a_new_price_moves_the_product_in_the_price_order(api, as_ops, shelf):
    dearest = shelf["products"][3]
    updated = await api.patch(f"/v1/products/{dearest['id']}/skus/{dearest['skus'][0]['id']}", auth=as_ops,
                              json={"price_fen": 10})
    assert updated.status_code == 200, updated.text
    cheapest = await listed(api, category_id=shelf["top"]["id"], sort="price_asc", limit=100)
    assert cheapest[0]["id"] == dearest["id"]


# --- search --------------------------------------------------------------------------------------


async def test_search_finds_chinese_names_by_part_in_either_script(api, as_ops):
    top = await category(api, as_ops, name=f"粮油{next(_serial)}")
    rice = await make_product(api, as_ops, name="东北大米 5kg", category_ids=[top["id"]])
    noodles = await make_product(api, as_ops, name="挂面", category_ids=[top["id"]])
    oil = await make_product(api, as_ops, name="100%_纯花生油", category_ids=[top["id"]])
    scope = {"category_id": top["id"]}

    async def found(q: str) -> list[int]:
        return [p["id"] for p in await listed(api, q=q, **scope)]

    assert await found("大米") == [rice["id"]]
    assert await found("東北") == [rice["id"]]
    assert await found("东北 5KG") == [rice["id"]]
    assert await found("ＫＧ") == [rice["id"]]
    assert await found("东北 挂面") == []
    assert await found(top["name"]) == [rice["id"], noodles["id"], oil["id"]]
    assert await found("%") == [oil["id"]]
    assert await found("0%_") == [oil["id"]]
    assert await found("1_0") == []
    await api.patch(f"/v1/products/{noodles['id']}", auth=as_ops, json={"name": "龍鬚麵"})
    assert await found("龙须面") == [noodles["id"]]


async def test_renaming_a_category_refreshes_what_its_products_are_found_by(api, as_ops):
    top = await category(api, as_ops)
    child = await category(api, as_ops, parent_id=top["id"])
    product = await make_product(api, as_ops, name="五常稻花香", category_ids=[child["id"]])
    new_name = f"有机杂粮{uuid.uuid4().hex[:4]}"
    await api.patch(f"/v1/categories/{top['id']}", auth=as_ops, json={"name": new_name})
    assert [p["id"] for p in await listed(api, q=new_name)] == [product["id"]]


@pytest.mark.parametrize("q", ["", "   ", "　", "a b c d e f", "x" * 65])
async def test_blank_or_oversized_queries_are_refused(api, q):
    answer = await api.get("/v1/products", params={"q": q})
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"


# --- home page -----------------------------------------------------------------------------------


def _window(start_h: float, end_h: float) -> dict:
    at = datetime.now(UTC)
    return {"starts_at": (at + timedelta(hours=start_h)).isoformat(),
            "ends_at": (at + timedelta(hours=end_h)).isoformat()}


async def test_home_page_edits_are_optimistic_and_the_public_answer_leaves_out_what_went_away(
        api, as_ops, as_customer):
    shown = await make_product(api, as_ops, name="首页推荐", images=["https://img.example/a.png"])
    hidden = await make_product(api, as_ops, name="首页下架")
    top = await category(api, as_ops)
    current = (await api.get("/v1/home/document", auth=as_ops))
    version = current.json()["version"]
    assert current.headers["etag"] == f'"{version}"'
    document = {
        "banners": [
            {"image_url": "https://img.example/b2.png", "link": {"kind": "url", "url": "https://shop.example/x"},
             "position": 2},
            {"image_url": "https://img.example/b1.png", "link": {"kind": "product", "id": shown["id"]},
             "position": 1, **_window(-1, 1)},
            {"image_url": "https://img.example/later.png", "link": {"kind": "category", "id": top["id"]},
             **_window(1, 2)},
        ],
        "sections": [{"title": "今日推荐", "product_ids": [hidden["id"], shown["id"]]},
                     {"title": "分类", "category_id": top["id"]}],
    }
    assert (await api.put("/v1/home", json=document, auth=as_ops)).status_code == 428
    assert (await api.put("/v1/home", json=document, auth=as_customer,
                          headers={"If-Match": f'"{version}"'})).status_code == 403
    written = await api.put("/v1/home", json=document, auth=as_ops, headers={"If-Match": f'"{version}"'})
    assert written.status_code == 200, written.text
    assert written.json()["version"] == version + 1
    stale = await api.put("/v1/home", json=document, auth=as_ops, headers={"If-Match": f'"{version}"'})
    assert stale.status_code == 412 and stale.json()["code"] == "version_conflict"
    stale_body = await api.put("/v1/home", json=document | {"version": version}, auth=as_ops)
    assert stale_body.status_code == 412

    await api.patch(f"/v1/products/{hidden['id']}", auth=as_ops, json={"published": False})
    home = await api.get("/v1/home")
    assert home.status_code == 200 and home.headers["etag"] == f'"{version + 1}"'
    body = home.json()
    assert [b["image_url"] for b in body["banners"]] == ["https://img.example/b1.png", "https://img.example/b2.png"]
    assert [p["id"] for p in body["sections"][0]["products"]] == [shown["id"]]
    assert body["sections"][0]["products"][0] == {"id": shown["id"], "name": "首页推荐",
                                                   "image": "https://img.example/a.png", "price_fen": 1000}
    assert body["sections"][1]["category"] == {"id": top["id"], "name": top["name"]}


@pytest.mark.parametrize(("change", "field"), [
    ({"sections": [{"title": "x", "product_ids": [999_999]}]}, "body.sections.0.product_ids"),
    ({"featured_activity_ids": [999_999]}, "body.featured_activity_ids"),
    ({"banners": [{"image_url": "https://i.example/a.png", "link": {"kind": "category", "id": 999_999}}]},
     "body.banners.0.link.id"),
])
async def test_home_page_names_only_existing_things(api, as_ops, change, field):
    version = (await api.get("/v1/home/document", auth=as_ops)).json()["version"]
    answer = await api.put("/v1/home", json=change | {"version": version}, auth=as_ops)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == field


@pytest.mark.parametrize("document", [
    {"banners": [{"image_url": "http://i.example/a.png", "link": {"kind": "url", "url": "https://a.example"}}]},
    {"banners": [{"image_url": "https://i.example/a.png", "link": {"kind": "url", "id": 3}}]},
    {"banners": [{"image_url": "https://i.example/a.png", "link": {"kind": "url", "url": "https://a.example"},
                  **_window(2, 1)}]},
    {"sections": [{"title": "x"}]},
    {"sections": [{"title": "x", "product_ids": [1], "category_id": 1}]},
    {"layout": "grid"},
])
async def test_malformed_home_documents_are_refused(api, as_ops, document):
    answer = await api.put("/v1/home", json=document | {"version": 0}, auth=as_ops)
    assert answer.status_code == 422, answer.text


async def test_a_malformed_if_match_is_a_precondition_failure(api, as_ops):
    answer = await api.put("/v1/home", json={}, auth=as_ops, headers={"If-Match": "*"})
    assert answer.status_code == 412
