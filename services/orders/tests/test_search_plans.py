"""The back office's search answers from an index for every filter: 10,000 orders written straight into
the orders database, then each filter's query — as ``GET /v1/orders?view=staff`` runs it, newest first,
one page — is planned by PostgreSQL, and no plan may read ``purchase_order`` from end to end: each finds
its page through an index — the filtered column's own, or the primary key walked newest first when the
planner expects the page among the newest orders (it stops at the page's end).  Every filtered column has
an index of its own, ending with the id, so that either way is open to the planner.

SQLite has no planner worth asking this (its ``EXPLAIN QUERY PLAN`` says little about cost), so this
runs on PostgreSQL only (``TEST_DATABASE_URL``)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import col

from common.clock import business_now, now
from common.testing.apps import serve_in_process, service_settings
from services.orders import search
from services.orders.config import Settings
from services.orders.main import create_app
from services.orders.models import LadderGroup, Order, OrderStatus

ORDERS = 10_000
BASE = 1_000_000 + uuid.uuid4().int % 1_000_000  # this run's ids stay apart from every other test's
# As in a shop that has run for months: most orders are done with, a day's worth are on their way.
STATUSES = ([OrderStatus.completed] * 82 + [OrderStatus.delivered] * 5 + [OrderStatus.cancelled] * 6
            + [OrderStatus.refunded] * 3 + [OrderStatus.confirmed] + [OrderStatus.shipped] + [OrderStatus.paid]
            + [OrderStatus.pending_payment])


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    if not unit_databases.startswith("postgresql"):
        pytest.skip("query plans are checked on PostgreSQL (set TEST_DATABASE_URL)")
    application = create_app(service_settings(Settings, infra, unit_databases))
    async with serve_in_process(application):
        yield application


@pytest.fixture(scope="module")
async def loaded(app):
    """10,000 orders over 50 communities, 40 leaders, 30 delivery days, 100 activities, 200 products, 400
    SKUs, 200 groups and 1,000 buyers, in every status (mostly completed); then the planner's statistics
    are brought up to date."""
    opened, today = now(), business_now().date()
    async with app.state.db.writer.begin() as connection:
        groups = (await connection.execute(sa.insert(LadderGroup).returning(LadderGroup.__table__.c.id), [
            {"activity_id": BASE + n, "address_key": f"plan-{BASE}-{n}", "status": "succeeded", "terms": {},
             "opened_at": opened, "closes_at": opened} for n in range(200)])).scalars().all()
        rows = []
        for i in range(ORDERS):
            status = STATUSES[i % len(STATUSES)]
            shipped = status in (OrderStatus.shipped, OrderStatus.delivered, OrderStatus.completed)
            rows.append({
                "order_no": f"PL{BASE}{i:06d}", "user_id": BASE + i % 1000, "kind": "regular",
                "sku_id": BASE + i % 400, "product_id": BASE + i % 200, "product_name": "计划商品",
                "product_role": "regular", "activity_id": BASE + i % 100,
                "group_id": groups[i % 200] if i % 2 else None,
                "quantity": 1, "unit_price_fen": 1000, "price_rule": "list", "amount_fen": 1000, "refunded_fen": 0,
                "status": status.value, "address": {"phone": f"1380000{i % 10000:04d}"},
                "community_id": BASE + i % 50, "leader_user_id": BASE + i % 40, "phone_tail": f"{i % 10000:04d}",
                "delivery_date": today - timedelta(days=i % 30) if shipped else None,
                "created_at": opened, "pay_deadline": opened})
        for start in range(0, ORDERS, 1000):
            await connection.execute(sa.insert(Order), rows[start:start + 1000])
    async with app.state.db.writer.begin() as connection:
        await connection.exec_driver_sql("ANALYZE purchase_order")
    return today


def filters(today, group: int) -> dict[str, tuple[search.Filters, str]]:
    """Each filter, and the column its index condition must name."""
    community, day = BASE + 7, today - timedelta(days=4)
    return {
        "status": (search.Filters(status=OrderStatus.shipped), "status"),
        "community": (search.Filters(community_id=community), "community_id"),
        "leader": (search.Filters(leader_id=BASE + 3), "leader_user_id"),
        "delivery day": (search.Filters(delivery_date=day), "delivery_date"),
        "activity": (search.Filters(activity_id=BASE + 11), "activity_id"),
        "product": (search.Filters(product_id=BASE + 13), "product_id"),
        "sku": (search.Filters(sku_id=BASE + 17), "sku_id"),
        "group": (search.Filters(group_id=group), "group_id"),
        "order number": (search.Filters(order_no=f"PL{BASE}004321"), "order_no"),
        "phone tail": (search.Filters(phone_tail="4321"), "phone_tail"),
        "buyer": (search.Filters(user_id=BASE + 21), "user_id"),
        "a leader's day": (search.Filters(community_id=community, status=OrderStatus.shipped, delivery_date=day),
                           "community_id"),
    }


async def plan(app, filtered: search.Filters) -> str:
    page = search.query(filtered).order_by(col(Order.id).desc()).limit(21)  # as paginate asks for one page
    sql = page.compile(dialect=postgresql.asyncpg.dialect(), compile_kwargs={"literal_binds": True})
    async with app.state.db.reader.connect() as connection:
        return "\n".join(row[0] for row in (await connection.execute(sa.text(f"EXPLAIN {sql}"))).all())


async def test_every_filter_is_answered_from_an_index(app, loaded):
    async with app.state.db.reader.connect() as connection:
        group = (await connection.execute(sa.select(Order.__table__.c.group_id).where(
            Order.__table__.c.order_no == f"PL{BASE}000001"))).scalar_one()
    for name, (filtered, column) in filters(loaded, group).items():
        explained = await plan(app, filtered)
        assert "Seq Scan on purchase_order" not in explained, f"{name}:\n{explained}"
        assert "Index Scan" in explained or "Index Only Scan" in explained, f"{name}:\n{explained}"
        own = [line for line in explained.splitlines() if "Index Cond" in line and column in line]
        walked = "Index Scan Backward using purchase_order_pkey" in explained
        assert own or walked, f"{name}:\n{explained}"


def test_every_filtered_column_leads_an_index_ending_with_the_id():
    indexed = {tuple(c.name for c in index.columns) for index in Order.__table__.indexes}
    for name, column in search.COLUMNS.items():
        assert (column.key, "id") in indexed or Order.__table__.c[column.key].unique, name
