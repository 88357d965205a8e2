"""The pickup sheet's day at the edges of the calendar: refused as a validation problem, never a 500."""

from __future__ import annotations

from datetime import UTC, date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from services.orders.config import Settings
from services.orders.domain.pickup import FIRST_SHEET_DAY, LAST_SHEET_DAY, DayOutOfRange, business_day
from services.orders.main import create_app


@given(st.dates())
def test_a_day_has_utc_bounds_or_is_out_of_range(day):
    try:
        start, end = business_day(day)
    except DayOutOfRange:
        assert not FIRST_SHEET_DAY <= day <= LAST_SHEET_DAY
    else:
        assert start.astimezone(UTC) < end.astimezone(UTC)


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    application = create_app(service_settings(Settings, infra, unit_databases))
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


@pytest.mark.parametrize("day", [date.max, date.min])
async def test_a_day_at_the_calendars_edge_is_a_validation_problem(app, day):
    ops = SignedAs(user(900, "ops"), app.state.settings.internal_key)
    answer = await app.state.client.get("/v1/orders/pickup-list", auth=ops,
                                        params={"community_id": 1, "date": day.isoformat()})
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["code"] == "validation_error" and problem["errors"][0]["field"] == "query.date"
