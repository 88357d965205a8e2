"""Event lag: how long after an order is paid its referrer's rebate is in the referrals ledger.

The path measured is the product's own: orders writes ``order.paid`` to its outbox in the payment's
transaction, its relay moves the row to the orders stream, and the referrals consumer applies it and
writes the referrer's pending rebate entry.

Set up through the public API before anything is measured: a referrer at a level that earns (set by
ops), buyers bound to the referrer's code, each with an address, and a regular product.  Then each
buyer places a plain order of one unit and pays it in the sandbox, the (place + pay) jobs started at a
steady rate (an open model: a slow answer does not hold back the next buyer).  The CPU the orders cost
is counted until the stack has gone quiet again (every event consumed).  Only then are the referrer's
pending rebate entries read back as ops (``GET /v1/rebates?user_id=&kind=rebate&bucket=pending``, page
by page, waiting a while for any still missing): reading thousands of entries while the last orders'
events are on their way would slow exactly those, the slowest percent the p99 is made of.

Per order, the lag is the entry's ``created_at`` (the referrals clock) − the moment the pay answer
arrived (this machine's clock plus the stack's dev clock offset: one host, so one clock).  The payment
is committed before its answer leaves, so this understates the lag by the answer's way back.  The
lag from the order's ``paid_at`` is reported too, but ``paid_at`` is the payment provider's
``success_time``, in whole seconds, so it reads up to a second high.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.cpu import CpuMeter
from bench.loadgen import Connection, LoadError, Tally, drive, paced, percentile
from bench.product import bearer, buyers, fifty_to_a_building, new_product, ok, order_headers, sign_in
from bench.stages import event_stages

EARNING_LEVEL = "member"  # customers earn nothing under the default rules
WAIT_FOR_ENTRIES_S = 30.0
STAGE_CONSUMERS = ("referrals", "membership", "catalog")  # every service that consumes order.paid
POLL_S = 0.5


@dataclass(frozen=True)
class Payment:
    """A paid order as its buyer saw it: ``answered_at`` is on the stack's clock."""

    order_id: int
    paid_at: datetime
    answered_at: datetime


def instant(text: str) -> datetime:
    """An ISO 8601 time from an answer, as an aware UTC datetime."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def spread_ms(values: list[float]) -> dict[str, float | None]:
    """The p50, p99, lowest and highest of millisecond figures (None when there are none)."""
    ordered = sorted(values)
    if not ordered:
        return {"p50": None, "p99": None, "min": None, "max": None}
    return {"p50": round(percentile(ordered, 50), 1), "p99": round(percentile(ordered, 99), 1),
            "min": round(ordered[0], 1), "max": round(ordered[-1], 1)}


def earnings(entries: list[dict[str, Any]], referrer_id: int) -> dict[int, datetime]:
    """When the referrer's pending rebate was first written, per order."""
    first: dict[int, datetime] = {}
    for entry in entries:
        if (entry["user_id"], entry["kind"], entry["step"]) != (referrer_id, "rebate", "earn"):
            continue
        if entry.get("order_id") is None:
            continue
        written = instant(entry["created_at"])
        first[entry["order_id"]] = min(written, first.get(entry["order_id"], written))
    return first


def lag_figures(payments: dict[int, Payment], entries: list[dict[str, Any]], *,
                referrer_id: int) -> dict[str, Any]:
    """Lags per order whose entry was found, from the pay answer and from ``paid_at``."""
    written = earnings(entries, referrer_id)
    found = [order_id for order_id in payments if order_id in written]
    from_answer = [(written[o] - payments[o].answered_at) / timedelta(milliseconds=1) for o in found]
    from_paid_at = [(written[o] - payments[o].paid_at) / timedelta(milliseconds=1) for o in found]
    lag = spread_ms(from_answer)
    return {"entries_found": len(found), "entries_missing": len(payments) - len(found),
            "lag_p50_ms": lag["p50"], "lag_p99_ms": lag["p99"], "lag_max_ms": lag["max"], "lag_ms": lag,
            "lag_from_paid_at_ms": spread_ms(from_paid_at)}


def event_lag_result(payments: dict[int, Payment], entries: list[dict[str, Any]], tally: Tally, *,
                     referrer_id: int, rate: float, planned: int, waited_s: float) -> dict[str, Any]:
    """The scenario's figures: what was asked and achieved, the answers, and the lags."""
    return {"rate_asked_per_s": rate, "orders_planned": planned, "orders_paid": len(payments),
            "orders_per_s": round(len(payments) / tally.seconds, 1), "seconds": round(tally.seconds, 2),
            **lag_figures(payments, entries, referrer_id=referrer_id),
            "waited_for_entries_s": round(waited_s, 2),
            "place": tally.figures("place"), "pay": tally.figures("pay"), "errors": dict(tally.codes)}


async def _earning_referrer(conn: Connection, ops: str, run: str) -> tuple[int, str]:
    """A referrer whose level earns rebates: (user id, referral code)."""
    token = await sign_in(conn, f"bench-referrer-{run}")
    me = ok(await conn.request("GET", "/v1/users/me", headers=bearer(token)), "users/me")
    ok(await conn.request("PUT", f"/v1/users/{me['id']}/level", headers=bearer(ops),
                           body={"level": EARNING_LEVEL, "reason": "bench: a referrer who earns"}), "set level")
    code = ok(await conn.request("GET", "/v1/referrals/me", headers=bearer(token)), "referral code")["code"]
    return me["id"], code


async def _bind(gateway: str, tokens: list[str], code: str) -> None:
    async def bind(i: int, conn: Connection, _tally: Tally) -> None:
        ok(await conn.request("POST", "/v1/referrals/bind", headers=bearer(tokens[i]), body={"code": code}), "bind")

    await drive(gateway, clients=16, jobs=len(tokens), job=bind)


async def _await_level(conn: Connection, ops: str, user_id: int, level: str, timeout_s: float = 30.0) -> None:
    """Until referrals has heard the level change (it rebates by the level it knows)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        node = ok(await conn.request("GET", f"/v1/referrals/tree/{user_id}?depth=1", headers=bearer(ops)), "tree")
        if node["level"] == level:
            return
        await asyncio.sleep(0.2)
    raise LoadError(f"referrals did not hear of user {user_id}'s level {level} within {timeout_s}s")


async def _clock_offset(conn: Connection, ops: str) -> timedelta:
    reading = ok(await conn.request("GET", "/v1/dev/clock", headers=bearer(ops)), "dev clock")
    return timedelta(seconds=reading["offset_seconds"])


def _place_and_pay(people: list[tuple[str, int]], sku: int, offset: timedelta,
                   payments: dict[int, Payment]) -> Callable[[int, Connection, Tally], Awaitable[None]]:
    async def job(i: int, conn: Connection, tally: Tally) -> None:
        token, address_id = people[i]
        placed = await tally.timed("place", conn.request("POST", "/v1/orders", headers=order_headers(token),
                                                         body={"sku_id": sku, "quantity": 1, "address_id": address_id}))
        if placed.status != 201:
            return
        paid = await tally.timed("pay", conn.request("POST", f"/v1/payments/sandbox/{placed.json()['id']}",
                                                     headers=bearer(token)))
        answered_at = datetime.now(UTC) + offset
        if paid.status == 200:
            order = paid.json()
            payments[order["id"]] = Payment(order["id"], instant(order["paid_at"]), answered_at)

    return job


async def _pending_rebates(conn: Connection, ops: str, referrer_id: int) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    cursor = None
    while True:
        path = f"/v1/rebates?user_id={referrer_id}&kind=rebate&bucket=pending&limit=100"
        page = ok(await conn.request("GET", path + (f"&cursor={cursor}" if cursor else ""), headers=bearer(ops)),
                   "rebates")
        entries += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return entries


async def _await_entries(conn: Connection, ops: str, referrer_id: int, orders: set[int],
                         wait_s: float) -> tuple[list[dict[str, Any]], float]:
    """The referrer's pending rebate entries, once every order has one or ``wait_s`` has passed."""
    began = time.monotonic()
    while True:
        entries = await _pending_rebates(conn, ops, referrer_id)
        if orders <= set(earnings(entries, referrer_id)) or time.monotonic() - began >= wait_s:
            return entries, time.monotonic() - began
        await asyncio.sleep(POLL_S)


async def _stages(database_urls: Mapping[str, str], *, since: datetime, offset: timedelta) -> dict[str, Any]:
    """Where each ``order.paid`` waited (``bench.stages``); a diagnostic, so a failure to read it is reported
    in its place and never costs the scenario its figures."""
    try:
        return await asyncio.to_thread(event_stages, database_urls, producer="orders", consumers=STAGE_CONSUMERS,
                                       event_type="order.paid", since=since, offset=offset)
    except Exception as exc:  # any driver's error: the figures above are what the run is for
        return {"event_type": "order.paid", "error": f"{type(exc).__name__}: {exc}"}


async def event_lag(gateway: str, *, rate: float, orders: int, max_in_flight: int = 64,
                    wait_s: float = WAIT_FOR_ENTRIES_S, meter: CpuMeter | None = None,
                    database_urls: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``orders`` buyers bound to one referrer each place and pay one order, ``rate`` a second; the lag
    from each payment to the referrer's pending rebate.  With the services' ``database_urls``, also where
    each ``order.paid`` waited on its way (``bench.stages``)."""
    run = uuid.uuid4().hex[:8]
    conn = Connection(gateway)
    try:
        ops = await sign_in(conn, f"bench-ops-{run}", ("ops",))
        referrer_id, code = await _earning_referrer(conn, ops, run)
        _, sku = await new_product(conn, ops, stock=orders * 2)
        people = await buyers(gateway, orders, run=f"e{run}", address=fifty_to_a_building)
        await _bind(gateway, [token for token, _ in people], code)
        await _await_level(conn, ops, referrer_id, EARNING_LEVEL)
        offset = await _clock_offset(conn, ops)
        if meter is not None:
            await meter.settle()
        payments: dict[int, Payment] = {}
        since = datetime.now(UTC) + offset
        if meter is not None:
            meter.start()
        tally = await paced(gateway, rate_per_s=rate, jobs=len(people), max_in_flight=max_in_flight,
                            job=_place_and_pay(people, sku, offset, payments))
        cpu = None
        if meter is not None:
            await meter.digest()
            cpu = meter.stop(per=len(payments) or None)
        entries, waited_s = await _await_entries(conn, ops, referrer_id, set(payments), wait_s)
    finally:
        conn.close()
    stages = await _stages(database_urls, since=since, offset=offset) if database_urls else None
    return event_lag_result(payments, entries, tally, referrer_id=referrer_id, rate=rate, planned=orders,
                            waited_s=waited_s) | ({"cpu": cpu} if cpu else {}) | ({"stages": stages} if stages else {})
