"""The events that tell an earner about their money, in-process against this run's referrals database:
``rebate.credited`` once per earning made available, however often the order's events come, and
``withdrawal.paid`` once per withdrawal, however often the payout runs."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa

from common.db import Database
from common.payments import SandboxProvider
from common.testing.apps import serve_in_process, service_settings
from services.membership.config import Settings as MembershipSettings
from services.membership.main import create_app as membership_app
from services.referrals import withdrawals
from services.referrals.binding import bind
from services.referrals.clients import Clients
from services.referrals.config import BindingSettings, Settings, WithdrawalSettings
from services.referrals.models import events
from services.referrals.service import ensure_code
from services.referrals.tests.test_ledger import LEADER_RATE, Order, apply, balances, chain, level, new_id
from services.referrals.tests.test_withdrawals import OPS

LIMITS = WithdrawalSettings()


async def published(db: Database, event_type: str, **payload: object) -> list[dict]:
    """The payloads of ``event_type`` in the outbox whose fields match ``payload``."""
    outbox = events.outbox
    async with db.read_sessions() as session:
        rows = (await session.exec(sa.select(outbox.c.envelope).where(outbox.c.event_type == event_type))).all()
    found = [json.loads(row.envelope)["payload"] for row in rows]
    return [p for p in found if all(p.get(name) == value for name, value in payload.items())]


async def test_each_earning_made_available_is_told_once(db) -> None:
    top, referrer, buyer = await chain(db, 3)
    leader = new_id()
    await apply(db, level(top, "partner"), level(referrer, "member"))
    order = Order(buyer, 10_000, leader=leader)
    await apply(db, order.paid(), order.confirmed())
    assert await published(db, "rebate.credited", order_id=order.id) == []  # frozen: nothing to tell yet
    await apply(db, order.completed(), order.completed(), order.confirmed())
    told = await published(db, "rebate.credited", order_id=order.id)
    by_earner = sorted((p["user_id"], p["kind"], p["amount_fen"]) for p in told)
    assert by_earner == sorted([(referrer, "rebate", 500), (referrer, "reward", 1_000), (top, "rebate", 500),
                                (leader, "commission", 10_000 * LEADER_RATE // 1000)])
    for user in (top, referrer, leader):
        assert sum(p["amount_fen"] for p in told if p["user_id"] == user) == (await balances(db, user))["available"]


@pytest.fixture(scope="module")
async def membership(infra, unit_databases) -> AsyncIterator:
    application = membership_app(service_settings(MembershipSettings, infra, unit_databases, dev_login=True))
    async with serve_in_process(application) as client:
        yield client


async def test_a_withdrawal_paid_is_told_once_however_often_the_payout_runs(db, membership, infra,
                                                                           unit_databases) -> None:
    clients = Clients(membership, service_settings(Settings, infra, unit_databases))
    login = await membership.post("/v1/auth/dev-login", json={"openid": f"notice-payee-{new_id()}"})
    referrer = login.json()["user"]["id"]
    buyer = new_id()
    async with db.write_sessions() as session:
        code = await ensure_code(session, referrer)
        await session.commit()
    async with db.write_sessions() as session:
        await bind(session=session, settings=BindingSettings(), user_id=buyer, code=code)
    await apply(db, level(referrer, "partner"))
    order = Order(buyer, 30_000)
    await apply(db, order.paid(), order.confirmed(), order.completed())
    async with db.write_sessions() as session:
        asked, _ = await withdrawals.request(session=session, settings=LIMITS, user_id=referrer, amount_fen=2_000,
                                             idempotency_key=None)
    await withdrawals.decide(db=db, caller=OPS, withdrawal_id=asked.id, approve=True, reason=None)
    provider = SandboxProvider()
    for _ in range(3):
        await withdrawals.pay_out(db=db, provider=provider, clients=clients, settings=LIMITS, withdrawal_id=asked.id)
    (told,) = await published(db, "withdrawal.paid", withdrawal_id=asked.id)
    assert told["user_id"] == referrer and told["amount_fen"] == 2_000
    assert told["payout_fen"] == asked.payout_fen and told["fee_fen"] == asked.fee_fen
