"""A ladder group's close, in-process against this run's orders database: any history of joins, payments,
cancellations and refunds before the close (the buyer's own, or a shortage) settles every order still
holding money at the lower of its quote and the tier of the orders still in, counted from the orders table;
paid − refunded = settled."""

from __future__ import annotations

import asyncio
import secrets
from datetime import timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from common.auth import Identity
from common.clock import now
from common.db import Database, is_sqlite
from common.payments import Notification, NotificationKind
from common.testing.apps import serve_in_process, service_settings
from common.testing.statements import counting_statements
from services.orders import audit, fulfilment, groups, service
from services.orders.config import Settings
from services.orders.domain.pricing import LadderPricing, final_unit_price, quote
from services.orders.main import create_app
from services.orders.models import (
    GroupStatus,
    LadderGroup,
    Order,
    OrderKind,
    OrderStatus,
    OrderTransition,
    Refund,
    RefundStatus,
)

TIERS = [{"threshold": 1, "unit_price_fen": 10000}, {"threshold": 2, "unit_price_fen": 9000},
         {"threshold": 3, "unit_price_fen": 8500}, {"threshold": 5, "unit_price_fen": 7500}]


class Catalog:
    """What the refund and cancel paths ask of catalog: units given back."""

    async def release(self, order_no: str) -> None:
        return None


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    application = create_app(service_settings(Settings, infra, unit_databases, scheduler_poll_s=3600))
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


async def _group(app, basis: str) -> int:
    opened = now()
    group = LadderGroup(activity_id=70, address_key=secrets.token_hex(8), opened_at=opened,
                        terms={"kind": "ladder_group", "basis": basis, "tiers": TIERS, "close_on_top_tier": False},
                        closes_at=opened + timedelta(hours=2))
    async with app.state.db.write_sessions() as session:
        session.add(group)
        await session.commit()
        return group.id


async def _join(app, group_id: int, buyer: int, quantity: int) -> Order:
    """The buyer's order, quoted from the group's count still in now (as placing an order does)."""
    db = app.state.db
    async with db.read_sessions() as session:
        group = await session.get(LadderGroup, group_id)
        paid_before = await groups.has_paid_order(session, group_id, buyer)
    terms = LadderPricing.model_validate(group.terms)
    got = quote(terms, participants=group.paid_count, portions=group.portions, quantity=quantity,
                buyer_has_paid_order=paid_before, at=now())
    created = now()
    order = Order(order_no="GBL" + secrets.token_hex(8), user_id=buyer, kind=OrderKind.ladder, sku_id=1,
                  product_id=1, product_name="蓝莓", product_role="fission", activity_id=70, group_id=group_id,
                  quantity=quantity, unit_price_fen=got.unit_price_fen, price_rule=got.rule.value,
                  amount_fen=got.amount_fen, created_at=created, pay_deadline=created + timedelta(minutes=30))
    async with db.write_sessions() as session:
        session.add(order)
        await session.commit()
    return order


async def _pay(app, order: Order, *, db: Database | None = None) -> None:
    await service.apply_notification(
        db=db or app.state.db, clients=Catalog(), provider="sandbox", notification=Notification(
            event_id=f"paid-{order.order_no}", event_type="TRANSACTION.SUCCESS", kind=NotificationKind.PAID,
            out_trade_no=order.order_no, transaction_id=f"tx-{order.order_no}", amount_fen=order.amount_fen))


async def _refund_requested(app, order: Order, amount_fen: int | None) -> None:
    await fulfilment.request_refund(db=app.state.db, clients=Catalog(), settings=app.state.settings,
                                    order_id=order.id, caller=Identity(kind="user", user_id=order.user_id,
                                                                       roles=("customer",)), amount_fen=amount_fen)


async def _refund_shortage(app, order: Order) -> None:
    """Ops refund a paid order in full because the supplier delivered short: the buyer stays counted."""
    async with app.state.db.write_sessions() as session:
        group = await groups.lock(session, order.group_id)
        row = (await session.exec(select(Order).where(Order.id == order.id).with_for_update())).one()
        left = row.amount_fen - await groups.refunds_decided(session, row.id)
        session.add(Refund(order_id=row.id, out_refund_no=f"{row.order_no}-short", amount_fen=left,
                           reason="supplier_short", created_at=now()))
        row.status = OrderStatus.refunded
        await groups.refunded(session, group)
        await session.commit()


steps = st.lists(st.one_of(
    st.tuples(st.just("join"), st.integers(1, 5), st.integers(1, 3)),
    st.tuples(st.just("pay"), st.integers(0, 30)),
    st.tuples(st.just("cancel"), st.integers(0, 30)),
    st.tuples(st.just("requested"), st.integers(0, 30), st.sampled_from([None, None, 1])),
    st.tuples(st.just("shortage"), st.integers(0, 30)),
), min_size=1, max_size=14)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["participants", "portions"]), steps)
async def test_any_history_closes_at_the_tier_of_the_orders_still_in_and_nobody_above_their_quote(
        app, basis: str, history: list[tuple]) -> None:
    group_id = await _group(app, basis)
    orders: list[Order] = []
    # order id → pending, paid, cancelled, out / part (the buyer's own refund, in full / in part), short
    states: dict[int, str] = {}
    for step in history:
        kind = step[0]
        if kind == "join":
            order = await _join(app, group_id, *step[1:])
            orders.append(order)
            states[order.id] = "pending"
            continue
        wanted = "pending" if kind in ("pay", "cancel") else "paid"
        candidates = [order for order in orders if states[order.id] == wanted]
        if not candidates:
            continue
        order = candidates[step[1] % len(candidates)]
        if kind == "pay":
            await _pay(app, order)
            states[order.id] = "paid"
        elif kind == "cancel":
            await service.cancel(db=app.state.db, clients=Catalog(), order_id=order.id, reason="user")
            states[order.id] = "cancelled"
        elif kind == "requested":
            await _refund_requested(app, order, step[2])
            states[order.id] = "out" if step[2] is None else "part"
        else:
            await _refund_shortage(app, order)
            states[order.id] = "short"
    staying = [order for order in orders if states[order.id] in ("paid", "short")]
    expected = len({o.user_id for o in staying}) if basis == "participants" else sum(o.quantity for o in staying)

    assert await groups.close_group(app.state.db, group_id)
    async with app.state.db.read_sessions() as session:
        group = await session.get(LadderGroup, group_id)
        rows = {row.id: row for row in (await session.exec(select(Order).where(Order.group_id == group_id))).all()}
        decided = {order_id: await groups.refunds_decided(session, order_id) for order_id in rows}
    counted = group.paid_count if basis == "participants" else group.portions
    assert counted == expected
    final = final_unit_price(expected, LadderPricing.model_validate(group.terms).tiers) if expected else None
    assert group.status == (GroupStatus.succeeded if expected >= 1 else GroupStatus.failed)
    for order_id, row in rows.items():
        if row.status == OrderStatus.confirmed:  # held money at the close: settled now
            assert row.amount_fen - decided[order_id] == row.settled_amount_fen  # paid − refunded = settled
            assert row.settled_amount_fen <= min(row.unit_price_fen, final) * row.quantity  # never above the quote
            if states[order_id] == "paid":  # nothing refunded before the close
                assert row.settled_amount_fen == min(row.unit_price_fen, final) * row.quantity
        elif states[order_id] in ("paid", "part"):  # the group failed: everything back
            assert row.status == OrderStatus.refunded and final is None
            assert decided[order_id] == row.amount_fen and row.settled_amount_fen == 0
    await _paid_out(app, list(rows))


async def _paid_out(app, order_ids: list[int]) -> None:
    """The refunds decided here count as paid out: the payout tests sharing this database see none due."""
    async with app.state.db.write_sessions() as session:
        await session.exec(sa.update(Refund).where(col(Refund.order_id).in_(order_ids))
                           .values(status=RefundStatus.succeeded, done_at=now()))
        await session.commit()


async def _trail(app, order_id: int) -> list[tuple]:
    async with app.state.db.read_sessions() as session:
        rows = (await session.exec(select(OrderTransition).where(OrderTransition.order_id == order_id)
                                   .order_by(col(OrderTransition.id)))).all()
    return [(row.event, row.from_status, row.to_status, row.actor_kind, row.actor_name, row.note) for row in rows]


async def test_payments_and_the_close_keep_the_trail_and_a_payment_after_the_close_settles_at_once(app) -> None:
    group_id = await _group(app, "participants")
    first, second = await _join(app, group_id, 801, 1), await _join(app, group_id, 802, 1)
    with audit.acting_as(audit.PAYMENT_NOTIFICATION):
        await _pay(app, first)
        await _pay(app, second)
        await _pay(app, first)  # told again: nothing more
    late = await _join(app, group_id, 803, 1)  # quoted at two buyers, paid after the close at that tier
    paid = [("pay", "pending_payment", "paid", "system", "payment-notification", None)]
    assert await _trail(app, first.id) == paid
    with audit.acting_as(audit.SCHEDULER):
        assert await groups.close_group(app.state.db, group_id)
    confirmed = [("confirm", "paid", "confirmed", "system", "scheduler", None)]
    for order in (first, second):
        assert await _trail(app, order.id) == paid + confirmed
    with audit.acting_as(audit.PAYMENT_NOTIFICATION):
        await _pay(app, late)
    async with app.state.db.read_sessions() as session:
        row = await session.get(Order, late.id)
        refunds = (await session.exec(select(Refund).where(Refund.order_id == late.id))).all()
        group = await session.get(LadderGroup, group_id)
    at_once = ("confirm", "paid", "confirmed", "system", "payment-notification", None)
    assert await _trail(app, late.id) == [*paid, at_once]
    final = final_unit_price(2, LadderPricing.model_validate(group.terms).tiers)
    assert (row.status, row.settled_amount_fen, row.paid_at is not None, row.delivery_date is not None) == (
        OrderStatus.confirmed, min(late.unit_price_fen, final), True, True)
    assert [(refund.reason, refund.amount_fen) for refund in refunds] == (
        [("group_settled", late.amount_fen - row.settled_amount_fen)] if late.amount_fen > row.settled_amount_fen
        else [])
    assert (group.status, group.paid_count) == (GroupStatus.succeeded, 2)  # fixed at the close
    await _paid_out(app, [first.id, second.id, late.id])


async def test_a_failed_group_refunds_each_order_in_full_and_says_so_in_its_trail(app) -> None:
    group_id = await _group(app, "participants")
    async with app.state.db.write_sessions() as session:
        await session.exec(sa.update(LadderGroup).where(col(LadderGroup.id) == group_id).values(
            terms={"kind": "ladder_group", "basis": "participants", "tiers": TIERS, "close_on_top_tier": False,
                   "min_success": 3}))
        await session.commit()
    orders = [await _join(app, group_id, 811 + i, 1) for i in range(2)]
    for order in orders:
        await _pay(app, order)
    assert await groups.close_group(app.state.db, group_id)
    assert not await groups.close_group(app.state.db, group_id)  # closed once
    async with app.state.db.read_sessions() as session:
        rows = {row.id: row for row in (await session.exec(select(Order).where(Order.group_id == group_id))).all()}
        refunds = (await session.exec(select(Refund).where(col(Refund.order_id).in_(list(rows))))).all()
    assert {(row.status, row.settled_amount_fen, row.confirmed_at) for row in rows.values()} == {
        (OrderStatus.refunded, 0, None)}
    assert sorted((refund.order_id, refund.reason, refund.amount_fen) for refund in refunds) == sorted(
        (order.id, "group_failed", order.amount_fen) for order in orders)
    for order in orders:
        assert [move[:3] for move in await _trail(app, order.id)] == [
            ("pay", "pending_payment", "paid"), ("refund_full", "paid", "refunded")]
    await _paid_out(app, list(rows))


async def test_a_payment_after_the_order_was_cancelled_goes_back_in_full_once(app) -> None:
    group_id = await _group(app, "participants")
    order = await _join(app, group_id, 821, 2)
    async with app.state.db.write_sessions() as session:  # the deadline passed while WeChat Pay took the money
        await session.exec(sa.update(Order).where(col(Order.id) == order.id).values(status=OrderStatus.cancelled))
        await session.commit()
    await _pay(app, order)
    await _pay(app, order)  # told again: nothing more
    async with app.state.db.read_sessions() as session:
        row = await session.get(Order, order.id)
        refunds = (await session.exec(select(Refund).where(Refund.order_id == order.id))).all()
        group = await session.get(LadderGroup, group_id)
    assert row.status == OrderStatus.cancelled and group.paid_count == 0  # not counted in its group
    assert [(refund.reason, refund.amount_fen, refund.status, refund.out_refund_no) for refund in refunds] == [
        ("late_payment", order.amount_fen, RefundStatus.pending, f"{order.order_no}-late")]
    await _paid_out(app, [order.id])


async def _joins_while_locked(app, lock) -> None:
    """A buyer's order is written into a group while another transaction holds the group's lock (``lock``)."""
    group_id = await _group(app, "participants")
    paid = await _join(app, group_id, 1, 1)
    async with app.state.db.write_sessions() as holder:
        await lock(holder, group_id, paid.order_no)
        joined = await asyncio.wait_for(asyncio.create_task(_join(app, group_id, 2, 1)), timeout=10)
        await holder.rollback()
    assert joined.id is not None and joined.group_id == group_id


@pytest.mark.parametrize("lock", [
    lambda session, group_id, _no: groups.lock(session, group_id),
    lambda session, group_id, _no: groups.lock_row(session, group_id),
    lambda session, _id, order_no: groups.lock_of_order(session, order_no),
], ids=["lock", "lock_row", "lock_of_order"])
async def test_a_neighbour_joins_while_a_payment_holds_the_groups_lock(app, lock) -> None:
    """The group's lock serialises the changes of the group, not the orders written into it: an order's
    foreign key takes a key share of the group's row, which FOR UPDATE would block and FOR NO KEY UPDATE
    lets through.  PostgreSQL's row locks only: SQLite has one writer, so there every write waits for the
    one open, by design."""
    if app.state.db.writer.dialect.name == "sqlite":
        pytest.skip("SQLite writes one transaction at a time: no row locks to compare")
    await _joins_while_locked(app, lock)


async def test_a_ladder_payment_counts_its_order_with_the_others_in_four_statements_on_postgresql(app) -> None:
    """An open group counts the order being paid before its row is written paid: the group's other orders
    read with the payment's insert, then the order's row, its trail, the group's counts and the events in
    one statement at the commit — four statements while the group is locked (five when the order was
    written first).  The counts are the same: participants count a buyer once, portions every unit."""
    group_id = await _group(app, "participants")
    buyer_twice = await _join(app, group_id, 851, 2)
    await _pay(app, buyer_twice)
    again, other = await _join(app, group_id, 851, 1), await _join(app, group_id, 852, 3)
    sent = []
    own = Database.connect(app.state.db.url)  # counted alone: the app's relay sends on the app's database
    try:
        with audit.acting_as(audit.PAYMENT_NOTIFICATION):
            for order in (again, other):
                with counting_statements(own) as counted:
                    await _pay(app, order, db=own)
                sent.append(counted.value)
    finally:
        await own.dispose()
    async with app.state.db.read_sessions() as session:
        group = await session.get(LadderGroup, group_id)
        statuses = set((await session.exec(select(Order.status).where(Order.group_id == group_id))).all())
    assert (group.paid_count, group.portions, group.reached_threshold) == (2, 6, 2)
    assert statuses == {OrderStatus.paid}
    for order in (again, other):
        assert await _trail(app, order.id) == [("pay", "pending_payment", "paid", "system", "payment-notification",
                                                None)]
    if not is_sqlite(app.state.db.url):
        assert sent == [4, 4]
