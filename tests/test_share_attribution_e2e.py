"""Share attribution through the gateway: a ladder group's code carries its share link, visits count once
per visitor and day, each join keeps where it came from, and ops read shares → visits → binds → joins →
first paid orders per source (``services/orders/share_funnel.py``)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from common.testing.fake_wechat import png_text
from tests.support import bearer, login, until

pytestmark = pytest.mark.e2e

TIERS = [{"threshold": 1, "unit_price_fen": 10000}, {"threshold": 2, "unit_price_fen": 9000}]
COUNTED = ("shares", "visits", "binds", "binds_first_paid", "joins", "joins_first_paid")


async def neighbour(gateway, room: int, estate: str = "归因花园") -> tuple[dict, int]:
    tokens = await login(gateway, f"attribution-{uuid.uuid4().hex[:10]}")
    address = await gateway.post("/v1/users/me/addresses", headers=bearer(tokens), json={
        "recipient": "邻居", "phone": "13600000000", "province": "上海市", "city": "上海市", "district": "徐汇区",
        "estate": estate, "building": "2栋", "room": str(room)})
    assert address.status_code == 201, address.text
    return tokens, address.json()["id"]


@pytest.fixture
async def ladder(gateway):
    ops = await login(gateway, "attribution-ops", ("ops",))
    product = (await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"归因草莓 {uuid.uuid4().hex[:6]}", "role": "fission", "published": True,
        "skus": [{"name": "2盒", "price_fen": 12000, "stock": 100}]})).json()
    start = datetime.now(UTC) - timedelta(minutes=1)
    activity = await gateway.post("/v1/activities", headers=bearer(ops), json={
        "title": "邻居一起买", "sku_id": product["skus"][0]["id"], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "terms": {"kind": "ladder_group", "tiers": TIERS, "close_on_top_tier": False}})
    assert activity.status_code == 201, activity.text
    return {"ops": ops, "activity": activity.json()["id"]}


async def order(gateway, ladder, tokens, address_id, source=None):
    body = {"activity_id": ladder["activity"], "address_id": address_id} | ({"source": source} if source else {})
    return await gateway.post("/v1/orders", headers=bearer(tokens) | {"Idempotency-Key": uuid.uuid4().hex},
                              json=body)


async def funnel(gateway, ops, since: datetime, until: datetime | None = None) -> dict[str, dict]:
    window = {"since": since.isoformat()} | ({"until": until.isoformat()} if until else {})
    answer = await gateway.get("/v1/shares/funnel", headers=bearer(ops), params=window)
    assert answer.status_code == 200, answer.text
    assert answer.json()["missing"] == []
    return {row["source"]: row for row in answer.json()["sources"]}


def grown(before: dict[str, dict], after: dict[str, dict]) -> dict[str, dict[str, int]]:
    """What each source gained between two readings (zeros left out)."""
    changes: dict[str, dict[str, int]] = {}
    for source, row in after.items():
        old = before.get(source, {})
        moved = {name: (row[name] or 0) - (old.get(name) or 0) for name in COUNTED}
        if any(moved.values()):
            changes[source] = {name: value for name, value in moved.items() if value}
    return changes


async def test_a_shared_group_code_visit_join_and_payment_show_in_the_funnel(gateway, ladder):
    since = datetime.now(UTC) - timedelta(minutes=5)
    ops = ladder["ops"]
    sharer, sharer_address = await neighbour(gateway, 201)
    first = await order(gateway, ladder, sharer, sharer_address)
    assert first.status_code == 201, first.text
    assert first.json()["source_kind"] is None
    assert (await gateway.post(f"/v1/payments/sandbox/{first.json()['id']}", headers=bearer(sharer))).status_code == 200
    group_id = first.json()["group_id"]
    before = await funnel(gateway, ops, since)

    # The participant makes the group's code: it carries the share link, and opens the group for anyone.
    token = (await gateway.get(f"/v1/groups/{group_id}/share", headers=bearer(sharer))).json()["share_token"]
    made = await gateway.post("/v1/scenes", headers=bearer(sharer), json={"kind": "group", "target": str(group_id)})
    assert made.status_code == 201, made.text
    scene = made.json()["scene"]
    assert made.json()["target"] == str(group_id) and made.json()["share_token"] == token
    assert made.json()["query"] == f"id={group_id}&share={token}"
    image = await gateway.get(made.json()["image_url"])
    assert image.status_code == 200, image.text
    scanned = png_text(image.content)  # what a camera reads from the code: the scene, and the group's page
    assert (scanned["scene"], scanned["page"]) == (scene, "pages/group/detail")
    again = await gateway.post("/v1/scenes", headers=bearer(sharer), json={"kind": "group", "target": str(group_id)})
    assert again.json()["scene"] == scene
    stranger, _ = await neighbour(gateway, 101, estate="别处花园")
    refused = await gateway.post("/v1/scenes", headers=bearer(stranger),
                                 json={"kind": "group", "target": str(group_id)})
    assert refused.status_code == 404 and refused.json()["code"] == "not_found", refused.text

    # Someone scans it, not signed in yet: the scene opens the group's page with its link; one visit a day.
    resolved = await gateway.get(f"/v1/scenes/{scanned['scene']}")
    assert resolved.status_code == 200 and resolved.json()["query"] == f"id={group_id}&share={token}"
    page = await gateway.get(f"/v1/groups/{group_id}/share", params={"share": resolved.json()["share_token"]})
    assert page.status_code == 200, page.text
    visit = {"kind": "code", "scene": scene, "group_id": group_id, "share_token": token,
             "visitor": f"anon-{uuid.uuid4().hex[:12]}"}
    counted = [(await gateway.post("/v1/shares/visits", json=visit)).json()["counted"] for _ in range(3)]
    assert counted == [True, False, False]

    # They sign in, bind to the sharer from the code, and join the group from it; then pay.
    scanner, scanner_address = await neighbour(gateway, 202)
    code = (await gateway.get("/v1/referrals/me", headers=bearer(sharer))).json()["code"]
    bound = await gateway.post("/v1/referrals/bind", headers=bearer(scanner),
                               json={"code": code, "source": {"kind": "scene", "scene": scene}})
    assert bound.status_code == 200, bound.text
    joined = await order(gateway, ladder, scanner, scanner_address,
                         {"kind": "scene", "scene": scene, "group_id": group_id, "share_token": token})
    assert joined.status_code == 201, joined.text
    assert joined.json()["group_id"] == group_id
    assert (joined.json()["source_kind"], joined.json()["source_share"]) == ("scene", f"g{group_id}")
    paid = await gateway.post(f"/v1/payments/sandbox/{joined.json()['id']}", headers=bearer(scanner))
    assert paid.status_code == 200, paid.text

    # A neighbour opens the forwarded card twice (signed in: counted once) and joins without paying.
    carded, carded_address = await neighbour(gateway, 203)
    card = {"kind": "card", "group_id": group_id, "share_token": token}
    counted = [(await gateway.post("/v1/shares/visits", headers=bearer(carded), json=card)).json()["counted"]
               for _ in range(2)]
    assert counted == [True, False]
    unpaid = await order(gateway, ladder, carded, carded_address,
                         {"kind": "share_card", "group_id": group_id, "share_token": token})
    assert unpaid.status_code == 201, unpaid.text
    shown = await gateway.get(f"/v1/orders/{unpaid.json()['id']}", headers=bearer(ops))
    assert (shown.json()["source_kind"], shown.json()["source_share"]) == ("share_card", f"g{group_id}")

    expected = {"scene": {"shares": 1, "visits": 1, "binds": 1, "binds_first_paid": 1, "joins": 1,
                          "joins_first_paid": 1},
                "share_card": {"visits": 1, "joins": 1}}
    after = await until(lambda: funnel(gateway, ops, since), lambda rows: grown(before, rows) == expected, 15)
    assert grown(before, after) == expected
    assert after["share_card"]["shares"] is None  # cards are not counted when shared, only when opened
    assert list(after)[:4] == ["scene", "share_card", "poster", "leader_code"]

    # A window that starts after all this shows none of it (by the stack's clock: other tests move it).
    stack_now = datetime.fromisoformat((await gateway.get("/v1/dev/clock", headers=bearer(ops))).json()["now"])
    moment = max(datetime.now(UTC), stack_now) + timedelta(seconds=1)
    later = await funnel(gateway, ops, moment, moment + timedelta(hours=1))
    assert all(not row[name] for row in later.values() for name in COUNTED)


async def test_a_bad_source_or_visit_is_a_problem_and_places_nothing(gateway, ladder):
    buyer, address = await neighbour(gateway, 301)
    first = await order(gateway, ladder, buyer, address)
    group_id = first.json()["group_id"]
    other, other_address = await neighbour(gateway, 302)
    token = (await gateway.get(f"/v1/groups/{group_id}/share", headers=bearer(buyer))).json()["share_token"]
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")

    for source, code in (({"kind": "tiktok"}, "validation_error"),
                         ({"kind": "share_card", "group_id": group_id}, "validation_error"),
                         ({"kind": "share_card", "share_token": token}, "validation_error"),
                         ({"kind": "poster", "scene": "no spaces!"}, "validation_error"),
                         ({"kind": "share_card", "group_id": group_id, "share_token": wrong}, "invalid_share_token"),
                         ({"kind": "share_card", "group_id": group_id + 1, "share_token": token},
                          "invalid_share_token")):
        refused = await order(gateway, ladder, other, other_address, source)
        assert refused.status_code == 422, (source, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["code"] == code, (source, refused.text)
    mine = await gateway.get("/v1/orders", headers=bearer(other))
    assert mine.json()["items"] == []  # nothing placed, nothing held

    for visit, code in (({"kind": "scan", "scene": "abcdefghjk"}, "validation_error"),
                        ({"kind": "card"}, "validation_error"),
                        ({"kind": "card", "group_id": group_id, "share_token": wrong}, "invalid_share_token"),
                        ({"kind": "code", "scene": "abcdefghjk", "visitor": "short"}, "validation_error")):
        refused = await gateway.post("/v1/shares/visits", json=visit)
        assert refused.status_code == 422 and refused.json()["code"] == code, (visit, refused.text)

    assert (await gateway.get("/v1/shares/funnel")).status_code == 401
    assert (await gateway.get("/v1/shares/funnel", headers=bearer(buyer))).status_code == 403
    backwards = await gateway.get("/v1/shares/funnel", headers=bearer(ladder["ops"]),
                                  params={"since": "2026-12-02T00:00:00Z", "until": "2026-12-01T00:00:00Z"})
    assert backwards.status_code == 422 and backwards.json()["code"] == "validation_error"
