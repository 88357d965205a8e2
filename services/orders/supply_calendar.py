"""The sales-day calendar as orders stores it: the cutoff time and lead time come from the settings
(``GROUPBUY_CUTOFF_TIME``, 23:00 Asia/Shanghai; ``GROUPBUY_DELIVERY_LEAD_DAYS``, 1), and ops move one sales
day's cutoff (a holiday) with ``PUT /v1/supply/calendar`` — kept in ``cutoff_override``.  The rule itself
is ``domain/supply.py``.

An order is given its delivery day in the transaction that makes its price final: at payment for a plain
or flash order, at its group's close for a ladder order (by the close's time: its sales day is the one
open when the group closed).  Shipping for a day (``fulfilment.ship``) may still move it to that day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.outbox import execute
from services.orders.domain.supply import SalesCalendar
from services.orders.models import CutoffOverride

_settings: dict[str, object] = {"cutoff_time": time(23, 0), "lead_days": 1}


def configure(*, cutoff_time: time, lead_days: int) -> None:
    """Set when the app starts, from its settings."""
    _settings.update(cutoff_time=cutoff_time, lead_days=lead_days)


# Read at every payment of an order in no group: built once, as a statement object keeps its cache key.
_MOVED_BETWEEN = select(CutoffOverride.sales_day, CutoffOverride.cutoff_at).where(
    col(CutoffOverride.sales_day) >= sa.bindparam("first"), col(CutoffOverride.sales_day) <= sa.bindparam("last"))


async def calendar(session: AsyncSession, around: datetime) -> SalesCalendar:
    """The calendar with the cutoffs ops moved near ``around`` (a fortnight either side)."""
    day = around.date()
    rows = (await execute(session, _MOVED_BETWEEN, {"first": day - timedelta(days=14),
                                                    "last": day + timedelta(days=14)})).all()
    return SalesCalendar(cutoff_time=_settings["cutoff_time"], lead_days=_settings["lead_days"],
                         moved={sales_day: cutoff_at for sales_day, cutoff_at in rows})


async def delivery_date(session: AsyncSession, paid_at: datetime) -> date:
    return (await calendar(session, paid_at)).delivery_date(paid_at)
