"""Withdrawals in-process: limits and fee, idempotency, ops decisions, and the payout through the sandbox
provider — at once, after the user confirms, or failed (the money comes back) — with the payee's openid
asked of the real membership app."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from common.auth import Identity
from common.db import Database
from common.payments import SandboxProvider
from common.payments.sandbox import SandboxSettings
from common.problems import Problem
from common.testing.apps import serve_in_process, service_settings
from services.membership.config import Settings as MembershipSettings
from services.membership.main import create_app as membership_app
from services.referrals import withdrawals
from services.referrals.binding import bind
from services.referrals.clients import Clients
from services.referrals.config import BindingSettings, Settings, WithdrawalSettings
from services.referrals.service import ensure_code
from services.referrals.tests.test_ledger import Order, apply, balances, level, new_id

OPS = Identity(user_id=1, roles=["ops"])
LIMITS = WithdrawalSettings()


@pytest.fixture(scope="module")
async def membership(infra, unit_databases) -> AsyncIterator:
    application = membership_app(service_settings(MembershipSettings, infra, unit_databases, dev_login=True))
    async with serve_in_process(application) as client:
        yield client


@pytest.fixture
def clients(membership, infra, unit_databases) -> Clients:
    return Clients(membership, service_settings(Settings, infra, unit_databases))


async def earner(db: Database, membership, available_fen: int) -> int:
    """A user known to membership whose available rebate balance is ``available_fen`` (a multiple of 10)."""
    login = await membership.post("/v1/auth/dev-login", json={"openid": f"payee-{new_id()}"})
    referrer, buyer = login.json()["user"]["id"], new_id()
    async with db.write_sessions() as session:
        code = await ensure_code(session, referrer)
        await session.commit()
    async with db.write_sessions() as session:
        await bind(session=session, settings=BindingSettings(), user_id=buyer, code=code)
    await apply(db, level(referrer, "partner"))
    order = Order(buyer, available_fen * 10)  # a partner earns 10 % from a direct referee
    await apply(db, order.paid(), order.confirmed(), order.completed())
    reward = (await balances(db, referrer))["available"] - available_fen
    assert reward >= 0
    return referrer


async def ask(db: Database, user_id: int, amount: int, key: str | None = None):
    async with db.write_sessions() as session:
        return await withdrawals.request(session=session, settings=LIMITS, user_id=user_id, amount_fen=amount,
                                         idempotency_key=key)


async def test_limits_fee_and_the_same_key_answering_the_first_request(db, membership) -> None:
    user = await earner(db, membership, 5_000)
    for amount in (LIMITS.minimum_fen - 1, LIMITS.maximum_fen + 1):
        with pytest.raises(Problem) as refused:
            await ask(db, user, amount)
        assert refused.value.status == 422 and refused.value.code == "withdrawal_out_of_range"
    first, new = await ask(db, user, 3_000, key="withdraw-0001")
    again, repeated = await ask(db, user, 3_000, key="withdraw-0001")
    assert new and not repeated and again.id == first.id
    assert (first.fee_fen, first.payout_fen) == (18, 2_982)
    with pytest.raises(Problem) as reused:
        await ask(db, user, 2_000, key="withdraw-0001")
    assert reused.value.code == "idempotency_key_reused"
    left = (await balances(db, user))["available"]
    with pytest.raises(Problem) as short:
        await ask(db, user, left + 10)
    assert short.value.status == 409 and short.value.code == "insufficient_balance"


async def test_approved_it_is_paid_out_once_however_often_the_payout_runs(db, membership, clients) -> None:
    user = await earner(db, membership, 5_000)
    asked, _ = await ask(db, user, 5_000)
    provider = SandboxProvider()
    with pytest.raises(Problem) as not_staff:
        await withdrawals.decide(db=db, caller=Identity(user_id=user, roles=["customer"]), withdrawal_id=asked.id,
                                 approve=True, reason=None)
    assert not_staff.value.status == 403
    await withdrawals.decide(db=db, caller=OPS, withdrawal_id=asked.id, approve=True, reason=None)
    for _ in range(3):
        await withdrawals.pay_out(db=db, provider=provider, clients=clients, settings=LIMITS, withdrawal_id=asked.id)
    async with db.read_sessions() as session:
        done = await withdrawals.get(session=session, caller=OPS, withdrawal_id=asked.id)
    assert done.status == "paid" and done.paid_at is not None
    assert len(provider.ledger.transfers) == 1
    sent = provider.ledger.transfers[asked.out_bill_no].request
    assert sent["transfer_amount"] == asked.payout_fen and sent["openid"].startswith("payee-")


async def test_a_transfer_waits_for_the_user_and_a_failed_one_gives_the_money_back(db, membership, clients) -> None:
    provider = SandboxProvider(SandboxSettings(transfer_requires_confirmation=True))
    outcomes = {}
    for succeed in (True, False):
        user = await earner(db, membership, 2_000)
        before = (await balances(db, user))["available"]
        asked, _ = await ask(db, user, 2_000)
        await withdrawals.decide(db=db, caller=OPS, withdrawal_id=asked.id, approve=True, reason=None)
        await withdrawals.pay_out(db=db, provider=provider, clients=clients, settings=LIMITS, withdrawal_id=asked.id)
        async with db.read_sessions() as session:
            waiting = await withdrawals.get(session=session, caller=OPS, withdrawal_id=asked.id)
        assert waiting.status == "awaiting_confirmation" and waiting.package_info
        provider.confirm_transfer(asked.out_bill_no, succeed=succeed)
        await withdrawals.pay_out(db=db, provider=provider, clients=clients, settings=LIMITS, withdrawal_id=asked.id)
        async with db.read_sessions() as session:
            outcomes[succeed] = await withdrawals.get(session=session, caller=OPS, withdrawal_id=asked.id)
        expected = before - 2_000 if succeed else before
        assert (await balances(db, user))["available"] == expected
    assert outcomes[True].status == "paid" and outcomes[False].status == "failed"
    assert outcomes[False].fail_reason


async def test_the_approvals_payout_answers_the_outcome_when_the_scheduler_started_it_a_moment_before(
        db, membership, clients) -> None:
    """Ops approve as the scheduler's pass finds the withdrawal: the pass marks it paying between the approval's
    own payout reading it approved and marking it. The approval still asks for the transfer (the same bill:
    one transfer) and answers where it stands, not ``paying``."""
    provider = SandboxProvider(SandboxSettings(transfer_requires_confirmation=True))
    user = await earner(db, membership, 2_000)
    asked, _ = await ask(db, user, 2_000)
    await withdrawals.decide(db=db, caller=OPS, withdrawal_id=asked.id, approve=True, reason=None)

    class SchedulerFirst(Clients):
        async def openid(self, user_id: int) -> str | None:  # asked between the read and the mark
            assert await withdrawals._mark_paying(db, asked.id)  # the scheduler's pass, a moment ahead
            return await super().openid(user_id)

    meeting = SchedulerFirst(clients.client, clients.settings)
    await withdrawals.pay_out(db=db, provider=provider, clients=meeting, settings=LIMITS, withdrawal_id=asked.id)
    async with db.read_sessions() as session:
        answered = await withdrawals.get(session=session, caller=OPS, withdrawal_id=asked.id)
    assert answered.status == "awaiting_confirmation" and answered.package_info
    await withdrawals.pay_out(db=db, provider=provider, clients=clients, settings=LIMITS, withdrawal_id=asked.id)
    assert len(provider.ledger.transfers) == 1


async def test_a_rejected_withdrawal_gives_the_money_back_once(db, membership) -> None:
    user = await earner(db, membership, 1_000)
    before = (await balances(db, user))["available"]
    asked, _ = await ask(db, user, 1_000)
    for _ in range(2):
        rejected = await withdrawals.decide(db=db, caller=OPS, withdrawal_id=asked.id, approve=False, reason="核对中")
    assert rejected.status == "rejected" and rejected.reject_reason == "核对中"
    assert (await balances(db, user))["available"] == before
    with pytest.raises(Problem) as late:
        await withdrawals.decide(db=db, caller=OPS, withdrawal_id=asked.id, approve=True, reason=None)
    assert late.value.status == 409
