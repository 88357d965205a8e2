"""Referrals HTTP routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from common.auth import CurrentUser
from common.db import SessionDep, WriteSessionDep
from services.referrals import service
from services.referrals.schemas import CodeCheck, MyReferral

router = APIRouter(tags=["referrals"])


@router.get("/v1/referrals/me", operation_id="referrals_me", response_model=MyReferral)
async def me(user: CurrentUser, session: WriteSessionDep) -> MyReferral:
    """The caller's referral code and the page a share card opens."""
    return await service.my_referral(session=session, user_id=user.user_id)


@router.get("/v1/referrals/codes/{code}", operation_id="referrals_check_code", response_model=CodeCheck)
async def check_code(session: SessionDep,
                     code: Annotated[str, Path(min_length=4, max_length=16, pattern=r"^[A-Za-z0-9]+$")]
                     ) -> CodeCheck:
    """Whether a referral code from a shared link exists (the landing page asks before binding)."""
    return await service.check_code(session=session, code=code)
