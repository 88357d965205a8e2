"""Supplier sync through the catalog API: batches of up to 1,000 rows keyed by the supplier's own ids,
answered row by row, idempotent, within each key's own ids, and never below what orders hold."""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid

import pytest
import sqlalchemy as sa

from common.auth import Identity
from common.testing.identity import SignedAs
from services.catalog.models import Sku, events

_keys = itertools.count(5000)


@pytest.fixture
def partner(catalog):
    """A fresh partner key with catalog:write (its own id namespace)."""
    def make(*scopes: str) -> SignedAs:
        identity = Identity(kind="api_key", api_key_id=next(_keys), scopes=scopes or ("catalog:write",))
        return SignedAs(identity, catalog.state.settings.internal_key)

    return make


def row(product: str, sku: str, **overrides) -> dict:
    return {"product_external_id": product, "name": f"供货商品 {product}", "role": "regular",
            "sku_external_id": sku, "sku_name": "标准装", "price_fen": 1990, "stock": 50} | overrides


def feed(tag: str, products: int, skus_each: int) -> list[dict]:
    return [row(f"{tag}-p{p}", f"{tag}-p{p}-s{s}", price_fen=1000 + s, stock=10 * s)
            for p in range(products) for s in range(skus_each)]


async def sync(api, auth, rows):
    return await api.post("/v1/products/sync", json={"rows": rows}, auth=auth)


async def product_events(catalog, product_ids) -> int:
    outbox = events.outbox
    aggregates = [f"product_id:{pid}" for pid in product_ids]
    async with catalog.state.db.read_sessions() as session:
        query = sa.select(sa.func.count()).select_from(outbox).where(
            outbox.c.event_type == "product.changed", outbox.c.aggregate.in_(aggregates))
        return int((await session.exec(query)).one()[0])


async def stocks(catalog, sku_ids) -> dict[int, int]:
    async with catalog.state.db.read_sessions() as session:
        found = (await session.exec(sa.select(Sku.id, Sku.stock).where(Sku.id.in_(sku_ids)))).all()
        return dict(found)


BAD_ROWS = [  # (where in the batch, row, field named in the rejection)
    (7, lambda r: r | {"price_fen": 0}, "price_fen"),
    (100, lambda r: r | {"price_fen": 12.5}, "price_fen"),
    (222, lambda r: r | {"stock": -1}, "stock"),
    (333, lambda r: {k: v for k, v in r.items() if k != "sku_name"}, "sku_name"),
    (444, lambda r: r | {"role": "vip"}, "role"),
    (555, lambda r: r | {"member_price": 1}, "member_price"),
    (666, lambda r: r | {"sku_external_id": "has space"}, "sku_external_id"),
    (777, lambda r: r | {"sku_external_id": r["sku_external_id"].replace("-s7", "-s6")}, "sku_external_id"),
    (888, lambda r: r | {"name": "另一个名字"}, "name"),
    (999, lambda r: "not a row", "row"),
]


async def test_a_batch_of_1000_with_10_bad_rows_applies_990_and_sending_it_again_changes_nothing(
        api, catalog, partner):
    key = partner()
    rows = feed(uuid.uuid4().hex[:8], products=100, skus_each=10)
    for index, spoil, _field in BAD_ROWS:
        rows[index] = spoil(rows[index])
    started = time.monotonic()
    answer = await sync(api, key, rows)
    elapsed = time.monotonic() - started
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["created"], body["updated"], body["unchanged"], body["rejected"]) == (990, 0, 0, 10)
    assert elapsed < 5, f"1,000 rows took {elapsed:.1f}s"
    rejected = {r["index"]: r for r in body["results"] if r["status"] == "rejected"}
    assert set(rejected) == {index for index, _, _ in BAD_ROWS}
    for index, _spoil, field in BAD_ROWS:
        assert rejected[index]["field"] == field and rejected[index]["reason"], rejected[index]
    assert "row 776" in rejected[777]["reason"] and "row 880" in rejected[888]["reason"]

    applied = [r for r in body["results"] if r["status"] == "created"]
    product_ids = {r["product_id"] for r in applied}
    assert len(product_ids) == 100 and len({r["sku_id"] for r in applied}) == 990
    assert await product_events(catalog, product_ids) == 100
    before = await stocks(catalog, [r["sku_id"] for r in applied])
    assert before[applied[3]["sku_id"]] == 30

    again = (await sync(api, key, rows)).json()
    assert (again["created"], again["updated"], again["unchanged"], again["rejected"]) == (0, 0, 990, 10)
    assert [r["sku_id"] for r in again["results"]] == [r["sku_id"] for r in body["results"]]
    assert await product_events(catalog, product_ids) == 100
    assert await stocks(catalog, list(before)) == before


async def test_changes_are_applied_and_only_changed_products_are_announced(api, catalog, partner):
    key = partner()
    tag = uuid.uuid4().hex[:8]
    first = (await sync(api, key, feed(tag, products=3, skus_each=2))).json()
    ids = [r["product_id"] for r in first["results"]]
    rows = feed(tag, products=3, skus_each=2)
    rows[0] |= {"name": "改名了", "role": "traffic"}
    rows[1] |= {"name": "改名了", "role": "traffic"}
    rows[3] |= {"price_fen": 2500}
    rows[5] |= {"stock": 7}
    answer = (await sync(api, key, rows)).json()
    assert [r["status"] for r in answer["results"]] == ["updated", "updated", "unchanged", "updated", "unchanged",
                                                         "updated"]
    assert await product_events(catalog, [ids[0]]) == 2  # created, then renamed
    assert await product_events(catalog, [ids[2], ids[4]]) == 2  # created only: SKU changes are not product events
    product = (await api.get(f"/v1/products/{ids[0]}", auth=key)).json()
    assert (product["name"], product["role"], product["published"]) == ("改名了", "traffic", False)
    skus = {s["id"]: s for s in (await api.get(f"/v1/products/{ids[3]}", auth=key)).json()["skus"]}
    assert skus[answer["results"][3]["sku_id"]]["price_fen"] == 2500
    assert (await stocks(catalog, [answer["results"][5]["sku_id"]])) == {answer["results"][5]["sku_id"]: 7}


async def test_stock_counts_what_orders_awaiting_payment_hold(api, catalog, partner, as_service):
    key = partner()
    tag = uuid.uuid4().hex[:8]
    created = (await sync(api, key, [row(tag, f"{tag}-s", stock=10)])).json()["results"][0]
    sku = created["sku_id"]
    reserve = await api.post("/internal/reservations", auth=as_service,
                             json={"order_id": f"o-{tag}", "items": [{"sku_id": sku, "quantity": 3}]})
    assert reserve.status_code == 200
    assert await stocks(catalog, [sku]) == {sku: 7}
    same = (await sync(api, key, [row(tag, f"{tag}-s", stock=10)])).json()["results"][0]
    assert same["status"] == "unchanged" and await stocks(catalog, [sku]) == {sku: 7}
    lower = (await sync(api, key, [row(tag, f"{tag}-s", stock=5)])).json()["results"][0]
    assert lower["status"] == "updated" and await stocks(catalog, [sku]) == {sku: 2}
    below = (await sync(api, key, [row(tag, f"{tag}-s", stock=2, price_fen=999)])).json()["results"][0]
    assert below["status"] == "rejected" and below["field"] == "stock" and "3 units" in below["reason"]
    assert await stocks(catalog, [sku]) == {sku: 2}
    product = (await api.get(f"/v1/products/{created['product_id']}", auth=key)).json()
    assert product["skus"][0]["price_fen"] == 1990  # a rejected row changes nothing at all
    released = await api.post(f"/internal/reservations/o-{tag}/release", auth=as_service)
    assert released.status_code == 200 and await stocks(catalog, [sku]) == {sku: 5}
    assert (await sync(api, key, [row(tag, f"{tag}-s", stock=5)])).json()["results"][0]["status"] == "unchanged"


async def test_two_partners_may_use_the_same_external_ids(api, partner):
    first, second = partner(), partner()
    rows = [row("shared-p1", "shared-s1", price_fen=1000), row("shared-p1", "shared-s2", price_fen=1100)]
    mine = (await sync(api, first, rows)).json()
    theirs = (await sync(api, second, [r | {"price_fen": 3000, "name": "别家的"} for r in rows])).json()
    assert [r["status"] for r in mine["results"]] == [r["status"] for r in theirs["results"]] == ["created"] * 2
    assert not {r["sku_id"] for r in mine["results"]} & {r["sku_id"] for r in theirs["results"]}
    assert mine["results"][0]["product_id"] != theirs["results"][0]["product_id"]
    product = (await api.get(f"/v1/products/{mine['results'][0]['product_id']}", auth=first)).json()
    assert product["name"] == "供货商品 shared-p1" and [s["price_fen"] for s in product["skus"]] == [1000, 1100]


async def test_a_sku_stays_with_its_product_and_under_its_member_prices(api, partner, as_ops):
    key = partner()
    tag = uuid.uuid4().hex[:8]
    created = (await sync(api, key, [row(f"{tag}-a", f"{tag}-s"), row(f"{tag}-b", f"{tag}-t")])).json()["results"]
    moved = (await sync(api, key, [row(f"{tag}-b", f"{tag}-s")])).json()["results"][0]
    assert moved["status"] == "rejected" and moved["field"] == "sku_external_id" and f"{tag}-a" in moved["reason"]
    sku = created[0]
    member = await api.patch(f"/v1/products/{sku['product_id']}/skus/{sku['sku_id']}",
                             json={"member_prices": {"member": 1800}}, auth=as_ops)
    assert member.status_code == 200
    cheaper = (await sync(api, key, [row(f"{tag}-a", f"{tag}-s", price_fen=1500)])).json()["results"][0]
    assert cheaper["status"] == "rejected" and cheaper["field"] == "price_fen" and "member" in cheaper["reason"]


async def test_two_syncs_of_the_same_new_rows_at_once_create_them_once(api, partner):
    key = partner()
    rows = feed(uuid.uuid4().hex[:8], products=5, skus_each=4)
    answers = await asyncio.gather(*(sync(api, key, rows) for _ in range(3)))
    assert {a.status_code for a in answers} <= {200, 409} and 200 in {a.status_code for a in answers}
    assert all(a.json()["code"] == "sync_conflict" for a in answers if a.status_code == 409)
    done = [a.json() for a in answers if a.status_code == 200]
    assert sorted(d["created"] for d in done) == [0] * (len(done) - 1) + [20]
    assert len({tuple(r["sku_id"] for r in d["results"]) for d in done}) == 1
    assert (await sync(api, key, rows)).json()["unchanged"] == 20


async def test_ops_sync_under_the_house_ids_apart_from_partners(api, as_ops, partner):
    tag = uuid.uuid4().hex[:8]
    house = (await sync(api, as_ops, [row(tag, f"{tag}-s")])).json()["results"][0]
    supplier = (await sync(api, partner(), [row(tag, f"{tag}-s")])).json()["results"][0]
    assert house["status"] == supplier["status"] == "created" and house["sku_id"] != supplier["sku_id"]


async def test_only_ops_and_keys_with_catalog_write_may_sync(api, partner, as_customer):
    rows = [row("auth-p", "auth-s")]
    assert (await sync(api, None, rows)).status_code == 401
    for caller in (partner("catalog:read"), partner("orders:read", "orders:write"), as_customer):
        answer = await sync(api, caller, rows)
        assert answer.status_code == 403, answer.text
        assert answer.headers["content-type"] == "application/problem+json" and answer.json()["code"] == "forbidden"


@pytest.mark.parametrize(("body", "field"), [
    ({"rows": [row("big-p", f"big-s{i}") for i in range(1001)]}, "body.rows"),
    ({"rows": []}, "body.rows"),
    ({"rows": "all of them"}, "body.rows"),
    ({"rows": [row("x", "y")], "dry_run": True}, "body.dry_run"),
])
async def test_a_batch_that_is_not_one_is_a_validation_problem(api, partner, body, field):
    answer = await api.post("/v1/products/sync", json=body, auth=partner())
    assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in answer.json()["errors"]] == [field]
