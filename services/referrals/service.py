"""Referrals use cases."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.referrals.domain.codes import new_code, normalise
from services.referrals.models import ReferralCode
from services.referrals.schemas import CodeCheck, MyReferral

SHARE_PAGE = "pages/index/index"
ATTEMPTS = 10


async def check_code(*, session: AsyncSession, code: str) -> CodeCheck:
    normalised = normalise(code)
    return CodeCheck(code=normalised, valid=await session.get(ReferralCode, normalised) is not None)


async def ensure_code(session: AsyncSession, user_id: int) -> ReferralCode:
    """The user's code, made if they have none yet (idempotent; does not commit)."""
    found = (await session.exec(select(ReferralCode).where(ReferralCode.user_id == user_id))).first()
    if found is not None:
        return found
    for _ in range(ATTEMPTS):
        candidate = ReferralCode(code=new_code(), user_id=user_id)
        try:
            async with session.begin_nested():
                session.add(candidate)
            return candidate
        except sa.exc.IntegrityError:
            found = (await session.exec(select(ReferralCode).where(ReferralCode.user_id == user_id))).first()
            if found is not None:  # made concurrently for the same user
                return found
    raise RuntimeError("no free referral code after several attempts")


async def my_referral(*, session: AsyncSession, user_id: int) -> MyReferral:
    code = await ensure_code(session, user_id)
    await session.commit()
    return MyReferral(code=code.code, share_path=f"{SHARE_PAGE}?ref={code.code}")
