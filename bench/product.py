"""The product's own scenarios, through the gateway as the mini-program calls it: a ladder group buy that
buyers join and pay, and the 20:00 flash-sale burst.  Buyers, their addresses and the activities are
set up through the public API before the clock starts; only the buying is measured."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.cpu import CpuMeter
from bench.loadgen import Connection, LoadError, Tally, drive

TIERS = [{"threshold": 1, "unit_price_fen": 10000}, {"threshold": 2, "unit_price_fen": 9000},
         {"threshold": 3, "unit_price_fen": 8500}, {"threshold": 5, "unit_price_fen": 7500}]
NEIGHBOURS_PER_BUILDING = 5  # the top tier: each building's group fills and closes


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def ok(reply: Any, what: str) -> Any:
    if reply.status >= 300:
        raise LoadError(f"{what} answered {reply.status}: {reply.body[:300]!r}")
    return reply.json()


async def sign_in(conn: Connection, openid: str, roles: tuple[str, ...] = ()) -> str:
    reply = await conn.request("POST", "/v1/auth/dev-login", body={"openid": openid, "roles": list(roles)})
    return ok(reply, "dev-login")["access_token"]


async def buyers(gateway: str, count: int, *, run: str, address: Callable[[int], dict[str, str]],
                 clients: int = 16) -> list[tuple[str, int]]:
    """``count`` signed-in buyers, each with one address in their book: (token, address id)."""
    made: list[tuple[str, int] | None] = [None] * count

    async def one(i: int, conn: Connection, _tally: Tally) -> None:
        token = await sign_in(conn, f"bench-{run}-{i}")
        reply = await conn.request("POST", "/v1/users/me/addresses", headers=bearer(token), body=address(i))
        made[i] = (token, ok(reply, "address")["id"])

    await drive(gateway, clients=clients, jobs=count, job=one)
    return [m for m in made if m is not None]


def building_address(building: str, room: int) -> dict[str, str]:
    return {"recipient": "邻居", "phone": "13600000000", "province": "上海市", "city": "上海市",
            "district": "浦东新区", "estate": "阳光花园", "building": building, "room": str(room)}


def fifty_to_a_building(i: int) -> dict[str, str]:
    return building_address(f"{i // 50 + 1}栋", 101 + i)


async def new_product(conn: Connection, ops: str, *, stock: int) -> tuple[int, int]:
    """A published product of one SKU: (product id, SKU id)."""
    reply = await conn.request("POST", "/v1/products", headers=bearer(ops), body={
        "name": f"压测商品 {uuid.uuid4().hex[:6]}", "role": "regular", "published": True,
        "skus": [{"name": "一份", "price_fen": 12000, "stock": stock}]})
    product = ok(reply, "product")
    return product["id"], product["skus"][0]["id"]


async def new_activity(conn: Connection, ops: str, sku_id: int, terms: dict[str, Any]) -> int:
    start = datetime.now(UTC) - timedelta(minutes=1)
    reply = await conn.request("POST", "/v1/activities", headers=bearer(ops), body={
        "title": f"压测 {terms['kind']}", "sku_id": sku_id, "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(), "terms": terms})
    return ok(reply, "activity")["id"]


def order_headers(token: str) -> dict[str, str]:
    return bearer(token) | {"Idempotency-Key": uuid.uuid4().hex}


async def ladder_join_and_pay(gateway: str, *, clients: int, orders: int,
                              meter: CpuMeter | None = None) -> dict[str, Any]:
    """``orders`` distinct buyers, five to a building, each joining their building's group and paying at
    once; ``clients`` buyers at a time."""
    run = uuid.uuid4().hex[:8]
    conn = Connection(gateway)
    ops = await sign_in(conn, f"bench-ops-{run}", ("ops",))
    _, sku = await new_product(conn, ops, stock=orders * 2)
    activity = await new_activity(conn, ops, sku, {"kind": "ladder_group", "tiers": TIERS})
    conn.close()
    people = await buyers(gateway, orders, run=f"l{run}",
                          address=lambda i: building_address(f"{i // NEIGHBOURS_PER_BUILDING + 1}栋", 101 + i))

    async def join_and_pay(i: int, conn: Connection, tally: Tally) -> None:
        token, address_id = people[i]
        began = asyncio.get_running_loop().time()
        placed = await tally.timed("create", conn.request("POST", "/v1/orders", headers=order_headers(token),
                                                          body={"activity_id": activity, "address_id": address_id}))
        if placed.status != 201:
            return
        paid = await tally.timed("pay", conn.request("POST", f"/v1/payments/sandbox/{placed.json()['id']}",
                                                     headers=bearer(token)))
        if paid.status == 200:
            tally.latencies["order"].append(asyncio.get_running_loop().time() - began)
            tally.statuses["order"][200] += 1

    if meter is not None:
        await meter.settle()
        meter.start()
    tally = await drive(gateway, clients=clients, jobs=len(people), job=join_and_pay)
    if meter is not None:  # what the orders set off (their events, in every service) is their cost too
        await meter.digest()
    order = tally.figures("order")
    return {"clients": clients, "orders_attempted": len(people), "orders_paid": order.get("count", 0),
            "orders_per_s": order.get("per_s", 0.0), "order_p50_ms": order.get("p50_ms"),
            "order_p99_ms": order.get("p99_ms"), "create": tally.figures("create"), "pay": tally.figures("pay"),
            "errors": dict(tally.codes), "seconds": round(tally.seconds, 2),
            **({"cpu": meter.stop(per=order.get("count") or None)} if meter is not None else {})}


async def flash_burst(gateway: str, *, clients: int, attempts: int, stock: int,
                      meter: CpuMeter | None = None) -> dict[str, Any]:
    """``attempts`` distinct buyers each try once to buy one unit of a flash sale of ``stock`` units,
    ``clients`` at a time; exactly ``stock`` must be sold."""
    run = uuid.uuid4().hex[:8]
    conn = Connection(gateway)
    ops = await sign_in(conn, f"bench-ops-{run}", ("ops",))
    product, sku = await new_product(conn, ops, stock=stock * 10)
    activity = await new_activity(conn, ops, sku, {"kind": "flash_sale", "price_fen": 990, "stock": stock,
                                                "per_user_limit": 1})
    people = await buyers(gateway, attempts, run=f"f{run}", address=fifty_to_a_building)

    async def attempt(i: int, conn: Connection, tally: Tally) -> None:
        token, address_id = people[i]
        reply = await tally.timed("attempt", conn.request("POST", "/v1/orders", headers=order_headers(token),
                                                          body={"activity_id": activity, "address_id": address_id}))
        # timed() returns without yielding to the loop after it records, so the last latency is this one's
        tally.latencies["won" if reply.status == 201 else "lost"].append(tally.latencies["attempt"][-1])

    if meter is not None:
        await meter.settle()
        meter.start()
    tally = await drive(gateway, clients=clients, jobs=len(people), job=attempt)
    cpu = None
    if meter is not None:
        await meter.digest()
        cpu = meter.stop(per=len(people))
    figures = tally.figures("attempt")
    sold = figures.get("statuses", {}).get("201", 0)
    held = stock * 10 - await _stock_left(conn, ops, product)
    conn.close()
    return {"clients": clients, "attempts": len(people), "stock": stock, "sold": sold,
            "units_held_after": held, "exactly_stock_sold": sold == stock and held == stock,
            "attempts_per_s": figures.get("per_s", 0.0), "p50_ms": figures.get("p50_ms"),
            "p99_ms": figures.get("p99_ms"), "statuses": figures.get("statuses", {}),
            "won": _latency(tally.figures("won")), "lost": _latency(tally.figures("lost")),
            "errors": dict(tally.codes), "seconds": round(tally.seconds, 2), **({"cpu": cpu} if cpu else {})}


def _latency(figures: dict[str, Any]) -> dict[str, Any]:
    """The latency part of a request kind's figures (a rate would mean nothing for a subset of attempts)."""
    return {key: figures[key] for key in ("count", "p50_ms", "p99_ms", "max_ms") if key in figures}


async def _stock_left(conn: Connection, ops: str, product: int) -> int:
    """The SKU's available stock as staff see it (units held by pending and paid orders are taken)."""
    reply = await conn.request("GET", f"/v1/products/{product}", headers=bearer(ops))
    return ok(reply, "product")["skus"][0]["available"]
