"""Builders for catalog tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

_serial = itertools.count(1)


def product_body(**overrides) -> dict:
    n = next(_serial)
    body = {"name": f"测试商品 {n}", "role": "regular", "unit": "份", "published": True,
            "skus": [{"name": "标准装", "price_fen": 1000, "stock": 100, "member_prices": {"member": 900}}]}
    return body | overrides


async def make_product(api, auth, **overrides) -> dict:
    answer = await api.post("/v1/products", json=product_body(**overrides), auth=auth)
    assert answer.status_code == 201, answer.text
    return answer.json()


def ladder_terms(**overrides) -> dict:
    return {"kind": "ladder_group", "tiers": [{"threshold": 1, "unit_price_fen": 10000},
                                              {"threshold": 2, "unit_price_fen": 9000},
                                              {"threshold": 3, "unit_price_fen": 8500},
                                              {"threshold": 5, "unit_price_fen": 7500}],
            "group_window_s": 3600} | overrides


def activity_body(sku_id: int, terms: dict, *, starts_in_s: int = -60, hours: int = 3, **overrides) -> dict:
    start = datetime.now(UTC) + timedelta(seconds=starts_in_s)
    return {"title": "活动", "sku_id": sku_id, "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=hours)).isoformat(), "terms": terms} | overrides
