"""Searching by pinyin initials through the gateway: ``dbdm`` and ``dm`` find 东北大米, on both databases."""

from __future__ import annotations

import uuid

import pytest

from tests.support import bearer, login

pytestmark = pytest.mark.e2e


async def test_pinyin_initials_find_a_product_and_chinese_still_does(gateway):
    ops = bearer(await login(gateway, "pinyin-ops", ("ops",)))
    run = uuid.uuid4().hex[:6]
    made = await gateway.post("/v1/products", headers=ops, json={
        "name": f"东北大米 {run}", "role": "regular", "published": True,
        "skus": [{"name": "5kg", "price_fen": 5990, "stock": 10}]})
    assert made.status_code == 201, made.text
    product = made.json()["id"]

    async def found(q: str) -> set[int]:
        answer = await gateway.get("/v1/products", params={"q": q, "limit": 100})
        assert answer.status_code == 200, answer.text
        return {p["id"] for p in answer.json()["items"]}

    for query in (f"dbdm {run}", f"DM {run}", f"大米 {run}", f"東北 {run}"):
        assert product in await found(query), query
    assert product not in await found(f"xyz {run}")
    # a rename is searched by its new initials at once
    renamed = await gateway.patch(f"/v1/products/{product}", headers=ops, json={"name": f"五常大米 {run}"})
    assert renamed.status_code == 200, renamed.text
    assert product in await found(f"wcdm {run}") and product not in await found(f"dbdm {run}")
