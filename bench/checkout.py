"""The basket scenario: checkouts of three lines (a plain SKU, a ladder group's line, a flash sale's line),
each placed and paid once, against single orders of one plain SKU placed and paid, in the same run, through
the gateway as the mini-program calls it.  Both are measured the same way (create + pay, ``clients`` buyers
at a time); a checkout does three orders' work in one request and one payment, so its rate per line is the
figure to compare with single orders per second."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from bench.loadgen import Connection, Tally, drive
from bench.product import (
    TIERS,
    bearer,
    buyers,
    fifty_to_a_building,
    new_activity,
    new_product,
    order_headers,
    sign_in,
)

LINES = 3


async def checkouts_vs_orders(gateway: str, *, clients: int, buyers_each: int) -> dict[str, Any]:
    """``buyers_each`` buyers place and pay one single order, then as many others one checkout of three
    lines; ``clients`` at a time."""
    run = uuid.uuid4().hex[:8]
    conn = Connection(gateway)
    ops = await sign_in(conn, f"bench-ops-{run}", ("ops",))
    stock = buyers_each * 4
    _, plain = await new_product(conn, ops, stock=stock)
    _, rice = await new_product(conn, ops, stock=stock)
    _, fruit = await new_product(conn, ops, stock=stock)
    ladder = await new_activity(conn, ops, rice, {"kind": "ladder_group", "tiers": TIERS})
    flash = await new_activity(conn, ops, fruit, {"kind": "flash_sale", "price_fen": 990, "stock": stock,
                                                  "per_user_limit": 1})
    conn.close()
    single_buyers = await buyers(gateway, buyers_each, run=f"s{run}", address=fifty_to_a_building)
    basket_buyers = await buyers(gateway, buyers_each, run=f"c{run}", address=fifty_to_a_building)

    async def single(i: int, conn: Connection, tally: Tally) -> None:
        token, address_id = single_buyers[i]
        await _place_and_pay(conn, tally, "single", token, "/v1/orders", "/v1/payments/sandbox/{id}",
                             {"sku_id": plain, "address_id": address_id})

    async def basket(i: int, conn: Connection, tally: Tally) -> None:
        token, address_id = basket_buyers[i]
        await _place_and_pay(conn, tally, "checkout", token, "/v1/checkouts", "/v1/payments/sandbox/checkouts/{id}",
                             {"address_id": address_id, "lines": [{"sku_id": plain}, {"activity_id": ladder},
                                                                  {"activity_id": flash}]})

    singles = await drive(gateway, clients=clients, jobs=len(single_buyers), job=single)
    baskets = await drive(gateway, clients=clients, jobs=len(basket_buyers), job=basket)
    return checkout_result(clients=clients, singles=singles.figures("single"), baskets=baskets.figures("checkout"),
                           errors={**dict(singles.codes), **dict(baskets.codes)})


async def _place_and_pay(conn: Connection, tally: Tally, kind: str, token: str, create: str, pay: str,
                         body: dict[str, Any]) -> None:
    began = asyncio.get_running_loop().time()
    placed = await tally.timed(f"{kind}_create", conn.request("POST", create, headers=order_headers(token),
                                                              body=body))
    if placed.status != 201:
        return
    paid = await tally.timed(f"{kind}_pay", conn.request("POST", pay.format(id=placed.json()["id"]),
                                                         headers=bearer(token)))
    if paid.status == 200:
        tally.latencies[kind].append(asyncio.get_running_loop().time() - began)
        tally.statuses[kind][200] += 1


def checkout_result(*, clients: int, singles: dict, baskets: dict, errors: dict) -> dict[str, Any]:
    """The scenario's figures: checkouts/s and single orders/s (each placed and paid), lines/s of checkouts,
    and their ratios."""
    checkouts_per_s, orders_per_s = baskets.get("per_s", 0.0), singles.get("per_s", 0.0)
    lines_per_s = round(checkouts_per_s * LINES, 2)
    return {"clients": clients, "lines_per_checkout": LINES,
            "checkouts_paid": baskets.get("count", 0), "checkouts_per_s": checkouts_per_s,
            "checkout_p50_ms": baskets.get("p50_ms"), "checkout_p99_ms": baskets.get("p99_ms"),
            "checkout_lines_per_s": lines_per_s,
            "single_orders_paid": singles.get("count", 0), "single_orders_per_s": orders_per_s,
            "single_p50_ms": singles.get("p50_ms"), "single_p99_ms": singles.get("p99_ms"),
            "checkouts_vs_single_orders": round(checkouts_per_s / orders_per_s, 3) if orders_per_s else None,
            "lines_vs_single_orders": round(lines_per_s / orders_per_s, 3) if orders_per_s else None,
            "errors": errors}
