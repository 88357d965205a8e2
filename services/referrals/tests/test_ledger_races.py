"""Events of one order, or of one referrer's referees, applied at the same moment in transactions of their
own (as consumers on several replicas do): the order's earners are fixed once, its facts kept once, and the
ledger, the referee counts and the notices end as if the events had come one by one.  Also: a rule version
of three levels pays three levels of a longer chain, never the fourth, and its own new-member reward; a
payment that pays nobody still carries the reward its confirmation brings."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlmodel import col, select

from common.db import Database
from common.events import Envelope
from services.referrals import ledger
from services.referrals.binding import bind
from services.referrals.config import BindingSettings
from services.referrals.domain.rules import RuleSet
from services.referrals.models import OrderEarning, OrderRefundFact, RuleVersion
from services.referrals.service import ensure_code
from services.referrals.tests.test_ledger import (
    LEADER_RATE,
    Order,
    apply,
    balances,
    chain,
    entries,
    handlers,
    level,
    new_id,
)
from services.referrals.tests.test_money_notices import published

REWARD = RuleSet().new_member_reward_fen * 2  # the tests' promotion day doubles it


async def apply_at_once(db: Database, *payloads) -> None:
    """Each event in a transaction of its own, all started together."""

    async def one(payload) -> None:
        _, handler = handlers.get(payload.event_type, payload.event_version)
        async with db.write_sessions() as session:
            await handler(session, payload, Envelope.of(payload))
            await session.commit()

    await asyncio.gather(*(one(payload) for payload in payloads))


async def test_payment_and_confirmation_heard_at_once_earn_as_one_after_the_other(db) -> None:
    leader = new_id()
    orders = [Order(new_id(), 10_000, leader=leader) for _ in range(4)]
    await apply_at_once(db, *(event for order in orders for event in (order.confirmed(), order.paid())))
    commission = 10_000 * LEADER_RATE // 1000
    expected = [("frozen", leader, commission), ("pending", leader, commission), ("pending_out", leader, -commission)]
    for order in orders:
        written = await entries(db, order.id)
        assert [(key.rsplit(":", 1)[1], user, amount) for key, user, _, _, _, amount, _ in written] == expected
    async with db.read_sessions() as session:
        rows = (await session.exec(select(OrderEarning).where(
            col(OrderEarning.order_id).in_([order.id for order in orders])))).all()
    assert sorted((row.order_id, row.settled_amount_fen) for row in rows) == sorted((o.id, 10_000) for o in orders)


async def test_the_order_row_made_by_two_at_once_keeps_one_set_of_earners(db) -> None:
    referrer, buyer = await chain(db, 2)
    await apply(db, level(referrer, "partner"))
    order = Order(buyer, 8_000)

    async def seen(write) -> None:
        async with db.write_sessions() as session:
            await write(session)
            await session.commit()

    await asyncio.gather(seen(lambda s: ledger.paid(s, order.paid(), RuleSet())),
                         seen(lambda s: ledger.confirmed(s, order.confirmed(), RuleSet())),
                         seen(lambda s: ledger.paid(s, order.paid(), RuleSet())))
    async with db.read_sessions() as session:
        row = await session.get(OrderEarning, order.id)
    assert row.upline == [[referrer, "partner"]] and row.settled_amount_fen == 8_000
    assert await balances(db, referrer) == {"pending": 0, "frozen": 800, "available": 0}


async def test_a_refund_and_a_completion_told_twice_at_once_count_once(db) -> None:
    referrer, buyer = await chain(db, 2)
    await apply(db, level(referrer, "member"))
    order = Order(buyer, 10_000)
    await apply(db, order.paid(), order.confirmed())
    refund = order.refund(4_000)
    await apply_at_once(db, refund, refund)
    completion = order.completed()
    await apply_at_once(db, completion, completion)
    async with db.read_sessions() as session:
        facts = (await session.exec(select(OrderRefundFact).where(OrderRefundFact.order_id == order.id))).all()
    assert [fact.refund_id for fact in facts] == [refund.refund_id]
    kept = 500 - 200 + REWARD  # the rebate less its share of the refund, and the whole reward
    assert await balances(db, referrer) == {"pending": 0, "frozen": 0, "available": kept}
    told = await published(db, "rebate.credited", order_id=order.id)
    assert sorted(p["amount_fen"] for p in told) == sorted([300, REWARD])


async def test_referees_confirmed_at_once_are_counted_one_by_one(db) -> None:
    referrer, referees = new_id(), [new_id() for _ in range(3)]
    async with db.write_sessions() as session:
        code = await ensure_code(session, referrer)
        await session.commit()
    for referee in referees:
        async with db.write_sessions() as session:
            await bind(session=session, settings=BindingSettings(), user_id=referee, code=code)
    await apply(db, level(referrer, "member"))
    orders = [Order(referee, 1_000) for referee in referees]
    await apply_at_once(db, *(order.confirmed() for order in orders))
    told = await published(db, "referral.referee_confirmed", referrer_id=referrer)
    assert sorted(p["confirmed_referees"] for p in told) == [1, 2, 3]
    assert sorted(p["referee_id"] for p in await published(db, "referral.referee_paid", referrer_id=referrer)) \
        == sorted(referees)
    assert (await balances(db, referrer))["frozen"] == 3 * (50 + REWARD)


async def test_a_three_level_version_pays_three_levels_of_a_longer_chain(db) -> None:
    a, b, c, d, e = await chain(db, 5)
    await apply(db, *(level(user, "member") for user in (a, b, c, d)))
    starts = datetime.now(UTC) + timedelta(days=3651)  # far ahead: other tests of this database keep the defaults
    rules = RuleSet(max_levels=3, rates={1: {"member": 50}, 2: {"member": 20}, 3: {"member": 10}},
                    new_member_reward_fen=700)
    version = RuleVersion(rules=rules.model_dump(mode="json"), effective_from=starts, created_by=1)
    async with db.write_sessions() as session:
        session.add(version)
        await session.commit()
        version_id = version.version
    try:
        order = Order(e, 10_000, at=starts + timedelta(seconds=1))
        await apply(db, order.paid())
        assert sorted((user, amount, tree) for _, user, _, _, _, amount, tree in await entries(db, order.id)) \
            == sorted([(d, 500, 1), (c, 200, 2), (b, 100, 3)])
        async with db.read_sessions() as session:
            assert (await session.get(OrderEarning, order.id)).rule_version == version_id
        await apply(db, order.confirmed())  # the version's new-member reward, doubled on the promotion day
        assert await balances(db, d) == {"pending": 0, "frozen": 500 + 1_400, "available": 0}
    finally:
        async with db.write_sessions() as session:
            await session.delete(await session.get(RuleVersion, version_id))
            await session.commit()


async def test_a_payment_that_pays_nobody_still_carries_the_referees_reward(db) -> None:
    referrer, buyer = await chain(db, 2)
    await apply(db, level(referrer, "member"))
    order = Order(buyer, 10_000, role="traffic")  # traffic products pay no rebate, and no leader hands it out
    await apply(db, order.paid())
    assert await entries(db, order.id) == []
    async with db.read_sessions() as session:
        assert (await session.get(OrderEarning, order.id)).upline == [[referrer, "member"]]
    await apply(db, order.refund(1_000), order.confirmed(), order.completed())
    assert await balances(db, referrer) == {"pending": 0, "frozen": 0, "available": REWARD}
