"""``group.closed`` reaches every buyer who paid into the group — one beyond ``loyal`` too (a spreader, a
recommender), whose paid orders the lifecycle no longer keeps (no count of them can move such a buyer) —
and no buyer who never paid."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import select

from common.db import Database
from common.events import Envelope, EventPayload
from common.events.orders import GroupClosed, OrderPaid, OrderPlaced
from services.membership.config import Settings
from services.membership.handlers import handlers
from services.membership.models import ReachMessage, User
from services.membership.subscriptions import reach_handlers_for
from services.membership.tests.test_stages import new_id, new_user, stage_of

reach = reach_handlers_for(Settings())


@pytest.fixture
async def db(unit_databases) -> AsyncIterator[Database]:
    database = Database.connect(unit_databases.format(service="membership"))
    yield database
    await database.dispose()


async def deliver(db: Database, *payloads: EventPayload) -> None:
    """Each event to both of membership's consumer groups that take it, each in its own transaction."""
    for payload in payloads:
        envelope = Envelope.of(payload)
        for group in (handlers, reach):
            found = group.get(payload.event_type, payload.event_version)
            if found is None:
                continue
            assert group.is_session_free(found[1])  # applied as the consumer applies it: without a session
            async with db.transaction() as tx:
                await found[1](tx, payload, envelope)
                await tx.commit()


def placed(user_id: int, order_id: int, group_id: int | None) -> OrderPlaced:
    return OrderPlaced(order_id=order_id, user_id=user_id, kind="ladder" if group_id else "regular",
                       activity_id=7 if group_id else None, group_id=group_id, community_id=None, amount_fen=9000,
                       placed_at=datetime.now(UTC))


def paid(user_id: int, order_id: int, activity_id: int | None = None) -> OrderPaid:
    """A payment; a group's order names its activity (7, as ``placed`` does)."""
    return OrderPaid(order_id=order_id, user_id=user_id, sku_id=3, activity_id=activity_id, product_role="fission",
                     quantity=1, unit_price_fen=9000, amount_fen=9000, community_id=None, leader_user_id=None,
                     paid_at=datetime.now(UTC))


async def test_a_group_closing_reaches_its_paying_buyers_whatever_their_stage(db):
    loyal, newcomer, unpaid = await new_user(db), await new_user(db), await new_user(db)
    group = new_id()
    for earlier in (new_id(), new_id()):  # two paid orders before: loyal
        await deliver(db, placed(loyal, earlier, None), paid(loyal, earlier))
    assert (await stage_of(db, loyal))[0] == "loyal"
    async with db.write_sessions() as session:  # then a referee of theirs paid: beyond loyal
        await session.exec(sa.update(User).where(User.id == loyal).values(stage="recommender"))
        await session.commit()
    in_group = {buyer: new_id() for buyer in (loyal, newcomer, unpaid)}
    await deliver(db, *(placed(buyer, order, group) for buyer, order in in_group.items()))
    await deliver(db, paid(loyal, in_group[loyal], 7), paid(newcomer, in_group[newcomer], 7))
    await deliver(db, GroupClosed(group_id=group, activity_id=7, final_unit_price_fen=8500, paid_count=2,
                                  succeeded=True, closed_at=datetime.now(UTC)))
    async with db.read_sessions() as session:
        reached = set((await session.exec(select(ReachMessage.user_id).where(
            ReachMessage.scene == "group_succeeded",
            ReachMessage.user_id.in_((loyal, newcomer, unpaid))))).all())  # type: ignore[attr-defined]
    assert reached == {loyal, newcomer}


async def test_buyers_placed_paid_and_closed_in_one_batch_are_reached(db):
    """A consumer applies a batch in one transaction: the group's buyers, kept by deferred inserts, are read
    by the payments and the close that come after them in it."""
    first, second, unpaid = await new_user(db), await new_user(db), await new_user(db)
    group = new_id()
    orders = {buyer: new_id() for buyer in (first, second, unpaid)}
    batch = [*(placed(buyer, order, group) for buyer, order in orders.items()),
             paid(first, orders[first], 7), paid(second, orders[second], 7),
             GroupClosed(group_id=group, activity_id=7, final_unit_price_fen=8500, paid_count=2, succeeded=True,
                         closed_at=datetime.now(UTC))]
    async with db.transaction() as tx:
        for payload in batch:
            found = reach.get(payload.event_type, payload.event_version)
            if found is not None:
                await found[1](tx, payload, Envelope.of(payload))
        await tx.commit()
    async with db.read_sessions() as session:
        reached = set((await session.exec(select(ReachMessage.user_id).where(
            ReachMessage.scene == "group_succeeded",
            ReachMessage.user_id.in_((first, second, unpaid))))).all())  # type: ignore[attr-defined]
    assert reached == {first, second}


async def test_a_plain_orders_payment_costs_the_reach_group_no_statement(db):
    """Only an activity's order can be a group's: a payment outside any activity is not looked up."""
    from common.testing.statements import counting_statements

    buyer, order = await new_user(db), new_id()
    found = reach.get(OrderPaid.event_type, OrderPaid.event_version)
    assert found is not None
    with counting_statements(db) as sent:
        async with db.transaction() as tx:
            await found[1](tx, paid(buyer, order), Envelope.of(paid(buyer, order)))
            await tx.commit()
    assert sent.value == 0
