"""What must hold after any crash, freeze or loss of Redis, read from the services' own databases once the
system has settled — each as an exact count:

- every order a client was told about exists, once, with the key that placed it, as the client was told
  (paid or cancelled); no buyer has an order nobody was told about (a retry never placed a second one);
- every paid order has exactly one payment, one earning and one paid-order row in membership, one
  rebate order and its three rebate entries in referrals, and every buyer one new-member reward;
- every ladder group closed, and for each paid order paid − refunded = settled, every refund paid out
  once and known once to membership and to referrals;
- per SKU: available + reserved + sold = the initial stock; nothing is left reserved, sold is exactly
  what the paid orders bought, and reservations of orders that were never written went back;
- every outbox row of every service was sent and settled (every consumer group acknowledged it), and
  every consumer group applied each event it handles exactly once (its inbox holds each expected event
  id, and nothing else); each order published each of its events once.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from common.consumer import Handlers
from common.settings import SERVICES
from common.testing.chaos import Journal, Purchase, Shopper

REBATE_STEPS = Counter({("rebate", "pending", "earn"): 1, ("rebate", "pending", "settle"): 1,
                        ("rebate", "frozen", "settle"): 1})


def consumer_groups() -> dict[str, tuple[str, Handlers]]:
    """Every consumer group: the service whose database keeps its inbox, and the handlers it applies."""
    from services.catalog.handlers import make_handlers as catalog_handlers
    from services.membership.handlers import handlers as membership_handlers
    from services.membership.handlers import webhook_handlers_for
    from services.membership.webhooks import CONSUMER_GROUP as WEBHOOKS_GROUP
    from services.referrals.handlers import make_handlers as referrals_handlers

    return {
        "catalog": ("catalog", catalog_handlers(SimpleNamespace(state=SimpleNamespace(flash=None)))),
        "membership": ("membership", membership_handlers),
        WEBHOOKS_GROUP: ("membership", webhook_handlers_for(None)),
        "referrals": ("referrals", referrals_handlers(lambda: None, None)),
    }


@dataclass
class World:
    """What one scenario set up: its SKUs (id → initial stock), its buyers, the referrer they are bound to
    and the ladder group buy of its last SKU."""

    skus: dict[int, int]
    shoppers: list[Shopper]
    referrer_id: int
    activity_id: int


@dataclass
class Paid:
    """What the orders database says of the paid orders: their refunds (id → amount) and ladder groups."""

    refunds: dict[int, dict[int, int]] = field(default_factory=dict)
    groups: set[int] = field(default_factory=set)


@dataclass
class Observation:
    counts: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def expect(self, ok: bool, problem: str) -> None:
        if not ok:
            self.problems.append(problem)


class Databases:
    """Read-only connections to each service's database of the chaos stack."""

    def __init__(self, template: str) -> None:
        self.engines: dict[str, AsyncEngine] = {s: create_async_engine(template.format(service=s)) for s in SERVICES}

    async def rows(self, service: str, sql: str, **params: Any) -> list[Any]:
        statement = sa.text(sql)
        for name, value in params.items():
            if isinstance(value, list | tuple | set):
                statement = statement.bindparams(sa.bindparam(name, expanding=True))
                params[name] = list(value) or [-1]  # an empty IN matches nothing either way
        async with self.engines[service].connect() as conn:
            return list((await conn.execute(statement, params)).all())

    async def dispose(self) -> None:
        for engine in self.engines.values():
            await engine.dispose()


async def observe(db: Databases, journal: Journal, world: World,
                  groups: dict[str, tuple[str, Handlers]]) -> Observation:
    seen = Observation()
    paid, cancelled = await _orders(db, journal, world, seen)
    money = await _money(db, world, paid, seen)
    await _stock(db, world, paid, cancelled, seen)
    await _effects(db, world, paid, money, seen)
    await _events(db, paid, cancelled, money, groups, seen)
    return seen


async def settled(db: Databases, journal: Journal, world: World, *, timeout_s: float) -> Observation:
    """Observe until nothing is wrong any more, or the time is up: the last observation either way."""
    groups = consumer_groups()
    deadline = time.monotonic() + timeout_s
    while True:
        seen = await observe(db, journal, world, groups)
        if not seen.problems or time.monotonic() > deadline:
            return seen
        await asyncio.sleep(1.0)


def _told(journal: Journal) -> list[Purchase]:
    return [p for p in journal.purchases if p.order_id is not None]


async def _orders(db: Databases, journal: Journal, world: World, seen: Observation
                  ) -> tuple[dict[int, Purchase], dict[int, Purchase]]:
    users = [s.user_id for s in world.shoppers]
    told = _told(journal)
    orders = {r.id: r for r in await db.rows(
        "orders", "SELECT id, order_no, user_id, status FROM purchase_order WHERE user_id IN :users", users=users)}
    keys = {(r.user_id, r.key): r.order_id for r in await db.rows(
        "orders", "SELECT user_id, key, order_id FROM idempotency_record WHERE user_id IN :users", users=users)}
    payments = Counter(r.order_id for r in await db.rows(
        "orders", "SELECT order_id FROM payment WHERE order_id IN :ids", ids=list(orders)))
    paid = {p.order_id: p for p in told if p.then == "pay"}
    cancelled = {p.order_id: p for p in told if p.then == "cancel"}
    missing = [p.order_no for p in told if p.order_id not in orders]
    unknown = sorted(set(orders) - {p.order_id for p in told})
    seen.expect(len(told) == len(journal.purchases), f"{len(journal.purchases) - len(told)} purchases never placed")
    seen.expect(not missing, f"orders told to clients but not in the database: {missing}")
    seen.expect(not unknown, f"orders nobody was told about (a doubled effect): {unknown}")
    seen.expect(len({p.order_id for p in told}) == len(told), "two purchases were told the same order")
    for item in told:
        row = orders.get(item.order_id)
        if row is None:
            continue
        seen.expect(keys.get((item.shopper.user_id, item.key)) == item.order_id,
                    f"key {item.key} names order {keys.get((item.shopper.user_id, item.key))}, not {item.order_id}")
        wanted = "confirmed" if item.then == "pay" else "cancelled"  # a group's order too, once it closed
        seen.expect(row.status == wanted, f"order {row.order_no} is {row.status}, its client {item.then}")
        payments_wanted = 1 if item.then == "pay" else 0
        seen.expect(payments[item.order_id] == payments_wanted,
                    f"order {row.order_no} has {payments[item.order_id]} payments, not {payments_wanted}")
    seen.counts |= {"told": len(told), "orders": len(orders), "keys": len(keys), "paid": len(paid),
                    "cancelled": len(cancelled), "payments": sum(payments.values())}
    return paid, cancelled


async def _money(db: Databases, world: World, paid: dict[int, Purchase], seen: Observation) -> Paid:
    """paid − refunded = settled for every paid order, every refund paid out once, every group closed."""
    found = Paid(refunds={order_id: {} for order_id in paid})
    orders = {r.id: r for r in await db.rows(
        "orders", "SELECT id, order_no, amount_fen, settled_amount_fen, refunded_fen, group_id FROM purchase_order "
                  "WHERE id IN :ids", ids=list(paid))}
    refunds = await db.rows("orders", "SELECT id, order_id, amount_fen, status FROM refund WHERE order_id IN :ids",
                            ids=list(paid))
    for refund in refunds:
        found.refunds[refund.order_id][refund.id] = refund.amount_fen
        seen.expect(refund.status == "succeeded", f"refund {refund.id} of order {refund.order_id} is {refund.status}")
    for order_id, row in orders.items():
        paid_back = sum(found.refunds[order_id].values())
        seen.expect(row.refunded_fen == paid_back and row.amount_fen - paid_back == row.settled_amount_fen,
                    f"order {row.order_no}: paid {row.amount_fen} - refunded {row.refunded_fen} (refunds {paid_back})"
                    f" != settled {row.settled_amount_fen}")
        if row.group_id is not None:
            found.groups.add(row.group_id)
    groups = await db.rows("orders", "SELECT id, status FROM ladder_group WHERE activity_id = :a", a=world.activity_id)
    still_open = [g.id for g in groups if g.status == "open"]
    seen.expect(not still_open, f"groups still open: {still_open}")
    found.groups |= {g.id for g in groups}
    seen.counts |= {"ladder groups": len(groups), "refunds": len(refunds),
                    "refunded fen": sum(r.amount_fen for r in refunds)}
    return found


async def _stock(db: Databases, world: World, paid: dict[int, Purchase], cancelled: dict[int, Purchase],
                 seen: Observation) -> None:
    skus = list(world.skus)
    available = {r.id: r.stock for r in await db.rows("catalog", "SELECT id, stock FROM sku WHERE id IN :skus",
                                                      skus=skus)}
    held: dict[int, Counter[str]] = defaultdict(Counter)
    by_order: dict[str, set[str]] = defaultdict(set)
    for row in await db.rows("catalog", "SELECT order_id, sku_id, status, quantity FROM reservation "
                                        "WHERE sku_id IN :skus", skus=skus):
        held[row.sku_id][row.status] += row.quantity
        by_order[row.order_id].add(row.status)
    bought: Counter[int] = Counter()
    for item in paid.values():
        bought[item.sku_id] += item.body.get("quantity", 1)
    for sku, initial in world.skus.items():
        reserved, sold = held[sku]["reserved"], held[sku]["committed"]
        seen.expect(available.get(sku, 0) + reserved + sold == initial,
                    f"SKU {sku}: available {available.get(sku)} + reserved {reserved} + sold {sold} != {initial}")
        seen.expect(reserved == 0, f"SKU {sku}: {reserved} units still reserved")
        seen.expect(sold == bought[sku], f"SKU {sku}: {sold} sold, the paid orders bought {bought[sku]}")
        seen.counts[f"sku {sku}"] = f"{initial} = {available.get(sku)} available + {reserved} reserved + {sold} sold"
    for item in paid.values():
        seen.expect(by_order.get(item.order_no) == {"committed"},
                    f"paid order {item.order_no}: reservation {by_order.get(item.order_no)}")
    for item in cancelled.values():
        seen.expect(by_order.get(item.order_no) == {"released"},
                    f"cancelled order {item.order_no}: reservation {by_order.get(item.order_no)}")
    orphans = set(by_order) - {p.order_no for p in (*paid.values(), *cancelled.values())}
    for order_no in orphans:
        seen.expect(by_order[order_no] == {"released"},
                    f"reservation of {order_no}, an order never written, is {by_order[order_no]}")
    seen.counts["orphan reservations released"] = len(orphans)


async def _effects(db: Databases, world: World, paid: dict[int, Purchase], money: Paid, seen: Observation) -> None:
    users, ids = [s.user_id for s in world.shoppers], list(paid)
    earned = Counter(r.order_id for r in await db.rows(
        "membership", "SELECT order_id FROM ledger_entry WHERE user_id IN :users AND kind = 'earn'", users=users))
    kept = Counter(r.order_id for r in await db.rows(
        "membership", "SELECT order_id FROM paid_order WHERE user_id IN :users", users=users))
    rebate_orders = Counter(r.order_id for r in await db.rows(
        "referrals", "SELECT order_id FROM rebate_order WHERE buyer_id IN :users", users=users))
    entries: dict[int, Counter[tuple[str, str, str]]] = defaultdict(Counter)
    for row in await db.rows("referrals", "SELECT order_id, kind, bucket, step FROM rebate_entry "
                                          "WHERE order_id IN :ids AND user_id = :referrer",
                             ids=ids, referrer=world.referrer_id):
        entries[row.order_id][(row.kind, row.bucket, row.step)] += 1
    for name, found in (("membership earnings", earned), ("membership paid orders", kept),
                        ("referrals rebate orders", rebate_orders)):
        extra = sorted(set(found) - set(paid))
        seen.expect(not extra, f"{name} for orders not paid: {extra}")
        wrong = {o: found[o] for o in paid if found[o] != 1}
        seen.expect(not wrong, f"{name}: not exactly one for orders {wrong}")
        seen.counts[name] = sum(found.values())
    refund_ids = {refund_id for refunds in money.refunds.values() for refund_id in refunds}
    for service, sql in (("membership", "SELECT refund_id FROM order_refund WHERE order_id IN :ids"),
                         ("referrals", "SELECT refund_id FROM rebate_order_refund WHERE order_id IN :ids")):
        heard = Counter(r.refund_id for r in await db.rows(service, sql, ids=ids))
        seen.expect(set(heard) == refund_ids and all(n == 1 for n in heard.values()),
                    f"{service} knows refunds {sorted(heard)}, orders paid out {sorted(refund_ids)}")
        seen.counts[f"{service} refunds"] = sum(heard.values())
    rewards: Counter[int] = Counter()
    for order_id, item in paid.items():
        rebates = Counter({step: n for step, n in entries[order_id].items() if step[0] == "rebate"})
        seen.expect(rebates == REBATE_STEPS, f"order {item.order_no}: rebate entries {dict(rebates)}")
        rewards[item.shopper.user_id] += entries[order_id][("reward", "frozen", "settle")]
    buyers = {item.shopper.user_id for item in paid.values()}
    wrong = {user: rewards[user] for user in buyers if rewards[user] != 1}
    seen.expect(not wrong, f"new-member rewards not exactly one per buyer: {wrong}")
    seen.counts["rebate entries"] = sum(n for c in entries.values() for s, n in c.items() if s[0] == "rebate")
    seen.counts["new-member rewards"] = sum(rewards.values())


async def _events(db: Databases, paid: dict[int, Purchase], cancelled: dict[int, Purchase], money: Paid,
                  groups: dict[str, tuple[str, Handlers]], seen: Observation) -> None:
    published: dict[str, tuple[str, int]] = {}
    for service in SERVICES:
        rows = await db.rows(service, "SELECT event_id, event_type, envelope, sent_at, settled_at FROM event_outbox")
        sent = sum(r.sent_at is not None for r in rows)
        acknowledged = sum(r.settled_at is not None for r in rows)
        seen.expect(sent == acknowledged == len(rows), f"{service} outbox: {len(rows)} events, {sent} sent, "
                                                    f"{acknowledged} settled")
        published |= {r.event_id: (r.event_type, json.loads(r.envelope)["version"]) for r in rows}
        seen.counts[f"{service} outbox"] = f"{len(rows)} events, {sent} sent, {acknowledged} settled"
    for group, (service, handlers) in groups.items():
        expected = {event_id for event_id, kind in published.items() if handlers.get(*kind) is not None}
        applied = Counter(r.event_id for r in await db.rows(
            service, "SELECT event_id FROM event_inbox WHERE consumer_group = :group", group=group))
        missing, unknown = expected - set(applied), set(applied) - expected
        twice = [e for e, n in applied.items() if n > 1]
        seen.expect(not missing and not unknown and not twice,
                    f"group {group}: {len(missing)} events never applied, {len(unknown)} applied that were never "
                    f"published, {len(twice)} applied twice")
        seen.counts[f"{group} inbox"] = f"{len(applied)} applied of {len(expected)} expected"
    await _order_events(db, paid, cancelled, money, seen)


async def _order_events(db: Databases, paid: dict[int, Purchase], cancelled: dict[int, Purchase], money: Paid,
                        seen: Observation) -> None:
    """Each order's events once each (one ``order.refunded`` per refund), each group's close once."""
    wanted = {f"order_id:{order_id}": Counter({"order.placed": 1, "order.paid": 1, "order.confirmed": 1,
                                               "order.refunded": len(money.refunds[order_id])}) for order_id in paid}
    wanted |= {f"order_id:{order_id}": Counter({"order.placed": 1, "order.cancelled": 1}) for order_id in cancelled}
    wanted |= {f"group_id:{group_id}": Counter({"group.closed": 1}) for group_id in money.groups}
    found: dict[str, Counter[str]] = defaultdict(Counter)
    tiers: dict[str, Counter[int]] = defaultdict(Counter)
    for row in await db.rows("orders", "SELECT aggregate, event_type, envelope FROM event_outbox "
                             "WHERE aggregate IN :keys", keys=list(wanted)):
        if row.event_type == "group.tier_reached":  # once per tier a group reaches, not once per group
            tiers[row.aggregate][json.loads(row.envelope)["payload"]["threshold"]] += 1
            continue
        found[row.aggregate][row.event_type] += 1
    repeated = {key: dict(counts) for key, counts in tiers.items() if max(counts.values()) > 1}
    seen.expect(not repeated, f"groups with a tier reached more than once: {repeated}")
    wrong = {key: dict(found[key]) for key, kinds in wanted.items() if +found[key] != +kinds}
    seen.expect(not wrong, f"aggregates whose events are not each published once: {wrong}")
    seen.counts["order and group events"] = sum(sum(c.values()) for c in found.values())
