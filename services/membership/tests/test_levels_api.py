"""Membership levels, in-process against this run's membership database."""

from __future__ import annotations

import pytest

from common.testing.apps import serve_in_process, service_settings
from services.membership.config import Settings
from services.membership.main import create_app


@pytest.fixture(scope="module")
async def api(infra, unit_databases):
    async with serve_in_process(create_app(service_settings(Settings, infra, unit_databases))) as client:
        yield client


async def test_default_levels_come_ordered_by_rank(api):
    answer = await api.get("/v1/levels")
    assert answer.status_code == 200
    levels = answer.json()["items"]
    assert [lv["code"] for lv in levels] == ["customer", "member", "partner"]
    assert [lv["rank"] for lv in levels] == [0, 1, 2]
    thresholds = [lv["growth_threshold"] for lv in levels]
    assert thresholds == sorted(thresholds) and thresholds[0] == 0


async def test_levels_page_by_rank(api):
    first = (await api.get("/v1/levels", params={"limit": 2})).json()
    second = (await api.get("/v1/levels", params={"limit": 2, "cursor": first["next_cursor"]})).json()
    assert [lv["code"] for lv in first["items"] + second["items"]] == ["customer", "member", "partner"]
    assert second["next_cursor"] is None
