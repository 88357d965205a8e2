"""The rebate ledger from order events, in-process against this run's referrals database: who earns,
at which rate, through which buckets; the same ledger whatever order the events come in; a late refund
after a withdrawal, and what offsets it."""

from __future__ import annotations

import itertools
import random
import secrets
from datetime import UTC, datetime, timedelta

from sqlmodel import col, select

from common.db import Database
from common.events import Envelope
from common.events.membership import LevelChanged
from common.events.orders import OrderCompleted, OrderConfirmed, OrderPaid, OrderRefunded
from services.referrals import ledger, withdrawals
from services.referrals.binding import bind
from services.referrals.config import BindingSettings, WithdrawalSettings
from services.referrals.domain.rules import RuleSet
from services.referrals.handlers import make_handlers
from services.referrals.models import LedgerEntry, RuleVersion
from services.referrals.service import ensure_code

_ids = itertools.count(secrets.randbelow(10**6) * 1000 + 500_001)
T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
LEADER_RATE = RuleSet().leader_rate_permille


def new_id() -> int:
    return next(_ids)


async def promotion_day(_at: datetime) -> int:
    return 2


handlers = make_handlers(RuleSet, promotion_day)


async def apply(db: Database, *payloads) -> None:
    for payload in payloads:
        _, handler = handlers.get(payload.event_type, payload.event_version)
        async with db.write_sessions() as session:
            await handler(session, payload, Envelope.of(payload))
            await session.commit()


async def chain(db: Database, length: int) -> list[int]:
    """Users bound one under the other: [A, B, C, D] is A ← B ← C ← D (A referred B, …)."""
    users = [new_id() for _ in range(length)]
    for upper, lower in itertools.pairwise(users):
        async with db.write_sessions() as session:
            code = await ensure_code(session, upper)
            await session.commit()
        async with db.write_sessions() as session:
            await bind(session=session, settings=BindingSettings(), user_id=lower, code=code)
    return users


def level(user_id: int, to: str, at: datetime = T0) -> LevelChanged:
    return LevelChanged(user_id=user_id, from_level="customer", to_level=to, reason="manual", changed_at=at)


class Order:
    def __init__(self, buyer: int, paid_fen: int, *, settled_fen: int | None = None, leader: int | None = None,
                 role: str = "regular", at: datetime | None = None) -> None:
        self.id, self.buyer, self.paid_fen, self.leader, self.role = new_id(), buyer, paid_fen, leader, role
        self.settled_fen = paid_fen if settled_fen is None else settled_fen
        self.at = at or datetime.now(UTC)
        self.refunded = 0

    def paid(self) -> OrderPaid:
        return OrderPaid(order_id=self.id, user_id=self.buyer, sku_id=1, activity_id=None, product_role=self.role,
                         quantity=1, unit_price_fen=self.paid_fen, amount_fen=self.paid_fen,
                         community_id=1 if self.leader else None, leader_user_id=self.leader, paid_at=self.at)

    def confirmed(self) -> OrderConfirmed:
        return OrderConfirmed(order_id=self.id, user_id=self.buyer, product_role=self.role, grants_level=None,
                              community_id=1 if self.leader else None, leader_user_id=self.leader,
                              paid_amount_fen=self.paid_fen, paid_at=self.at, settled_unit_price_fen=self.settled_fen,
                              settled_amount_fen=self.settled_fen, confirmed_at=self.at + timedelta(minutes=1))

    def refund(self, amount: int, reason: str = "requested") -> OrderRefunded:
        self.refunded += amount
        return OrderRefunded(order_id=self.id, user_id=self.buyer, refund_id=new_id(), amount_fen=amount,
                             total_refunded_fen=self.refunded, paid_amount_fen=self.paid_fen,
                             settled_amount_fen=self.settled_fen, reason=reason,
                             refunded_at=self.at + timedelta(hours=1, seconds=self.refunded))

    def completed(self) -> OrderCompleted:
        return OrderCompleted(order_id=self.id, user_id=self.buyer, settled_amount_fen=self.settled_fen,
                              kept_amount_fen=self.paid_fen - self.refunded, completed_at=self.at + timedelta(days=8))


async def entries(db: Database, order_id: int) -> list[tuple]:
    async with db.read_sessions() as session:
        rows = (await session.exec(select(LedgerEntry).where(LedgerEntry.order_id == order_id)
                                   .order_by(col(LedgerEntry.effect_key)))).all()
    return [(r.effect_key, r.user_id, r.kind, r.bucket, r.step, r.amount_fen, r.tree_level) for r in rows]


async def balances(db: Database, user_id: int) -> dict[str, int]:
    async with db.read_sessions() as session:
        return await ledger.balances(session, user_id)


async def test_a_chain_pays_the_two_nearest_by_their_own_levels_never_the_third(db) -> None:
    a, b, c, d = await chain(db, 4)
    await apply(db, level(a, "partner"), level(b, "partner"), level(c, "member"))
    order = Order(d, 10_000)
    await apply(db, order.paid())
    assert await balances(db, c) == {"pending": 500, "frozen": 0, "available": 0}  # member, tree level 1: 5 %
    assert await balances(db, b) == {"pending": 500, "frozen": 0, "available": 0}  # partner, tree level 2: 5 %
    assert await balances(db, a) == {"pending": 0, "frozen": 0, "available": 0}
    await apply(db, order.confirmed())
    assert await balances(db, c) == {"pending": 0, "frozen": 500 + 1_000, "available": 0}  # + new-member reward ×2
    await apply(db, order.completed())
    assert await balances(db, c) == {"pending": 0, "frozen": 0, "available": 500 + 1_000}
    assert await balances(db, b) == {"pending": 0, "frozen": 0, "available": 500}
    assert await balances(db, a) == {"pending": 0, "frozen": 0, "available": 0}
    # C was a member at payment; their later promotion does not change this order, but pays on the next one
    await apply(db, level(c, "partner", at=datetime.now(UTC)))
    later = Order(d, 10_000)
    await apply(db, later.paid())
    assert sorted((e[1], e[5]) for e in await entries(db, later.id)) == sorted([(b, 500), (c, 1_000)])


async def test_a_customer_upline_earns_nothing_and_the_leader_earns_commission(db) -> None:
    a, b = await chain(db, 2)
    leader = new_id()
    order = Order(b, 20_000, leader=leader)
    await apply(db, order.paid(), order.confirmed(), order.completed())
    assert (await balances(db, a))["available"] == 0  # a customer: members and above earn by default
    assert (await balances(db, leader))["available"] == 20_000 * LEADER_RATE // 1000


async def test_duplicated_and_reordered_events_give_the_same_ledger(db) -> None:
    rng = random.Random(8)
    in_order, shuffled = [], []
    for target in (in_order, shuffled):
        a, b, c = await chain(db, 3)
        await apply(db, level(a, "partner"), level(b, "member"))
        order = Order(c, 9_999, settled_fen=8_888, leader=new_id())
        events = [order.paid(), order.confirmed(), order.refund(1_111, "group_settled"), order.refund(2_000),
                  order.refund(1_500, "ops"), order.completed()]
        if target is shuffled:
            events = events + rng.sample(events, 4)
            rng.shuffle(events)
        await apply(db, *events)
        target.extend((kind, bucket, step, amount, tree) for _, _, kind, bucket, step, amount, tree
                      in await entries(db, order.id))
    assert sorted(in_order) == sorted(shuffled)
    assert any(step == "complete" for _, _, step, _, _ in shuffled)


async def test_a_refund_after_a_withdrawal_leaves_a_negative_balance_that_later_earnings_offset(db) -> None:
    referrer, buyer = await chain(db, 2)
    await apply(db, level(referrer, "partner"))
    first = Order(buyer, 50_000)
    await apply(db, first.paid(), first.confirmed(), first.completed())
    earned = 50_000 * 100 // 1000
    reward = RuleSet().new_member_reward_fen * 2
    assert (await balances(db, referrer))["available"] == earned + reward
    async with db.write_sessions() as session:
        taken, _ = await withdrawals.request(session=session, settings=WithdrawalSettings(), user_id=referrer,
                                             amount_fen=earned + reward, idempotency_key=None)
    assert taken.status == "pending_review" and (await balances(db, referrer))["available"] == 0
    await apply(db, first.refund(50_000, "ops"))  # a late refund, after completion
    assert (await balances(db, referrer))["available"] == -earned - reward
    second = Order(buyer, 80_000)
    await apply(db, second.paid(), second.confirmed(), second.completed())
    assert (await balances(db, referrer))["available"] == -earned - reward + 8_000


async def test_an_order_of_a_failed_group_takes_its_pending_rebates_back(db) -> None:
    referrer, buyer = await chain(db, 2)
    await apply(db, level(referrer, "member"))
    order = Order(buyer, 6_000)
    await apply(db, order.paid())
    assert (await balances(db, referrer))["pending"] == 300
    await apply(db, order.refund(6_000, "group_failed"))
    assert await balances(db, referrer) == {"pending": 0, "frozen": 0, "available": 0}


async def test_an_order_is_rebated_under_the_rules_in_force_when_it_was_paid(db) -> None:
    referrer, buyer = await chain(db, 2)
    await apply(db, level(referrer, "member"))
    starts = datetime.now(UTC) + timedelta(days=3650)  # far ahead: other tests of this database keep the defaults
    version = RuleVersion(rules=RuleSet(rates={1: {"member": 200}}, cap_permille=300).model_dump(mode="json"),
                          effective_from=starts, created_by=1)
    async with db.write_sessions() as session:
        session.add(version)
        await session.commit()
        version_id = version.version
    try:
        before = Order(buyer, 10_000, at=starts - timedelta(seconds=1))
        after = Order(buyer, 10_000, at=starts + timedelta(seconds=1))
        await apply(db, after.paid(), before.paid())
        assert [e[5] for e in await entries(db, before.id)] == [500]
        assert [e[5] for e in await entries(db, after.id)] == [2_000]
    finally:
        async with db.write_sessions() as session:
            await session.delete(await session.get(RuleVersion, version_id))
            await session.commit()
