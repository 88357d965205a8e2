"""Lifecycle stages and subscription messages when two transactions touch one buyer at once: one holds its
change uncommitted while the other decides on what it read, so on PostgreSQL the second finds the buyer moved
under it and decides again; SQLite's one writer makes it wait its turn.  Either way the buyer ends where the
events say, with the paid orders kept once and each consent spent once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.db import Database, is_sqlite
from common.events import Envelope
from common.events.orders import GroupTierReached
from common.testing.statements import counting_statements
from common.upsert import insert_new
from services.membership import levels, lifecycle
from services.membership.config import Settings
from services.membership.models import PaidOrder, ReachMessage, SubscriptionConsent
from services.membership.subscriptions import queue
from services.membership.tests.test_stages import new_id, new_user, stage_of

Step = Callable[[AsyncSession], Awaitable[object]]


@pytest.fixture
async def db(unit_databases) -> AsyncIterator[Database]:
    database = Database.connect(unit_databases.format(service="membership"))
    yield database
    await database.dispose()


def paid(user_id: int, order_id: int) -> Step:
    return lambda session: lifecycle.paid(session, user_id=user_id, order_id=order_id, paid_at=datetime.now(UTC),
                                          event_type="order.paid")


def placed_in_group(user_id: int) -> Step:
    return lambda session: lifecycle.reach_by_id(session, user_id, "intent", "quasi_buyer",
                                                 event_type="order.placed", at=datetime.now(UTC))


async def overlapping(db: Database, first: Step, second: Step) -> None:
    """``first`` applied and left uncommitted while ``second`` starts; then ``first`` commits."""
    async with db.write_sessions() as holding:
        await first(holding)

        async def then() -> None:
            async with db.write_sessions() as session:
                await second(session)
                await session.commit()

        waiting = asyncio.create_task(then())
        await asyncio.sleep(0.3)  # the second reads the buyer as they were and waits on the first's change
        await holding.commit()
    await asyncio.wait_for(waiting, 30)


async def paid_orders(db: Database, user_id: int) -> int:
    async with db.read_sessions() as session:
        return int((await session.exec(select(sa.func.count()).select_from(PaidOrder)
                                       .where(PaidOrder.user_id == user_id))).one())


async def test_two_orders_paid_at_once_make_the_buyer_loyal(db):
    buyer = await new_user(db)
    await overlapping(db, paid(buyer, new_id()), paid(buyer, new_id()))
    assert await stage_of(db, buyer) == ("loyal", ["buyer", "loyal"])
    assert await paid_orders(db, buyer) == 2


async def test_one_order_paid_twice_at_once_is_kept_once(db):
    buyer, order = await new_user(db), new_id()
    await overlapping(db, paid(buyer, order), paid(buyer, order))
    assert await stage_of(db, buyer) == ("buyer", ["buyer"])
    assert await paid_orders(db, buyer) == 1


async def test_a_placement_overtaken_by_the_payment_never_moves_the_buyer_back(db):
    buyer = await new_user(db)
    await overlapping(db, paid(buyer, new_id()), placed_in_group(buyer))
    assert await stage_of(db, buyer) == ("buyer", ["buyer"])


async def test_a_payment_overtaking_the_placement_still_makes_a_buyer(db):
    buyer = await new_user(db)
    await overlapping(db, placed_in_group(buyer), paid(buyer, new_id()))
    assert await stage_of(db, buyer) == ("buyer", ["intent", "quasi_buyer", "buyer"])


async def test_a_tier_message_queued_twice_at_once_spends_one_consent(db):
    settings = Settings(mode="dev").reach
    buyers = [await new_user(db) for _ in range(3)]
    async with db.write_sessions() as session:
        for buyer in buyers[:2]:  # the third holds no consent
            session.add(SubscriptionConsent(user_id=buyer, scene="group_tier", available=1))
        await session.commit()
    group_id = new_id()
    event = GroupTierReached(group_id=group_id, activity_id=new_id(), threshold=3, unit_price_fen=900, count=3,
                             next_threshold=4, next_unit_price_fen=850, needed=1,
                             participant_ids=[*buyers, buyers[0]], closes_at=None,
                             reached_at=datetime.now(UTC))
    envelope = Envelope.of(event)

    def queued(session: AsyncSession) -> Awaitable[list[int]]:
        return queue(session, envelope, settings=settings, user_ids=event.participant_ids, scene="group_tier",
                     values={"amount1": "9.00元"}, page=f"pages/group/index?id={group_id}")

    await overlapping(db, queued, queued)
    async with db.read_sessions() as session:
        rows = (await session.exec(select(ReachMessage.user_id, ReachMessage.status, ReachMessage.next_attempt_at)
                                   .where(ReachMessage.event_id == str(envelope.id))
                                   .order_by(col(ReachMessage.id)))).all()
        left = dict((await session.exec(select(SubscriptionConsent.user_id, SubscriptionConsent.available)
                                        .where(col(SubscriptionConsent.user_id).in_(buyers)))).all())
    assert [(user_id, status) for user_id, status, _ in rows] == [
        (buyers[0], "pending"), (buyers[1], "pending"), (buyers[2], "no_consent")]
    assert rows[0][2] is not None and rows[2][2] is None
    assert left == {buyers[0]: 0, buyers[1]: 0}


# --- a move as the consumer makes it: in a transaction without a session -----------------------------


async def test_a_move_and_its_first_times_cost_postgresql_one_statement(db):
    buyer = await new_user(db)
    async with db.transaction() as tx:
        assert await lifecycle._stage_of(tx, buyer, "order.placed") == "onlooker"  # the transaction begun
        with counting_statements(db) as sent:
            assert await lifecycle.reach_by_id(tx, buyer, "intent", "quasi_buyer", event_type="order.placed",
                                               at=datetime.now(UTC))
        await tx.commit()
    assert await stage_of(db, buyer) == ("quasi_buyer", ["intent", "quasi_buyer"])
    # On PostgreSQL the stage's read, the move and its history go as one statement (two before); SQLite
    # sends the read, the move and the history each on its own.
    assert sent.value == (3 if is_sqlite(db.url) else 1)


async def test_one_statement_keeps_only_the_first_times_beyond_the_stage_read(db):
    """From ``intent`` a group order moves the buyer to ``quasi_buyer`` alone; a buyer beyond is not moved and
    keeps no first time; an unknown user is an error, as before."""
    at = datetime.now(UTC)
    buyer, beyond = await new_user(db), await new_user(db)
    async with db.transaction() as tx:
        assert await lifecycle.reach_by_id(tx, buyer, "intent", event_type="order.placed", at=at)
        assert await lifecycle.reach_by_id(tx, beyond, "buyer", event_type="order.paid", at=at)
        await tx.commit()
    later = datetime.now(UTC)
    async with db.transaction() as tx:
        assert await lifecycle.reach_by_id(tx, buyer, "intent", "quasi_buyer", event_type="order.placed", at=later)
        assert not await lifecycle.reach_by_id(tx, beyond, "intent", "quasi_buyer", event_type="order.placed",
                                               at=later)
        with pytest.raises(LookupError):
            await lifecycle.reach_by_id(tx, new_id(), "quasi_buyer", event_type="order.placed", at=later)
        await tx.commit()
    assert await stage_of(db, buyer) == ("quasi_buyer", ["intent", "quasi_buyer"])
    assert await stage_of(db, beyond) == ("buyer", ["buyer"])
    async with db.read_sessions() as session:
        from services.membership.models import StageHistory

        times = dict((await session.exec(sa.select(StageHistory.stage, StageHistory.reached_at)
                                         .where(StageHistory.user_id == buyer))).all())
    assert times["intent"] == at  # kept from the first time, not the group order's


async def test_a_move_made_meanwhile_by_another_event_is_decided_again(db):
    """The stage read in the statement called for a move, and another transaction moved the user beyond before
    the update took the row: nothing moves back, and the answer says nothing changed."""
    if is_sqlite(db.url):
        pytest.skip("SQLite has one writer at a time: nothing moves between a read and a write")
    import asyncio

    buyer = await new_user(db)
    async with db.transaction() as holder:
        assert await lifecycle.reach_by_id(holder, buyer, "loyal", event_type="order.paid", at=datetime.now(UTC))

        async def placed() -> bool:
            async with db.transaction() as tx:
                moved = await lifecycle.reach_by_id(tx, buyer, "intent", "quasi_buyer", event_type="order.placed",
                                                    at=datetime.now(UTC))
                await tx.commit()
                return moved

        waiting = asyncio.ensure_future(placed())
        await asyncio.sleep(0.3)  # it reads "onlooker" and waits for the holder's lock of the row
        assert not waiting.done()
        await holder.commit()
    assert not await waiting
    assert await stage_of(db, buyer) == ("loyal", ["loyal"])


async def test_a_move_that_misses_keeps_no_first_time(db):
    buyer = await new_user(db)  # an onlooker: a move decided on another stage finds no row to move
    async with db.transaction() as tx:
        assert not await lifecycle._move(tx, buyer, "participant", ["intent", "quasi_buyer"],
                                         event_type="order.placed", at=datetime.now(UTC))
        assert not await lifecycle._move(tx, buyer, "participant", ["quasi_buyer"], event_type="order.placed",
                                         at=datetime.now(UTC))
        await tx.commit()
    assert await stage_of(db, buyer) == ("onlooker", [])


async def test_a_buyer_held_for_a_level_change_lets_rows_that_point_at_them_be_written(db):
    """A confirmed order's level change holds its buyer's row; another consumer group's paid order (whose
    foreign key points at the buyer) is written meanwhile rather than waiting for it.  Under a full
    ``FOR UPDATE`` it waited, and when the holder then wrote the same paid order the two deadlocked."""
    if is_sqlite(db.url):
        pytest.skip("SQLite has one writer at a time: no row locks")
    buyer = await new_user(db)
    async with db.write_sessions() as holding:
        assert await levels.locked_member(holding, buyer) is not None
        assert await levels.locked_user(holding, buyer) is not None
        async with db.write_sessions() as other:
            await other.exec(sa.text("SET LOCAL lock_timeout = '2s'"))  # the old lock: LockNotAvailable here
            await insert_new(other, PaidOrder, [{"user_id": buyer, "order_id": new_id(), "paid_at": datetime.now(UTC)}])
            await other.commit()
        await holding.commit()
    assert await paid_orders(db, buyer) == 1


async def test_a_payment_that_moves_the_buyer_keeps_its_paid_order_in_the_moves_statement(db):
    """On PostgreSQL the read and the move, which keeps the paid order too: the commit has nothing held to send
    (three statements when the paid order was held to the end)."""
    buyer = await new_user(db)
    order = new_id()
    with counting_statements(db) as sent:
        async with db.transaction() as tx:
            assert await lifecycle.paid(tx, user_id=buyer, order_id=order, paid_at=datetime.now(UTC),
                                        event_type="order.paid")
            await tx.commit()
    assert (await stage_of(db, buyer))[0] == "buyer"
    assert await paid_orders(db, buyer) == 1
    # SQLite (in process): its BEGIN IMMEDIATE, the read, the move, its history and the paid order.
    assert sent.value == (5 if is_sqlite(db.url) else 2)


async def test_a_paid_order_kept_counts_for_the_next_payment_in_the_same_transaction(db):
    """The paid order is kept by the move's statement on PostgreSQL; the next statement is a read of the users
    here; a second payment of the buyer in the same transaction reads it, so two distinct paid orders make the
    buyer loyal."""
    buyer, other = await new_user(db), await new_user(db)
    at = datetime.now(UTC)
    async with db.transaction() as tx:
        with counting_statements(db) as sent:
            assert await lifecycle.paid(tx, user_id=buyer, order_id=new_id(), paid_at=at, event_type="order.paid")
            assert await lifecycle._stage_of(tx, other, "order.paid") == "onlooker"
        assert await lifecycle.paid(tx, user_id=buyer, order_id=new_id(), paid_at=at, event_type="order.paid")
        await tx.commit()
    assert (await stage_of(db, buyer))[0] == "loyal"
    async with db.read_sessions() as session:
        kept = (await session.exec(sa.select(sa.func.count()).select_from(PaidOrder)
                                   .where(PaidOrder.user_id == buyer))).one()
    assert kept[0] == 2
    # The stage with the paid orders read, the move keeping the paid order, then the read; SQLite (in process)
    # sends each on its own, after its BEGIN IMMEDIATE.
    assert sent.value == (6 if is_sqlite(db.url) else 3)
