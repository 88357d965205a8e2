"""Rebates and withdrawals through the gateway to the real processes: a chain A ← B ← C ← D where D's
order pays C and B by their own levels and never A, the leader's commission, the money moving from
frozen to available when the order completes; withdrawals that never take out more than is available
however many come at once, paid out through WeChat Pay's transfer (to the local fake) once ops approve;
the rules published by ops in versions."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from conftest import AFTER_SALES_S
from tests.support import ADDRESS, arrive, bearer, login, until

pytestmark = pytest.mark.e2e

PRICE_FEN = 100_000


async def as_ops(gateway) -> dict:
    return await login(gateway, "referrals-e2e-ops", ("ops",))


async def balance(gateway, tokens: dict) -> dict:
    answer = await gateway.get("/v1/rebates/balance", headers=bearer(tokens))
    assert answer.status_code == 200, answer.text
    return answer.json()


async def set_level(gateway, ops: dict, user: dict, level: str) -> None:
    answer = await gateway.put(f"/v1/users/{user['user']['id']}/level", headers=bearer(ops),
                               json={"level": level, "reason": "referrals e2e"})
    assert answer.status_code == 200, answer.text


@pytest.fixture(scope="module")
async def chain(stack):
    """A ← B ← C ← D (partner, partner, member, customer), D in a community with a leader, and one
    order of D's paid, handed out and completed."""
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=15) as gateway:
        tag = uuid.uuid4().hex[:6]
        ops = await as_ops(gateway)
        users = {name: await login(gateway, f"chain-{name}-{tag}") for name in "ABCD"}
        for upper, lower in zip("ABC", "BCD", strict=True):
            code = (await gateway.get("/v1/referrals/me", headers=bearer(users[upper]))).json()["code"]
            bound = await gateway.post("/v1/referrals/bind", json={"code": code}, headers=bearer(users[lower]))
            assert bound.status_code == 200, bound.text
        for name, level in (("A", "partner"), ("B", "partner"), ("C", "member")):
            await set_level(gateway, ops, users[name], level)
        for upper, level in (("A", "partner"), ("B", "member")):  # referrals heard of B's and C's levels
            seen = await until(lambda u=upper: gateway.get("/v1/referrals/team", headers=bearer(users[u])),
                               lambda a, lv=level: a.json()["levels"][0]["by_membership_level"] == {lv: 1}, 15)
            assert seen.json()["levels"][0]["by_membership_level"] == {level: 1}, seen.text
        community = (await gateway.post("/v1/communities", headers=bearer(ops), json={
            "name": f"返利团 {tag}", "province": "浙江省", "city": "杭州市", "district": "西湖区",
            "estate": "翠苑一区", "building": "7幢", "pickup_point": "7幢门卫室"})).json()
        leader = await login(gateway, f"chain-leader-{tag}")
        assert (await gateway.put(f"/v1/communities/{community['id']}/leader", headers=bearer(ops),
                                  json={"user_id": leader["user"]["id"]})).status_code == 200
        d = users["D"]
        assert (await gateway.post(f"/v1/communities/{community['id']}/join", headers=bearer(d))).status_code == 200
        address = (await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(d))).json()
        product = (await gateway.post("/v1/products", headers=bearer(ops), json={
            "name": f"返利测试商品 {tag}", "role": "regular", "published": True,
            "skus": [{"name": "整箱", "price_fen": PRICE_FEN, "stock": 50}]})).json()
        placed = await gateway.post("/v1/orders", headers=bearer(d) | {"Idempotency-Key": uuid.uuid4().hex}, json={
            "sku_id": product["skus"][0]["id"], "quantity": 1, "address_id": address["id"]})
        assert placed.status_code == 201, placed.text
        order = placed.json()
        paid = await gateway.post(f"/v1/payments/sandbox/{order['id']}", headers=bearer(d))
        assert paid.json()["status"] == "confirmed", paid.text
        frozen = await until(lambda: gateway.get("/v1/rebates/balance", headers=bearer(users["C"])),
                             lambda a: a.json()["frozen_fen"] > 0, 15)
        before_completion = {name: await balance(gateway, users[name]) for name in "ABC"}
        before_completion["leader"] = await balance(gateway, leader)
        assert frozen.json()["frozen_fen"] > 0
        assert (await gateway.post(f"/v1/orders/{order['id']}/ship", headers=bearer(ops))).status_code == 200
        await arrive(gateway, ops, community["id"])
        assert (await gateway.post(f"/v1/orders/{order['id']}/deliver", headers=bearer(ops))).status_code == 200
        done = await until(lambda: gateway.get("/v1/rebates/balance", headers=bearer(users["C"])),
                           lambda a: a.json()["available_fen"] > 0, AFTER_SALES_S * 4)
        assert done.json()["available_fen"] > 0, done.text
        yield {"ops": ops, "users": users, "leader": leader, "order": order, "product": product,
               "address": address, "before_completion": before_completion}


async def test_the_nearest_two_earn_by_their_own_level_never_the_third(gateway, chain):
    before = chain["before_completion"]
    assert before["C"] == {"user_id": chain["users"]["C"]["user"]["id"], "pending_fen": 0,
                           "frozen_fen": PRICE_FEN * 50 // 1000 + 500, "available_fen": 0,  # member 5 % + reward
                           "withdrawing_fen": 0, "withdrawn_fen": 0}
    assert before["B"]["frozen_fen"] == PRICE_FEN * 50 // 1000  # partner at tree level 2: 5 %
    assert before["A"]["frozen_fen"] == 0 and before["A"]["available_fen"] == 0
    assert before["leader"]["frozen_fen"] == PRICE_FEN * 30 // 1000
    after = {name: await balance(gateway, chain["users"][name]) for name in "ABC"}
    assert after["C"]["available_fen"] == before["C"]["frozen_fen"] and after["C"]["frozen_fen"] == 0
    assert after["B"]["available_fen"] == before["B"]["frozen_fen"]
    assert after["A"]["available_fen"] == 0
    ledger = (await gateway.get("/v1/rebates", headers=bearer(chain["users"]["C"]))).json()["items"]
    assert [(e["kind"], e["bucket"], e["step"]) for e in ledger if e["order_id"] == chain["order"]["id"]
            and e["kind"] == "rebate"] == [("rebate", "pending", "earn"), ("rebate", "pending", "settle"),
                                          ("rebate", "frozen", "settle"), ("rebate", "frozen", "complete"),
                                          ("rebate", "available", "complete")]
    team = (await gateway.get("/v1/referrals/team", headers=bearer(chain["users"]["B"]))).json()
    assert [(lv["tree_level"], lv["members"], lv["buyers"]) for lv in team["levels"]] == [(1, 1, 0), (2, 1, 1)]
    assert team["levels"][1]["earned_fen"] == PRICE_FEN * 50 // 1000
    assert team["direct"][0]["member"].startswith("用户***") and "chain-" not in str(team)
    other = await gateway.get("/v1/rebates/balance", params={"user_id": chain["users"]["A"]["user"]["id"]},
                              headers=bearer(chain["users"]["B"]))
    assert other.status_code == 403 and other.headers["content-type"].startswith("application/problem+json")


async def test_twenty_concurrent_withdrawals_never_take_out_more_than_is_available(gateway, chain):
    b = chain["users"]["B"]
    available = (await balance(gateway, b))["available_fen"]
    amount = 1_000
    answers = await asyncio.gather(*[
        gateway.post("/v1/withdrawals", json={"amount_fen": amount},
                     headers=bearer(b) | {"Idempotency-Key": uuid.uuid4().hex}) for _ in range(20)])
    codes = sorted(a.status_code for a in answers)
    assert codes.count(201) == available // amount and codes.count(409) == 20 - available // amount, codes
    assert all(a.json()["code"] == "insufficient_balance" for a in answers if a.status_code == 409)
    after = await balance(gateway, b)
    assert after["available_fen"] == available - amount * (available // amount) >= 0
    assert after["withdrawing_fen"] == amount * (available // amount)


async def test_a_withdrawal_is_paid_out_through_wechat_pay_once_ops_approve(gateway, chain, fake_wechatpay):
    c, ops = chain["users"]["C"], chain["ops"]
    key = uuid.uuid4().hex
    once = bearer(c) | {"Idempotency-Key": key}
    asked = await gateway.post("/v1/withdrawals", json={"amount_fen": 2_000}, headers=once)
    assert asked.status_code == 201 and asked.json()["status"] == "pending_review", asked.text
    again = await gateway.post("/v1/withdrawals", json={"amount_fen": 2_000}, headers=once)
    assert again.status_code == 200 and again.json()["id"] == asked.json()["id"]
    withdrawal = asked.json()
    assert withdrawal["fee_fen"] == 12 and withdrawal["payout_fen"] == 1_988  # 0.6 %
    assert (await gateway.post(f"/v1/withdrawals/{withdrawal['id']}/approve", headers=bearer(c))).status_code == 403
    approved = await gateway.post(f"/v1/withdrawals/{withdrawal['id']}/approve", headers=bearer(ops))
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "awaiting_confirmation" and approved.json()["package_info"]
    async with httpx.AsyncClient(base_url=fake_wechatpay["FAKE_URL"]) as fake:
        confirmed = await fake.post(f"/fake/transfer-confirm/{withdrawal['out_bill_no']}", params={"deliver": "false"})
        assert confirmed.status_code == 200, confirmed.text
    paid = await until(lambda: gateway.get(f"/v1/withdrawals/{withdrawal['id']}", headers=bearer(c)),
                       lambda a: a.json()["status"] == "paid", 15)
    assert paid.json()["status"] == "paid" and paid.json()["package_info"] is None, paid.text
    assert (await balance(gateway, c))["withdrawn_fen"] == 2_000
    stranger = await login(gateway, f"stranger-{uuid.uuid4().hex[:6]}")
    assert (await gateway.get(f"/v1/withdrawals/{withdrawal['id']}", headers=bearer(stranger))).status_code == 404


async def test_a_rejected_withdrawal_gives_the_money_back(gateway, chain):
    leader, ops = chain["leader"], chain["ops"]
    before = await balance(gateway, leader)
    asked = await gateway.post("/v1/withdrawals", json={"amount_fen": before["available_fen"]},
                               headers=bearer(leader) | {"Idempotency-Key": uuid.uuid4().hex})
    assert asked.status_code == 201, asked.text
    assert (await balance(gateway, leader))["available_fen"] == 0
    rejected = await gateway.post(f"/v1/withdrawals/{asked.json()['id']}/reject", headers=bearer(ops),
                                  json={"reason": "银行账户信息不完整"})
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert (await balance(gateway, leader))["available_fen"] == before["available_fen"]
    late = await gateway.post(f"/v1/withdrawals/{asked.json()['id']}/approve", headers=bearer(ops))
    assert late.status_code == 409 and late.json()["code"] == "invalid_transition"
    too_small = await gateway.post("/v1/withdrawals", json={"amount_fen": 1},
                                   headers=bearer(leader) | {"Idempotency-Key": uuid.uuid4().hex})
    assert too_small.status_code == 422 and too_small.json()["code"] == "withdrawal_out_of_range"


async def test_a_late_refund_after_a_withdrawal_leaves_a_negative_balance(gateway, chain):
    """C withdrew before; ops refund D's completed order in full: C's available balance goes below zero."""
    c, ops = chain["users"]["C"], chain["ops"]
    if (await balance(gateway, c))["available_fen"] >= 1_000:
        everything = (await balance(gateway, c))["available_fen"]
        taken = await gateway.post("/v1/withdrawals", json={"amount_fen": everything},
                                   headers=bearer(c) | {"Idempotency-Key": uuid.uuid4().hex})
        assert taken.status_code == 201, taken.text
    before = await balance(gateway, c)
    refund = await gateway.post(f"/v1/orders/{chain['order']['id']}/refunds", headers=bearer(ops), json={})
    assert refund.status_code == 201, refund.text
    rebate = PRICE_FEN * 50 // 1000
    after = await until(lambda: gateway.get("/v1/rebates/balance", headers=bearer(c)),
                        lambda a: a.json()["available_fen"] < before["available_fen"], 15)
    assert after.json()["available_fen"] == before["available_fen"] - rebate - 500, after.text
    assert after.json()["available_fen"] < 0


async def test_ops_publish_rule_versions_and_more_than_three_levels_are_refused(gateway, chain):
    ops = chain["ops"]
    versions = await gateway.get("/v1/rebates/rules", headers=bearer(ops))
    assert versions.status_code == 200 and versions.json()[-1]["version"] == 0
    assert (await gateway.get("/v1/rebates/rules", headers=bearer(chain["users"]["A"]))).status_code == 403
    current = versions.json()[0]["rules"]
    too_deep = await gateway.post("/v1/rebates/rules", headers=bearer(ops), json=current | {"max_levels": 4})
    assert too_deep.status_code == 422
    assert too_deep.headers["content-type"].startswith("application/problem+json")
    past = await gateway.post("/v1/rebates/rules", headers=bearer(ops),
                              json=current | {"effective_from": "2020-01-01T00:00:00Z"})
    assert past.status_code == 422


async def test_ops_see_a_users_tree_and_everyones_rebates(gateway, chain):
    ops, users = chain["ops"], chain["users"]
    ids = {name: users[name]["user"]["id"] for name in "ABCD"}
    tree = await gateway.get(f"/v1/referrals/tree/{ids['B']}", params={"depth": 2}, headers=bearer(ops))
    assert tree.status_code == 200, tree.text
    node = tree.json()
    assert (node["user_id"], node["referrer_id"], node["level"], node["referees"]) == (ids["B"], ids["A"], "partner", 1)
    assert [(c["user_id"], c["level"]) for c in node["children"]] == [(ids["C"], "member")]
    assert [(g["user_id"], g["has_paid"]) for g in node["children"][0]["children"]] == [(ids["D"], True)]
    shallow = (await gateway.get(f"/v1/referrals/tree/{ids['A']}", params={"depth": 1}, headers=bearer(ops))).json()
    assert [(c["user_id"], c["referees"], c["children"]) for c in shallow["children"]] == [(ids["B"], 1, [])]
    assert (await gateway.get(f"/v1/referrals/tree/{ids['B']}", headers=bearer(users["B"]))).status_code == 403
    owners = set()
    url, params = "/v1/rebates", {"everyone": "true", "limit": 100}
    while True:
        page = (await gateway.get(url, params=params, headers=bearer(ops))).json()
        owners |= {entry["user_id"] for entry in page["items"]}
        if not page["next_cursor"]:
            break
        params["cursor"] = page["next_cursor"]
    assert {ids["B"], ids["C"], chain["leader"]["user"]["id"]} <= owners and ids["A"] not in owners
    assert (await gateway.get(url, params={"everyone": "true"}, headers=bearer(users["C"]))).status_code == 403
