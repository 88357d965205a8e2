"""Catalog product browsing, in-process against this run's catalog database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from common.testing.apps import serve_in_process, service_settings
from services.catalog import demo
from services.catalog.config import Settings
from services.catalog.main import create_app
from services.catalog.models import Product, ProductRole


@pytest.fixture(scope="module")
async def api(infra, unit_databases) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(service_settings(Settings, infra, unit_databases))
    async with serve_in_process(app) as client:
        await demo.load(app.state.db)
        async with app.state.db.write_sessions() as session:
            session.add(Product(name="未上架的样品", role=ProductRole.profit, published=False))
            await session.commit()
        yield client


async def test_lists_published_products_in_every_role(api):
    answer = await api.get("/v1/products", params={"limit": 100})
    assert answer.status_code == 200
    items = answer.json()["items"]
    assert {p["role"] for p in items} == {r.value for r in ProductRole}
    assert "未上架的样品" not in {p["name"] for p in items}


async def test_pages_follow_the_cursor_without_gaps_or_repeats(api):
    seen, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await api.get("/v1/products", params=params)).json()
        assert len(page["items"]) <= 2
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    everything = [p["id"] for p in (await api.get("/v1/products", params={"limit": 100})).json()["items"]]
    assert seen == everything and len(seen) == len(set(seen))


async def test_filters_by_role(api):
    items = (await api.get("/v1/products", params={"role": "traffic"})).json()["items"]
    assert items and all(p["role"] == "traffic" for p in items)


async def test_unpublished_product_is_not_found(api):
    answer = await api.get("/v1/products", params={"limit": 100})
    hidden = len(demo.DEMO_PRODUCTS) + 1  # inserted after the demo products
    assert hidden not in [p["id"] for p in answer.json()["items"]]
    missing = await api.get(f"/v1/products/{hidden}")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["code"] == "not_found"


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"limit": "many"}, {"role": "bogus"}])
async def test_bad_query_is_a_validation_problem_naming_the_field(api, params):
    answer = await api.get("/v1/products", params=params, headers={"X-Request-ID": "req-123"})
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "validation_error"
    assert body["request_id"] == "req-123"
    assert any(e["field"] == f"query.{next(iter(params))}" for e in body["errors"])


async def test_a_forged_cursor_is_a_clear_400(api):
    answer = await api.get("/v1/products", params={"cursor": "%%%not-ours"})
    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid_cursor"


async def test_demo_load_is_idempotent(api):
    before = len((await api.get("/v1/products", params={"limit": 100})).json()["items"])
    assert await demo.load(api._transport.app.state.db) == 0
    after = len((await api.get("/v1/products", params={"limit": 100})).json()["items"])
    assert before == after
