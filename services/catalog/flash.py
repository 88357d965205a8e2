"""Flash-sale stock in Redis: the hot path admits a buyer with one atomic script — window open, buyer
under the limit, stock left → take it and record the order — before any database write.

The database stays the source of truth: reservations are written there under the activity's caps,
and a request Redis let through that the database refuses is given back.  The counters are rebuilt
from the database when an activity goes live and whenever Redis has lost them (the ``ready`` marker is
gone), under a lock so one process rebuilds.  Whatever Redis forgets, ``paid + pending ≤ stock`` holds.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from datetime import datetime, timedelta

from redis.asyncio import Redis
from redis.exceptions import RedisError

from common.cache import TtlCache
from common.clock import now
from common.db import Database
from common.flashgate import gate_keys
from common.problems import Problem, not_found
from common.redis import key
from common.settings import RedisSettings
from services.catalog import inventory
from services.catalog.domain.activities import ActivityKind, FlashTerms
from services.catalog.models import Activity
from services.catalog.schemas import FlashReserveRequest, ReservationItem, ReservationPublic, ReserveRequest
from services.catalog.service import parse_terms

log = logging.getLogger("groupbuy.catalog.flash")

OK, SOLD_OUT, CLOSED, OVER_LIMIT, NOT_BUILT = 1, 0, -1, -2, -3

ADMIT = """
if redis.call('EXISTS', KEYS[4]) == 0 then return -3 end
if redis.call('HEXISTS', KEYS[3], ARGV[2]) == 1 then return 1 end
local now = tonumber(ARGV[5])
if now < tonumber(ARGV[6]) or now >= tonumber(ARGV[7]) then return -1 end
local qty = tonumber(ARGV[3])
local used = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if used + qty > tonumber(ARGV[4]) then return -2 end
local left = tonumber(redis.call('GET', KEYS[1]) or '0')
if left < qty then return 0 end
redis.call('DECRBY', KEYS[1], qty)
redis.call('HINCRBY', KEYS[2], ARGV[1], qty)
redis.call('HSET', KEYS[3], ARGV[2], ARGV[1] .. ':' .. ARGV[3])
return 1
"""

GIVE_BACK = """
if redis.call('EXISTS', KEYS[4]) == 0 then return 0 end
local held = redis.call('HGET', KEYS[3], ARGV[1])
if not held then return 0 end
local sep = string.find(held, ':')
local user = string.sub(held, 1, sep - 1)
local qty = tonumber(string.sub(held, sep + 1))
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('INCRBY', KEYS[1], qty)
redis.call('HINCRBY', KEYS[2], user, -qty)
return 1
"""


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


ACTIVITY_CACHE_S = 1.0  # an edit or a cancellation reaches the hot path within this


class FlashStock:
    def __init__(self, redis: Redis, settings: RedisSettings) -> None:
        self.redis = redis
        self.settings = settings
        # The sale's row, read at most once a lifetime per process and fetched again ahead of its end: the
        # rush neither queues on the database nor waits, each second, for one read.
        self.activities: TtlCache[int, tuple[Activity, FlashTerms]] = TtlCache(ACTIVITY_CACHE_S, max_entries=1000)
        self.admit_script = redis.register_script(ADMIT)
        self.give_back_script = redis.register_script(GIVE_BACK)

    def keys(self, activity_id: int) -> list[str]:
        return gate_keys(self.settings, activity_id)

    async def is_built(self, activity_id: int) -> bool:
        return bool(await self.redis.exists(self.keys(activity_id)[3]))

    async def rebuild(self, db: Database, activity: Activity, terms: FlashTerms) -> bool:
        """Counters from the database; False when another process holds the rebuild lock."""
        lock = key(self.settings, "catalog", "flash", str(activity.id), "rebuild-lock")
        if not await self.redis.set(lock, "1", nx=True, px=10_000):
            return False
        try:
            async with db.read_sessions() as session:
                held = await inventory.flash_holdings(session=session, activity_id=activity.id)
            users: Counter[str] = Counter()
            for row in held:
                users[str(row.user_id)] += row.quantity
            stock_key, users_key, orders_key, ready_key = self.keys(activity.id)
            ttl = max(60, int((activity.ends_at - now()).total_seconds()) + 86_400)
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.delete(stock_key, users_key, orders_key)
                pipe.set(stock_key, max(0, terms.stock - sum(users.values())), ex=ttl)
                if users:
                    pipe.hset(users_key, mapping=dict(users))
                    pipe.hset(orders_key, mapping={r.order_id: f"{r.user_id}:{r.quantity}" for r in held})
                pipe.expire(users_key, ttl)
                pipe.expire(orders_key, ttl)
                pipe.set(ready_key, "1", ex=ttl)
                await pipe.execute()
            log.info("flash counters rebuilt", extra={"activity_id": activity.id, "held": sum(users.values())})
            return True
        finally:
            await self.redis.delete(lock)

    async def admit(self, activity: Activity, terms: FlashTerms, request: FlashReserveRequest) -> int:
        return int(await self.admit_script(
            keys=self.keys(activity.id),
            args=[request.user_id, request.order_id, request.quantity, terms.per_user_limit, _ms(now()),
                  _ms(activity.starts_at), _ms(activity.ends_at)]))

    async def give_back(self, activity_id: int, order_id: str) -> None:
        await self.give_back_script(keys=self.keys(activity_id), args=[order_id])


async def _flash_activity(db: Database, stock: FlashStock, activity_id: int) -> tuple[Activity, FlashTerms]:
    """The sale's row and terms, as ``stock.activities`` keeps them."""
    async def read(wanted: int) -> tuple[Activity, FlashTerms]:
        async with db.read_sessions() as session:
            found = await session.get(Activity, wanted)
        if found is None or found.kind != ActivityKind.flash_sale:
            raise not_found("flash sale", wanted)
        return found, parse_terms(found.terms)  # type: ignore[return-value]

    activity, terms = await stock.activities.get(activity_id, read)
    if activity.cancelled:
        raise Problem(409, "activity_not_live", "The flash sale was cancelled")
    return activity, terms


async def reserve(*, db: Database, stock: FlashStock, activity_id: int,
                  request: FlashReserveRequest) -> ReservationPublic:
    activity, terms = await _flash_activity(db, stock, activity_id)
    verdict = await stock.admit(activity, terms, request)
    for _ in range(50):
        if verdict != NOT_BUILT:
            break
        if not await stock.rebuild(db, activity, terms):
            await asyncio.sleep(0.05)  # another process is rebuilding
        verdict = await stock.admit(activity, terms, request)
    if verdict == NOT_BUILT:
        raise Problem(503, "stock_unavailable", "Flash stock is being rebuilt; try again",
                      headers={"Retry-After": "1"})
    if verdict == CLOSED:
        raise Problem(409, "activity_not_live", "The flash sale is not running")
    if verdict == OVER_LIMIT:
        raise Problem(409, "per_user_limit", f"At most {terms.per_user_limit} per buyer in this flash sale")
    if verdict == SOLD_OUT:
        raise Problem(409, "sold_out", "Sold out")
    try:
        return await inventory.reserve_at_once(db=db, request=ReserveRequest(
            order_id=request.order_id, activity_id=activity_id, user_id=request.user_id,
            items=[ReservationItem(sku_id=activity.sku_id, quantity=request.quantity)]))
    except BaseException:
        # Redis let it through but the database did not take it: the unit goes back.
        await stock.give_back(activity_id, request.order_id)
        raise


async def release(*, db: Database, stock: FlashStock, order_id: str) -> ReservationPublic | None:
    async with db.write_sessions() as session:
        released = await inventory.release(session=session, order_id=order_id)
    if released is not None and released.activity_id is not None:
        try:
            await stock.give_back(released.activity_id, order_id)
        except RedisError as exc:
            # The units are back in the database, the source of truth.  The gate hears of them again from
            # order.cancelled, or is rebuilt from the database when Redis lost its counters; at worst it
            # admits fewer buyers than it could, never more.
            log.warning("flash gate not told of a release: %s", exc, extra={"order_no": order_id})
    return released


async def rebuild_live(db: Database, stock: FlashStock) -> int:
    """Build counters for every live flash sale that has none (just started, or Redis lost them)."""
    current = now()
    from sqlmodel import col, select

    async with db.read_sessions() as session:
        live = (await session.exec(select(Activity).where(
            Activity.kind == ActivityKind.flash_sale, col(Activity.cancelled).is_(False),
            col(Activity.starts_at) <= current + timedelta(seconds=5), col(Activity.ends_at) > current))).all()
    rebuilt = 0
    for activity in live:
        if not await stock.is_built(activity.id):
            rebuilt += await stock.rebuild(db, activity, parse_terms(activity.terms))  # type: ignore[arg-type]
    return rebuilt
