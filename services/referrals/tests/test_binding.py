"""Binding users to referrers through the API, and what the tree learns from order events, in-process
against this run's referrals database."""

from __future__ import annotations

import asyncio
import itertools
import json
import secrets
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from common.bus import stream_key
from common.consumer import Consumer, Entry
from common.db import Database, is_sqlite
from common.events import Envelope
from common.events.membership import UserRegistered
from common.events.orders import OrderConfirmed, OrderPaid
from common.redis import make_redis
from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from common.testing.statements import counting_statements
from services.referrals.binding import record_confirmed, record_paid
from services.referrals.config import BindingSettings, Settings
from services.referrals.domain.rules import RuleSet
from services.referrals.handlers import make_handlers
from services.referrals.ledger import rules_in_force
from services.referrals.main import create_app
from services.referrals.models import ConfirmedReferee, ReferralUser, events
from services.referrals.service import ensure_code

_ids = itertools.count(secrets.randbelow(10**6) * 1000 + 1)


def new_id() -> int:
    return next(_ids)


def paid(user_id: int, order_id: int | None = None) -> OrderPaid:
    return OrderPaid(order_id=order_id or new_id(), user_id=user_id, sku_id=1, activity_id=None,
                     product_role="regular", quantity=1, unit_price_fen=1_000, amount_fen=1_000, community_id=None,
                     leader_user_id=None, paid_at=datetime.now(UTC))


def confirmed(user_id: int, order_id: int | None = None) -> OrderConfirmed:
    at = datetime.now(UTC)
    return OrderConfirmed(order_id=order_id or new_id(), user_id=user_id, product_role="regular", grants_level=None,
                          community_id=None, leader_user_id=None, paid_amount_fen=1_000, paid_at=at,
                          settled_unit_price_fen=1_000, settled_amount_fen=1_000, confirmed_at=at)


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    application = create_app(service_settings(Settings, infra, unit_databases))
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


@pytest.fixture(params=["new_users_only"])
def mode(request, app):
    """The binding settings for one test (tests ask for other modes with ``indirect`` parametrisation)."""
    before = app.state.settings.binding
    app.state.settings.binding = BindingSettings(mode=request.param)
    yield app.state.settings.binding
    app.state.settings.binding = before


def modes(*names: str):
    return pytest.mark.parametrize("mode", names, indirect=True)


async def no_promotion(_at: datetime) -> int:
    return 1


handlers = make_handlers(RuleSet, no_promotion)


async def apply(db: Database, *payloads) -> None:
    """Each event in its own transaction, the way the consumer applies it (without the inbox)."""
    for payload in payloads:
        _, handler = handlers.get(payload.event_type, payload.event_version)
        if handlers.is_session_free(handler):  # as the consumer applies a batch of them: without a session
            async with db.transaction() as tx:
                await handler(tx, payload, Envelope.of(payload))
                await tx.commit()
            continue
        async with db.write_sessions() as session:
            await handler(session, payload, Envelope.of(payload))
            await session.commit()


async def new_user(db: Database) -> tuple[int, str]:
    """A user with a code."""
    user_id = new_id()
    async with db.write_sessions() as session:
        code = await ensure_code(session, user_id)
        await session.commit()
    return user_id, code


async def bind(app, user_id: int, code: str):
    return await app.state.client.post("/v1/referrals/bind", json={"code": code},
                                       auth=SignedAs(user(user_id), app.state.settings.internal_key))


async def published(db: Database, event_type: str, **key: int) -> list[dict]:
    ((name, value),) = key.items()
    async with db.read_sessions() as session:
        rows = (await session.exec(select(events.outbox.c.envelope)
                                   .where(events.outbox.c.event_type == event_type,
                                          events.outbox.c.aggregate == f"{name}:{value}")
                                   .order_by(events.outbox.c.id))).all()
    return [json.loads(row)["payload"] for row in rows]


async def referrer_of(db: Database, user_id: int) -> int | None:
    async with db.read_sessions() as session:
        row = await session.get(ReferralUser, user_id)
    return None if row is None else row.referrer_id


def problem(answer) -> tuple[int, str]:
    return answer.status_code, answer.json().get("code")


# --- binding ----------------------------------------------------------------------------------------


async def test_a_new_user_is_bound_once_and_the_bind_is_published(app, db, mode):
    referrer, code = await new_user(db)
    _, other_code = await new_user(db)
    newcomer = new_id()
    first = await bind(app, newcomer, code.lower())
    assert first.status_code == 200, first.text
    assert first.json()["referrer_code"] == code
    again = await bind(app, newcomer, code)  # the same code again: the same answer, nothing new
    assert again.status_code == 200 and again.json() == first.json()
    assert problem(await bind(app, newcomer, other_code)) == (409, "already_bound")
    assert await referrer_of(db, newcomer) == referrer
    bound = await published(db, "referral.bound", user_id=newcomer)
    assert [(e["user_id"], e["referrer_id"]) for e in bound] == [(newcomer, referrer)]


async def test_a_user_who_paid_cannot_be_bound_when_only_new_users_can(app, db, mode):
    _, code = await new_user(db)
    buyer = new_id()
    await apply(db, paid(buyer))
    assert problem(await bind(app, buyer, code)) == (409, "binding_locked")
    assert await published(db, "referral.bound", user_id=buyer) == []


async def test_never_to_oneself_nor_to_an_unknown_code(app, db, mode):
    someone, code = await new_user(db)
    assert problem(await bind(app, someone, code)) == (422, "self_referral")
    assert problem(await bind(app, someone, "ZZZZ2222")) == (422, "unknown_referral_code")
    malformed = await bind(app, someone, "AB-1")
    assert malformed.status_code == 422 and malformed.headers["content-type"] == "application/problem+json"
    unsigned = await app.state.client.post("/v1/referrals/bind", json={"code": code})
    assert unsigned.status_code == 401


@modes("new_users_only", "override")
async def test_never_a_cycle(app, db, mode):
    (a, a_code), (b, b_code), (c, c_code) = await new_user(db), await new_user(db), await new_user(db)
    assert (await bind(app, b, a_code)).status_code == 200  # A ← B
    assert (await bind(app, c, b_code)).status_code == 200  # A ← B ← C
    assert problem(await bind(app, a, c_code)) == (422, "referral_cycle")
    assert problem(await bind(app, a, b_code)) == (422, "referral_cycle")
    assert await referrer_of(db, a) is None


@modes("anytime")
async def test_anytime_binds_a_buyer_but_the_first_bind_wins(app, db, mode):
    (referrer, code), (_, other_code) = await new_user(db), await new_user(db)
    buyer = new_id()
    await apply(db, paid(buyer))
    assert (await bind(app, buyer, code)).status_code == 200
    assert problem(await bind(app, buyer, other_code)) == (409, "already_bound")
    assert await referrer_of(db, buyer) == referrer


@modes("override")
async def test_override_takes_the_latest_code_until_the_first_payment(app, db, mode):
    (first, first_code), (second, second_code) = await new_user(db), await new_user(db)
    newcomer = new_id()
    assert (await bind(app, newcomer, first_code)).status_code == 200
    assert (await bind(app, newcomer, second_code)).status_code == 200
    assert await referrer_of(db, newcomer) == second
    await apply(db, paid(newcomer))
    assert problem(await bind(app, newcomer, first_code)) == (409, "binding_locked")
    assert await referrer_of(db, newcomer) == second
    bound = await published(db, "referral.bound", user_id=newcomer)
    assert [e["referrer_id"] for e in bound] == [first, second]


async def test_a_user_can_be_bound_only_within_the_valid_days_of_registering(app, db, mode):
    app.state.settings.binding = BindingSettings(mode="new_users_only", valid_days=7)
    _, code = await new_user(db)
    late, early = new_id(), new_id()
    await apply(db, UserRegistered(user_id=late, registered_at=datetime.now(UTC) - timedelta(days=8)),
                UserRegistered(user_id=early, registered_at=datetime.now(UTC) - timedelta(days=6)))
    assert problem(await bind(app, late, code)) == (409, "binding_expired")
    assert (await bind(app, early, code)).status_code == 200


@modes("new_users_only", "anytime")
async def test_concurrent_binds_of_one_user_bind_once(app, db, mode):
    referrers = [await new_user(db) for _ in range(6)]
    newcomer = new_id()
    answers = await asyncio.gather(*(bind(app, newcomer, code) for _, code in referrers))
    assert sorted(answer.status_code for answer in answers) == [200] + [409] * 5
    winner = next(answer for answer in answers if answer.status_code == 200).json()["referrer_code"]
    referrer = next(user_id for user_id, code in referrers if code == winner)
    assert await referrer_of(db, newcomer) == referrer
    assert len(await published(db, "referral.bound", user_id=newcomer)) == 1


@modes("override")
async def test_concurrent_binds_that_would_close_a_loop_bind_one(app, db, mode):
    (a, a_code), (b, b_code) = await new_user(db), await new_user(db)
    answers = await asyncio.gather(bind(app, a, b_code), bind(app, b, a_code))
    assert sorted(problem(answer) if answer.status_code != 200 else (200, None) for answer in answers) == [
        (200, None), (422, "referral_cycle")]


async def test_a_share_is_published(app, db):
    sharer = new_id()
    answer = await app.state.client.post("/v1/referrals/shares",
                                         auth=SignedAs(user(sharer), app.state.settings.internal_key))
    assert answer.status_code == 204 and answer.content == b""
    assert [e["user_id"] for e in await published(db, "referral.shared", user_id=sharer)] == [sharer]


# --- order events ------------------------------------------------------------------------------------


async def test_the_first_payment_of_a_bound_user_tells_the_referrer_once(app, db, mode):
    referrer, code = await new_user(db)
    referee, loner = new_id(), new_id()
    assert (await bind(app, referee, code)).status_code == 200
    first = paid(referee)
    await apply(db, first, first, paid(referee), paid(loner))
    told = await published(db, "referral.referee_paid", referrer_id=referrer)
    assert [(e["referee_id"], e["paid_at"][:19]) for e in told] == [(referee, first.paid_at.isoformat()[:19])]
    async with db.read_sessions() as session:
        assert (await session.get(ReferralUser, referee)).first_paid_order_id == first.order_id
        assert (await session.get(ReferralUser, loner)).first_paid_order_id is not None


async def test_referee_confirmed_counts_direct_referees_exactly_however_often_events_come(app, db, mode):
    referrer, code = await new_user(db)
    x, y, unbound = new_id(), new_id(), new_id()
    for referee in (x, y):
        assert (await bind(app, referee, code)).status_code == 200
    x_order = confirmed(x)
    await apply(db, paid(x, x_order.order_id), x_order, x_order, confirmed(x), confirmed(y), confirmed(y),
                confirmed(unbound))
    told = await published(db, "referral.referee_confirmed", referrer_id=referrer)
    assert [(e["referee_id"], e["confirmed_referees"]) for e in told] == [(x, 1), (y, 2)]
    async with db.read_sessions() as session:
        rows = (await session.exec(select(ConfirmedReferee).where(ConfirmedReferee.referrer_id == referrer))).all()
    assert sorted(row.referee_id for row in rows) == sorted([x, y])
    # a confirmation that came before its payment counts as the payment too, once
    assert [e["referee_id"] for e in await published(db, "referral.referee_paid", referrer_id=referrer)] == [x, y]


async def test_the_consumer_applies_redelivered_order_events_once(app, db, infra, unit_databases, mode):
    referrer, code = await new_user(db)
    referee = new_id()
    assert (await bind(app, referee, code)).status_code == 200
    order = new_id()
    envelopes = [Envelope.of(paid(referee, order)), Envelope.of(confirmed(referee, order))]
    redis_settings = service_settings(Settings, infra, unit_databases).redis
    redis = make_redis(redis_settings)
    consumer = Consumer(group="referrals-test", handlers=handlers, tables=events, database=db, redis=redis,
                        redis_settings=redis_settings)
    stream = stream_key(redis_settings, "orders")
    try:
        for batch in (["1-1", "1-2"], ["1-3", "1-4", "1-5", "1-6"]):  # once, then twice in one batch
            await consumer.handle([Entry(stream, entry_id, {"envelope": envelopes[i % 2].model_dump_json()})
                                   for i, entry_id in enumerate(batch)])
    finally:
        await redis.aclose()
    assert len(await published(db, "referral.referee_paid", referrer_id=referrer)) == 1
    told = await published(db, "referral.referee_confirmed", referrer_id=referrer)
    assert [(e["referee_id"], e["confirmed_referees"]) for e in told] == [(referee, 1)]



async def test_a_first_payment_and_the_referrers_event_cost_postgresql_one_statement(app, db, mode):
    referrer, code = await new_user(db)
    referee = new_id()
    assert (await bind(app, referee, code)).status_code == 200
    order = paid(referee)
    with counting_statements(db) as sent:
        async with db.transaction() as tx:
            await record_paid(tx, referee, order.order_id, order.paid_at)
            version, _ = await rules_in_force(tx, order.paid_at, RuleSet())  # as the ledger reads next
            await tx.commit()
    assert version == 0
    async with db.read_sessions() as session:
        assert (await session.get(ReferralUser, referee)).first_paid_order_id == order.order_id
    assert [e["referee_id"] for e in await published(db, "referral.referee_paid", referrer_id=referrer)] == [referee]
    # PostgreSQL: the referee's row locked, read and its first payment written in one statement, and the
    # referrer's event with the next one (three before: the read, the write with the event, the next);
    # SQLite (in process) sends each on its own, after its BEGIN IMMEDIATE.
    assert sent.value == (5 if is_sqlite(db.url) else 2)


async def test_a_first_confirmation_is_written_and_counted_in_one_statement_on_postgresql(app, db, mode):
    referrer, code = await new_user(db)
    referee = new_id()
    assert (await bind(app, referee, code)).status_code == 200
    order = confirmed(referee)
    await apply(db, paid(referee, order.order_id))
    counts = []
    for _ in range(2):  # the first counts; the same confirmation again writes nothing and counts nothing
        with counting_statements(db) as sent:
            async with db.transaction() as tx:
                counted = await record_confirmed(tx, order, RuleSet())
                await tx.commit()
        counts.append((counted is not None, sent.value))
    # On PostgreSQL the referee's row is locked, read and written in one statement, and the referee's
    # confirmation and the referrer's count go as one (9 in all when each pair was two); SQLite (in process)
    # sends each on its own, held writes too, after its BEGIN IMMEDIATE.
    assert counts[0] == (True, 10 if is_sqlite(db.url) else 7)
    assert counts[1][0] is False
    told = await published(db, "referral.referee_confirmed", referrer_id=referrer)
    assert [(e["referee_id"], e["confirmed_referees"]) for e in told] == [(referee, 1)]


async def test_a_referees_first_orders_at_once_tell_their_referrer_once(app, db, mode):
    """Payments and confirmations of one referee's orders applied at once (two consumers): the row's lock orders
    them, so one order is recorded first of each kind, one ``referee_paid`` is told and the referee is counted
    once."""
    referrer, code = await new_user(db)
    referee = new_id()
    assert (await bind(app, referee, code)).status_code == 200
    orders = [confirmed(referee) for _ in range(6)]

    async def pay(order: OrderConfirmed) -> None:
        async with db.transaction() as tx:
            await record_paid(tx, referee, order.order_id, order.paid_at)
            await tx.commit()

    async def confirm(order: OrderConfirmed) -> bool:
        async with db.transaction() as tx:
            counted = await record_confirmed(tx, order, RuleSet())
            await tx.commit()
        return counted is not None

    await asyncio.gather(*(pay(order) for order in orders))
    counted = await asyncio.gather(*(confirm(order) for order in orders))
    assert counted.count(True) == 1
    async with db.read_sessions() as session:
        row = await session.get(ReferralUser, referee)
    assert row.first_paid_order_id in {o.order_id for o in orders}
    assert row.first_confirmed_order_id in {o.order_id for o in orders}
    assert len(await published(db, "referral.referee_paid", referrer_id=referrer)) == 1
    told = await published(db, "referral.referee_confirmed", referrer_id=referrer)
    assert [(e["referee_id"], e["confirmed_referees"]) for e in told] == [(referee, 1)]
