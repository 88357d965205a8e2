"""Statements every order runs, and sweeps that run every second, find their rows by key on tables that
have no statistics yet: a freshly migrated database, or one that grew faster than autovacuum analyses.

Without statistics, PostgreSQL's planner prices every index alike and SQLite's guesses; a statement that
leaves it a choice between a key and a column of a few values, or joins on part of a key, can read every
row of a table each time. Each check plans the statement as the services run it (PostgreSQL: a prepared
statement's generic plan; SQLite: ``EXPLAIN QUERY PLAN``) on freshly migrated, empty tables."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from common import relay
from common.db import Database
from services.catalog import inventory, reconcile
from services.catalog import service as catalog
from services.catalog.models import Activity, Product, Reservation, Sku
from services.membership import delivery, lifecycle, reach_sender, subscriptions
from services.membership.models import (
    ApiKey,
    GroupBuyer,
    PaidOrder,
    ReachMessage,
    User,
    WebhookDelivery,
    WebhookSubscription,
)
from services.orders import checkouts, fulfilment, groups, refund_notices, uncollected
from services.orders import service as orders
from services.orders.models import Checkout, LadderGroup, Order, Refund
from services.orders.models import events as order_events
from services.referrals import ledger, withdrawals
from services.referrals import service as referrals
from services.referrals.models import LedgerEntry, ReferralUser, Withdrawal


@pytest.fixture(scope="module")
def plan_databases(infra) -> str:
    return infra.database_template("plans")


@pytest.fixture
async def databases(plan_databases: str) -> AsyncIterator[dict[str, Database]]:
    opened = {service: Database.connect(plan_databases.format(service=service))
              for service in ("catalog", "membership", "orders", "referrals")}
    try:
        yield opened
    finally:
        for database in opened.values():
            await database.dispose()


async def plan(database: Database, statement: sa.Executable) -> str:
    """The plan the database would run ``statement`` by, every parameter unknown (all NULL)."""
    async with database.writer.connect() as conn:
        compiled = statement.compile(dialect=conn.dialect)
        if compiled.post_compile_params:  # an IN of listed values: each value a parameter, as when it runs
            unknown = {name: None for name, bind in compiled.binds.items() if bind.required}
            compiled = statement.params(unknown).compile(dialect=conn.dialect,
                                                         compile_kwargs={"render_postcompile": True})
        sql = str(compiled)
        if conn.dialect.name == "postgresql":
            count = len(compiled.positiontup or ())
            await conn.exec_driver_sql("SET plan_cache_mode = force_generic_plan")
            await conn.exec_driver_sql(f"PREPARE planned AS {sql}")
            rows = await conn.exec_driver_sql(f"EXPLAIN EXECUTE planned({', '.join(['NULL'] * count)})")
            await conn.exec_driver_sql("DEALLOCATE planned")
        else:
            rows = await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", tuple([None] * sql.count("?")))
        text = "\n".join(str(row[-1]) for row in rows.all())
        await conn.rollback()
    return text


async def test_a_stage_move_finds_the_user_by_primary_key(databases):
    found = await plan(databases["membership"], lifecycle._MOVE)
    if databases["membership"].writer.dialect.name == "postgresql":
        assert "app_user_pkey" in found, found
    else:
        assert "INTEGER PRIMARY KEY" in found, found


async def test_a_groups_paid_buyers_are_looked_up_by_the_whole_key(databases):
    # Thousands of rows the planner has not counted: priced by their pages, a hash join over every paid
    # order ever looks cheaper than one look-up per buyer of the group.
    async with databases["membership"].writer.begin() as conn:
        user = (await conn.execute(sa.insert(User.__table__).values(openid="plans"))).inserted_primary_key[0]
        await conn.execute(sa.insert(PaidOrder.__table__), [
            {"user_id": user, "order_id": n, "paid_at": datetime(2026, 1, 1, tzinfo=UTC)} for n in range(5000)])
        await conn.execute(sa.insert(GroupBuyer.__table__), [
            {"order_id": n, "group_id": n // 5, "user_id": user} for n in range(5000)])
    found = await plan(databases["membership"], subscriptions._PAID_GROUP_BUYERS)
    assert "Seq Scan on paid_order" not in found, found
    assert "SCAN paid_order" not in found, found
    assert "Index Only Scan using pk_paid_order" in found or "SEARCH paid_order USING" in found, found


async def test_committing_an_orders_reservation_reads_only_its_rows(databases):
    # A few hundred rows the planner has not counted: it prices the table by its pages, small enough that
    # a hash join over all of it looks as cheap as the order's index.
    async with databases["catalog"].writer.begin() as conn:
        product = (await conn.execute(sa.insert(Product.__table__).values(name="计划"))).inserted_primary_key[0]
        sku = (await conn.execute(sa.insert(Sku.__table__).values(
            product_id=product, name="一份", price_fen=100))).inserted_primary_key[0]
        await conn.execute(sa.insert(Reservation.__table__), [
            {"order_id": f"P{n:06d}", "sku_id": sku, "quantity": 1} for n in range(300)])
    found = await plan(databases["catalog"], inventory._COMMIT)
    assert "Seq Scan on reservation" not in found, found
    assert "SCAN reservation" not in found, found


async def test_this_rounds_one_statement_writes_find_their_rows_by_key(databases):
    """Statements that join the rows they write with arrays or a read of their own: planned generically on
    empty tables, as a connection first plans them, each finds its rows by the table's key."""
    from services.referrals import binding

    if databases["referrals"].writer.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's forms: SQLite sends these as statements of their own")
    checks = [
        (databases["referrals"], binding._LOCK_AND_RECORD[True], "referral_user"),
        (databases["membership"], lifecycle._REACH_AT_ONCE[2], "app_user"),
        (databases["catalog"], inventory._take_and_hold_query(), "sku"),
    ]
    for database, statement, table in checks:
        found = await plan(database, statement)
        assert f"Seq Scan on {table}" not in found, found


async def test_the_stale_reservation_sweep_reads_only_held_ones(databases):
    found = await plan(databases["catalog"], reconcile.STALE)
    assert "ix_reservation_held_since" in found, found


async def test_every_connection_runs_generic_plans(databases):
    database = databases["catalog"]
    if database.writer.dialect.name != "postgresql":
        pytest.skip("SQLite plans a statement once, when it is prepared: there is no plan cache to set")
    async with database.writer.connect() as conn:
        setting = (await conn.exec_driver_sql("SHOW plan_cache_mode")).scalar_one()
    async with database.reader.connect() as conn:
        read_setting = (await conn.exec_driver_sql("SHOW plan_cache_mode")).scalar_one()
    assert (setting, read_setting) == ("force_generic_plan", "force_generic_plan")


async def test_every_connection_knows_the_array_types_from_the_start(databases):
    """asyncpg asks the server about an array type the first time a statement uses it (a costly query over the
    catalogue); a new connection asks about all the ones statements pass rows in at once, when it opens."""
    database = databases["catalog"]
    if database.writer.dialect.name != "postgresql":
        pytest.skip("SQLite has no array types")
    async with database.writer.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        settings = raw._protocol.get_settings()
        known = {oid: settings.get_data_codec(oid) is not None for oid in (1007, 1016, 1015, 1185)}
    assert known == {1007: True, 1016: True, 1015: True, 1185: True}  # int4[], int8[], varchar[], timestamptz[]


async def test_a_groups_orders_are_read_by_the_group_not_by_their_status(databases):
    # Thousands of orders the planner has not counted: priced alike, the index on the status (which nearly
    # every order of a group's list shares) looked worth reading beside the group's, all of it each time.
    at = datetime(2026, 1, 1, tzinfo=UTC)
    async with databases["orders"].writer.begin() as conn:
        await conn.execute(sa.insert(LadderGroup.__table__), [
            {"id": n + 1, "activity_id": 1, "address_key": f"k{n}", "status": "closed", "terms": {},
             "opened_at": at, "closes_at": at} for n in range(1000)])
        await conn.execute(sa.insert(Order.__table__), [
            {"order_no": f"P{n:08d}", "user_id": n % 700, "kind": "ladder", "sku_id": 1, "product_id": 1,
             "product_name": "计划", "product_role": "regular", "group_id": n // 5 + 1, "quantity": 1,
             "unit_price_fen": 100, "price_rule": "ladder", "amount_fen": 100, "status": "pending_payment",
             "created_at": at, "pay_deadline": at} for n in range(5000)])
        await conn.execute(sa.update(Order.__table__).values(status="paid"))
        await conn.execute(sa.update(Order.__table__).values(status="confirmed"))
        await conn.execute(sa.update(Order.__table__).values(status="shipped"))  # each order is paid after it is placed
        # A group that closes at its top tier refunds its early joiners the difference: refunds for many orders.
        await conn.execute(sa.insert(Refund.__table__), [
            {"order_id": n + 1, "out_refund_no": f"P{n:08d}-group_settled", "amount_fen": 10, "reason": "group_settled",
             "created_at": at} for n in range(0, 5000, 2)])
    for statement in (groups._MEMBERS, groups._MEMBERS_OF_BUYER, groups._JOINING_AT, groups._PAID_IN_GROUP):
        found = await plan(databases["orders"], statement)
        assert "ix_purchase_order_status_id" not in found, found
        assert "SCAN purchase_order" not in found, found
        assert "Seq Scan on refund" not in found and "SCAN refund" not in found, found
        if statement is not groups._PAID_IN_GROUP:  # each order's refunds looked up by the order
            assert "ix_refund_order_id" in found, found


async def test_a_groups_refunds_decided_are_looked_up_by_order(infra):
    # Read at every close, on the table as it is when the connection first plans it: an ``IN`` of the
    # orders, planned on an empty table, read every refund there was, and kept doing so as the table grew.
    database = Database.connect(infra.database_template("plans_empty").format(service="orders"))
    try:
        found = await plan(database, groups._DECIDED_IN_GROUP)
    finally:
        await database.dispose()
    assert "Seq Scan on refund" not in found and "SCAN refund" not in found, found
    assert "ix_refund_order_id" in found, found


async def test_the_refund_sweeps_read_only_the_refunds_waiting(databases):
    # Every second the scheduler pays out the refunds decided and asks after those the provider accepted.
    # Nearly every refund ever made is paid out, and keeps the time of its last attempt: once the table had
    # statistics (a production server's autovacuum), a generic plan, which knows no status, walked the index
    # of those times for the paying ones, past every refund paid out. Each sweep now names its status.
    at = datetime(2026, 1, 1, tzinfo=UTC)
    async with databases["orders"].writer.begin() as conn:
        first = (await conn.execute(sa.insert(Order.__table__).values(
            order_no="R00000000", user_id=1, kind="regular", sku_id=1, product_id=1, product_name="退款",
            product_role="regular", quantity=1, unit_price_fen=100, price_rule="list", amount_fen=100,
            status="refunded", created_at=at, pay_deadline=at))).inserted_primary_key[0]
        await conn.execute(sa.insert(Refund.__table__), [
            {"order_id": first, "out_refund_no": f"R{n:08d}", "amount_fen": 1, "reason": "buyer",
             "status": "succeeded" if n > 20 else "pending" if n % 2 else "paying",
             "next_attempt_at": at, "created_at": at} for n in range(5000)])
        await conn.exec_driver_sql("ANALYZE refund")
    for statement, index in ((groups.REFUNDS_DUE, "ix_refund_pending_since"),
                             (refund_notices.PAYING_DUE, "ix_refund_paying_next")):
        found = await plan(databases["orders"], statement)
        assert "Seq Scan on refund" not in found and "SCAN refund" not in found, found
        # Not the index of every refund's next attempt, walked in its order past the paid-out ones.
        assert "ix_refund_next_attempt_at" not in found, found
        assert index in found or "ix_refund_status" in found, found


async def test_a_page_of_products_reads_only_their_skus(databases):
    # Ten thousand SKUs the planner has not counted: an ``IN`` of twenty products was priced as a tenth of
    # the table, and PostgreSQL read every SKU for each page of the storefront.
    async with databases["catalog"].writer.begin() as conn:
        first = (await conn.execute(sa.insert(Product.__table__).values(name="页"))).inserted_primary_key[0]
        await conn.execute(sa.insert(Product.__table__), [{"name": f"页{n}"} for n in range(1, 2000)])
        await conn.execute(sa.insert(Sku.__table__), [
            {"product_id": first + n % 2000, "name": "一份", "price_fen": 100} for n in range(10_000)])
    if databases["catalog"].writer.dialect.name == "postgresql":
        found = await plan(databases["catalog"], catalog._SKUS_OF_PRODUCTS)
        assert "Seq Scan on sku" not in found, found
        assert "ix_sku_product_id" in found, found
    else:
        found = await plan(databases["catalog"], catalog._SKUS_IN.params(product_ids=list(range(first, first + 20))))
        assert "SEARCH sku USING INDEX ix_sku_product_id" in found, found


async def test_a_buyers_units_of_an_activity_are_read_by_buyer_and_activity(databases):
    # Thousands of an activity's reservations the planner has not counted, each one moved on after it was
    # made: beside the buyer's, the activity's index looked worth reading, all of the activity's rows.
    async with databases["catalog"].writer.begin() as conn:
        product = (await conn.execute(sa.insert(Product.__table__).values(name="限购"))).inserted_primary_key[0]
        sku = (await conn.execute(sa.insert(Sku.__table__).values(
            product_id=product, name="一份", price_fen=100))).inserted_primary_key[0]
        at = datetime(2026, 1, 1, tzinfo=UTC)
        activity = (await conn.execute(sa.insert(Activity.__table__).values(
            kind="ladder_group", title="同址", sku_id=sku, starts_at=at, ends_at=at, terms={}, community_ids=[],
            cancelled=False, created_at=at, updated_at=at))).inserted_primary_key[0]
        await conn.execute(sa.insert(Reservation.__table__), [
            {"order_id": f"B{n:06d}", "sku_id": sku, "quantity": 1, "activity_id": activity, "user_id": n % 3000}
            for n in range(5000)])
        await conn.execute(sa.update(Reservation.__table__).values(status="committed"))
    found = await plan(databases["catalog"], sa.select(inventory._units_held(buyer=True)))
    assert "ix_reservation_activity_id" not in found, found
    assert "SCAN reservation" not in found, found


async def test_a_buyers_referrers_are_each_looked_up_by_key(databases):
    # Hundreds of users the planner has not counted, walked up from one buyer on every payment: the walk's
    # few rows were priced as a dozen, and a hash join over every user looked the cheaper at each step
    # (until the table grew to about a thousand).
    at = datetime(2026, 1, 1, tzinfo=UTC)
    async with databases["referrals"].writer.begin() as conn:
        await conn.execute(sa.insert(ReferralUser.__table__), [
            {"user_id": n, "first_seen_at": at, "referrer_id": n - 1 if n % 3 else None} for n in range(1, 640)])
        await conn.execute(sa.update(ReferralUser.__table__).values(first_paid_at=at))  # each one paid since
    found = await plan(databases["referrals"], ledger._UPLINE)
    assert "Seq Scan on referral_user" not in found, found
    assert "SCAN above" not in found and "SCAN referral_user" not in found, found


@pytest.mark.parametrize("descending", [False, True], ids=["oldest-first", "newest-first"])
async def test_a_page_of_a_users_rebates_reads_that_page_by_user_and_id(databases, descending):
    # A referrer with thousands of entries among everyone's: a page after a cursor read every entry of the
    # user and sorted them, or (with statistics) every entry of everyone after the cursor.
    at = datetime(2026, 1, 1, tzinfo=UTC)
    async with databases["referrals"].writer.begin() as conn:
        await conn.execute(sa.insert(LedgerEntry.__table__), [
            {"user_id": 7 if n % 4 == 0 else 100 + n % 300, "kind": "rebate", "bucket": "pending", "step": "earn",
             "amount_fen": 100, "effect_key": f"plan-{descending}-{n}", "created_at": at} for n in range(4000)])
    key = LedgerEntry.id
    query = referrals.entries_query(user_id=7, bucket="pending", kind="rebate")
    query = query.where(key < sa.bindparam("after") if descending else key > sa.bindparam("after"))
    paged = query.order_by(key.desc() if descending else key).limit(101)
    found = await plan(databases["referrals"], paged)
    if databases["referrals"].writer.dialect.name == "sqlite":
        assert "USING INDEX ix_rebate_entry_user_id_id (user_id=? AND id" in found, found
        assert "TEMP B-TREE" not in found, found  # in the index's order: the page, and no more
        return
    # Uncounted, the user's entries past the cursor are read and sorted; counted, the page in the index's order.
    assert "ix_rebate_entry_user_id_id" in found and f"(id {'<' if descending else '>'} $" in found, found
    async with databases["referrals"].writer.begin() as conn:
        await conn.exec_driver_sql("ANALYZE rebate_entry")
    found = await plan(databases["referrals"], paged)
    assert "ix_rebate_entry_user_id_id" in found and "Sort" not in found, found


async def test_the_relay_reads_no_more_unsettled_rows_than_it_needs(databases):
    # A consumer group stopped for a day leaves a day of rows unsettled: each round of the relay looked for
    # the newest of them by reading them all and sorting them, and each settling read them all again.
    at = datetime(2026, 1, 1, tzinfo=UTC)
    outbox = order_events.outbox
    async with databases["orders"].writer.begin() as conn:
        await conn.execute(sa.insert(outbox), [
            {"event_id": f"plan-{n}", "producer": "orders", "event_type": "order.paid", "aggregate": f"order:{n}",
             "envelope": "{}", "created_at": at, "sent_at": at if n < 3900 else None,
             "stream_ms": 1_000 + n if n < 3900 else None, "stream_seq": 0 if n < 3900 else None,
             "settled_at": at if n < 100 else None} for n in range(4000)])
    statements = {"newest unsettled": relay.last_unsettled(outbox),
                  "settling": relay.settling(outbox, relay.StreamPos(1_050, 0)),
                  "sending again": relay.requeuing(outbox, relay.StreamPos(3_000, 0))}
    on_postgres = databases["orders"].writer.dialect.name == "postgresql"
    for counted in (False, True) if on_postgres else (False,):
        if counted:
            async with databases["orders"].writer.begin() as conn:
                await conn.exec_driver_sql("ANALYZE event_outbox")
        plans = {what: await plan(databases["orders"], statement) for what, statement in statements.items()}
        newest, settling, again = plans.values()
        if not on_postgres:
            assert "USING COVERING INDEX ix_event_outbox_unsettled" in newest and "TEMP B-TREE" not in newest, newest
            assert "USING INDEX ix_event_outbox_unsettled (settled_at=? AND stream_ms>? AND stream_ms<?)" in settling, \
                settling
            assert "ix_event_outbox_unsettled" in again and "SCAN event_outbox" not in again, again
            continue
        assert "Scan Backward using ix_event_outbox_unsettled" in newest and "Sort" not in newest, newest
        for found, bound in ((settling, "(stream_ms <= $"), (again, "(stream_ms >= $")):
            assert "ix_event_outbox_unsettled" in found, found
            assert any("Index Cond" in line and bound in line for line in found.splitlines()), found


@pytest.fixture
async def sweep_database(infra) -> AsyncIterator[Database]:
    """Orders' tables of their own: the other checks' orders (thousands shipped) are no part of this one's."""
    database = Database.connect(infra.database_template("plans_sweeps").format(service="orders"))
    try:
        yield database
    finally:
        await database.dispose()


async def test_the_schedulers_sweeps_read_only_the_rows_in_their_state(sweep_database):
    # Every second the orders scheduler looks for the unpaid orders and checkouts to ask after or cancel, the
    # ladder groups to close, the delivered orders to complete and the arrived ones left uncollected. Nearly
    # every order, checkout and group ever made has left those states. With the state bound as a parameter,
    # a generic plan on a counted table walked the index of deadlines (or delivery times) past every order
    # ever placed, or read the whole table; the groups had no index to be found by but the whole table.
    at = datetime(2026, 1, 1, tzinfo=UTC)
    database = sweep_database
    live = ["pending_payment", "delivered", "shipped"]
    async with database.writer.begin() as conn:
        await conn.execute(sa.insert(LadderGroup.__table__), [
            {"activity_id": 9, "address_key": f"sweep{n}", "status": "open" if n < 10 else "succeeded",
             "terms": {}, "opened_at": at, "closes_at": at} for n in range(3000)])
        await conn.execute(sa.insert(Order.__table__), [
            {"order_no": f"S{n:08d}", "user_id": n % 700, "kind": "regular", "sku_id": 1, "product_id": 1,
             "product_name": "扫", "product_role": "regular", "quantity": 1, "unit_price_fen": 100,
             "price_rule": "list", "amount_fen": 100, "status": live[n % 3] if n < 60 else "completed",
             "created_at": at, "pay_deadline": at, "delivered_at": at, "arrived_at": at} for n in range(15_000)])
        await conn.execute(sa.insert(Checkout.__table__), [
            {"checkout_no": f"S{n:08d}", "user_id": n % 500, "status": "pending_payment" if n < 20 else "paid",
             "amount_fen": 100, "address_id": 1, "pay_deadline": at, "idempotency_key": f"sweep{n}",
             "request_hash": "h", "created_at": at} for n in range(5000)])
    later = at + timedelta(days=30)
    sweeps = {  # each sweep, and the index of deadlines or times it must not walk
        "unpaid orders to ask": (orders.unpaid_to_ask(later), "ix_purchase_order_status_id", None),
        "unpaid orders past deadline": (orders.unpaid_past_deadline(later), "ix_purchase_order_status_id",
                                        "ix_purchase_order_pay_deadline"),
        "delivered orders to complete": (fulfilment.delivered_before(later), "ix_purchase_order_status_id",
                                         "ix_purchase_order_delivered_at"),
        "arrived orders uncollected": (sa.select(Order.id).where(uncollected._arrived_before(later)),
                                       "ix_purchase_order_status_id", None),
        "unpaid checkouts to ask": (checkouts.unpaid_to_ask(later), "ix_checkout_status", None),
        "unpaid checkouts past deadline": (checkouts.unpaid_past_deadline(later), "ix_checkout_status",
                                           "ix_checkout_pay_deadline"),
        "groups to close": (groups.due_to_close(later), "ix_ladder_group_open_closes_at", None),
    }
    on_postgres = database.writer.dialect.name == "postgresql"
    for counted in (False, True) if on_postgres else (False,):
        if counted:
            async with database.writer.begin() as conn:
                for table in ("purchase_order", "checkout", "ladder_group"):
                    await conn.exec_driver_sql(f"ANALYZE {table}")
        for what, (statement, index, walked) in sweeps.items():
            found = await plan(database, statement.limit(100))
            assert index in found, (what, counted, found)
            assert "Seq Scan" not in found and "SCAN " not in found, (what, counted, found)
            assert walked is None or walked not in found, (what, counted, found)


async def test_the_withdrawal_sweep_reads_only_the_withdrawals_in_flight(databases):
    # Every second referrals pays out the approved withdrawals and asks after the ones paying or awaiting the
    # user: nearly every withdrawal ever made is paid or rejected, and with the statuses bound a generic plan
    # on a counted table read them all and sorted them by when they were last touched.
    at = datetime(2026, 1, 1, tzinfo=UTC)
    database = databases["referrals"]
    async with database.writer.begin() as conn:
        await conn.execute(sa.insert(Withdrawal.__table__), [
            {"user_id": n % 900, "amount_fen": 100, "fee_fen": 0, "payout_fen": 100, "out_bill_no": f"W{n:08d}",
             "status": ["approved", "paying", "awaiting_confirmation"][n % 3] if n < 9 else "paid",
             "requested_at": at, "updated_at": at} for n in range(6000)])
    statement = withdrawals.in_flight(at + timedelta(days=1)).limit(50)
    on_postgres = database.writer.dialect.name == "postgresql"
    for counted in (False, True) if on_postgres else (False,):
        if counted:
            async with database.writer.begin() as conn:
                await conn.exec_driver_sql("ANALYZE withdrawal")
        found = await plan(database, statement)
        assert "ix_withdrawal_status" in found, (counted, found)
        assert "Seq Scan" not in found and "SCAN withdrawal" not in found, (counted, found)


async def test_the_message_and_webhook_senders_read_only_what_waits(databases):
    # Every second membership looks for buyer messages and webhook deliveries due: nearly every one ever
    # queued is sent, refused or given up (a tier reached tells every participant: ~2 messages an order). With
    # the status bound, a generic plan on a counted table read every message to find whether one was due.
    at = datetime(2026, 1, 1, tzinfo=UTC)
    database = databases["membership"]
    async with database.writer.begin() as conn:
        user = (await conn.execute(sa.insert(User.__table__).values(openid="senders"))).inserted_primary_key[0]
        await conn.execute(sa.insert(ReachMessage.__table__), [
            {"event_id": f"m{n}", "event_type": "order.paid", "user_id": user, "scene": "group_succeeded",
             "status": "pending" if n < 5 else ["sent", "no_consent", "refused"][n % 3], "next_attempt_at": at,
             "give_up_at": at, "created_at": at} for n in range(8000)])
        key = (await conn.execute(sa.insert(ApiKey.__table__).values(
            name="senders", secret_hash="senders", scopes=[], created_by=user, created_at=at))).inserted_primary_key[0]
        subscription = (await conn.execute(sa.insert(WebhookSubscription.__table__).values(
            api_key_id=key, url="https://example.com/hook", event_types=["order.paid"], secret_sealed="sealed",
            created_at=at))).inserted_primary_key[0]
        await conn.execute(sa.insert(WebhookDelivery.__table__), [
            {"subscription_id": subscription, "event_id": f"d{n}", "event_type": "order.paid", "occurred_at": at,
             "body": "{}", "status": "pending" if n < 5 else "delivered", "next_attempt_at": at, "give_up_at": at,
             "created_at": at} for n in range(8000)])
    later = at + timedelta(days=1)
    sweeps = {"a message due": sa.select(ReachMessage.id).where(reach_sender.is_due(later)).limit(1),
              "the messages due": sa.select(ReachMessage.id).where(reach_sender.is_due(later))
              .order_by(ReachMessage.next_attempt_at, ReachMessage.id).limit(8),
              "a delivery due": delivery.due(later).limit(1),
              "the deliveries due": delivery.due(later).order_by(WebhookDelivery.next_attempt_at).limit(8)}
    on_postgres = database.writer.dialect.name == "postgresql"
    for counted in (False, True) if on_postgres else (False,):
        if counted:
            async with database.writer.begin() as conn:
                await conn.exec_driver_sql("ANALYZE reach_message")
                await conn.exec_driver_sql("ANALYZE webhook_delivery")
        for what, statement in sweeps.items():
            found = await plan(database, statement)
            assert "ix_reach_message_due" in found or "ix_webhook_delivery_due" in found, (what, counted, found)
            assert "Seq Scan" not in found and "SCAN " not in found, (what, counted, found)
