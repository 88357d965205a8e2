"""Referral code checks, in-process against this run's referrals database."""

from __future__ import annotations

import secrets

import pytest

from common.testing.apps import serve_in_process, service_settings
from services.referrals.config import Settings
from services.referrals.main import create_app
from services.referrals.models import ReferralCode


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    application = create_app(service_settings(Settings, infra, unit_databases))
    async with serve_in_process(application) as client:
        application.state.client = client
        async with application.state.db.write_sessions() as session:
            session.add(ReferralCode(code="AB12CD", user_id=2_000_000_000 + secrets.randbelow(10**6)))
            await session.commit()
        yield application


async def test_existing_code_is_valid_whatever_the_case(app):
    for code in ("AB12CD", "ab12cd"):
        assert (await app.state.client.get(f"/v1/referrals/codes/{code}")).json() == {
            "code": "AB12CD", "valid": True}


async def test_unknown_code_is_not_valid(app):
    assert (await app.state.client.get("/v1/referrals/codes/ZZZZ99")).json()["valid"] is False


@pytest.mark.parametrize("code", ["ab", "x" * 17, "AB-12"])
async def test_malformed_code_is_rejected(app, code):
    answer = await app.state.client.get(f"/v1/referrals/codes/{code}")
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
