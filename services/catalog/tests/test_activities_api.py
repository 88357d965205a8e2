"""Activities: validated terms (every malformed ladder names its field), status from the clock,
listing by community, editing before the start only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.catalog.tests.support import activity_body, ladder_terms, make_product


@pytest.fixture
async def sku_id(api, as_ops) -> int:
    return (await make_product(api, as_ops))["skus"][0]["id"]


async def test_a_ladder_group_is_created_live_with_its_defaults(api, as_ops, sku_id):
    answer = await api.post("/v1/activities", json=activity_body(sku_id, ladder_terms()), auth=as_ops)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["status"] == "live" and body["kind"] == "ladder_group"
    assert body["terms"]["basis"] == "participants" and body["terms"]["address_scope"] == "building"
    assert body["terms"]["min_success"] == 1 and body["terms"]["close_on_top_tier"] is True


TIERS = [{"threshold": 1, "unit_price_fen": 10000}, {"threshold": 2, "unit_price_fen": 9000}]


@pytest.mark.parametrize(("terms", "field"), [
    (ladder_terms(tiers=[{"threshold": 2, "unit_price_fen": 9000}]), "body.terms.ladder_group"),  # gap: no 1
    (ladder_terms(tiers=[*TIERS, {"threshold": 2, "unit_price_fen": 8000}]), "body.terms.ladder_group"),
    (ladder_terms(tiers=[*TIERS, {"threshold": 3, "unit_price_fen": 9500}]), "body.terms.ladder_group"),  # rising
    (ladder_terms(tiers=[{"threshold": 0, "unit_price_fen": 9000}]), "body.terms.ladder_group.tiers.0.threshold"),
    (ladder_terms(tiers=[{"threshold": 1, "unit_price_fen": -5}]), "body.terms.ladder_group.tiers.0.unit_price_fen"),
    (ladder_terms(tiers=[{"threshold": 1, "unit_price_fen": 99.5}]), "body.terms.ladder_group.tiers.0.unit_price_fen"),
    (ladder_terms(tiers=[]), "body.terms.ladder_group.tiers"),
    (ladder_terms(basis="households"), "body.terms.ladder_group.basis"),
    (ladder_terms(address_scope="city"), "body.terms.ladder_group.address_scope"),
    (ladder_terms(min_success=0), "body.terms.ladder_group.min_success"),
    (ladder_terms(surprise=1), "body.terms.ladder_group.surprise"),
    (ladder_terms(group_window_s=10 * 3600), "body.terms.group_window_s"),  # longer than the 3 h activity
    (ladder_terms(early_bird={"unit_price_fen": 7000}), "body.terms.ladder_group.early_bird"),
    ({"kind": "flash_sale", "price_fen": 990, "stock": 0}, "body.terms.flash_sale.stock"),
    ({"kind": "auction"}, "body.terms"),
])
async def test_every_malformed_ladder_is_a_422_naming_the_field(api, as_ops, sku_id, terms, field):
    answer = await api.post("/v1/activities", json=activity_body(sku_id, terms), auth=as_ops)
    assert answer.status_code == 422, answer.text
    fields = [e["field"] for e in answer.json()["errors"]]
    assert any(f.startswith(field) for f in fields), fields


async def test_a_window_past_the_end_is_refused(api, as_ops, sku_id):
    body = activity_body(sku_id, ladder_terms())
    body["ends_at"] = body["starts_at"]
    answer = await api.post("/v1/activities", json=body, auth=as_ops)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "body.ends_at"


async def test_early_bird_paid_before_must_fall_inside_the_activity(api, as_ops, sku_id):
    late = (datetime.now(UTC) + timedelta(days=5)).isoformat()
    terms = ladder_terms(early_bird={"unit_price_fen": 7000, "paid_before": late})
    answer = await api.post("/v1/activities", json=activity_body(sku_id, terms), auth=as_ops)
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "body.terms.early_bird.paid_before"
    terms = ladder_terms(early_bird={"unit_price_fen": 7000, "first_n": 10})
    assert (await api.post("/v1/activities", json=activity_body(sku_id, terms), auth=as_ops)).status_code == 201


async def test_listing_shows_live_and_upcoming_for_the_community(api, as_ops, sku_id):
    mine = await api.post("/v1/activities", auth=as_ops, json=activity_body(
        sku_id, ladder_terms(), starts_in_s=3600, community_ids=[41]))
    theirs = await api.post("/v1/activities", auth=as_ops, json=activity_body(
        sku_id, ladder_terms(), community_ids=[42]))
    ended = await api.post("/v1/activities", auth=as_ops, json=activity_body(
        sku_id, ladder_terms(), starts_in_s=-7200, hours=1))
    listed = (await api.get("/v1/activities", params={"community_id": 41, "limit": 100})).json()["items"]
    ids = {a["id"]: a["status"] for a in listed}
    assert ids[mine.json()["id"]] == "scheduled"
    assert theirs.json()["id"] not in ids and ended.json()["id"] not in ids


async def test_an_activity_is_edited_before_it_starts_never_after(api, as_ops, sku_id):
    upcoming = (await api.post("/v1/activities", auth=as_ops,
                               json=activity_body(sku_id, ladder_terms(), starts_in_s=3600))).json()
    edited = await api.patch(f"/v1/activities/{upcoming['id']}", json={"title": "改过的标题"}, auth=as_ops)
    assert edited.status_code == 200 and edited.json()["title"] == "改过的标题"
    live = (await api.post("/v1/activities", auth=as_ops, json=activity_body(sku_id, ladder_terms()))).json()
    refused = await api.patch(f"/v1/activities/{live['id']}", json={"title": "x"}, auth=as_ops)
    assert refused.status_code == 409 and refused.json()["code"] == "activity_started"


async def test_cancelled_activities_drop_out_of_the_listing(api, as_ops, sku_id):
    created = (await api.post("/v1/activities", auth=as_ops, json=activity_body(sku_id, ladder_terms()))).json()
    cancelled = await api.post(f"/v1/activities/{created['id']}/cancel", auth=as_ops)
    assert cancelled.json()["status"] == "cancelled"
    listed = (await api.get("/v1/activities", params={"limit": 100})).json()["items"]
    assert created["id"] not in [a["id"] for a in listed]
