"""Flash-sale stock left, shown on the activity ("仅剩 3 件", "已抢光") before a buyer tries.

The figure is the flash gate's own counter in Redis (``common/flashgate.py``): units neither paid nor held
by an unpaid order, exactly what the next buyer can still win.  When the gate is not built (the sale has
not started, or Redis lost it and the scheduler has not rebuilt it yet), it is computed from the
database, the source of truth: the sale's stock less its active reservations.

Each figure is kept in memory for ``CACHE_S`` (one second) per process, and listings are served from the
public cache (``cache.py``) for its TTL: at 20:00 thousands of readers cost one Redis read a second, and
the figure lags by at most that.  It is a display only — what a buyer gets is decided by the gate's
atomic admission, so a stale "1 left" can never sell a unit that is not there.  ``sold_out`` is
``stock_left == 0``; an unpaid order that expires gives its unit back, and the figure follows.
"""

from __future__ import annotations

import logging

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlmodel.ext.asyncio.session import AsyncSession

from common.cache import TtlCache
from common.db import Database
from common.flashgate import gate_keys
from common.settings import RedisSettings
from services.catalog import inventory
from services.catalog.schemas import ActivityPublic

log = logging.getLogger("groupbuy.catalog.stock_left")

CACHE_S = 1.0


class StockLeft:
    def __init__(self, redis: Redis, settings: RedisSettings, db: Database) -> None:
        self.redis, self.settings, self.db = redis, settings, db
        self.cache: TtlCache[tuple[int, int], int] = TtlCache(CACHE_S)

    async def _from_gate(self, activity_id: int) -> int | None:
        stock_key, _, _, ready_key = gate_keys(self.settings, activity_id)
        try:
            left, ready = await self.redis.mget([stock_key, ready_key])
        except RedisError as exc:
            log.warning("flash gate not readable, counting from the database: %s", exc)
            return None
        return max(0, int(left or 0)) if ready is not None else None

    async def _from_database(self, activity_id: int, stock: int, session: AsyncSession | None) -> int:
        if session is None:
            async with self.db.read_sessions() as own:
                return await self._from_database(activity_id, stock, own)
        held = await inventory.flash_holdings(session=session, activity_id=activity_id)
        return max(0, stock - sum(row.quantity for row in held))

    async def shown(self, activity: ActivityPublic, session: AsyncSession | None = None) -> ActivityPublic:
        """The activity with its stock left and sold-out flag (flash sales only; others unchanged).  A caller
        that holds a session passes it: the database's count is read with it, never with a second
        connection of the pool while it holds one (under load, that waits for one that never comes back)."""
        if activity.kind != "flash_sale":
            return activity

        async def fetch(key: tuple[int, int]) -> int:
            activity_id, stock = key
            left = await self._from_gate(activity_id)
            return left if left is not None else await self._from_database(activity_id, stock, session)

        left = await self.cache.get((activity.id, activity.terms.stock), fetch)
        return activity.model_copy(update={"stock_left": left, "sold_out": left == 0})


def of(app) -> StockLeft:
    """The app's one ``StockLeft`` (made on first use, after the app's Redis and database are up)."""
    made = getattr(app.state, "stock_left", None)
    if made is None:
        made = app.state.stock_left = StockLeft(app.state.redis, app.state.settings.redis, app.state.db)
    return made


async def page_shown(app, page, session: AsyncSession | None = None):
    """A page of activities, each with its stock left (``session``: the caller's, see ``StockLeft.shown``)."""
    stock = of(app)
    return page.model_copy(update={"items": [await stock.shown(item, session) for item in page.items]})
