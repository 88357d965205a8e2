"""The storefront's read scenarios: keyword search and a category listing over 10,000 products, through
the gateway as the mini-program calls them.

Set-up (not measured) writes the products straight into the catalog's database in a few bulk inserts,
with their search text, lowest price and units sold computed as the catalog computes them
(services/catalog/listing.py): 10 top categories of 5 children each, every product in one child.
Measured: ``clients`` virtual clients each sending the next request as soon as the last was answered.
Every request carries a throwaway query parameter of its own, so the catalog's short-lived Redis cache
never answers it: the figures are the database path (a cache miss costs one Redis read and one write)."""

from __future__ import annotations

import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from bench.loadgen import Connection, Tally, drive
from bench.product import ok, sign_in
from services.catalog.domain.search import search_text
from services.catalog.models import Category, Product, ProductCategory, Sku

ORIGINS = ["东北", "五常", "云南", "新疆", "山东", "海南", "福建", "宁夏", "内蒙古", "四川"]
GOODS = ["大米", "小米", "苹果", "香梨", "鸡蛋", "牛奶", "花生油", "挂面", "蜂蜜", "红枣", "核桃", "茶叶",
         "猪肉", "牛肉", "土豆", "番茄", "香菇", "木耳", "玉米", "橙子"]
SPECS = ["1kg", "2.5kg", "5kg", "礼盒装", "家庭装", "尝鲜装"]
TOPS = ["粮油", "水果", "蛋奶", "肉禽", "蔬菜", "干货", "酒水", "零食", "日用", "母婴"]
KEYWORDS = ["大米", "东北 大米", "苹果", "礼盒装", "五常", "花生油 5kg", "新疆 红枣", "鸡蛋"]


def product_name(n: int) -> str:
    """The ``n``th bench product's name: an origin, a good and a size, and a serial to keep names apart."""
    return f"{ORIGINS[n % len(ORIGINS)]}{GOODS[(n // len(ORIGINS)) % len(GOODS)]} {SPECS[n % len(SPECS)]} #{n}"


def figures(tally: Tally, kind: str) -> dict[str, Any]:
    """The headline figures of one measured request kind."""
    found = tally.figures(kind)
    return {"requests": found.get("count", 0), "requests_per_s": found.get("per_s", 0.0),
            "p50_ms": found.get("p50_ms"), "p99_ms": found.get("p99_ms"), "max_ms": found.get("max_ms"),
            "statuses": found.get("statuses", {})}


async def seed(database_url: str, *, products: int, seed_value: int = 7) -> dict[str, Any]:
    """Write the categories and ``products`` published products; their ids by category."""
    rng = random.Random(seed_value)
    engine = create_async_engine(database_url)
    moment = datetime.now(UTC)
    try:
        async with engine.begin() as conn:
            tops = (await conn.execute(sa.insert(Category.__table__).returning(
                Category.__table__.c.id, sort_by_parameter_order=True), [
                {"name": f"{name}-{uuid.uuid4().hex[:4]}", "parent_id": None, "position": n, "active": True,
                 "created_at": moment, "updated_at": moment} for n, name in enumerate(TOPS)])).scalars().all()
            children_rows = [{"name": f"{TOPS[t]}{c}", "parent_id": top, "position": c, "active": True,
                              "created_at": moment, "updated_at": moment}
                             for t, top in enumerate(tops) for c in range(5)]
            children = (await conn.execute(sa.insert(Category.__table__).returning(
                Category.__table__.c.id, sort_by_parameter_order=True), children_rows)).scalars().all()
            names = {cid: (TOPS[n // 5], row["name"]) for n, (cid, row) in enumerate(zip(children, children_rows,
                                                                                      strict=True))}
            placed = [children[rng.randrange(len(children))] for _ in range(products)]
            rows = []
            for n in range(products):
                name, price = product_name(n), rng.randrange(500, 20_000)
                rows.append({"name": name, "role": "regular", "unit": "份", "description": "", "kind": "single",
                             "images": [], "categories": [], "published": True,
                             "search_text": search_text(name, (), names[placed[n]]), "min_price_fen": price,
                             "units_sold": rng.randrange(0, 5000),
                             "created_at": moment - timedelta(seconds=products - n), "updated_at": moment})
            ids = []
            for chunk in _chunks(rows, 2000):
                ids += (await conn.execute(sa.insert(Product.__table__).returning(
                    Product.__table__.c.id, sort_by_parameter_order=True), list(chunk))).scalars().all()
            for chunk in _chunks(list(range(products)), 2000):
                await conn.execute(sa.insert(Sku.__table__), [
                    {"product_id": ids[n], "name": "一份", "price_fen": rows[n]["min_price_fen"], "member_prices": {},
                     "stock": 100, "created_at": moment, "updated_at": moment} for n in chunk])
                await conn.execute(sa.insert(ProductCategory.__table__), [
                    {"product_id": ids[n], "category_id": placed[n]} for n in chunk])
    finally:
        await engine.dispose()
    return {"tops": list(tops), "children": list(children)}


_SEEDED: dict[str, dict[str, Any]] = {}


async def seeded(database_url: str, *, products: int) -> dict[str, Any]:
    """The catalog seeded once per stack (both scenarios share it): the layout and how long it took."""
    if database_url not in _SEEDED:
        began = time.perf_counter()
        layout = await seed(database_url, products=products)
        _SEEDED[database_url] = layout | {"setup_s": round(time.perf_counter() - began, 2), "products": products}
    return _SEEDED[database_url]


def request_path(kind: str, i: int, layout: dict[str, Any], run: str) -> str:
    """The ``i``th request of a scenario; the ``nocache`` parameter keeps the catalog's cache out of it."""
    if kind == "search":
        query = {"q": KEYWORDS[i % len(KEYWORDS)], "limit": 20}
    else:
        query = {"category_id": layout["tops"][i % len(layout["tops"])], "sort": "best_selling", "limit": 20}
    return "/v1/products?" + urlencode(query | {"nocache": f"{run}-{i}"})


async def storefront_reads(gateway: str, database_url: str, *, kind: str, products: int, clients: int,
                           requests: int) -> dict[str, Any]:
    """Seed (once), then measure ``requests`` reads of ``kind`` (``search`` or ``category_listing``)."""
    layout = await seeded(database_url, products=products)
    conn = Connection(gateway)
    token = await sign_in(conn, f"bench-storefront-{uuid.uuid4().hex[:6]}")
    probe = ok(await conn.request("GET", request_path(kind, 0, layout, "probe")), kind)
    conn.close()
    headers = {"Authorization": f"Bearer {token}"}
    run = uuid.uuid4().hex[:6]

    async def read(i: int, conn: Connection, tally: Tally) -> None:
        await tally.timed(kind, conn.request("GET", request_path(kind, i, layout, run), headers=headers))

    tally = await drive(gateway, clients=clients, jobs=requests, job=read)
    return {"products": layout["products"], "setup_s": layout["setup_s"], "clients": clients,
            "first_page_items": len(probe["items"]), **figures(tally, kind), "errors": dict(tally.codes)}


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[start:start + size] for start in range(0, len(items), size)]
