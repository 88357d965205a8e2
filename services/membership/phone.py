"""The user's phone number from WeChat: ``<button open-type="getPhoneNumber">`` hands the mini-program a
one-time code; ``POST /v1/users/me/phone {code}`` exchanges it (``wxa/business/getuserphonenumber``) and
keeps the number on the user.  Every answer shows the number masked (``138****0000``): the full number
is only ever read by the services that deliver to it, never sent back to a client."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import CurrentUser
from common.db import WriteSessionDep
from common.problems import Problem
from services.membership.models import User
from services.membership.wechat_token import WeChatError, WeChatServer, WeChatUnavailable, wechat_server


class PhoneCode(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=128, description="The code getPhoneNumber gave the mini-program")


class MyPhone(BaseModel):
    phone_masked: str


def mask_phone(phone: str) -> str:
    """All but the first three and the last four digits hidden; short numbers keep only the last two."""
    if len(phone) >= 8:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * max(len(phone) - 2, 0) + phone[-2:]


async def bind_phone(*, session: AsyncSession, server: WeChatServer, user_id: int, code: str) -> MyPhone:
    try:
        answer = await server.call_json("/wxa/business/getuserphonenumber", {"code": code})
    except WeChatUnavailable as exc:
        raise Problem(503, "wechat_unavailable", "WeChat could not be reached; try again",
                      headers={"Retry-After": "2"}) from exc
    except WeChatError as exc:
        if exc.errcode == 40029:
            raise Problem(422, "phone_code_invalid", "The phone code is invalid or used; ask again") from exc
        raise Problem(502, "wechat_error", f"WeChat refused the phone number ({exc})") from exc
    info = answer.get("phone_info") or {}
    phone = str(info.get("purePhoneNumber") or info.get("phoneNumber") or "")
    if not phone.isdigit() or not 5 <= len(phone) <= 20:
        raise Problem(502, "wechat_error", "WeChat answered without a phone number")
    user = await session.get(User, user_id)
    if user is None:
        raise Problem(404, "not_found", "the user does not exist")
    user.phone = phone
    session.add(user)
    await session.commit()
    return MyPhone(phone_masked=mask_phone(phone))


phone = APIRouter(prefix="/v1/users/me/phone", tags=["users"])


@phone.post("", operation_id="users_bind_phone", response_model=MyPhone)
async def post_phone(body: PhoneCode, user: CurrentUser, session: WriteSessionDep, request: Request) -> MyPhone:
    """Keep the phone number WeChat vouches for (getPhoneNumber's code); answers it masked."""
    return await bind_phone(session=session, server=wechat_server(request.app.state), user_id=user.user_id,
                            code=body.code)


routers = [phone]
