"""The campaign calendar: RRULE occurrences on the business calendar, materialised idempotently."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from services.catalog.domain.calendar import occurrences
from services.catalog.tests.support import ladder_terms, make_product

YEAR_START = datetime(2027, 1, 1, tzinfo=UTC)
YEAR_END = datetime(2028, 1, 1, tzinfo=UTC)


def local_days(moments):
    from services.catalog.domain.calendar import BUSINESS_TZ

    return [m.astimezone(BUSINESS_TZ).date() for m in moments]


def test_the_31st_fires_only_in_months_that_have_one():
    days = local_days(occurrences(rule="FREQ=MONTHLY;BYMONTHDAY=31", start_date=YEAR_START, start_time=time(20),
                                  window_from=YEAR_START, window_to=YEAR_END))
    assert [d.month for d in days] == [1, 3, 5, 7, 8, 10, 12]


def test_the_last_day_of_each_month_is_found_with_a_negative_day():
    days = local_days(occurrences(rule="FREQ=MONTHLY;BYMONTHDAY=-1", start_date=YEAR_START, start_time=time(10),
                                  window_from=YEAR_START, window_to=YEAR_END))
    assert days[1] == date(2027, 2, 28) and len(days) == 12


def test_the_18th_member_day_and_weeknight_flash_sales():
    days = local_days(occurrences(rule="FREQ=MONTHLY;BYMONTHDAY=18", start_date=YEAR_START, start_time=time(0),
                                  window_from=YEAR_START, window_to=YEAR_END))
    assert all(d.day == 18 for d in days) and len(days) == 12
    week = occurrences(rule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH", start_date=YEAR_START, start_time=time(20),
                       window_from=datetime(2027, 3, 1, tzinfo=UTC), window_to=datetime(2027, 3, 8, tzinfo=UTC))
    assert [m.isoformat() for m in week] == ["2027-03-01T12:00:00+00:00", "2027-03-02T12:00:00+00:00",
                                             "2027-03-03T12:00:00+00:00", "2027-03-04T12:00:00+00:00"]


def test_local_evening_across_a_utc_month_end():
    # 20:00 in Shanghai on the 31st is 12:00 UTC the same day; 02:00 on the 1st is the 31st in UTC.
    early = occurrences(rule="FREQ=MONTHLY;BYMONTHDAY=1", start_date=YEAR_START, start_time=time(2),
                        window_from=datetime(2027, 1, 15, tzinfo=UTC), window_to=datetime(2027, 2, 15, tzinfo=UTC))
    assert [m.isoformat() for m in early] == ["2027-01-31T18:00:00+00:00"]


async def test_materialising_twice_creates_nothing_twice(api, as_ops):
    sku = (await make_product(api, as_ops))["skus"][0]["id"]
    today = datetime.now(UTC).date().isoformat()
    flash = await api.post("/v1/calendar/templates", auth=as_ops, json={
        "name": "工作日晚八点秒杀", "rrule": "FREQ=DAILY", "start_date": today, "start_time": "20:00:00",
        "duration_s": 7200, "kind": "flash_sale", "sku_id": sku,
        "terms": {"kind": "flash_sale", "price_fen": 990, "stock": 50}})
    assert flash.status_code == 201, flash.text
    ladder = await api.post("/v1/calendar/templates", auth=as_ops, json={
        "name": "周五礼包阶梯团", "rrule": "FREQ=WEEKLY;BYDAY=FR", "start_date": today, "start_time": "20:00:00",
        "duration_s": 86400, "kind": "ladder_group", "sku_id": sku, "terms": ladder_terms()})
    assert ladder.status_code == 201, ladder.text
    member_day = await api.post("/v1/calendar/templates", auth=as_ops, json={
        "name": "会员日", "rrule": "FREQ=DAILY", "start_date": today, "start_time": "00:00:00",
        "duration_s": 86400, "kind": "promotion_day", "reward_multiplier": 2})
    assert member_day.status_code == 201, member_day.text
    preview = (await api.post("/v1/calendar/materialise", json={"days": 7, "dry_run": True}, auth=as_ops)).json()
    mine = {flash.json()["id"], ladder.json()["id"], member_day.json()["id"]}
    planned = [p for p in preview["planned"] if p["template_id"] in mine]
    assert preview["activities_created"] == preview["promotion_days_created"] == 0 and preview["dry_run"]
    assert len(planned) >= 8 and not any(p["exists"] for p in planned)
    first = (await api.post("/v1/calendar/materialise", json={"days": 7}, auth=as_ops)).json()
    assert first["activities_created"] >= 7 and first["promotion_days_created"] >= 7
    made = [p for p in first["planned"] if p["template_id"] in mine]
    assert [(p["template_id"], p["starts_at"]) for p in made] == [(p["template_id"], p["starts_at"]) for p in planned]
    second = (await api.post("/v1/calendar/materialise", json={"days": 7}, auth=as_ops)).json()
    assert (second["activities_created"], second["promotion_days_created"]) == (0, 0)
    assert all(p["exists"] for p in second["planned"] if p["template_id"] in mine)
    days = (await api.get("/v1/calendar/promotion-days", params={"days": 7})).json()
    assert days and all(d["reward_multiplier"] == 2 for d in days)


async def test_a_bad_rrule_is_refused_naming_the_field(api, as_ops):
    answer = await api.post("/v1/calendar/templates", auth=as_ops, json={
        "name": "x", "rrule": "EVERY MONDAY", "start_date": "2027-01-01", "start_time": "20:00:00",
        "duration_s": 3600, "kind": "promotion_day", "reward_multiplier": 2})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "body.rrule"


async def test_the_multiplier_is_two_during_a_member_day(api, as_service):
    at = datetime.now(UTC).isoformat()
    answer = await api.get("/internal/promotions/multiplier", params={"at": at}, auth=as_service)
    assert answer.status_code == 200 and answer.json()["reward_multiplier"] in (1, 2)
