"""A write stands when Redis cannot take the cache's new version: the change is in the database, and the
listings cached before it expire on their own."""

from __future__ import annotations

from redis.asyncio import Redis

from common.testing.infra import free_port
from services.catalog.tests.support import activity_body, ladder_terms, make_product


async def test_writes_succeed_while_the_cache_cannot_be_invalidated(api, as_ops, catalog):
    gone = Redis.from_url(f"redis://127.0.0.1:{free_port()}", socket_connect_timeout=0.2, socket_timeout=0.2)
    live, catalog.state.redis = catalog.state.redis, gone
    try:
        product = await make_product(api, as_ops)
        body = activity_body(product["skus"][0]["id"], ladder_terms())
        activity = await api.post("/v1/activities", auth=as_ops, json=body)
        assert activity.status_code == 201, activity.text
    finally:
        catalog.state.redis = live
        await gone.aclose()
    assert (await api.get(f"/v1/activities/{activity.json()['id']}")).status_code == 200
