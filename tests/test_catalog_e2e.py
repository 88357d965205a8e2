"""Catalog through the gateway and against the real catalog process: ops manage the catalog, every
malformed ladder names its field, and stock holds under concurrent reservations and flash-sale rushes
(also when Redis loses the flash counters mid-sale)."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import redis.asyncio as aioredis

from common.auth import service_identity
from common.settings import DEV_INTERNAL_KEY
from common.testing.identity import SignedAs
from common.testing.load import rush
from services.catalog.domain.calendar import BUSINESS_TZ

pytestmark = pytest.mark.e2e
_orders = itertools.count(1)


async def ops_token(gateway) -> dict[str, str]:
    answer = await gateway.post("/v1/auth/dev-login", json={"openid": "catalog-e2e-ops", "roles": ["ops"]})
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


async def new_sku(gateway, headers, stock: int) -> tuple[int, int]:
    answer = await gateway.post("/v1/products", headers=headers, json={
        "name": f"压测商品 {next(_orders)}", "role": "traffic", "published": True,
        "skus": [{"name": "标准装", "price_fen": 1990, "stock": stock}]})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"], answer.json()["skus"][0]["id"]


def window(minutes_from_now: int = -1, hours: int = 2) -> dict[str, str]:
    start = datetime.now(UTC) + timedelta(minutes=minutes_from_now)
    return {"starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=hours)).isoformat()}


@pytest.fixture
def catalog_direct(stack):
    """Calls to the catalog process as the orders service would make them."""
    return httpx.AsyncClient(base_url=stack.url("catalog"), auth=SignedAs(service_identity("orders"), DEV_INTERNAL_KEY),
                             timeout=60, limits=httpx.Limits(max_connections=100))


async def test_ops_create_products_and_activities_through_the_gateway(gateway):
    headers = await ops_token(gateway)
    product_id, sku = await new_sku(gateway, headers, stock=10)
    activity = await gateway.post("/v1/activities", headers=headers, json={
        "title": "蓝莓阶梯团", "sku_id": sku, **window(), "terms": {
            "kind": "ladder_group", "tiers": [{"threshold": 1, "unit_price_fen": 10000},
                                              {"threshold": 3, "unit_price_fen": 8500}]}})
    assert activity.status_code == 201, activity.text
    listed = (await gateway.get("/v1/activities", params={"limit": 100})).json()["items"]
    assert activity.json()["id"] in [a["id"] for a in listed]
    assert (await gateway.get(f"/v1/products/{product_id}")).json()["skus"][0]["available"] == 10
    customer = await gateway.post("/v1/auth/dev-login", json={"openid": "catalog-e2e-customer"})
    refused = await gateway.post("/v1/products", json={"name": "x", "skus": [{"name": "a", "price_fen": 1}]},
                                 headers={"Authorization": f"Bearer {customer.json()['access_token']}"})
    assert refused.status_code == 403


@pytest.mark.parametrize(("tiers", "field"), [
    ([{"threshold": 2, "unit_price_fen": 9000}], "body.terms.ladder_group"),
    ([{"threshold": 1, "unit_price_fen": 9000}, {"threshold": 3, "unit_price_fen": 9500}], "body.terms.ladder_group"),
    ([{"threshold": 0, "unit_price_fen": 9000}], "body.terms.ladder_group.tiers.0.threshold"),
    ([{"threshold": 1, "unit_price_fen": 9000}, {"threshold": 1, "unit_price_fen": 8000}], "body.terms.ladder_group"),
])
async def test_malformed_ladders_through_the_gateway_name_the_field(gateway, tiers, field):
    headers = await ops_token(gateway)
    _, sku = await new_sku(gateway, headers, stock=1)
    answer = await gateway.post("/v1/activities", headers=headers, json={
        "title": "坏阶梯", "sku_id": sku, **window(), "terms": {"kind": "ladder_group", "tiers": tiers}})
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert any(e["field"].startswith(field) for e in answer.json()["errors"])


async def test_group_window_past_the_activity_end_names_the_field(gateway):
    headers = await ops_token(gateway)
    _, sku = await new_sku(gateway, headers, stock=1)
    answer = await gateway.post("/v1/activities", headers=headers, json={
        "title": "窗口太长", "sku_id": sku, **window(hours=1), "terms": {
            "kind": "ladder_group", "group_window_s": 7200, "tiers": [{"threshold": 1, "unit_price_fen": 100}]}})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "body.terms.group_window_s"


async def test_2000_concurrent_reservations_against_stock_100_exactly_100_succeed(gateway, catalog_direct):
    headers = await ops_token(gateway)
    product_id, sku = await new_sku(gateway, headers, stock=100)
    async with catalog_direct as catalog:
        answers = await rush(2000, lambda i: catalog.post("/internal/reservations", json={
            "order_id": f"rush-{sku}-{i}", "items": [{"sku_id": sku, "quantity": 1}]}))
    codes = Counter(a.status_code for a in answers)
    assert codes == {200: 100, 409: 1900}, codes
    product = (await gateway.get(f"/v1/products/{product_id}", headers=headers)).json()
    assert product["skus"][0]["available"] == 0


async def _flash(gateway, headers, stock: int, per_user_limit: int = 1) -> tuple[int, int]:
    _, sku = await new_sku(gateway, headers, stock=stock * 10)
    answer = await gateway.post("/v1/activities", headers=headers, json={
        "title": "秒杀", "sku_id": sku, **window(), "terms": {
            "kind": "flash_sale", "price_fen": 990, "stock": stock, "per_user_limit": per_user_limit}})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"], sku


async def test_5000_buyers_rush_100_flash_units_exactly_100_win(gateway, catalog_direct):
    activity, _ = await _flash(gateway, await ops_token(gateway), stock=100)
    async with catalog_direct as catalog:
        answers = await rush(5000, lambda i: catalog.post(f"/internal/flash/{activity}/reservations", json={
            "order_id": f"flash-{activity}-{i}", "user_id": i + 1}))
    codes = Counter(a.status_code for a in answers)
    assert codes[200] == 100 and codes[409] == 4900, codes


async def test_one_buyer_firing_50_attempts_wins_once(gateway, catalog_direct):
    activity, _ = await _flash(gateway, await ops_token(gateway), stock=100)
    async with catalog_direct as catalog:
        answers = await asyncio.gather(*(catalog.post(f"/internal/flash/{activity}/reservations", json={
            "order_id": f"greedy-{activity}-{i}", "user_id": 4242}) for i in range(50)))
    codes = Counter(a.status_code for a in answers)
    assert codes[200] == 1 and codes[409] == 49, codes


async def test_redis_losing_the_counters_mid_sale_does_not_oversell(gateway, catalog_direct, stack):
    activity, _ = await _flash(gateway, await ops_token(gateway), stock=100)
    redis = aioredis.Redis.from_url(stack.infra.redis.url)

    async def lose_counters() -> None:
        await asyncio.sleep(0.3)
        for _ in range(3):  # lose them more than once while the rush goes on
            names = [k async for k in redis.scan_iter(match=f"{stack.infra.redis.prefix}catalog:flash:{activity}:*")]
            if names:
                await redis.delete(*names)
            await asyncio.sleep(0.4)

    async with catalog_direct as catalog:
        crowd = rush(3000, lambda i: catalog.post(f"/internal/flash/{activity}/reservations", json={
            "order_id": f"flush-{activity}-{i}", "user_id": i + 1}))
        _, answers = await asyncio.gather(lose_counters(), crowd)
        codes = Counter(a.status_code for a in answers)
        assert codes[200] <= 100 and set(codes) <= {200, 409, 503}, codes
        # Buyers who were turned away while counters were rebuilt try again: the sale still ends at exactly 100.
        retry = await rush(300, lambda i: catalog.post(f"/internal/flash/{activity}/reservations", json={
            "order_id": f"flush-{activity}-retry-{i}", "user_id": 5000 + i}))
        total = codes[200] + sum(1 for a in retry if a.status_code == 200)
    await redis.aclose()
    assert total == 100


async def test_the_calendar_materialises_through_the_gateway_once(gateway):
    headers = await ops_token(gateway)
    _, sku = await new_sku(gateway, headers, stock=10)
    today = datetime.now(UTC).date().isoformat()
    template = await gateway.post("/v1/calendar/templates", headers=headers, json={
        "name": "每月31日大促", "rrule": "FREQ=MONTHLY;BYMONTHDAY=31", "start_date": today, "start_time": "20:00:00",
        "duration_s": 7200, "kind": "flash_sale", "sku_id": sku,
        "terms": {"kind": "flash_sale", "price_fen": 990, "stock": 20}})
    assert template.status_code == 201, template.text
    first = (await gateway.post("/v1/calendar/materialise", json={"days": 60}, headers=headers)).json()
    again = (await gateway.post("/v1/calendar/materialise", json={"days": 60}, headers=headers)).json()
    assert first["activities_created"] >= 1 and again["activities_created"] == 0
    listed = (await gateway.get("/v1/activities", params={"kind": "flash_sale", "limit": 100})).json()["items"]
    mine = [a for a in listed if a["template_id"] == template.json()["id"]]
    assert len(mine) == first["activities_created"]
    assert all(datetime.fromisoformat(a["starts_at"]).astimezone(BUSINESS_TZ).day == 31 for a in mine)
