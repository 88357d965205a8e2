"""Tracing across the real processes: one order followed from the gateway through orders, the relay and the
consumers of ``order.paid`` in the other services, with the caller's trace and request id on every hop; with
tracing off (the shared stack) the events still carry both; and the gateway's request metrics say which
route group and which service each request went to.

The traced stack is a stack of its own (own databases, own Redis key space) whose parts write their spans
as JSON lines, one file per part, which this test reads."""

from __future__ import annotations

import asyncio
import json
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from common.settings import PARTS
from common.testing.stack import Stack
from common.tracefile import read_spans
from conftest import stack_env
from tests.support import ADDRESS, bearer, login

if TYPE_CHECKING:
    from common.testing.infra import TestInfra

pytestmark = pytest.mark.e2e

CONSUMERS_OF_PAID = ("catalog", "membership", "referrals")


@pytest.fixture(scope="module")
def traced_stack(infra: TestInfra, fake_wechat: str) -> Iterator[tuple[Stack, Path]]:
    folder = infra.tmp / "traces"
    env = stack_env(fake_wechat,
                    GROUPBUY_REDIS__PREFIX=f"{infra.redis.prefix}tracing:",
                    GROUPBUY_DATA_DIR=str(infra.tmp / "data-tracing"),
                    GROUPBUY_TRACING__EXPORTER="jsonl",
                    GROUPBUY_TRACING__JSONL_PATH=str(folder / "{part}.jsonl"),
                    OTEL_BSP_SCHEDULE_DELAY="100")  # spans leave within 0.1 s, not the default 5
    running = Stack(infra=infra, database_template=infra.database_template("tracing"), extra_env=env).start()
    yield running, folder
    running.stop()


def all_spans(folder: Path) -> list[dict[str, Any]]:
    return [span for part in PARTS for span in read_spans(folder / f"{part}.jsonl")]


async def spans_until(folder: Path, done: Any, *, what: str, seconds: float = 30) -> list[dict[str, Any]]:
    """The spans of every part once ``done(spans)`` holds (spans leave the parts in batches)."""
    for _ in range(int(seconds * 5)):
        spans = all_spans(folder)
        if done(spans):
            return spans
        await asyncio.sleep(0.2)
    raise AssertionError(f"no spans showing {what} within {seconds}s")


def in_trace(spans: list[dict[str, Any]], trace_id: str) -> list[dict[str, Any]]:
    return [span for span in spans if span["trace_id"] == trace_id]


def request_id_of(span: dict[str, Any]) -> str | None:
    return span["attributes"].get("groupbuy.request_id")


async def a_shop(gateway: httpx.AsyncClient) -> dict[str, Any]:
    ops = await login(gateway, "tracing-e2e-ops", ("ops",))
    product = await gateway.post("/v1/products", headers=bearer(ops), json={
        "name": f"追踪测试商品 {uuid.uuid4().hex[:6]}", "role": "regular", "published": True,
        "skus": [{"name": "标准装", "price_fen": 1800, "stock": 5, "member_prices": {}}]})
    assert product.status_code < 300, product.text
    buyer = await login(gateway, f"tracing-e2e-buyer-{uuid.uuid4().hex[:8]}")
    address = await gateway.post("/v1/users/me/addresses", json=ADDRESS, headers=bearer(buyer))
    assert address.status_code < 300, address.text
    return {"sku": product.json()["skus"][0]["id"], "buyer": buyer, "address": address.json()["id"]}


async def test_one_order_is_followed_from_the_gateway_through_every_consumer(
        traced_stack: tuple[Stack, Path]) -> None:
    stack, folder = traced_stack
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=15) as gateway:
        shop = await a_shop(gateway)
        place_id = f"trace-place-{uuid.uuid4().hex[:12]}"
        placed = await gateway.post("/v1/orders", headers=bearer(shop["buyer"]) | {
            "Idempotency-Key": uuid.uuid4().hex, "X-Request-ID": place_id},
            json={"sku_id": shop["sku"], "quantity": 1, "address_id": shop["address"]})
        assert placed.status_code == 201, placed.text
        # The caller starts the trace of the payment: every hop must stay in it.
        trace_id, caller_span = secrets.token_hex(16), secrets.token_hex(8)
        pay_id = f"trace-pay-{uuid.uuid4().hex[:12]}"
        paid = await gateway.post(f"/v1/payments/sandbox/{placed.json()['id']}", headers=bearer(shop["buyer"]) | {
            "X-Request-ID": pay_id, "traceparent": f"00-{trace_id}-{caller_span}-01"})
        assert paid.status_code == 200 and paid.json()["paid_at"], paid.text
        assert paid.headers["x-request-id"] == pay_id

    def consumed_by_another_service(spans: list[dict[str, Any]]) -> bool:
        return any(s["name"] == "process order.paid" and s["part"] in CONSUMERS_OF_PAID
                   for s in in_trace(spans, trace_id))

    spans = await spans_until(folder, consumed_by_another_service, what="order.paid consumed in the caller's trace")
    trace = in_trace(spans, trace_id)
    by_id = {span["span_id"]: span for span in trace}

    gateway_server = [s for s in trace if s["part"] == "gateway" and s["kind"] == "server"]
    assert [s["name"] for s in gateway_server] == ["POST /v1/payments/*"]
    assert gateway_server[0]["parent_span_id"] == caller_span  # the caller's span is the root's parent
    forwarding = [s for s in trace if s["part"] == "gateway" and s["kind"] == "client"
                  and s["attributes"].get("groupbuy.upstream") == "orders"]
    assert len(forwarding) == 1 and forwarding[0]["parent_span_id"] == gateway_server[0]["span_id"]
    orders_server = [s for s in trace if s["part"] == "orders" and s["kind"] == "server"]
    assert len(orders_server) == 1 and orders_server[0]["parent_span_id"] == forwarding[0]["span_id"]
    assert orders_server[0]["attributes"]["http.route"] == "/v1/payments/sandbox/{order_id}"
    assert any(s["part"] == "orders" and s["kind"] == "client" and s["attributes"].get("db.system")
               for s in trace), "no database span under the payment"
    sent = [s for s in trace if s["name"] == "send order.paid"]
    assert len(sent) == 1 and sent[0]["part"] == "orders" and sent[0]["kind"] == "producer"
    processed = [s for s in trace if s["name"] == "process order.paid"]
    assert {s["part"] for s in processed} & set(CONSUMERS_OF_PAID)
    for span in processed:
        assert span["kind"] == "consumer"
        # A child of the work that published the event, in the publishing part.
        assert by_id[span["parent_span_id"]]["part"] == "orders"

    # The request id the caller sent is on every hop of it.
    for span in [*gateway_server, *forwarding, *orders_server, *sent, *processed]:
        assert request_id_of(span) == pay_id, span

    # Placing the order is a trace of its own: gateway → orders → catalog over orders' pooled client.
    placing = [s for s in spans if s["part"] == "gateway" and s["kind"] == "server" and request_id_of(s) == place_id]
    assert [s["name"] for s in placing] == ["POST /v1/orders/*"]
    placing_trace = in_trace(spans, placing[0]["trace_id"])
    catalog_server = [s for s in placing_trace if s["part"] == "catalog" and s["kind"] == "server"]
    assert catalog_server, "orders' calls to catalog left the trace"
    callers = {s["span_id"]: s for s in placing_trace}
    assert all(callers[s["parent_span_id"]]["part"] == "orders" for s in catalog_server)
    assert all(request_id_of(s) == place_id for s in catalog_server)


async def test_background_loops_start_no_traces(traced_stack: tuple[Stack, Path]) -> None:
    """Relays and consumers poll all the time; a poll outside traced work is never a trace of its own."""
    _, folder = traced_stack
    await asyncio.sleep(1.0)  # a few rounds of every loop
    roots = [s for s in all_spans(folder) if s["parent_span_id"] is None]
    assert roots and all(s["kind"] in ("server", "consumer") for s in roots), \
        sorted({(s["part"], s["kind"], s["name"]) for s in roots if s["kind"] not in ("server", "consumer")})


async def test_with_tracing_off_events_still_carry_the_callers_trace_and_request_id(gateway, stack) -> None:
    shop = await a_shop(gateway)
    request_id = f"carried-{uuid.uuid4().hex[:12]}"
    traceparent = f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01"
    placed = await gateway.post("/v1/orders", headers=bearer(shop["buyer"]) | {
        "Idempotency-Key": uuid.uuid4().hex, "X-Request-ID": request_id, "traceparent": traceparent,
        "tracestate": "shop=mini"}, json={"sku_id": shop["sku"], "quantity": 1, "address_id": shop["address"]})
    assert placed.status_code == 201, placed.text
    engine = create_async_engine(stack.database_template.format(service="orders"))
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT envelope FROM event_outbox WHERE envelope LIKE :id"),
                                       {"id": f"%{request_id}%"})).scalars().all()
    finally:
        await engine.dispose()
    envelopes = [json.loads(row) for row in rows]
    assert [e["type"] for e in envelopes] == ["order.placed"]
    assert envelopes[0]["request_id"] == request_id
    assert envelopes[0]["trace"] == {"traceparent": traceparent, "tracestate": "shop=mini"}


async def test_gateway_metrics_name_the_route_group_and_the_upstream(gateway, stack) -> None:
    await gateway.get("/v1/groups/31337")
    await gateway.get("/v1/products", params={"limit": 1})
    await gateway.get("/v1/nowhere/at/all")
    await gateway.get("/healthz")
    families = text_string_to_metric_families((await gateway.get("/metrics")).text)
    labels = [sample.labels for family in families if family.name == "groupbuy_http_requests"
              for sample in family.samples if sample.name == "groupbuy_http_requests_total"]
    gateway_series = [label for label in labels if label["part"] == "gateway"]
    assert gateway_series

    def seen(**wanted: str) -> bool:
        return any(all(label.get(k) == v for k, v in wanted.items()) for label in gateway_series)

    assert seen(route="/v1/groups/*", group="groups", upstream="orders")
    assert seen(route="/v1/products/*", group="products", upstream="catalog", status="200")
    assert seen(route="/v1/{path}", group="unrouted", upstream="gateway", status="404")
    assert seen(route="/healthz", group="healthz", upstream="gateway", status="200")
    assert not [label for label in labels if "31337" in "".join(label.values())]
    assert {label["upstream"] for label in gateway_series} <= {"gateway", "catalog", "orders", "membership",
                                                               "referrals"}

