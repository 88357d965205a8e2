"""Referrals HTTP routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from common.auth import CurrentUser
from common.db import SessionDep, WriteSessionDep
from services.referrals import binding, service
from services.referrals.schemas import Binding, BindRequest, CodeCheck, MyReferral

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


@router.post("/v1/referrals/bind", operation_id="referrals_bind", response_model=Binding,
             responses={409: {"description": "binding_locked, already_bound or binding_expired"},
                        422: {"description": "unknown_referral_code, self_referral or referral_cycle"}})
async def bind(body: BindRequest, user: CurrentUser, session: WriteSessionDep, request: Request) -> Binding:
    """Bind the caller to the owner of a referral code, per the configured binding mode."""
    return await binding.bind(session=session, settings=request.app.state.settings.binding,
                              user_id=user.user_id, code=body.code)


@router.post("/v1/referrals/shares", operation_id="referrals_share", status_code=204, response_class=Response)
async def share(user: CurrentUser, session: WriteSessionDep) -> Response:
    """The mini-program reports that the caller shared their referral link."""
    await binding.share(session=session, user_id=user.user_id)
    return Response(status_code=204)
