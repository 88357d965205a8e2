"""Referrals use cases."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from services.referrals.models import ReferralCode
from services.referrals.schemas import CodeCheck


async def check_code(*, session: AsyncSession, code: str) -> CodeCheck:
    normalised = code.strip().upper()
    return CodeCheck(code=normalised, valid=await session.get(ReferralCode, normalised) is not None)
