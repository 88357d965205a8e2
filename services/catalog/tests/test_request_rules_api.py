"""What the catalog refuses, and how: cursors it never gave out (400), external ids already taken (409
naming the field), level codes it does not know, numbers for booleans or times (422), and methods a
path does not answer to (405 with ``Allow``)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from common.pagination import encode_cursor
from services.catalog.config import known_level_codes
from services.catalog.tests.support import activity_body, ladder_terms, make_product, product_body


def fresh_id(what: str) -> str:
    return f"{what}-{uuid.uuid4().hex[:12]}"


# --- cursors -------------------------------------------------------------------------------------


@pytest.mark.parametrize("after", [10**30, 2**31, -(2**31) - 1])
async def test_a_cursor_beyond_any_product_id_is_a_clear_400(api, after):
    answer = await api.get("/v1/products", params={"cursor": encode_cursor(after)})
    assert answer.status_code == 400, answer.text
    assert answer.json()["code"] == "invalid_cursor"
    assert answer.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("after", [
    ["2026-05-01T00:00:00+00:00", 10**30],
    ["2026-05-01T00:00:00+00:00", 2**31],
    ["2026-05-01T00:00:00+00:00", "7"],
    ["2026-05-01T00:00:00", 7],  # no offset: the API only gives out UTC times
    ["0001-01-01T00:00:00+14:00", 7],  # before the calendar once in UTC
    ["2026-05-01T00:00:00+00:00"],
])
async def test_an_activity_cursor_not_given_out_is_a_clear_400(api, after):
    answer = await api.get("/v1/activities", params={"cursor": encode_cursor(after)})
    assert answer.status_code == 400, answer.text
    assert answer.json()["code"] == "invalid_cursor"


# --- external ids --------------------------------------------------------------------------------


async def test_a_product_external_id_taken_is_a_409_naming_the_field(api, as_ops):
    taken = fresh_id("p")
    await make_product(api, as_ops, external_id=taken)
    answer = await api.post("/v1/products", json=product_body(external_id=taken), auth=as_ops)
    assert answer.status_code == 409, answer.text
    problem = answer.json()
    assert problem["code"] == "external_id_taken" and problem["field"] == "body.external_id"
    assert answer.headers["content-type"] == "application/problem+json"


async def test_a_sku_external_id_taken_is_a_409_naming_the_sku(api, as_ops):
    taken = fresh_id("s")
    await make_product(api, as_ops, skus=[{"name": "a", "price_fen": 1000, "external_id": taken}])
    answer = await api.post("/v1/products", auth=as_ops, json=product_body(skus=[
        {"name": "b", "price_fen": 1000, "external_id": fresh_id("s")},
        {"name": "c", "price_fen": 1000, "external_id": taken}]))
    assert answer.status_code == 409, answer.text
    assert answer.json()["code"] == "external_id_taken" and answer.json()["field"] == "body.skus.1.external_id"


async def test_concurrent_products_with_one_external_id_make_one_product_and_conflicts(api, as_ops):
    body = product_body(external_id=fresh_id("p"))
    answers = await asyncio.gather(*(api.post("/v1/products", json=body, auth=as_ops) for _ in range(4)))
    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409], [a.text for a in answers]
    assert {a.json()["field"] for a in answers if a.status_code == 409} == {"body.external_id"}


async def test_one_external_id_for_two_skus_of_a_request_is_refused(api, as_ops):
    twice = fresh_id("s")
    skus = [{"name": name, "price_fen": 1000, "external_id": twice} for name in ("b", "c")]
    answer = await api.post("/v1/products", auth=as_ops, json=product_body(skus=skus))
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "body"


async def test_a_refused_product_leaves_nothing_behind(api, as_ops):
    taken, free = fresh_id("p"), fresh_id("p")
    await make_product(api, as_ops, external_id=taken)
    refused = await api.post("/v1/products", auth=as_ops, json=product_body(
        external_id=taken, skus=[{"name": "a", "price_fen": 1000, "external_id": free}]))
    assert refused.status_code == 409
    await make_product(api, as_ops, skus=[{"name": "a", "price_fen": 1000, "external_id": free}])


# --- level codes ---------------------------------------------------------------------------------


@pytest.fixture
def vip_level(monkeypatch):
    """A deployment whose membership has a fourth level, ``vip``."""
    monkeypatch.setenv("GROUPBUY_LEVEL_CODES", '["customer", "member", "partner", "vip"]')
    known_level_codes.cache_clear()
    yield
    monkeypatch.delenv("GROUPBUY_LEVEL_CODES")
    known_level_codes.cache_clear()


async def test_member_prices_name_only_known_levels(api, as_ops):
    answer = await api.post("/v1/products", auth=as_ops,
                            json=product_body(skus=[{"name": "a", "price_fen": 1000, "member_prices": {"god": 1}}]))
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"].startswith("body.skus.0.member_prices.god")


async def test_a_sku_update_names_only_known_levels(api, as_ops):
    product = await make_product(api, as_ops)
    path = f"/v1/products/{product['id']}/skus/{product['skus'][0]['id']}"
    refused = await api.patch(path, json={"member_prices": {"god": 1}}, auth=as_ops)
    assert refused.status_code == 422, refused.text
    accepted = await api.patch(path, json={"member_prices": {"member": 800, "partner": 700}}, auth=as_ops)
    assert accepted.status_code == 200 and accepted.json()["skus"][0]["member_prices"] == {"member": 800,
                                                                                           "partner": 700}


async def test_a_gift_pack_grants_only_a_known_level(api, as_ops):
    rice = await make_product(api, as_ops)
    answer = await api.post("/v1/products", auth=as_ops, json=product_body(
        kind="bundle", grants_level="god", skus=[{"name": "礼包", "price_fen": 900}],
        components=[{"sku_id": rice["skus"][0]["id"], "quantity": 1}]))
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"].startswith("body.grants_level")


async def test_a_configured_level_is_known(api, as_ops, vip_level):
    product = await make_product(api, as_ops, skus=[{"name": "a", "price_fen": 1000, "member_prices": {"vip": 500}}])
    assert product["skus"][0]["member_prices"] == {"vip": 500}


# --- strict types --------------------------------------------------------------------------------


@pytest.mark.parametrize("published", [0, 1, "true", "yes", None])
async def test_published_is_a_json_boolean_on_create(api, as_ops, published):
    answer = await api.post("/v1/products", json=product_body(published=published), auth=as_ops)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "body.published"


@pytest.mark.parametrize("published", [0, 1, "false"])
async def test_published_is_a_json_boolean_on_update(api, as_ops, published):
    product = await make_product(api, as_ops)
    answer = await api.patch(f"/v1/products/{product['id']}", json={"published": published}, auth=as_ops)
    assert answer.status_code == 422, answer.text
    assert (await api.patch(f"/v1/products/{product['id']}", json={"published": False}, auth=as_ops)).status_code == 200


async def test_a_boolean_query_parameter_still_reads_true_and_false(api, as_ops):
    for flag in ("true", "false", "1", "0"):
        answer = await api.get("/v1/products", params={"include_unpublished": flag}, auth=as_ops)
        assert answer.status_code == 200, answer.text


async def test_dry_run_is_a_json_boolean(api, as_ops):
    answer = await api.post("/v1/calendar/materialise", json={"days": 1, "dry_run": 0}, auth=as_ops)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "body.dry_run"


@pytest.mark.parametrize(("starts_at", "ends_at"), [
    (0, 3600),
    (1_900_000_000, 1_900_003_600),
    (1.5, "2030-01-01T00:00:00Z"),
    (True, "2030-01-01T00:00:00Z"),
    ("2030-01-01T00:00:00", "2030-01-01T03:00:00"),  # no offset: which zone would it be?
    ("0001-01-01T00:00:00+08:00", "2030-01-01T03:00:00Z"),
])
async def test_an_activity_time_is_an_iso_string_with_an_offset(api, as_ops, starts_at, ends_at):
    sku = (await make_product(api, as_ops))["skus"][0]["id"]
    body = activity_body(sku, ladder_terms()) | {"starts_at": starts_at, "ends_at": ends_at}
    answer = await api.post("/v1/activities", json=body, auth=as_ops)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "body.starts_at"


async def test_an_activity_edit_time_is_an_iso_string(api, as_ops):
    sku = (await make_product(api, as_ops))["skus"][0]["id"]
    created = await api.post("/v1/activities", json=activity_body(sku, ladder_terms(), starts_in_s=3600), auth=as_ops)
    later = int((datetime.now(UTC) + timedelta(hours=2)).timestamp())
    answer = await api.patch(f"/v1/activities/{created.json()['id']}", json={"starts_at": later}, auth=as_ops)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "body.starts_at"


@pytest.mark.parametrize(("field", "value"), [("start_date", 0), ("start_date", 20270101), ("start_time", 72000)])
async def test_a_template_date_and_time_are_iso_strings(api, as_ops, field, value):
    body = {"name": "会员日", "rrule": "FREQ=DAILY", "start_date": "2027-01-01", "start_time": "20:00:00",
            "duration_s": 3600, "kind": "promotion_day", "reward_multiplier": 2} | {field: value}
    answer = await api.post("/v1/calendar/templates", json=body, auth=as_ops)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == f"body.{field}"


# --- methods -------------------------------------------------------------------------------------


async def test_a_method_the_path_does_not_answer_names_every_one_it_does(api, as_ops):
    answer = await api.delete("/v1/products", auth=as_ops)
    assert answer.status_code == 405
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["code"] == "method_not_allowed"
    assert {m.strip() for m in answer.headers["allow"].split(",")} == {"GET", "POST"}


# --- times in query strings ----------------------------------------------------------------------


@pytest.mark.parametrize("at", ["2026-01-01T00:00:00", "0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-05:00"])
async def test_a_multiplier_time_without_offset_or_beyond_utc_is_a_validation_problem(api, as_service, at):
    answer = await api.get("/internal/promotions/multiplier", params={"at": at}, auth=as_service)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "query.at"


async def test_a_multiplier_time_with_an_offset_is_read(api, as_service):
    answer = await api.get("/internal/promotions/multiplier", params={"at": "2026-05-01T08:00:00+08:00"},
                           auth=as_service)
    assert answer.status_code == 200, answer.text
    assert answer.json()["at"] == "2026-05-01T08:00:00+08:00"
