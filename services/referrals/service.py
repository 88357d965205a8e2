"""Referrals use cases."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.outbox import execute
from common.pagination import Page, PageParams, paginate
from common.upsert import insert_if_new
from services.referrals import ledger
from services.referrals.domain.codes import new_code, normalise
from services.referrals.models import LedgerEntry, ReferralCode, Withdrawal
from services.referrals.schemas import Balance, CodeCheck, MyReferral, RebateEntryPublic
from services.referrals.withdrawals import IN_FLIGHT, PAID, PENDING_REVIEW

SHARE_PAGE = "pages/index/index"
ATTEMPTS = 10

_CODE: sa.Table = ReferralCode.__table__  # type: ignore[attr-defined]


async def check_code(*, session: AsyncSession, code: str) -> CodeCheck:
    normalised = normalise(code)
    return CodeCheck(code=normalised, valid=await session.get(ReferralCode, normalised) is not None)


async def ensure_code(session: AsyncSession, user_id: int) -> str:
    """The user's code, made if they have none yet (idempotent; does not commit)."""
    query = sa.select(_CODE.c.code).where(_CODE.c.user_id == user_id)
    found = (await execute(session, query)).scalar_one_or_none()
    if found is not None:
        return found
    for _ in range(ATTEMPTS):
        candidate = new_code()
        if await insert_if_new(session, ReferralCode, {"code": candidate, "user_id": user_id, "created_at": now()}):
            return candidate
        found = (await execute(session, query)).scalar_one_or_none()
        if found is not None:  # made concurrently for the same user (else the code was taken: another try)
            return found
    raise RuntimeError("no free referral code after several attempts")


async def my_referral(*, session: AsyncSession, user_id: int) -> MyReferral:
    code = await ensure_code(session, user_id)
    await session.commit()
    return MyReferral(code=code, share_path=f"{SHARE_PAGE}?ref={code}")


async def balance(*, session: AsyncSession, user_id: int) -> Balance:
    buckets = await ledger.balances(session, user_id)
    rows = (await session.exec(select(Withdrawal.status, sa.func.sum(Withdrawal.amount_fen))
                               .where(Withdrawal.user_id == user_id).group_by(Withdrawal.status))).all()
    by_status = {status: int(total or 0) for status, total in rows}
    return Balance(user_id=user_id, pending_fen=buckets["pending"], frozen_fen=buckets["frozen"],
                   available_fen=buckets["available"],
                   withdrawing_fen=sum(by_status.get(s, 0) for s in (PENDING_REVIEW, *IN_FLIGHT)),
                   withdrawn_fen=by_status.get(PAID, 0))


async def entries(*, session: AsyncSession, user_id: int | None, bucket: str | None, kind: str | None,
                  page: PageParams, descending: bool = False) -> Page[RebateEntryPublic]:
    """One user's ledger entries, or everyone's (``user_id`` None)."""
    return await paginate(session, entries_query(user_id=user_id, bucket=bucket, kind=kind), key=col(LedgerEntry.id),
                          page=page, descending=descending,
                          public=lambda row: RebateEntryPublic.model_validate(row, from_attributes=True))


def entries_query(*, user_id: int | None, bucket: str | None, kind: str | None):
    """The entries ``entries`` pages through (by id: ``ix_rebate_entry_user_id_id`` for one user's)."""
    query = select(LedgerEntry)
    if user_id is not None:
        query = query.where(LedgerEntry.user_id == user_id)
    if bucket is not None:
        query = query.where(LedgerEntry.bucket == bucket)
    if kind is not None:
        query = query.where(LedgerEntry.kind == kind)
    return query
