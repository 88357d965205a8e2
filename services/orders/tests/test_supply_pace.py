"""The scheduler's cutoff run reads the week of bought orders at once when a sales day's cutoff passes and
every ``STRAGGLERS_EVERY_S`` between, not on each one-second pass; ops' run (no pace) reads every time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from common.clock import now
from common.db import Database
from common.testing.statements import counting_statements
from services.orders import supply, supply_calendar
from services.orders.models import Order, SupplyOrderItem


class PlatformStockOnly:
    """Catalog is asked for a supplier's API key only for a supplier's orders; these have none."""

    async def supplier_key(self, supplier_id: int) -> None:
        raise AssertionError(f"no supplier's order here (asked for supplier {supplier_id})")


@pytest.fixture
async def db(infra) -> AsyncIterator[Database]:
    database = Database.connect(infra.database_template("supply_pace").format(service="orders"))
    try:
        yield database
    finally:
        await database.dispose()


async def _bought(db: Database, day: date, n: int) -> int:
    at = now()
    async with db.writer.begin() as conn:
        return (await conn.execute(sa.insert(Order.__table__).values(
            order_no=f"PACE{n:06d}", user_id=n, kind="regular", sku_id=1, product_id=1, product_name="蛋",
            product_role="regular", quantity=1, unit_price_fen=100, price_rule="list", amount_fen=100,
            status="confirmed", delivery_date=day, created_at=at, pay_deadline=at, paid_at=at,
            confirmed_at=at))).inserted_primary_key[0]


async def _in_a_purchase_order(db: Database, order_id: int) -> bool:
    async with db.writer.connect() as conn:
        found = await conn.execute(sa.select(SupplyOrderItem.order_id).where(SupplyOrderItem.order_id == order_id))
        return found.first() is not None


def test_a_run_is_due_when_another_day_closes_or_its_time_comes():
    pace = supply.CutoffPace(every_s=3600)
    monday, tuesday = date(2026, 12, 7), date(2026, 12, 8)
    assert pace.due(monday)
    pace.ran(monday)
    assert not pace.due(monday)
    assert pace.due(tuesday)  # a cutoff passed: at once
    quick = supply.CutoffPace(every_s=0)
    quick.ran(monday)
    assert quick.due(monday)  # its time came


async def test_the_scheduler_reads_the_bought_orders_only_when_a_run_is_due(db):
    clients = PlatformStockOnly()
    async with db.read_sessions() as session:
        last = (await supply_calendar.calendar(session, now())).last_closed_delivery_date(now())
    first = await _bought(db, last, 1)
    pace = supply.CutoffPace(every_s=3600)
    done = await supply.run_cutoff(db=db, clients=clients, pace=pace)  # type: ignore[arg-type]
    assert done.orders_added == 1 and await _in_a_purchase_order(db, first)

    straggler = await _bought(db, last - timedelta(days=1), 2)
    with counting_statements(db) as counted:
        skipped = await supply.run_cutoff(db=db, clients=clients, pace=pace)  # type: ignore[arg-type]
    assert skipped.orders_added == 0 and not await _in_a_purchase_order(db, straggler)
    assert counted.value <= 1  # the calendar's read at most (SQLite's reads are not counted): no week of orders

    by_ops = await supply.run_cutoff(db=db, clients=clients)  # type: ignore[arg-type]
    assert by_ops.orders_added == 1 and await _in_a_purchase_order(db, straggler)
