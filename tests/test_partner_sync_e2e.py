"""Supplier sync through the gateway to the real processes: a partner key with catalog:write sends 1,000
rows and gets an answer per row, the same batch again changes nothing (no new events either), keys
without the scope and customers are refused, two partners' ids never meet, and stock set by a sync
leaves what open orders hold in place."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.support import ADDRESS, bearer, login

pytestmark = pytest.mark.e2e


async def api_key(gateway, ops: dict, *scopes: str) -> dict[str, str]:
    created = await gateway.post("/v1/api-keys", headers=bearer(ops),
                                 json={"name": f"供应商 {uuid.uuid4().hex[:6]}", "scopes": list(scopes)})
    assert created.status_code == 201, created.text
    return {"X-API-Key": created.json()["key"]}


def row(product: str, sku: str, **overrides) -> dict:
    return {"product_external_id": product, "name": f"产地直供 {product}", "role": "regular",
            "sku_external_id": sku, "sku_name": "标准装", "price_fen": 2990, "stock": 40} | overrides


async def sync(gateway, headers, rows):
    return await gateway.post("/v1/products/sync", json={"rows": rows}, headers=headers)


async def outbox(stack, product_ids) -> tuple[int, int]:
    """product.changed rows of these products in catalog's outbox: written, and relayed to the stream."""
    engine = create_async_engine(stack.database_template.format(service="catalog"))
    query = text("SELECT count(*), count(sent_at) FROM event_outbox WHERE event_type = 'product.changed' "
                 "AND aggregate IN :aggregates").bindparams(bindparam("aggregates", expanding=True))
    try:
        async with engine.connect() as conn:
            written, sent = (await conn.execute(query, {"aggregates": [f"product_id:{p}" for p in product_ids]})).one()
    finally:
        await engine.dispose()
    return written, sent


@pytest.fixture
async def ops(gateway):
    return await login(gateway, "sync-e2e-ops", ("ops",))


async def test_1000_rows_with_10_bad_and_the_same_batch_again(gateway, stack, ops):
    supplier = await api_key(gateway, ops, "catalog:write")
    tag = uuid.uuid4().hex[:8]
    rows = [row(f"{tag}-p{p}", f"{tag}-p{p}-s{s}", price_fen=1000 + s, stock=s) for p in range(100) for s in range(10)]
    for index in range(5, 1000, 100):
        rows[index] = rows[index] | {"price_fen": -1}
    started = time.monotonic()
    first = await sync(gateway, supplier, rows)
    elapsed = time.monotonic() - started
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["created"], body["updated"], body["unchanged"], body["rejected"]) == (990, 0, 0, 10)
    assert elapsed < 6, f"1,000 rows took {elapsed:.1f}s through the gateway"
    assert {(r["index"], r["field"]) for r in body["results"] if r["status"] == "rejected"} == \
        {(i, "price_fen") for i in range(5, 1000, 100)}
    product_ids = {r["product_id"] for r in body["results"] if r["status"] == "created"}
    assert len(product_ids) == 100
    sample = next(r for r in body["results"] if r["index"] == 13)
    product = (await gateway.get(f"/v1/products/{sample['product_id']}", headers=bearer(ops))).json()
    assert product["published"] is False and product["name"] == f"产地直供 {tag}-p1"
    assert {s["id"]: (s["price_fen"], s["available"]) for s in product["skus"]}[sample["sku_id"]] == (1003, 3)

    again = (await sync(gateway, supplier, rows)).json()
    assert (again["created"], again["updated"], again["unchanged"], again["rejected"]) == (0, 0, 990, 10)
    assert [r["sku_id"] for r in again["results"]] == [r["sku_id"] for r in body["results"]]
    relayed = (0, 0)
    for _ in range(40):
        relayed = await outbox(stack, product_ids)
        if relayed == (100, 100):
            break
        await asyncio.sleep(0.25)
    assert relayed == (100, 100), "one product.changed per product, all relayed, none from the repeat"


async def test_only_keys_with_catalog_write_and_ops_may_sync_and_partners_ids_never_meet(gateway, ops):
    rows = [row("common-p", "common-s1", price_fen=1000), row("common-p", "common-s2", price_fen=1200)]
    reader = await api_key(gateway, ops, "catalog:read", "orders:read")
    refused = await sync(gateway, reader, rows)
    assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
    customer = await login(gateway, f"sync-e2e-customer-{uuid.uuid4().hex[:6]}")
    assert (await sync(gateway, bearer(customer), rows)).status_code == 403
    assert (await sync(gateway, {}, rows)).status_code == 401

    first, second = await api_key(gateway, ops, "catalog:write"), await api_key(gateway, ops, "catalog:write")
    mine = (await sync(gateway, first, rows)).json()["results"]
    theirs = (await sync(gateway, second, [r | {"price_fen": 5000} for r in rows])).json()["results"]
    assert [r["status"] for r in mine] == [r["status"] for r in theirs] == ["created", "created"]
    assert mine[0]["product_id"] != theirs[0]["product_id"]
    product = (await gateway.get(f"/v1/products/{mine[0]['product_id']}", headers=bearer(ops))).json()
    assert [s["price_fen"] for s in product["skus"]] == [1000, 1200]
    house = (await sync(gateway, bearer(ops), rows)).json()["results"]
    assert house[0]["status"] == "created" and house[0]["product_id"] not in (mine[0]["product_id"],
                                                                             theirs[0]["product_id"])

    too_many = await sync(gateway, await api_key(gateway, ops, "catalog:write"),
                          [row("many", f"many-{i}") for i in range(1001)])
    assert too_many.status_code == 422 and too_many.json()["errors"][0]["field"] == "body.rows"


async def test_a_sync_leaves_what_open_orders_hold_in_place(gateway, ops):
    supplier = await api_key(gateway, ops, "catalog:write")
    tag = uuid.uuid4().hex[:8]
    created = (await sync(gateway, supplier, [row(tag, f"{tag}-s", stock=10)])).json()["results"][0]
    await gateway.patch(f"/v1/products/{created['product_id']}", json={"published": True}, headers=bearer(ops))
    buyer = await login(gateway, f"sync-e2e-buyer-{tag}")
    address = (await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(buyer))).json()
    order = await gateway.post("/v1/orders", headers=bearer(buyer) | {"Idempotency-Key": uuid.uuid4().hex},
                               json={"sku_id": created["sku_id"], "quantity": 3, "address_id": address["id"]})
    assert order.status_code == 201, order.text

    async def available() -> int:
        product = await gateway.get(f"/v1/products/{created['product_id']}", headers=bearer(ops))
        return product.json()["skus"][0]["available"]

    assert await available() == 7
    same = (await sync(gateway, supplier, [row(tag, f"{tag}-s", stock=10)])).json()["results"][0]
    assert same["status"] == "unchanged" and await available() == 7
    below = (await sync(gateway, supplier, [row(tag, f"{tag}-s", stock=2)])).json()["results"][0]
    assert below["status"] == "rejected" and below["field"] == "stock" and await available() == 7
    fewer = (await sync(gateway, supplier, [row(tag, f"{tag}-s", stock=4)])).json()["results"][0]
    assert fewer["status"] == "updated" and await available() == 1
    cancelled = await gateway.post(f"/v1/orders/{order.json()['id']}/cancel", headers=bearer(buyer))
    assert cancelled.status_code == 200 and await available() == 4
