"""A new rule version's start is an ISO 8601 time with an offset: a number, a time without an offset or
one beyond the calendar in UTC is a 422 naming ``effective_from``, never a version published by accident
or a 500."""

from __future__ import annotations

import pytest

from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from services.referrals.config import Settings
from services.referrals.main import create_app


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    application = create_app(service_settings(Settings, infra, unit_databases))
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


@pytest.fixture
def ops(app) -> SignedAs:
    return SignedAs(user(900, "ops"), app.state.settings.internal_key)


@pytest.mark.parametrize("effective_from", [
    4_000_000_000,  # 2096 as seconds since 1970
    4_000_000_000.5,
    True,
    "2096-01-01T00:00:00",
    "9999-12-31T23:59:59-05:00",
])
async def test_a_rule_version_starts_at_an_iso_time_with_an_offset(app, ops, effective_from):
    api = app.state.client
    versions = (await api.get("/v1/rebates/rules", auth=ops)).json()
    current = versions[0]["rules"]
    answer = await api.post("/v1/rebates/rules", auth=ops, json=current | {"effective_from": effective_from})
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["errors"][0]["field"] == "body.effective_from"
    assert len((await api.get("/v1/rebates/rules", auth=ops)).json()) == len(versions)
