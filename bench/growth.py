"""Cost growth of closing ladder groups: closing and settling 10·N groups should take no more than about
ten times as long as N (the goal: t(10N) / t(N) ≤ 11).

For each size, a fresh ladder activity on the stack's clock (tiers as in ``bench.product``, groups kept
open past the top tier) and N buildings, each with two or three buyers who join their building's group
and pay.  So at the close every group has paid orders, and the buyers who joined early are owed the
difference to the final tier: settlement refunds.

Then the shared dev clock (``POST /v1/dev/clock``, ops) moves past the activity's end, as the day moves
past it in production, and the orders scheduler does what it does at an activity's end: finds the groups
whose time is up, closes them, settles every paid order and pays the refunds out.  Measured: the wall time
until no group of the activity is open (``GET /v1/groups?activity_id=&status=open`` as ops) and until
every paid order is settled and refunded what it is owed (each order as its buyer reads it, swept in the
order the scheduler works, a round stopping at the first order not done yet, so the sweep adds few
requests while the scheduler works).  Closing each group by hand (``POST /v1/groups/{id}/close``) would
measure N requests instead of the scheduler's batches, and so was not chosen.

Both times count from the scheduler's first close, not from the move: the scheduler looks for due groups
once a second, so the move finds it anywhere from 0 to 1 s before its next look.  Against N groups that
take a tenth of a second, that wait alone swung the ratio from under 2 to over 13 between identical runs.
The first close is the earliest ``confirmed_at`` of the activity's orders (the stack's clock); the stack's
clock read just after the move ties it to the bench's wall clock.  The wait (``scheduler_pickup_s``) and
the times from the move (``after_move``) are reported too.

The clock moves for the whole stack, and only forward, so this scenario runs last.  It first moves the
clock past the longest unpaid timeout and waits until the scheduler has cancelled the orders earlier
scenarios left unpaid (the flash sale's), so that work falls outside what is measured.  The bench stack
issues hour-long access tokens (``bench.run.STACK_ENV``): the buyers' tokens outlive a move of less than
that.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bench.events import instant
from bench.loadgen import Connection, LoadError, Tally, drive
from bench.product import TIERS, bearer, building_address, buyers, new_product, ok, order_headers, sign_in

ACTIVITY_LENGTH = timedelta(minutes=40)  # setup must finish inside it; a move of it stays under the token TTL
UNPAID_FLUSH = timedelta(minutes=31)  # past the longest unpaid timeout (30 minutes)
GROWTH_GOAL = 11.0
SWEEP_CONNECTIONS = 8
POLL_S = 0.1
SCHEDULER_PASS_S = 1.5  # the orders scheduler's poll (1 s) and some


@dataclass(frozen=True)
class Joined:
    """A paid ladder order: its group and the unit price it was quoted when the buyer joined."""

    order_id: int
    group_id: int
    quote_fen: int
    quantity: int
    token: str


def buyers_per_group(groups: int) -> list[int]:
    """The group (building) of each buyer: two or three per group, alternately."""
    return [g for g in range(groups) for _ in range(2 + g % 2)]


def tier_price(count: int, tiers: list[dict[str, int]] = TIERS) -> int:
    """The unit price of the highest tier ``count`` buyers reach."""
    return [t["unit_price_fen"] for t in tiers if t["threshold"] <= count][-1]


def refunds_owed(joined: list[Joined], tiers: list[dict[str, int]] = TIERS) -> dict[int, int]:
    """What each order is owed at the close: its quote above the final tier's price, per unit."""
    members: dict[int, set[str]] = defaultdict(set)
    for order in joined:
        members[order.group_id].add(order.token)
    owed = {}
    for order in joined:
        final = tier_price(len(members[order.group_id]), tiers)
        owed[order.order_id] = max(0, order.quote_fen - final) * order.quantity
    return owed


def settled(order: dict[str, Any]) -> bool:
    """Closed with its group and refunded the difference to its settled amount."""
    if order.get("settled_amount_fen") is None:
        return False
    return order["refunded_fen"] >= order["amount_fen"] - order["settled_amount_fen"]


def size_result(*, groups: int, joined: list[Joined], tally: Tally, setup_s: float, move_ms: float,
                to_close_s: float | None, to_settle_s: float | None, refunded: dict[int, int],
                pickup_s: float | None = None) -> dict[str, Any]:
    """One size's figures; a time is None when it was not reached.  ``to_close_s`` and ``to_settle_s`` count
    from the move, ``pickup_s`` from the move to the scheduler's first close (None: not known); the
    headline times count from that first close (see the module docstring)."""
    owed = refunds_owed(joined)
    differing = sorted(o for o, fen in refunded.items() if owed.get(o) != fen)

    def from_pickup(seconds: float | None) -> float | None:
        if seconds is None or pickup_s is None:
            return None
        return round(max(seconds - pickup_s, 0.0), 3)

    return {"groups": groups, "orders_paid": len(joined), "refunds_owed": sum(1 for fen in owed.values() if fen),
            "refunds_owed_fen": sum(owed.values()), "refunds_seen_fen": sum(refunded.values()),
            "refunds_not_as_expected": differing[:20], "setup_s": round(setup_s, 2), "clock_move_ms": round(move_ms, 1),
            "scheduler_pickup_s": None if pickup_s is None else round(pickup_s, 3),
            "seconds_to_close": from_pickup(to_close_s), "seconds_to_settle": from_pickup(to_settle_s),
            "after_move": {"seconds_to_close": None if to_close_s is None else round(to_close_s, 3),
                           "seconds_to_settle": None if to_settle_s is None else round(to_settle_s, 3)},
            "complete": to_settle_s is not None, "join": tally.figures("join"), "pay": tally.figures("pay"),
            "errors": dict(tally.codes)}


def pickup_seconds(confirmed_at: list[datetime], *, stack_after_move: datetime, wall_after_move: float,
                   wall_before_move: float) -> float | None:
    """From the move (the bench's wall clock) to the scheduler's first close: the earliest ``confirmed_at``
    (the stack's clock), placed on the wall clock by the stack's time read just after the move."""
    if not confirmed_at:
        return None
    first_close_wall = wall_after_move + (min(confirmed_at) - stack_after_move).total_seconds()
    return max(first_close_wall - wall_before_move, 0.0)


def growth_result(small: dict[str, Any], large: dict[str, Any]) -> dict[str, Any]:
    """Both sizes and t(10N) / t(N) for closing and for settling, against the goal."""
    def ratio(key: str) -> float | None:
        if small.get(key) and large.get(key) is not None:
            return round(large[key] / small[key], 2)
        return None

    settle_ratio = ratio("seconds_to_settle")
    large_s = large.get("seconds_to_settle")
    return {"groups_small": small["groups"], "groups_large": large["groups"], "small": small, "large": large,
            "ratio_close": ratio("seconds_to_close"), "ratio_settle": settle_ratio, "goal": GROWTH_GOAL,
            "within_goal": None if settle_ratio is None else settle_ratio <= GROWTH_GOAL,
            "groups_settled_per_s": round(large["groups"] / large_s, 1) if large_s else None}


async def _stack_now(conn: Connection, ops: str) -> datetime:
    return instant(ok(await conn.request("GET", "/v1/dev/clock", headers=bearer(ops)), "dev clock")["now"])


async def _move_clock(conn: Connection, ops: str, by: timedelta) -> None:
    ok(await conn.request("POST", "/v1/dev/clock", headers=bearer(ops),
                           body={"advance_seconds": by.total_seconds()}), "dev clock move")


async def _ladder_activity(conn: Connection, ops: str, sku: int, *, starts: datetime, ends: datetime) -> int:
    reply = await conn.request("POST", "/v1/activities", headers=bearer(ops), body={
        "title": "压测 结团", "sku_id": sku, "starts_at": starts.isoformat(), "ends_at": ends.isoformat(),
        "terms": {"kind": "ladder_group", "tiers": TIERS, "close_on_top_tier": False}})
    return ok(reply, "activity")["id"]


def _join_and_pay(people: list[tuple[str, int]], activity: int,
                  joined: list[Joined]) -> Callable[[int, Connection, Tally], Awaitable[None]]:
    async def job(i: int, conn: Connection, tally: Tally) -> None:
        token, address_id = people[i]
        placed = await tally.timed("join", conn.request("POST", "/v1/orders", headers=order_headers(token),
                                                        body={"activity_id": activity, "address_id": address_id}))
        if placed.status != 201:
            return
        paid = await tally.timed("pay", conn.request("POST", f"/v1/payments/sandbox/{placed.json()['id']}",
                                                     headers=bearer(token)))
        if paid.status == 200:
            order = paid.json()
            joined.append(Joined(order["id"], order["group_id"], order["unit_price_fen"], order["quantity"], token))

    return job


async def _open_groups(conn: Connection, ops: str, activity: int, limit: int = 1) -> list[dict[str, Any]]:
    path = f"/v1/groups?activity_id={activity}&status=open&limit={limit}"
    return ok(await conn.request("GET", path, headers=bearer(ops)), "groups")["items"]


async def _until_no_group_open(conn: Connection, ops: str, activity: int, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if not await _open_groups(conn, ops, activity):
            return True
        await asyncio.sleep(POLL_S)
    return False


async def _read_order(conn: Connection, order: Joined) -> dict[str, Any]:
    return ok(await conn.request("GET", f"/v1/orders/{order.order_id}", headers=bearer(order.token)), "order")


async def _until_settled(connections: list[Connection], joined: list[Joined], deadline: float,
                         refunded: dict[int, int], confirmed: list[datetime]) -> bool:
    """Sweep the orders (group by group, as the scheduler settles them) until each is settled; a round
    stops at the first batch with an order not done yet.  ``refunded`` gets what each order got back,
    ``confirmed`` when each was confirmed (the stack's clock)."""
    waiting = sorted(joined, key=lambda o: (o.group_id, o.order_id))
    while waiting and time.monotonic() < deadline:
        batch = waiting[:len(connections)]
        answers = await asyncio.gather(*(_read_order(c, o) for c, o in zip(connections, batch, strict=False)))
        for order, answer in zip(batch, answers, strict=True):
            if settled(answer):
                refunded[order.order_id] = answer["refunded_fen"]
                if answer.get("confirmed_at"):
                    confirmed.append(instant(answer["confirmed_at"]))
        waiting = [o for o in waiting if o.order_id not in refunded]
        if any(o.order_id not in refunded for o in batch):
            await asyncio.sleep(POLL_S)
    return not waiting


async def _set_up(gateway: str, conn: Connection, ops: str, *, groups: int,
                  clients: int) -> tuple[int, datetime, list[Joined], Tally]:
    """A ladder activity ending ``ACTIVITY_LENGTH`` from the stack's now, and its groups joined and paid."""
    run = uuid.uuid4().hex[:8]
    opened = await _stack_now(conn, ops)
    plan = buyers_per_group(groups)
    _, sku = await new_product(conn, ops, stock=len(plan) * 2)
    ends = opened + ACTIVITY_LENGTH
    activity = await _ladder_activity(conn, ops, sku, starts=opened - timedelta(minutes=1), ends=ends)
    people = await buyers(gateway, len(plan), run=f"g{run}",
                          address=lambda i: building_address(f"{plan[i] + 1}栋", 101 + i))
    joined: list[Joined] = []
    tally = await drive(gateway, clients=clients, jobs=len(people), job=_join_and_pay(people, activity, joined))
    still_open = len(await _open_groups(conn, ops, activity, limit=100))
    if still_open < min(groups, 100):
        raise LoadError(f"{still_open} groups open after joining, not {groups}: {dict(tally.codes)}")
    return activity, ends, joined, tally


async def settle_groups(gateway: str, *, groups: int, clients: int = 16, timeout_s: float = 300.0) -> dict[str, Any]:
    """One size: set up ``groups`` groups, move the clock past their end, time the close and the refunds."""
    conn = Connection(gateway)
    sweepers = [Connection(gateway) for _ in range(SWEEP_CONNECTIONS)]
    try:
        ops = await sign_in(conn, f"bench-ops-{uuid.uuid4().hex[:8]}", ("ops",))
        began_setup = time.perf_counter()
        activity, ends, joined, tally = await _set_up(gateway, conn, ops, groups=groups, clients=clients)
        setup_s = time.perf_counter() - began_setup
        move_by = ends - await _stack_now(conn, ops) + timedelta(seconds=1)
        began = time.perf_counter()
        await _move_clock(conn, ops, move_by)
        moved = time.perf_counter()
        stack_after_move = await _stack_now(conn, ops)
        wall_after_move = time.perf_counter()
        deadline = time.monotonic() + timeout_s
        closed = await _until_no_group_open(conn, ops, activity, deadline)
        to_close = time.perf_counter() - began if closed else None
        refunded: dict[int, int] = {}
        confirmed: list[datetime] = []
        done = closed and await _until_settled(sweepers, joined, deadline, refunded, confirmed)
        to_settle = time.perf_counter() - began if done else None
    finally:
        for connection in (conn, *sweepers):
            connection.close()
    pickup = pickup_seconds(confirmed, stack_after_move=stack_after_move, wall_after_move=wall_after_move,
                            wall_before_move=began)
    return size_result(groups=groups, joined=joined, tally=tally, setup_s=setup_s, move_ms=(moved - began) * 1000,
                       to_close_s=to_close, to_settle_s=to_settle, refunded=refunded, pickup_s=pickup)


async def _marker_order(gateway: str, conn: Connection, ops: str) -> tuple[int, str]:
    """An unpaid order placed after everything earlier scenarios left: (order id, its buyer's token)."""
    _, sku = await new_product(conn, ops, stock=1)
    [(token, address_id)] = await buyers(gateway, 1, run=f"m{uuid.uuid4().hex[:8]}",
                                         address=lambda _i: building_address("1栋", 101))
    reply = await conn.request("POST", "/v1/orders", headers=order_headers(token),
                               body={"sku_id": sku, "quantity": 1, "address_id": address_id})
    return ok(reply, "marker order")["id"], token


async def flush_unpaid(gateway: str, timeout_s: float = 120.0) -> float | None:
    """Move the clock past every unpaid timeout and wait until the scheduler has cancelled what earlier
    scenarios left unpaid: until an order placed after them all is cancelled (it is due last), and one
    more pass.  The seconds that took; None when the marker was not cancelled in time."""
    conn = Connection(gateway)
    try:
        ops = await sign_in(conn, f"bench-ops-{uuid.uuid4().hex[:8]}", ("ops",))
        marker, token = await _marker_order(gateway, conn, ops)
        began = time.monotonic()
        await _move_clock(conn, ops, UNPAID_FLUSH)
        while time.monotonic() - began < timeout_s:
            order = ok(await conn.request("GET", f"/v1/orders/{marker}", headers=bearer(token)), "marker order")
            if order["status"] == "cancelled":
                await asyncio.sleep(SCHEDULER_PASS_S)
                return time.monotonic() - began
            await asyncio.sleep(POLL_S)
        return None
    finally:
        conn.close()


async def cost_growth(gateway: str, *, groups: int, clients: int = 16) -> dict[str, Any]:
    """N groups, then 10·N, each closed and settled by the scheduler after a clock move."""
    flushed_s = await flush_unpaid(gateway)
    small = await settle_groups(gateway, groups=groups, clients=clients)
    large = await settle_groups(gateway, groups=groups * 10, clients=clients)
    return {**growth_result(small, large), "unpaid_flush_s": None if flushed_s is None else round(flushed_s, 2)}
