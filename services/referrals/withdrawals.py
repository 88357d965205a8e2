"""Withdrawals: taking available rebate money out to the user's WeChat balance.

- Asking (``request``): between the configured minimum and maximum, never more than the available
  balance — checked and held (an entry ``available -amount``) under the user's row lock, so concurrent
  requests are served one by one and never take out more than there is.  An ``Idempotency-Key`` makes a
  retried request answer the first one.  The fee is taken out of the amount (``payout = amount - fee``).
- Ops approve or reject (``pending_review`` → ``approved`` | ``rejected``); a rejection gives the amount
  back (``available +amount``).
- Payout (``pay_out``), right after approval and again on every scheduler pass until final: the transfer
  is idempotent by the withdrawal's ``out_bill_no``, so asking again never pays twice.  WeChat Pay may
  answer ``WAIT_USER_CONFIRM``: the mini-program shows the user the confirmation (``package_info``) and
  the scheduler asks every ``confirm_poll_s`` until the transfer is final (WeChat Pay's own transfer
  notifications reach the payment notify URL, where orders acknowledges and ignores them).  A failed or
  cancelled transfer gives the amount back.  A refusal by the provider (4xx) is final; anything else
  (timeouts, 5xx, 429) is tried again.  A transfer found paid is told as ``withdrawal.paid``, in the
  transaction that records it (once: only a withdrawal in flight is settled).
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import Identity
from common.clock import now
from common.db import Database
from common.events.referrals import WithdrawalPaid
from common.models import is_status
from common.pagination import Page, PageParams, paginate
from common.payments import PaymentError, PaymentProvider, TransferResult, TransferState
from common.problems import Problem, not_found
from services.referrals import ledger
from services.referrals.binding import locked_user
from services.referrals.clients import Clients, Unavailable
from services.referrals.config import WithdrawalSettings
from services.referrals.models import LedgerEntry, Withdrawal, events
from services.referrals.schemas import WithdrawalPublic

log = logging.getLogger("groupbuy.referrals.withdrawals")

STAFF_ROLES = ("ops", "admin")
PENDING_REVIEW, APPROVED, REJECTED = "pending_review", "approved", "rejected"
PAYING, AWAITING_CONFIRMATION, PAID, FAILED = "paying", "awaiting_confirmation", "paid", "failed"
IN_FLIGHT = (APPROVED, PAYING, AWAITING_CONFIRMATION)
RETRYABLE_STATUS = 429


def public(row: Withdrawal) -> WithdrawalPublic:
    return WithdrawalPublic.model_validate(row, from_attributes=True)


def _hold(row: Withdrawal) -> LedgerEntry:
    return LedgerEntry(user_id=row.user_id, kind="withdrawal", bucket="available", step="withdraw",
                       amount_fen=-row.amount_fen, withdrawal_id=row.id, effect_key=f"w{row.id}:hold")


def _give_back(row: Withdrawal) -> LedgerEntry:
    return LedgerEntry(user_id=row.user_id, kind="withdrawal", bucket="available", step="return",
                       amount_fen=row.amount_fen, withdrawal_id=row.id, effect_key=f"w{row.id}:return")


async def request(*, session: AsyncSession, settings: WithdrawalSettings, user_id: int, amount_fen: int,
                  idempotency_key: str | None) -> tuple[WithdrawalPublic, bool]:
    """Hold ``amount_fen`` of the available balance for a new withdrawal and commit.  Answers the
    withdrawal and whether it is new (False: the same key was used before)."""
    if not settings.minimum_fen <= amount_fen <= settings.maximum_fen:
        raise Problem(422, "withdrawal_out_of_range",
                      f"A withdrawal is between {settings.minimum_fen} and {settings.maximum_fen} fen",
                      minimum_fen=settings.minimum_fen, maximum_fen=settings.maximum_fen)
    await locked_user(session, user_id)
    if idempotency_key is not None:
        earlier = (await session.exec(select(Withdrawal).where(
            Withdrawal.user_id == user_id, Withdrawal.idempotency_key == idempotency_key))).first()
        if earlier is not None:
            if earlier.amount_fen != amount_fen:
                raise Problem(422, "idempotency_key_reused", "This Idempotency-Key was used for another amount")
            answer = public(earlier)
            await session.commit()
            return answer, False
    available = (await ledger.balances(session, user_id))["available"]
    if amount_fen > available:
        raise Problem(409, "insufficient_balance", f"Only {max(available, 0)} fen is available",
                      available_fen=max(available, 0))
    fee = settings.fee_for(amount_fen)
    row = Withdrawal(user_id=user_id, idempotency_key=idempotency_key, amount_fen=amount_fen, fee_fen=fee,
                     payout_fen=amount_fen - fee, status=PENDING_REVIEW,
                     out_bill_no=f"WD{secrets.token_hex(12).upper()}")
    session.add(row)
    await session.flush()
    session.add(_hold(row))
    answer = public(row)
    await session.commit()
    return answer, True


async def get(*, session: AsyncSession, caller: Identity, withdrawal_id: int) -> WithdrawalPublic:
    row = await session.get(Withdrawal, withdrawal_id)
    if row is None or (row.user_id != caller.user_id and not caller.has_role(*STAFF_ROLES)):
        raise not_found("withdrawal", withdrawal_id)
    return public(row)


async def listing(*, session: AsyncSession, caller: Identity, status: str | None, user_id: int | None,
                  page: PageParams, descending: bool = False) -> Page[WithdrawalPublic]:
    """The caller's own withdrawals; ops see everyone's (optionally one user's)."""
    query = select(Withdrawal)
    if not caller.has_role(*STAFF_ROLES):
        query = query.where(Withdrawal.user_id == caller.user_id)
    elif user_id is not None:
        query = query.where(Withdrawal.user_id == user_id)
    if status is not None:
        query = query.where(Withdrawal.status == status)
    return await paginate(session, query, key=col(Withdrawal.id), page=page, public=public,
                          descending=descending)


async def _locked(session: AsyncSession, withdrawal_id: int) -> Withdrawal | None:
    return (await session.exec(select(Withdrawal).where(Withdrawal.id == withdrawal_id).with_for_update()
                               .execution_options(populate_existing=True))).first()


async def decide(*, db: Database, caller: Identity, withdrawal_id: int, approve: bool,
                 reason: str | None) -> WithdrawalPublic:
    """Ops approve or reject a withdrawal waiting for review (deciding the same way again answers it as
    it is; the other way is 409)."""
    if not caller.has_role(*STAFF_ROLES):
        raise Problem(403, "forbidden", "Only ops decide withdrawals")
    async with db.write_sessions() as session:
        row = await _locked(session, withdrawal_id)
        if row is None:
            raise not_found("withdrawal", withdrawal_id)
        wanted = APPROVED if approve else REJECTED
        if row.status != PENDING_REVIEW:
            if (row.status == REJECTED) == (wanted == REJECTED):
                return public(row)
            raise Problem(409, "invalid_transition", f"The withdrawal is already {row.status}",
                          state=row.status, event="approve" if approve else "reject")
        row.status, row.decided_by, row.decided_at, row.updated_at = wanted, caller.user_id, now(), now()
        if not approve:
            row.reject_reason = reason
            session.add(_give_back(row))
        session.add(row)
        answer = public(row)
        await session.commit()
    return answer


async def _settle(db: Database, withdrawal_id: int, result: TransferResult | None, *,
                  refused: str | None = None) -> None:
    """Record what the provider said about a transfer."""
    async with db.write_sessions() as session:
        row = await _locked(session, withdrawal_id)
        if row is None or row.status not in IN_FLIGHT:
            return
        at = now()
        if refused is not None or (result is not None and result.state in (TransferState.FAILED,
                                                                           TransferState.CANCELLED)):
            row.status = FAILED
            row.fail_reason = (refused or (result.fail_reason if result else None) or str(result.state))[:200]
            row.package_info = None
            session.add(_give_back(row))
        elif result is not None and result.state == TransferState.SUCCEEDED:
            paid_at = result.updated_at or at
            paid_at = paid_at if paid_at.tzinfo else paid_at.replace(tzinfo=UTC)
            row.status, row.paid_at, row.package_info = PAID, paid_at, None
            await events.publish(session, WithdrawalPaid(
                withdrawal_id=row.id, user_id=row.user_id, amount_fen=row.amount_fen, fee_fen=row.fee_fen,
                payout_fen=row.payout_fen, paid_at=paid_at))
        elif result is not None and result.state == TransferState.WAIT_USER_CONFIRM:
            row.status, row.package_info = AWAITING_CONFIRMATION, result.package_info or row.package_info
        if result is not None and result.transfer_bill_no:
            row.transfer_bill_no = result.transfer_bill_no
        row.updated_at = at
        session.add(row)
        await session.commit()


async def _mark_paying(db: Database, withdrawal_id: int) -> bool:
    """Whether to ask for the transfer: an approved withdrawal is marked paying first; one another pass marked
    paying since this one read it (the approval's own payout and the scheduler's met) is asked for again too —
    it never pays twice — so that both answer with the outcome, not one of them with ``paying``."""
    async with db.write_sessions() as session:
        row = await _locked(session, withdrawal_id)
        if row is None or row.status not in (APPROVED, PAYING):
            return False
        if row.status == APPROVED:
            row.status, row.updated_at = PAYING, now()
            session.add(row)
            await session.commit()
    return True


async def pay_out(*, db: Database, provider: PaymentProvider, clients: Clients, settings: WithdrawalSettings,
                  withdrawal_id: int) -> None:
    """Push one approved withdrawal toward the user's balance (safe to call again at any time)."""
    async with db.read_sessions() as session:
        row = await session.get(Withdrawal, withdrawal_id)
        if row is None or row.status not in IN_FLIGHT:
            return
        status, out_bill_no, user_id, payout = row.status, row.out_bill_no, row.user_id, row.payout_fen
    try:
        if status == AWAITING_CONFIRMATION:
            result = await provider.query_transfer(out_bill_no)
        else:  # approved, or paying when a pass stopped half-way: the transfer is asked for (again)
            openid = await clients.openid(user_id)
            if openid is None:
                await _settle(db, withdrawal_id, None, refused="the user is unknown to membership")
                return
            if status == APPROVED and not await _mark_paying(db, withdrawal_id):
                return
            result = await provider.transfer(out_bill_no=out_bill_no, openid=openid, amount_fen=payout,
                                             remark=settings.remark)
    except Unavailable as exc:
        log.warning("payout of withdrawal %s waits: %s", withdrawal_id, exc)
        return
    except PaymentError as exc:
        if exc.http_status is not None and 400 <= exc.http_status < 500 and exc.http_status != RETRYABLE_STATUS:
            await _settle(db, withdrawal_id, None, refused=f"{exc.code}: {exc}")
        else:
            log.warning("payout of withdrawal %s will be tried again: %s", withdrawal_id, exc)
        return
    await _settle(db, withdrawal_id, result)


def in_flight(waited: datetime) -> sa.Select:
    """The withdrawals to pay out or to ask after: approved or paying, or awaiting the user's confirmation since
    ``waited`` or before; the longest untouched first.  Each status named in the SQL (``common.models.is_status``):
    nearly every withdrawal ever made is paid or rejected."""
    status = col(Withdrawal.status)
    return (select(Withdrawal.id)
            .where(sa.or_(is_status(status, APPROVED), is_status(status, PAYING),
                          sa.and_(is_status(status, AWAITING_CONFIRMATION), col(Withdrawal.updated_at) <= waited)))
            .order_by(col(Withdrawal.updated_at)))


async def pay_out_due(*, db: Database, provider: PaymentProvider, clients: Clients, settings: WithdrawalSettings,
                      limit: int = 50) -> int:
    """One pass over the withdrawals in flight."""
    waited = now() - timedelta(seconds=settings.confirm_poll_s)
    async with db.read_sessions() as session:
        ids = (await session.exec(in_flight(waited).limit(limit))).all()
    for withdrawal_id in ids:
        await pay_out(db=db, provider=provider, clients=clients, settings=settings, withdrawal_id=withdrawal_id)
    return len(ids)
