"""Chaos scenarios: a burst of buyers placing orders and paying (or cancelling) them through the gateway
while a part of the system is killed, frozen or loses its data; then, once everything has settled, the
databases are checked with exact counts (``tests/chaos/invariants.py``) and the counts printed (``-s``).

Every buyer is bound to one referrer, so each paid order has an effect in every service: catalog sells
its units, membership records the payment and the earning, referrals the rebates and one new-member
reward per buyer.  Clients behave as the mini-program does: they retry the same request with the same
Idempotency-Key until they get a definite answer.

``make test`` runs the bounded subset (three bursts, two faults in each, every kind of fault once);
``make chaos`` (``CHAOS_SCALE=full``) runs each fault alone too, with bigger bursts."""

from __future__ import annotations

import asyncio
import signal
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from common.testing.chaos import Journal, LogMark, OwnRedis, Purchase, Shopper, burst
from common.testing.load import rush
from common.testing.stack import Stack
from tests.chaos.conftest import SCALE
from tests.chaos.invariants import World, settled
from tests.support import ADDRESS, bearer, login

pytestmark = [pytest.mark.e2e, pytest.mark.chaos]

INITIAL_STOCK = 500
TIERS = [{"threshold": 1, "unit_price_fen": 5000}, {"threshold": 2, "unit_price_fen": 4500},
         {"threshold": 3, "unit_price_fen": 4000}]  # a group closes as soon as three neighbours have paid
SETTLE_S = 90.0  # the longest a healthy stack may take to settle after the last fault
FREEZE_S = 6.0  # longer than the gateway waits for a service, and than a Redis command may take


@dataclass
class Chaos:
    stack: Stack
    redis: OwnRedis
    journal: Journal
    total: int
    share: tuple[float, float] = (0.0, 1.0)  # the part of the burst this fault happens in

    async def at(self, fraction: float) -> None:
        """Wait until this fraction of the fault's share of the burst has been told to its clients."""
        start, end = self.share
        await self.journal.reached(max(1, int(self.total * (start + fraction * (end - start)))))


Fault = Callable[[Chaos], Awaitable[None]]


async def _killed_and_restarted(chaos: Chaos, *parts: str) -> None:
    """kill -9, a second of absence, started again as a supervisor would; back once the stack is ready."""
    for part in parts:
        chaos.stack.kill(part, signal.SIGKILL)
    await asyncio.sleep(1.0)
    for part in parts:
        chaos.stack.start_part(part)
    await asyncio.to_thread(chaos.stack.wait_ready, 60)


async def kill_orders(chaos: Chaos) -> None:
    await chaos.at(0.3)
    await _killed_and_restarted(chaos, "orders")


async def kill_catalog(chaos: Chaos) -> None:
    await chaos.at(0.3)
    await _killed_and_restarted(chaos, "catalog")


async def kill_gateway(chaos: Chaos) -> None:
    await chaos.at(0.3)
    await _killed_and_restarted(chaos, "gateway")


async def kill_consumers(chaos: Chaos) -> None:
    await chaos.at(0.3)
    await _killed_and_restarted(chaos, "membership", "referrals")


async def freeze_redis(chaos: Chaos) -> None:
    await chaos.at(0.3)
    chaos.redis.freeze()
    await asyncio.sleep(FREEZE_S)
    chaos.redis.thaw()


async def lose_redis(chaos: Chaos) -> None:
    """Killed, and back at once on the same port with nothing in it."""
    await chaos.at(0.3)
    chaos.redis.kill()
    await asyncio.sleep(1.0)
    chaos.redis.start()


async def wipe_redis(chaos: Chaos) -> None:
    await chaos.at(0.3)
    chaos.redis.wipe()


async def freeze_orders(chaos: Chaos) -> None:
    await chaos.at(0.3)
    chaos.stack.kill("orders", signal.SIGSTOP)
    await asyncio.sleep(FREEZE_S)
    chaos.stack.kill("orders", signal.SIGCONT)


async def freeze_catalog(chaos: Chaos) -> None:
    await chaos.at(0.3)
    chaos.stack.kill("catalog", signal.SIGSTOP)
    await asyncio.sleep(FREEZE_S)
    chaos.stack.kill("catalog", signal.SIGCONT)


def one_after_another(*faults: Fault) -> Fault:
    """Several faults in one burst, each in its own share of it."""
    async def run(chaos: Chaos) -> None:
        for step, fault in enumerate(faults):
            await fault(replace(chaos, share=(step / len(faults), (step + 1) / len(faults))))

    return run


SCENARIOS: dict[str, Fault] = {
    "kill-orders": kill_orders,
    "kill-catalog": kill_catalog,
    "kill-membership-and-referrals": kill_consumers,
    "kill-gateway": kill_gateway,
    "freeze-redis": freeze_redis,
    "lose-redis": lose_redis,
    "wipe-redis": wipe_redis,
    "freeze-orders": freeze_orders,
    "freeze-catalog": freeze_catalog,
}
BOUNDED: dict[str, Fault] = {  # every kind of fault, two to a burst
    "kill-orders-then-catalog": one_after_another(kill_orders, kill_catalog),
    "lose-redis-then-kill-membership-and-referrals": one_after_another(lose_redis, kill_consumers),
    "freeze-redis-then-orders": one_after_another(freeze_redis, freeze_orders),
}


async def _shopper(gateway: httpx.AsyncClient, tag: str, code: str) -> Shopper:
    openid = f"chaos-{tag}-{uuid.uuid4().hex[:10]}"
    tokens = await login(gateway, openid)
    address = await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(tokens))
    assert address.status_code == 201, address.text
    bound = await gateway.post("/v1/referrals/bind", json={"code": code}, headers=bearer(tokens))
    assert bound.status_code == 200, bound.text
    return Shopper(openid=openid, tokens=tokens, user_id=tokens["user"]["id"], address_id=address.json()["id"])


async def _world(gateway: httpx.AsyncClient, referrer: dict, tag: str) -> World:
    """Two SKUs sold as they are, one sold through a same-address ladder group buy, and the shoppers."""
    ops = bearer(referrer["ops"])
    product = await gateway.post("/v1/products", headers=ops, json={
        "name": f"混沌测试 {tag}", "role": "regular", "published": True,
        "skus": [{"name": "小份", "price_fen": 1990, "stock": INITIAL_STOCK},
                 {"name": "大份", "price_fen": 3590, "stock": INITIAL_STOCK},
                 {"name": "团购装", "price_fen": 5000, "stock": INITIAL_STOCK}]})
    assert product.status_code == 201, product.text
    skus = [sku["id"] for sku in product.json()["skus"]]
    start = datetime.now(UTC) - timedelta(minutes=1)
    activity = await gateway.post("/v1/activities", headers=ops, json={
        "title": f"混沌阶梯团 {tag}", "sku_id": skus[2], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(), "terms": {"kind": "ladder_group", "tiers": TIERS}})
    assert activity.status_code == 201, activity.text
    shoppers = await rush(SCALE.shoppers, lambda _: _shopper(gateway, tag, referrer["code"]), concurrency=4)
    return World(skus=dict.fromkeys(skus, INITIAL_STOCK), shoppers=shoppers, referrer_id=referrer["user_id"],
                 activity_id=activity.json()["id"])


def _purchases(world: World) -> list[Purchase]:
    """Each shopper's orders in turn: the small SKU, the big one (two of it), a share of the ladder group
    buy; every fourth one cancelled instead of paid."""
    small, big, ladder = sorted(world.skus)
    bought = []
    for i, shopper in enumerate(world.shoppers):
        for n in range(SCALE.purchases):
            then = "cancel" if n % 4 == 3 else "pay"
            kind = (i + n) % 3
            if kind == 2:
                body, sku = {"activity_id": world.activity_id, "address_id": shopper.address_id}, ladder
            else:
                sku = (small, big)[kind]
                body = {"sku_id": sku, "quantity": 1 + kind, "address_id": shopper.address_id}
            bought.append(Purchase(shopper=shopper, body=body, sku_id=sku, then=then))
    return bought


async def _close_open_groups(gateway: httpx.AsyncClient, referrer: dict, world: World) -> int:
    """Ops close the groups still open (short of the top tier), as they do at the end of a day."""
    ops = bearer(referrer["ops"])
    found = await gateway.get("/v1/groups", headers=ops, params={"activity_id": world.activity_id, "status": "open",
                                                                  "limit": 100})
    assert found.status_code == 200, found.text
    for group in found.json()["items"]:
        closed = await gateway.post(f"/v1/groups/{group['id']}/close", headers=ops)
        assert closed.status_code == 200, closed.text
    return len(found.json()["items"])


async def _replay_keys(gateway: httpx.AsyncClient, journal: Journal) -> int:
    """Every key again, with its body: each answers its own order, at once."""
    async def again(item: Purchase) -> bool:
        answer = await gateway.post("/v1/orders", json=item.body,
                                    headers=item.shopper.headers | {"Idempotency-Key": item.key})
        return answer.status_code == 201 and answer.json()["id"] == item.order_id

    answers = await rush(len(journal.purchases), lambda i: again(journal.purchases[i]), concurrency=8)
    return sum(answers)


@pytest.mark.parametrize("scenario", list(SCENARIOS | BOUNDED if SCALE.full else BOUNDED))
async def test_nothing_is_lost_doubled_stuck_or_leaked(scenario, chaos_stack, chaos_redis, chaos_gateway, chaos_db,
                                                       referrer, restore):
    fault = (SCENARIOS | BOUNDED)[scenario]
    world = await _world(chaos_gateway, referrer, scenario)
    journal, mark = Journal(), LogMark(chaos_stack)
    purchases = _purchases(world)
    shopping = asyncio.create_task(burst(chaos_gateway, journal, purchases, pause_s=SCALE.pause_s))
    await fault(Chaos(chaos_stack, chaos_redis, journal, len(purchases)))
    await shopping
    assert journal.failures == [], journal.failures
    closed_by_ops = await _close_open_groups(chaos_gateway, referrer, world)

    seen = await settled(chaos_db, journal, world, timeout_s=SETTLE_S)
    replayed = await _replay_keys(chaos_gateway, journal)
    print(f"\nchaos [{scenario}] {len(purchases)} purchases by {len(world.shoppers)} shoppers")
    for name, value in seen.counts.items():
        print(f"  {name}: {value}")
    print(f"  groups closed by ops after the burst: {closed_by_ops}")
    print(f"  keys replayed, same order: {replayed}")
    print(f"  client answers: {dict(sorted(journal.answers.items()))}")
    broken = mark.server_errors()
    print(f"  500s answered by any part: {len(broken)}")
    assert seen.problems == [], seen.problems
    assert replayed == len(purchases)
    assert journal.server_errors == {}, (journal.server_errors, mark.unhandled()[:3])
    assert broken == [], (broken, mark.unhandled()[:3])
