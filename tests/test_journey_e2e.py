"""The whole journey, through the gateway with nothing but the generated client: neighbours log in and
bind a referral code, join a same-address ladder group and pay in the sandbox; the group closes and each
gets the difference back; the referrer's rebates are frozen, the orders are handed out and complete,
the rebates become available, and the referrer withdraws them to WeChat Pay (the local fake)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from groupbuy_client import AuthenticatedClient, Client
from groupbuy_client.api.activities import catalog_create_activity
from groupbuy_client.api.auth import auth_dev_login
from groupbuy_client.api.catalog import catalog_create_product
from groupbuy_client.api.groups import orders_close_group
from groupbuy_client.api.orders import orders_create, orders_deliver, orders_get, orders_ship
from groupbuy_client.api.payments import payments_sandbox_pay
from groupbuy_client.api.rebates import rebates_balance
from groupbuy_client.api.referrals import referrals_bind, referrals_me
from groupbuy_client.api.users import users_add_address, users_set_level
from groupbuy_client.api.withdrawals import withdrawals_approve, withdrawals_create, withdrawals_get
from groupbuy_client.models import (
    ActivityCreate,
    AddressCreate,
    BindRequest,
    DevLogin,
    LevelSet,
    OrderCreate,
    ProductCreate,
    WithdrawalRequest,
)

from conftest import AFTER_SALES_S

pytestmark = pytest.mark.e2e

TIERS = [(1, 10_000), (2, 9_000), (3, 8_500), (5, 7_500)]
NEIGHBOURS = 3  # → ¥85 each


def ok(answer, what: str) -> Any:
    assert 200 <= answer.status_code < 300, f"{what}: {answer.status_code} {answer.content[:300]!r}"
    return answer.parsed


async def eventually(fetch: Callable[[], Awaitable[Any]], done: Callable[[Any], bool], seconds: float) -> Any:
    for _ in range(int(seconds * 4)):
        value = await fetch()
        if done(value):
            return value
        await asyncio.sleep(0.25)
    return await fetch()


async def test_neighbours_buy_together_and_the_referrer_withdraws_the_rebates(stack, fake_wechatpay):
    url, tag = stack.gateway_url, uuid.uuid4().hex[:6]
    anonymous = Client(base_url=url, timeout=httpx.Timeout(15))

    async def login(openid: str, roles: tuple[str, ...] = ()) -> tuple[AuthenticatedClient, int]:
        tokens = ok(await auth_dev_login.asyncio_detailed(
            client=anonymous, body=DevLogin.from_dict({"openid": openid, "roles": list(roles)})), "login")
        return AuthenticatedClient(base_url=url, token=tokens.access_token, timeout=httpx.Timeout(15)), tokens.user.id

    ops, _ = await login(f"journey-ops-{tag}", ("ops",))
    referrer, referrer_id = await login(f"journey-referrer-{tag}")
    ok(await users_set_level.asyncio_detailed(user_id=referrer_id, client=ops, body=LevelSet.from_dict(
        {"level": "partner", "reason": "journey"})), "make the referrer a partner")
    code = ok(await referrals_me.asyncio_detailed(client=referrer), "referral code").code

    product = ok(await catalog_create_product.asyncio_detailed(client=ops, body=ProductCreate.from_dict({
        "name": f"旅程蓝莓 {tag}", "role": "fission", "published": True,
        "skus": [{"name": "4盒", "price_fen": 12_000, "stock": 100}]})), "product")
    start = datetime.now(UTC) - timedelta(minutes=1)
    activity = ok(await catalog_create_activity.asyncio_detailed(client=ops, body=ActivityCreate.from_dict({
        "title": "同址阶梯团", "sku_id": product.skus[0].id, "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "terms": {"kind": "ladder_group", "close_on_top_tier": False,
                  "tiers": [{"threshold": t, "unit_price_fen": p} for t, p in TIERS]}})), "ladder activity")

    orders, buyers = [], []
    for room in range(NEIGHBOURS):
        buyer, _ = await login(f"journey-neighbour-{tag}-{room}")
        ok(await referrals_bind.asyncio_detailed(client=buyer, body=BindRequest.from_dict({"code": code})), "bind")
        address = ok(await users_add_address.asyncio_detailed(client=buyer, body=AddressCreate.from_dict({
            "recipient": "邻居", "phone": "13900000000", "province": "浙江省", "city": "杭州市", "district": "西湖区",
            "estate": f"旅程小区{tag}", "building": "3幢", "unit": "1单元", "room": f"{room + 1}01"})), "address")
        placed = ok(await orders_create.asyncio_detailed(client=buyer, idempotency_key=uuid.uuid4().hex,
                                                         body=OrderCreate.from_dict({"activity_id": activity.id,
                                                                                     "address_id": address.id})),
                    "join the group")
        ok(await payments_sandbox_pay.asyncio_detailed(order_id=placed.id, client=buyer), "pay")
        orders.append(placed)
        buyers.append(buyer)
    group_ids = {order.group_id for order in orders}
    assert len(group_ids) == 1 and None not in group_ids
    closed = ok(await orders_close_group.asyncio_detailed(group_id=group_ids.pop(), client=ops), "close the group")
    assert closed.unit_price_fen == 8_500 and closed.paid_count == NEIGHBOURS

    assert [order.amount_fen for order in orders] == [10_000, 9_000, 8_500]  # each paid the price when joining
    for order, buyer in zip(orders, buyers, strict=True):
        seen = await eventually(lambda o=order, b=buyer: orders_get.asyncio(order_id=o.id, client=b),
                                lambda s, o=order: s.refunded_fen == o.amount_fen - 8_500 and s.settled_amount_fen, 15)
        assert (seen.status.value, seen.settled_amount_fen, seen.refunded_fen) == (
            "confirmed", 8_500, order.amount_fen - 8_500)  # the difference came back
    rebate = NEIGHBOURS * 8_500 * 100 // 1000  # a partner earns 10 % from direct referees
    frozen = await eventually(lambda: rebates_balance.asyncio(client=referrer), lambda b: b.frozen_fen >= rebate, 15)
    assert frozen.frozen_fen == rebate + 500 * NEIGHBOURS and frozen.available_fen == 0  # + new-member rewards

    for order in orders:
        ok(await orders_ship.asyncio_detailed(order_id=order.id, client=ops), "ship")
        ok(await orders_deliver.asyncio_detailed(order_id=order.id, client=ops), "hand out")
    available = await eventually(lambda: rebates_balance.asyncio(client=referrer),
                                 lambda b: b.available_fen == frozen.frozen_fen, AFTER_SALES_S * 4)
    assert (available.available_fen, available.frozen_fen) == (frozen.frozen_fen, 0)
    for order, buyer in zip(orders, buyers, strict=True):
        assert (await orders_get.asyncio(order_id=order.id, client=buyer)).status.value == "completed"

    asked = ok(await withdrawals_create.asyncio_detailed(client=referrer, idempotency_key=uuid.uuid4().hex,
                                                          body=WithdrawalRequest.from_dict(
                                                              {"amount_fen": available.available_fen})), "withdraw")
    approved = ok(await withdrawals_approve.asyncio_detailed(withdrawal_id=asked.id, client=ops), "approve")
    assert approved.status.value == "awaiting_confirmation" and approved.package_info
    async with httpx.AsyncClient(base_url=fake_wechatpay["FAKE_URL"]) as wechat:  # the user confirms in WeChat
        assert (await wechat.post(f"/fake/transfer-confirm/{asked.out_bill_no}",
                                  params={"deliver": "false"})).status_code == 200
    paid = await eventually(lambda: withdrawals_get.asyncio(withdrawal_id=asked.id, client=referrer),
                            lambda w: w.status.value == "paid", 15)
    assert paid.status.value == "paid" and paid.payout_fen == asked.amount_fen - asked.fee_fen
    final = await rebates_balance.asyncio(client=referrer)
    assert (final.available_fen, final.withdrawn_fen) == (0, available.available_fen)
