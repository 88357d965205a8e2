"""Growth and points ledgers and level upgrades from order events, in-process against this run's
membership database; the manual level change through the API."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from common.bus import stream_key
from common.consumer import Consumer, Entry
from common.db import Database, is_sqlite
from common.events import Envelope
from common.events.orders import OrderConfirmed, OrderRefunded
from common.redis import make_redis
from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from common.testing.statements import counting_statements
from services.membership import ledger
from services.membership.config import Settings
from services.membership.handlers import earn_on_confirmation, handlers, reverse_on_refund
from services.membership.main import create_app
from services.membership.models import LedgerEntry, LevelHistory, User, events

_ids = itertools.count(secrets.randbelow(10**6) * 1000 + 1)


def new_id() -> int:
    return next(_ids)


def confirmed(user_id: int, order_id: int, settled_fen: int, *, grants_level: str | None = None) -> OrderConfirmed:
    at = datetime.now(UTC)
    return OrderConfirmed(order_id=order_id, user_id=user_id, product_role="regular", grants_level=grants_level,
                          community_id=None, leader_user_id=None, paid_amount_fen=settled_fen, paid_at=at,
                          settled_unit_price_fen=settled_fen, settled_amount_fen=settled_fen, confirmed_at=at)


def refunded(user_id: int, order_id: int, amount_fen: int, settled_fen: int | None, *, reason: str = "requested",
             refund_id: int | None = None) -> OrderRefunded:
    return OrderRefunded(order_id=order_id, user_id=user_id, refund_id=refund_id or new_id(), amount_fen=amount_fen,
                         total_refunded_fen=amount_fen, paid_amount_fen=settled_fen or amount_fen,
                         settled_amount_fen=settled_fen, reason=reason, refunded_at=datetime.now(UTC))


@pytest.fixture
async def db(unit_databases) -> AsyncIterator[Database]:
    database = Database.connect(unit_databases.format(service="membership"))
    yield database
    await database.dispose()


async def new_user(db: Database, level: str = "customer") -> int:
    async with db.write_sessions() as session:
        row = User(openid=f"ledger-{secrets.token_hex(8)}", level=level)
        session.add(row)
        await session.commit()
        return row.id


async def apply(db: Database, *payloads: OrderConfirmed | OrderRefunded) -> None:
    """Each event in its own transaction, the way the consumer applies it (without the inbox)."""
    for payload in payloads:
        handler = earn_on_confirmation if isinstance(payload, OrderConfirmed) else reverse_on_refund
        async with db.write_sessions() as session:
            await handler(session, payload, Envelope.of(payload))
            await session.commit()


async def entries(db: Database, user_id: int) -> list[LedgerEntry]:
    async with db.read_sessions() as session:
        return list((await session.exec(select(LedgerEntry).where(LedgerEntry.user_id == user_id)
                                        .order_by(col(LedgerEntry.id)))).all())


async def state(db: Database, user_id: int) -> dict:
    async with db.read_sessions() as session:
        points = await ledger.my_points(session=session, user_id=user_id)
        history = (await session.exec(select(LevelHistory).where(LevelHistory.user_id == user_id)
                                      .order_by(col(LevelHistory.id)))).all()
        level_events = (await session.exec(
            select(sa.func.count()).select_from(events.outbox)
            .where(events.outbox.c.event_type == "level.changed",
                   events.outbox.c.aggregate == f"user_id:{user_id}"))).one()
    effects = [(e.kind, e.amount_fen, e.growth, e.points) for e in await entries(db, user_id)]
    return {"points": points.points_balance, "growth": points.growth_total, "level": points.level,
            "history": [(h.from_level, h.to_level, h.reason) for h in history], "level_events": level_events,
            "effects": effects}


async def test_a_confirmed_order_earns_a_point_per_whole_yuan_at_the_level_rate(db):
    customer, member = await new_user(db), await new_user(db, "member")
    await apply(db, confirmed(customer, new_id(), 12_345), confirmed(member, new_id(), 12_345))
    assert (await state(db, customer))["effects"] == [("earn", 12_345, 123, 123)]
    assert (await state(db, member))["effects"] == [("earn", 12_345, 123, 184)]  # 1.5 points, rounded down


async def test_an_event_delivered_three_times_has_one_effect_and_one_upgrade(db):
    buyer = await new_user(db)
    event = confirmed(buyer, new_id(), 60_000)  # 600 growth: past member's 500
    await apply(db, event, event, event)
    after = await state(db, buyer)
    assert after["effects"] == [("earn", 60_000, 600, 600)]
    assert after["level"] == "member"
    assert after["history"] == [("customer", "member", "growth")]
    assert after["level_events"] == 1


async def test_a_batch_earns_at_the_level_an_earlier_event_of_it_reached(db):
    """A consumer applies a batch in one transaction: the second earning sees the level the first one set."""
    buyer = await new_user(db)
    async with db.write_sessions() as session:
        for payload in (confirmed(buyer, new_id(), 60_000), confirmed(buyer, new_id(), 10_000)):
            await earn_on_confirmation(session, payload, Envelope.of(payload))
        await session.commit()
    after = await state(db, buyer)
    assert after["effects"] == [("earn", 60_000, 600, 600), ("earn", 10_000, 100, 150)]  # member: 1.5 points
    assert (after["level"], after["history"]) == ("member", [("customer", "member", "growth")])


async def test_the_consumer_applies_a_redelivered_event_once(db, infra, unit_databases):
    buyer = await new_user(db)
    envelope = Envelope.of(confirmed(buyer, new_id(), 80_000))
    redis_settings = service_settings(Settings, infra, unit_databases).redis
    redis = make_redis(redis_settings)
    consumer = Consumer(group="membership", handlers=handlers, tables=events, database=db, redis=redis,
                        redis_settings=redis_settings)
    stream = stream_key(redis_settings, "orders")
    try:
        for batch in (["1-1"], ["1-2", "1-3"], ["1-4"]):  # once, twice in one batch, once more
            await consumer.handle([Entry(stream, entry_id, {"envelope": envelope.model_dump_json()})
                                   for entry_id in batch])
    finally:
        await redis.aclose()
    after = await state(db, buyer)
    assert after["effects"] == [("earn", 80_000, 800, 800)]
    assert after["history"] == [("customer", "member", "growth")] and after["level_events"] == 1


async def test_the_ledger_key_refuses_a_second_copy_of_an_effect(db):
    buyer = await new_user(db)
    order = new_id()
    async with db.write_sessions() as session:
        session.add(LedgerEntry(user_id=buyer, order_id=order, kind="earn", amount_fen=100, growth=1, points=1))
        await session.commit()
    with pytest.raises(sa.exc.IntegrityError):
        async with db.write_sessions() as session:
            session.add(LedgerEntry(user_id=buyer, order_id=order, kind="earn", amount_fen=100, growth=1, points=1))
            await session.commit()


async def test_a_refund_reverses_in_proportion_and_only_for_its_reasons(db):
    buyer = await new_user(db)
    order = new_id()
    refund = refunded(buyer, order, 3_333, 10_000)
    await apply(db, confirmed(buyer, order, 10_000), refund, refund,
                refunded(buyer, order, 500, 10_000, reason="group_settled"),
                refunded(buyer, order, 500, None, reason="late_payment"),
                refunded(buyer, order, 1_000, 10_000, reason="ops"))
    after = await state(db, buyer)
    assert after["effects"] == [("earn", 10_000, 100, 100), ("reverse", 3_333, -33, -33),
                                ("reverse", 1_000, -10, -10)]
    assert (after["growth"], after["points"]) == (57, 57)


async def test_refunds_never_take_back_more_than_the_order_earned(db):
    buyer = await new_user(db)
    order = new_id()
    await apply(db, confirmed(buyer, order, 10_000), refunded(buyer, order, 6_000, 10_000),
                refunded(buyer, order, 6_000, 10_000))
    assert [e.growth for e in await entries(db, buyer)] == [100, -60, -40]


async def test_a_refund_before_its_confirmation_ends_the_same_as_in_order(db):
    in_order, out_of_order = await new_user(db), await new_user(db)
    ends = []
    for buyer, sequence in ((in_order, "confirm-first"), (out_of_order, "refund-first")):
        order = new_id()
        confirm = confirmed(buyer, order, 55_000)  # 550 growth reaches member before the refund
        refund = refunded(buyer, order, 11_000, 55_000)
        await apply(db, *((confirm, refund) if sequence == "confirm-first" else (refund, confirm, refund)))
        ends.append(await state(db, buyer))
    assert ends[0] == ends[1]
    assert ends[0]["effects"] == [("earn", 55_000, 550, 550), ("reverse", 11_000, -110, -110)]
    assert ends[0]["level"] == "member"


async def test_balances_are_the_sums_of_the_ledger(db):
    buyer = await new_user(db)
    first, second = new_id(), new_id()
    await apply(db, confirmed(buyer, first, 9_999), confirmed(buyer, second, 70_001),
                refunded(buyer, first, 4_000, 9_999), refunded(buyer, second, 1, 70_001))
    rows = await entries(db, buyer)
    after = await state(db, buyer)
    assert after["points"] == sum(e.points for e in rows)
    assert after["growth"] == sum(e.growth for e in rows)
    assert len(rows) == 4


async def test_a_reversal_never_moves_a_user_down(db):
    buyer = await new_user(db)
    order = new_id()
    await apply(db, confirmed(buyer, order, 50_000), refunded(buyer, order, 50_000, 50_000))
    after = await state(db, buyer)
    assert (after["growth"], after["level"]) == (0, "member")
    assert after["history"] == [("customer", "member", "growth")]


async def test_a_gift_pack_grants_its_level_once(db):
    buyer = await new_user(db)
    event = confirmed(buyer, new_id(), 39_900, grants_level="partner")
    await apply(db, event, event)
    after = await state(db, buyer)
    assert after["level"] == "partner"
    assert after["history"] == [("customer", "partner", "bundle")]
    assert after["level_events"] == 1
    await apply(db, confirmed(buyer, new_id(), 100, grants_level="member"))  # lower: nothing changes
    assert (await state(db, buyer))["history"] == [("customer", "partner", "bundle")]


# --- through the API ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    application = create_app(service_settings(Settings, infra, unit_databases))
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


def as_user(app, user_id: int, *roles: str) -> SignedAs:
    return SignedAs(user(user_id, *roles), app.state.settings.internal_key)


async def test_a_user_reads_points_ledger_and_level_history(app, db):
    api = app.state.client
    buyer = await new_user(db)
    order = new_id()
    await apply(db, confirmed(buyer, order, 20_050), refunded(buyer, order, 10_025, 20_050))
    points = (await api.get("/v1/users/me/points", auth=as_user(app, buyer))).json()
    assert points == {"points_balance": 100, "growth_total": 100, "level": "customer",
                      "next_level": {"code": "member", "growth_threshold": 500, "needed": 400}}
    first = (await api.get("/v1/users/me/points/ledger", params={"limit": 1}, auth=as_user(app, buyer))).json()
    second = (await api.get("/v1/users/me/points/ledger", params={"limit": 1, "cursor": first["next_cursor"]},
                            auth=as_user(app, buyer))).json()
    assert [(e["kind"], e["refund_id"], e["growth"]) for e in first["items"] + second["items"]] == [
        ("earn", None, 200), ("reverse", second["items"][0]["refund_id"], -100)]
    assert second["next_cursor"] is None
    history = (await api.get("/v1/users/me/level-history", auth=as_user(app, buyer))).json()
    assert history["items"] == []


async def test_only_ops_set_a_level_by_hand_and_it_is_kept(app, db):
    api = app.state.client
    target, staff = await new_user(db), await new_user(db)
    body = {"level": "partner", "reason": "founding partner of 阳光花园"}
    assert (await api.put(f"/v1/users/{target}/level", json=body,
                          auth=as_user(app, staff))).status_code == 403
    assert (await api.put(f"/v1/users/{target}/level", json=body | {"level": "nobody"},
                          auth=as_user(app, staff, "ops"))).status_code == 422
    answer = await api.put(f"/v1/users/{target}/level", json=body, auth=as_user(app, staff, "ops"))
    assert answer.status_code == 200, answer.text
    assert answer.json()["level"] == "partner" and answer.json()["next_level"] is None
    history = (await api.get("/v1/users/me/level-history", auth=as_user(app, target))).json()["items"]
    assert [(h["from_level"], h["to_level"], h["reason"], h["actor_user_id"], h["note"]) for h in history] == [
        ("customer", "partner", "manual", staff, body["reason"])]
    assert (await state(db, target))["level_events"] == 1


async def test_an_earning_and_the_growth_it_brings_are_one_statement_on_postgresql(db):
    """The buyer and levels read under the buyer's lock, then on PostgreSQL the earning written and the growth
    total read in one statement; the total counts the new earning, so the upgrade still comes."""
    buyer = await new_user(db)
    await apply(db, confirmed(buyer, new_id(), 30_000))  # 300 growth: a customer still
    event = confirmed(buyer, new_id(), 30_000)  # 600 in all: past member's 500
    sent = []
    for _ in range(2):  # the second time it is there: nothing written, nothing more read
        with counting_statements(db) as counted:
            async with db.transaction() as tx:
                await ledger.earn(tx, event)
                await tx.commit()
        sent.append(counted.value)
    after = await state(db, buyer)
    assert after["growth"] == 600 and after["level"] == "member"
    assert after["history"] == [("customer", "member", "growth")]
    if not is_sqlite(db.url):
        assert sent == [4, 2]  # the lock's read, the earning with the total, the upgrade's write (5 before)
