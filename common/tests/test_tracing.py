"""Tracing across hops, piece by piece: what the envelope carries, what the edge keeps, the path events take
through the outbox, the relay and a consumer with tracing off and on, the sampler, the jsonl exporter, the
gateway's forwarded headers and the request metrics' labels.

Tracing is process-wide once on, so these tests never turn it on for the process: where a test needs it
on, it lends the module a tracer of a provider of its own (``traced``)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ParentBased
from opentelemetry.trace import SpanKind
from prometheus_client import REGISTRY
from pydantic import ValidationError
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from common import tracing
from common.bus import stream_key
from common.consumer import Consumer, Handlers
from common.db import Database
from common.events import Envelope, TraceContext
from common.metrics import MetricsMiddleware, route_group
from common.outbox import execute
from common.relay import Relay
from common.requestid import (
    RequestIdMiddleware,
    TraceHeaders,
    accept_trace,
    carried_trace,
    carrying,
    current_request_id,
)
from common.settings import GroupbuySettings, RedisSettings, TracingSettings
from common.tests.events_support import (
    GROUP,
    PRODUCER,
    TickHappened,
    fast_settings,
    tables,
    ticks,
    wait_until,
)
from common.tracefile import JsonLinesSpanExporter, read_spans
from gateway.proxy import request_head

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_ID = "00f067aa0ba902b7"
TRACEPARENT = f"00-{TRACE_ID}-{PARENT_ID}-01"


@pytest.fixture
def traced(monkeypatch: pytest.MonkeyPatch) -> Iterator[InMemorySpanExporter]:
    """Tracing on for the test, with the production sampler; yields the finished spans."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider(sampler=ParentBased(root=tracing.entry_sampler(1.0)))
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(tracing, "tracer", provider.get_tracer("test"))
    yield exporter
    provider.shutdown()


def hex_ids(span: Any) -> tuple[str, str]:
    context = span.get_span_context()
    return format(context.trace_id, "032x"), format(context.span_id, "016x")


def points_at(traceparent: str, trace_id: str, span_id: str, *, sampled: bool = True) -> bool:
    """``traceparent`` names that span, with the sampled flag as given (other flags may be set)."""
    version, trace_part, span_part, flags = traceparent.split("-")
    return (version, trace_part, span_part) == ("00", trace_id, span_id) and bool(int(flags, 16) & 1) is sampled


# The envelope -------------------------------------------------------------------------------------


def test_the_envelope_carries_the_trace_context_and_request_id_through_json() -> None:
    trace_context = TraceContext(traceparent=TRACEPARENT, tracestate="vendor=abc")
    envelope = Envelope.of(ticks([1])[0], trace=trace_context, request_id="req-42")
    stored = json.loads(envelope.to_json())
    assert stored["trace"] == {"traceparent": TRACEPARENT, "tracestate": "vendor=abc"}
    assert stored["request_id"] == "req-42"
    again = Envelope.model_validate_json(envelope.to_json())
    assert again.trace == trace_context and again.request_id == "req-42" and again == envelope


def test_an_envelope_without_them_reads_and_writes_as_before() -> None:
    envelope = Envelope.of(ticks([1])[0])
    stored = json.loads(envelope.to_json())
    assert "trace" not in stored and "request_id" not in stored
    assert set(stored) == {"id", "type", "version", "occurred_at", "producer", "payload"}
    old = Envelope.model_validate(stored)  # as written before the fields existed
    assert old.trace is None and old.request_id is None


def test_the_published_schema_accepts_the_envelope_with_and_without_them() -> None:
    from jsonschema import Draft202012Validator

    from common.tests.test_events_contracts import EXAMPLES
    from devtools.event_schemas import SCHEMA_PATH

    validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    carried = Envelope.of(EXAMPLES[0], trace=TraceContext(traceparent=TRACEPARENT, tracestate="a=1"),
                          request_id="req-schema")
    for envelope in (carried, Envelope.of(EXAMPLES[0])):
        assert not [e.message for e in validator.iter_errors(json.loads(envelope.to_json()))]
    wrong = json.loads(carried.to_json()) | {"trace": {"traceparent": "nonsense"}}
    assert list(validator.iter_errors(wrong))


@pytest.mark.parametrize("change", [
    {"trace": {"traceparent": "01-" + TRACEPARENT[3:]}},
    {"trace": {"traceparent": TRACEPARENT, "extra": "x"}},
    {"trace": {"traceparent": TRACEPARENT, "tracestate": "é=1"}},
    {"request_id": "has spaces"},
    {"request_id": "x" * 129},
])
def test_the_envelope_refuses_a_malformed_trace_context_or_request_id(change: dict[str, Any]) -> None:
    stored = json.loads(Envelope.of(ticks([1])[0]).to_json())
    with pytest.raises(ValidationError):
        Envelope.model_validate(stored | change)


# What the edge keeps ------------------------------------------------------------------------------


@pytest.mark.parametrize(("traceparent", "tracestate", "kept"), [
    (TRACEPARENT, "a=1,b=2", TraceHeaders(TRACEPARENT, "a=1,b=2")),
    (f" {TRACEPARENT} ", None, TraceHeaders(TRACEPARENT, None)),
    (TRACEPARENT, "bad\x01state", TraceHeaders(TRACEPARENT, None)),
    (TRACEPARENT, "x" * 513, TraceHeaders(TRACEPARENT, None)),
    (f"00-{'0' * 32}-{PARENT_ID}-01", None, None),
    (f"00-{TRACE_ID}-{'0' * 16}-01", None, None),
    (f"ff-{TRACE_ID}-{PARENT_ID}-01", None, None),
    (TRACEPARENT.upper(), None, None),
    ("garbage", "a=1", None),
    (None, "a=1", None),
])
def test_a_callers_trace_context_is_kept_only_when_well_formed(traceparent: str | None, tracestate: str | None,
                                                               kept: TraceHeaders | None) -> None:
    assert accept_trace(traceparent, tracestate) == kept


async def asgi_call(app: Any, headers: list[tuple[bytes, bytes]]) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    await app({"type": "http", "method": "GET", "path": "/", "headers": headers}, receive, send)
    return sent


async def test_the_request_id_middleware_keeps_the_callers_trace_for_the_call_only() -> None:
    seen: dict[str, Any] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen["request_id"], seen["trace"] = current_request_id(), carried_trace()
        await send({"type": "http.response.start", "status": 204, "headers": []})

    middleware = RequestIdMiddleware(app)
    await asgi_call(middleware, [(b"x-request-id", b"edge-1"), (b"traceparent", TRACEPARENT.encode()),
                                 (b"tracestate", b"a=1"), (b"tracestate", b"b=2")])
    assert seen == {"request_id": "edge-1", "trace": TraceHeaders(TRACEPARENT, "a=1,b=2")}
    assert carried_trace() is None and current_request_id() is None
    await asgi_call(middleware, [(b"traceparent", b"00-nonsense")])
    assert seen["trace"] is None and seen["request_id"]


# Events, tracing off ------------------------------------------------------------------------------


async def outbox_envelopes(database: Database) -> list[Envelope]:
    async with database.read_sessions() as session:
        rows = (await execute(session, sa.select(tables.outbox.c.envelope).order_by(tables.outbox.c.id))).all()
    return [Envelope.model_validate_json(row.envelope) for row in rows]


async def test_with_tracing_off_the_outbox_writes_the_carried_trace_and_request_id(event_db: Database) -> None:
    assert tracing.tracer is None
    with carrying("req-outbox", TraceHeaders(TRACEPARENT, "a=1")):
        async with event_db.write_sessions() as session, session.begin():
            await tables.publish_many(session, ticks([1, 2]))
    async with event_db.write_sessions() as session, session.begin():
        await tables.publish(session, ticks([3])[0])  # outside any call: nothing to carry
    first, second, third = await outbox_envelopes(event_db)
    for envelope in (first, second):
        assert envelope.request_id == "req-outbox"
        assert envelope.trace == TraceContext(traceparent=TRACEPARENT, tracestate="a=1")
    assert third.request_id is None and third.trace is None


async def test_held_back_the_outbox_writes_neither(event_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tracing, "in_events", False)
    with carrying("req-held", TraceHeaders(TRACEPARENT)):
        async with event_db.write_sessions() as session, session.begin():
            await tables.publish(session, ticks([1])[0])
    async with event_db.read_sessions() as session:
        (stored,) = (await execute(session, sa.select(tables.outbox.c.envelope))).scalars().all()
    assert "trace" not in json.loads(stored) and "request_id" not in json.loads(stored)


def recording_handlers(seen: list[dict[str, Any]]) -> Handlers:
    handlers = Handlers()

    @handlers.on(TickHappened)
    async def note(session: AsyncSession, event: TickHappened, envelope: Envelope) -> None:
        span = trace.get_current_span()
        seen.append({"seq": event.seq, "request_id": current_request_id(), "trace": carried_trace(),
                     "span": span if span.get_span_context().is_valid else None})

    return handlers


async def consume_everything(database: Database, redis: Redis, redis_settings: RedisSettings,
                             seen: list[dict[str, Any]], expected: int) -> None:
    relay = Relay(tables=tables, database=database, redis=redis, redis_settings=redis_settings,
                  settings=fast_settings())
    while await relay.relay_once() > 0:
        pass
    consumer = Consumer(group=GROUP, handlers=recording_handlers(seen), tables=tables, database=database,
                        redis=redis, redis_settings=redis_settings, settings=fast_settings(), name="c1")

    async def done() -> bool:
        await consumer.poll()
        return len(seen) >= expected

    await wait_until(done, timeout_s=15, what=f"{expected} events applied")


async def test_with_tracing_off_a_handler_runs_under_the_events_request_id_and_trace(
        event_db: Database, redis: Redis, redis_settings: RedisSettings) -> None:
    with carrying("req-consumed", TraceHeaders(TRACEPARENT)):
        async with event_db.write_sessions() as session, session.begin():
            await tables.publish(session, ticks([1])[0])
    async with event_db.write_sessions() as session, session.begin():
        await tables.publish(session, ticks([2])[0])
    seen: list[dict[str, Any]] = []
    await consume_everything(event_db, redis, redis_settings, seen, 2)
    by_seq = {s["seq"]: s for s in seen}
    assert by_seq[1]["request_id"] == "req-consumed" and by_seq[1]["trace"] == TraceHeaders(TRACEPARENT)
    assert by_seq[1]["span"] is None
    assert by_seq[2]["request_id"] is None and by_seq[2]["trace"] is None
    assert current_request_id() is None and carried_trace() is None


# Events, tracing on -------------------------------------------------------------------------------


async def test_with_tracing_on_an_event_is_sent_and_applied_in_spans_under_its_publisher(
        event_db: Database, redis: Redis, redis_settings: RedisSettings, traced: InMemorySpanExporter) -> None:
    assert tracing.tracer is not None
    with carrying("req-traced", None), tracing.tracer.start_as_current_span("POST /v1/ticks",
                                                                           kind=SpanKind.SERVER) as request:
        async with event_db.write_sessions() as session, session.begin():
            await tables.publish(session, ticks([7])[0])
    trace_id, request_span_id = hex_ids(request)
    (envelope,) = await outbox_envelopes(event_db)
    assert envelope.trace is not None and points_at(envelope.trace.traceparent, trace_id, request_span_id)
    assert envelope.request_id == "req-traced"

    seen: list[dict[str, Any]] = []
    await consume_everything(event_db, redis, redis_settings, seen, 1)
    spans = {span.name: span for span in traced.get_finished_spans()}
    sent, processed = spans["send tick.happened"], spans["process tick.happened"]
    assert sent.kind == SpanKind.PRODUCER and processed.kind == SpanKind.CONSUMER
    for span in (sent, processed):
        assert hex_ids(span)[0] == trace_id
        assert format(span.parent.span_id, "016x") == request_span_id  # children, not links
        assert span.attributes["groupbuy.request_id"] == "req-traced"
        assert span.attributes["messaging.message.id"] == str(envelope.id)
        assert span.attributes["messaging.destination.name"] == stream_key(redis_settings, PRODUCER)
    assert processed.attributes["messaging.consumer.group.name"] == GROUP
    assert sent.attributes["groupbuy.relay.outcome"] == "sent"
    (applied,) = seen
    assert applied["span"] is not None and hex_ids(applied["span"]) == hex_ids(processed)
    assert applied["request_id"] == "req-traced"


async def test_with_tracing_on_an_event_published_by_a_handler_joins_the_handlers_span(
        traced: InMemorySpanExporter) -> None:
    parent = Envelope.of(ticks([1])[0], trace=TraceContext(traceparent=TRACEPARENT), request_id="req-chain")
    with tracing.consuming(parent, group="g", stream="s"):
        published = tracing.current_trace_context()
        assert current_request_id() == "req-chain"
    (processed,) = traced.get_finished_spans()
    trace_id, span_id = hex_ids(processed)
    assert trace_id == TRACE_ID and format(processed.parent.span_id, "016x") == PARENT_ID
    assert published is not None and points_at(published.traceparent, trace_id, span_id)


def test_a_failing_handler_leaves_an_error_span(traced: InMemorySpanExporter) -> None:
    envelope = Envelope.of(ticks([1])[0], trace=TraceContext(traceparent=TRACEPARENT))
    with pytest.raises(RuntimeError), tracing.consuming(envelope, group="g", stream="s"):
        raise RuntimeError("poisoned")
    (processed,) = traced.get_finished_spans()
    assert processed.status.status_code == trace.StatusCode.ERROR
    assert processed.events[0].name == "exception"


# The sampler ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "ratio", "recorded"), [
    (SpanKind.SERVER, 1.0, True),
    (SpanKind.CONSUMER, 1.0, True),
    (SpanKind.INTERNAL, 1.0, True),
    (SpanKind.CLIENT, 1.0, False),  # a query or poll outside any traced work
    (SpanKind.SERVER, 0.0, False),
])
def test_only_entry_spans_start_a_trace(kind: SpanKind, ratio: float, recorded: bool) -> None:
    provider = TracerProvider(sampler=ParentBased(root=tracing.entry_sampler(ratio)))
    with provider.get_tracer("test").start_as_current_span("root", kind=kind) as span:
        assert span.is_recording() is recorded


def test_a_client_span_inside_traced_work_is_kept_and_a_callers_decision_is_followed() -> None:
    provider = TracerProvider(sampler=ParentBased(root=tracing.entry_sampler(0.0)))
    tracer = provider.get_tracer("test")
    sampled = tracing._parent_of(TraceContext(traceparent=TRACEPARENT))
    with tracer.start_as_current_span("server", context=sampled, kind=SpanKind.SERVER) as server:
        assert server.is_recording()  # ratio 0, but the caller sampled it
        with tracer.start_as_current_span("SELECT", kind=SpanKind.CLIENT) as query:
            assert query.is_recording()
    declined = tracing._parent_of(TraceContext(traceparent=TRACEPARENT[:-2] + "00"))
    with tracer.start_as_current_span("server", context=declined, kind=SpanKind.SERVER) as server:
        assert not server.is_recording()


# Settings -------------------------------------------------------------------------------------------


def test_tracing_is_off_unless_enabled_or_an_exporter_is_named(monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    assert TracingSettings().active is False
    assert TracingSettings(enabled=True).active is True
    assert TracingSettings(exporter="jsonl").active is True
    monkeypatch.setenv("GROUPBUY_TRACING__EXPORTER", "otlp")
    monkeypatch.setenv("GROUPBUY_TRACING__SAMPLE_RATIO", "0.25")
    monkeypatch.setenv("GROUPBUY_TRACING__OTLP_ENDPOINT", "http://collector:4318/v1/traces")
    settings = GroupbuySettings()
    assert settings.tracing.active and settings.tracing.sample_ratio == 0.25
    assert settings.tracing.otlp_endpoint == "http://collector:4318/v1/traces"
    assert TracingSettings().jsonl_path_for("orders", tmp_path) == tmp_path / "traces" / "orders.jsonl"


def test_with_the_default_settings_nothing_is_set_up() -> None:
    assert tracing.setup_tracing(GroupbuySettings()) is False
    assert tracing.tracer is None and tracing._provider is None


# The jsonl exporter -------------------------------------------------------------------------------


def test_the_jsonl_exporter_appends_one_line_per_finished_span(tmp_path: Path) -> None:
    from opentelemetry.sdk.resources import Resource

    path = tmp_path / "traces" / "orders.jsonl"
    provider = TracerProvider(resource=Resource.create({"service.name": "orders"}))
    provider.add_span_processor(SimpleSpanProcessor(JsonLinesSpanExporter(path)))
    tracer = provider.get_tracer("test")
    with tracer.start_as_current_span("POST /v1/orders", kind=SpanKind.SERVER,
                                      attributes={"groupbuy.request_id": "req-file"}) as server:
        with tracer.start_as_current_span("INSERT", kind=SpanKind.CLIENT) as query:
            query.add_event("retried", {"attempt": 2})
    with tracer.start_as_current_span("GET /v1/orders/{order_id}", kind=SpanKind.SERVER):
        pass
    provider.shutdown()
    lines = path.read_text().splitlines()
    assert len(lines) == 3
    spans = read_spans(path)
    by_name = {span["name"]: span for span in spans}
    outer, inner = by_name["POST /v1/orders"], by_name["INSERT"]
    trace_id, span_id = hex_ids(server)
    assert outer["trace_id"] == inner["trace_id"] == trace_id and outer["span_id"] == span_id
    assert inner["parent_span_id"] == span_id and outer["parent_span_id"] is None
    assert outer["kind"] == "server" and inner["kind"] == "client" and outer["part"] == "orders"
    assert outer["attributes"] == {"groupbuy.request_id": "req-file"}
    assert inner["events"][0]["name"] == "retried" and inner["events"][0]["attributes"] == {"attempt": 2}
    assert outer["start"].endswith("+00:00") and outer["duration_ms"] >= inner["duration_ms"] >= 0
    with path.open("a") as file:
        file.write('{"half a line')  # a line still being written by another process
    assert len(read_spans(path)) == 3


# The gateway's forwarded headers --------------------------------------------------------------------


def forwarded(scope_headers: list[tuple[bytes, bytes]], trace_headers: dict[str, str] | None) -> list[bytes]:
    scope = {"method": "POST", "path": "/v1/orders", "headers": scope_headers, "scheme": "http"}
    head = request_head(scope, host=b"orders:8002", client_ip="10.0.0.1", identity={}, framing=b"content-length: 0",
                        trace=trace_headers)
    return head.split(b"\r\n")


def test_with_tracing_off_the_gateway_passes_the_callers_trace_context_on() -> None:
    lines = forwarded([(b"traceparent", TRACEPARENT.encode()), (b"tracestate", b"a=1")], None)
    assert b"traceparent: " + TRACEPARENT.encode() in lines and b"tracestate: a=1" in lines


def test_with_tracing_on_the_gateway_sends_its_own_span_instead() -> None:
    own = f"00-{TRACE_ID}-{'1' * 16}-01"
    lines = forwarded([(b"traceparent", TRACEPARENT.encode()), (b"tracestate", b"a=1"), (b"accept", b"*/*")],
                      {"traceparent": own})
    assert [line for line in lines if line.startswith(b"traceparent")] == [b"traceparent: " + own.encode()]
    assert not [line for line in lines if line.startswith(b"tracestate")]
    assert b"accept: */*" in lines


def test_lean_client_calls_run_in_a_client_span_whose_context_goes_on(traced: InMemorySpanExporter) -> None:
    with tracing.outgoing("GET", host="catalog", port=8001, url="http://catalog:8001/internal/skus/1") as call:
        call.answered(200)
    # Outside traced work (a scheduler's call): nothing recorded, and the service is told not to record either.
    assert traced.get_finished_spans() == ()
    assert not int(call.headers["traceparent"].rsplit("-", 1)[1], 16) & 1
    assert tracing.tracer is not None
    with tracing.tracer.start_as_current_span("POST /v1/orders", kind=SpanKind.SERVER), \
            tracing.outgoing("GET", host="catalog", port=8001) as call:
        call.answered(503)
    client = next(s for s in traced.get_finished_spans() if s.kind == SpanKind.CLIENT)
    trace_id, span_id = hex_ids(client)
    assert points_at(call.headers["traceparent"], trace_id, span_id)
    assert client.attributes["http.response.status_code"] == 503
    assert client.status.status_code == trace.StatusCode.ERROR


# Request metrics ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("template", "group"), [
    ("/v1/orders/{order_id}", "orders"),
    ("/v1/orders/*", "orders"),
    ("/internal/skus/{sku_id}", "internal"),
    ("/healthz", "healthz"),
    ("/v1/{path}", "unrouted"),
    ("unmatched", "unmatched"),
    ("/", "root"),
])
def test_the_route_group_comes_from_the_route_template(template: str, group: str) -> None:
    assert route_group(template) == group


async def test_request_metrics_are_labelled_with_the_route_group_and_upstream() -> None:
    part = f"metrics-{uuid.uuid4().hex[:6]}"
    forwarded_route = SimpleNamespace(path_format="/v1/rebates/*", group="rebates", upstream="referrals")
    own_route = SimpleNamespace(path="/v1/dev/clock")

    async def app(scope: Any, receive: Any, send: Any) -> None:
        scope["route"] = forwarded_route if scope["path"].startswith("/v1/rebates") else own_route
        await send({"type": "http.response.start", "status": 200, "headers": []})

    middleware = MetricsMiddleware(app, part=part)
    for path, method in (("/v1/rebates/1", "GET"), ("/v1/rebates/2", "GET"), ("/v1/dev/clock", "BREW")):
        await middleware({"type": "http", "method": method, "path": path, "headers": []}, None, lambda m: _none())
    assert REGISTRY.get_sample_value("groupbuy_http_requests_total", {
        "part": part, "method": "GET", "route": "/v1/rebates/*", "group": "rebates", "upstream": "referrals",
        "status": "200"}) == 2
    assert REGISTRY.get_sample_value("groupbuy_http_requests_total", {
        "part": part, "method": "OTHER", "route": "/v1/dev/clock", "group": "dev", "upstream": part,
        "status": "200"}) == 1


async def _none() -> None:
    return None
