"""Suppliers through the catalog API: ops create and read them; a partner key acting for a supplier syncs
into the supplier's catalog (its products belong to the supplier); a replaced key's successor finds the
same catalog under the same ids while the old key is back on its own; another supplier's key can neither
reach that catalog through sync nor act on the supplier's record."""

from __future__ import annotations

import itertools
import uuid

import pytest
from sqlmodel import select

from common.auth import Identity
from common.testing.identity import SignedAs
from services.catalog.models import Product, Sku
from services.catalog.suppliers import supplier_id_of

_keys = itertools.count(7100)


@pytest.fixture
def key(catalog):
    """A fresh partner key that may write the catalog."""
    def make() -> tuple[int, SignedAs]:
        key_id = next(_keys)
        identity = Identity(kind="api_key", api_key_id=key_id, scopes=("catalog:write", "catalog:read"))
        return key_id, SignedAs(identity, catalog.state.settings.internal_key)

    return make


async def new_supplier(api, as_ops, key_id: int | None = None) -> dict:
    made = await api.post("/v1/suppliers", auth=as_ops, json={
        "name": f"绿源农场 {uuid.uuid4().hex[:6]}", "contact": "李经理 13800000001", "settlement_terms": "monthly"})
    assert made.status_code == 201, made.text
    if key_id is not None:
        bound = await api.put(f"/v1/suppliers/{made.json()['id']}/api-key", auth=as_ops, json={"api_key_id": key_id})
        assert bound.status_code == 200 and bound.json()["api_key_id"] == key_id, bound.text
    return made.json()


def rows(tag: str, price_fen: int = 1990) -> list[dict]:
    return [{"product_external_id": f"{tag}-eggs", "name": f"土鸡蛋 {tag}", "role": "regular",
             "sku_external_id": f"{tag}-eggs-30", "sku_name": "30枚", "price_fen": price_fen, "stock": 40}]


async def synced(api, auth, batch: list[dict]) -> dict:
    answer = await api.post("/v1/products/sync", json={"rows": batch}, auth=auth)
    assert answer.status_code == 200, answer.text
    return answer.json()["results"][0]


async def stored(catalog, product_id: int) -> tuple[Product, Sku]:
    async with catalog.state.db.read_sessions() as session:
        product = await session.get(Product, product_id)
        sku = (await session.exec(select(Sku).where(Sku.product_id == product_id))).one()
        return product, sku


async def test_ops_create_a_supplier_and_read_it(api, as_ops, as_customer, as_service):
    supplier = await new_supplier(api, as_ops)
    assert supplier["api_key_id"] is None and supplier["settlement_terms"] == "monthly"
    assert (await api.get(f"/v1/suppliers/{supplier['id']}", auth=as_ops)).json() == supplier
    listed = (await api.get("/v1/suppliers", params={"limit": 100, "order": "desc"}, auth=as_ops)).json()
    assert supplier in listed["items"]
    assert (await api.get(f"/internal/suppliers/{supplier['id']}", auth=as_service)).json() == supplier
    for refused in (await api.post("/v1/suppliers", auth=as_customer, json={"name": "冒名供应商"}),
                    await api.get("/v1/suppliers", auth=as_customer)):
        assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
    extra = await api.post("/v1/suppliers", auth=as_ops, json={"name": "多字段", "api_key_id": 1})
    assert extra.status_code == 422  # the key is set by its own route, never with the record
    assert (await api.get("/v1/suppliers/999999", auth=as_ops)).status_code == 404


async def test_a_key_acting_for_a_supplier_syncs_into_the_suppliers_catalog(api, catalog, as_ops, as_service, key):
    key_id, auth = key()
    assert (await api.get("/v1/suppliers/me", auth=auth)).status_code == 404  # acts for nobody yet
    supplier = await new_supplier(api, as_ops, key_id)
    assert (await api.get("/v1/suppliers/me", auth=auth)).json()["id"] == supplier["id"]
    by_key = await api.get(f"/internal/suppliers/by-key/{key_id}", auth=as_service)
    assert by_key.status_code == 200 and by_key.json()["id"] == supplier["id"]

    result = await synced(api, auth, rows(uuid.uuid4().hex[:8]))
    assert result["status"] == "created"
    product, sku = await stored(catalog, result["product_id"])
    assert product.supplier == sku.supplier == f"supplier:{supplier['id']}"
    assert supplier_id_of(product) == supplier["id"]  # what orders learn from the SKU's facts


async def test_a_replaced_key_keeps_the_catalog(api, catalog, as_ops, as_service, key):
    (old_id, old), (new_id, new) = key(), key()
    supplier = await new_supplier(api, as_ops, old_id)
    tag = uuid.uuid4().hex[:8]
    first = await synced(api, old, rows(tag))
    replaced = await api.put(f"/v1/suppliers/{supplier['id']}/api-key", auth=as_ops, json={"api_key_id": new_id})
    assert replaced.status_code == 200 and replaced.json()["api_key_id"] == new_id

    same = await synced(api, new, rows(tag))
    assert (same["status"], same["product_id"], same["sku_id"]) == ("unchanged", first["product_id"], first["sku_id"])
    cheaper = await synced(api, new, rows(tag, price_fen=1790))
    assert (cheaper["status"], cheaper["sku_id"]) == ("updated", first["sku_id"])
    assert (await stored(catalog, first["product_id"]))[1].price_fen == 1790

    # The old key acts for nobody now: its rows are its own again, apart from the supplier's catalog.
    assert (await api.get("/v1/suppliers/me", auth=old)).status_code == 404
    assert (await api.get(f"/internal/suppliers/by-key/{old_id}", auth=as_service)).status_code == 404
    own = await synced(api, old, rows(tag, price_fen=990))
    assert own["status"] == "created" and own["sku_id"] != first["sku_id"]
    assert (await stored(catalog, first["product_id"]))[1].price_fen == 1790


async def test_another_suppliers_key_cannot_touch_the_catalog(api, catalog, as_ops, key):
    (a_id, a_key), (b_id, b_key) = key(), key()
    a, b = await new_supplier(api, as_ops, a_id), await new_supplier(api, as_ops, b_id)
    tag = uuid.uuid4().hex[:8]
    theirs = await synced(api, a_key, rows(tag))

    # The same external ids from b's key are b's own rows: a's product and price stay as they are.
    mine = await synced(api, b_key, rows(tag, price_fen=1))
    assert mine["status"] == "created" and mine["product_id"] != theirs["product_id"]
    product, sku = await stored(catalog, theirs["product_id"])
    assert (supplier_id_of(product), sku.price_fen) == (a["id"], 1990)
    assert supplier_id_of((await stored(catalog, mine["product_id"]))[0]) == b["id"]

    # Nor may b's key act on a's record: assigning products and keys is for ops only.
    for refused in (
            await api.post(f"/v1/suppliers/{a['id']}/products", auth=b_key, json={"product_ids": [mine["product_id"]]}),
            await api.put(f"/v1/suppliers/{a['id']}/api-key", auth=b_key, json={"api_key_id": b_id}),
            await api.get(f"/v1/suppliers/{a['id']}", auth=b_key)):
        assert refused.status_code in (401, 403), refused.text  # ops' routes: a key is no ops user
    assert (await api.get("/v1/suppliers/me", auth=b_key)).json()["id"] == b["id"]
    taken = await api.put(f"/v1/suppliers/{a['id']}/api-key", auth=as_ops, json={"api_key_id": b_id})
    assert taken.status_code == 409 and taken.json()["code"] == "api_key_taken"
    assert (await api.get(f"/v1/suppliers/{a['id']}", auth=as_ops)).json()["api_key_id"] == a_id
    assert supplier_id_of((await stored(catalog, theirs["product_id"]))[0]) == a["id"]
