"""What membership refuses, and how: a number where a time belongs (422, never a replay of everything
since 1970) and a cursor beyond any level's rank (400)."""

from __future__ import annotations

import secrets

import pytest

from common.auth import Identity
from common.pagination import encode_cursor
from common.testing.apps import serve_in_process, service_settings
from common.testing.identity import SignedAs, user
from services.membership.config import Settings
from services.membership.main import create_app
from services.membership.models import User


@pytest.fixture(scope="module")
async def app(infra, unit_databases):
    application = create_app(service_settings(Settings, infra, unit_databases))
    async with serve_in_process(application) as client:
        application.state.client = client
        yield application


async def ops_user(app) -> SignedAs:
    async with app.state.db.write_sessions() as session:
        row = User(openid=f"rules-{secrets.token_hex(6)}", roles=["customer", "ops"])
        session.add(row)
        await session.commit()
    return SignedAs(user(row.id, "ops"), app.state.settings.internal_key)


@pytest.fixture(scope="module")
async def subscription(app) -> tuple[int, SignedAs]:
    """A partner key's subscription, and the key as a caller."""
    api = app.state.client
    key = await api.post("/v1/api-keys", auth=await ops_user(app),
                         json={"name": "partner", "scopes": ["webhooks:manage", "orders:read"]})
    assert key.status_code == 201, key.text
    partner = SignedAs(Identity(kind="api_key", api_key_id=key.json()["id"], scopes=("webhooks:manage", "orders:read")),
                       app.state.settings.internal_key)
    made = await api.post("/v1/webhooks", auth=partner,
                          json={"url": "https://partner.example/hooks", "event_types": ["order.paid"]})
    assert made.status_code == 201, made.text
    return made.json()["id"], partner


@pytest.mark.parametrize("since", [0, 1_700_000_000, 0.5, True, "2026-01-01T00:00:00", "0001-01-01T00:00:00+08:00"])
async def test_a_replay_since_a_number_or_a_time_without_offset_is_refused(app, subscription, since):
    subscription_id, partner = subscription
    answer = await app.state.client.post(f"/v1/webhooks/{subscription_id}/replay", json={"since": since},
                                         auth=partner)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["errors"][0]["field"] == "body.since"


async def test_a_replay_since_an_iso_time_is_taken(app, subscription):
    subscription_id, partner = subscription
    answer = await app.state.client.post(f"/v1/webhooks/{subscription_id}/replay",
                                         json={"since": "2026-01-01T00:00:00+08:00"}, auth=partner)
    assert answer.status_code == 200 and answer.json() == {"replayed": 0}


@pytest.mark.parametrize("rank", [2**31, 10**30])
async def test_a_levels_cursor_beyond_any_rank_is_a_clear_400(app, rank):
    answer = await app.state.client.get("/v1/levels", params={"cursor": encode_cursor(rank)})
    assert answer.status_code == 400, answer.text
    assert answer.json()["code"] == "invalid_cursor"
