"""Tracing across hops (OpenTelemetry): one order followed from the gateway through every consumer.

Off by default, and then nothing is installed: no tracer provider, no instrumentation, no middleware,
no exporter thread.  What stays on is what costs nothing: the request id and a caller's W3C ``traceparent`` /
``tracestate`` are kept at the edge (``common/requestid.py``), the gateway forwards both, and the outbox
writes them into each event's envelope (``request_id``, ``trace``), so a part that traces — or a reader
of the stream — can still join an event to the call that caused it.

On (``GROUPBUY_TRACING__ENABLED=true``, or any ``GROUPBUY_TRACING__EXPORTER`` but ``none``) each process
gets a tracer provider whose ``service.name`` is its part, and:
- FastAPI (server spans; ``/healthz``, ``/readyz`` and ``/metrics`` left out), httpx, Redis and SQLAlchemy
  are instrumented, and the request id is put on every server span (``groupbuy.request_id``);
- the gateway, a plain ASGI proxy, names its server span after the route group (``POST /v1/orders/*``),
  opens a client span around each forwarded request and sends that span's context on (a trace context
  the caller sent is the parent, never passed on unchanged); ``LeanClient`` does the same for orders'
  calls to catalog and membership;
- the outbox stores the current span's context in the envelope; the relay sends each traced event in a
  ``send <type>`` span and each consumer applies it in a ``process <type>`` span, both children of that
  context.  Children, not links: an event is applied one at a time by one handler and caused by exactly
  one call, so the parent is unambiguous, and a link would split one order's story into a trace per
  hop.  A redelivery shows as a second ``process`` span in the same trace;
- sampling is parent-based (``GROUPBUY_TRACING__SAMPLE_RATIO`` for traces that start here; a caller's
  decision is followed, the gateway's callers included).  A database, Redis or HTTP call outside any
  traced work — a relay or consumer polling, a scheduler's query — starts no trace of its own, so idle
  loops produce nothing;
- log lines carry ``trace_id`` and ``span_id``.

Exporters: ``otlp`` (OTLP over HTTP; ``GROUPBUY_TRACING__OTLP_ENDPOINT`` or the standard
``OTEL_EXPORTER_OTLP_*`` variables), ``jsonl`` (finished spans appended as JSON lines to
``GROUPBUY_TRACING__JSONL_PATH``, one file per part: for development, and what the end-to-end test
reads), ``none`` (spans are made and propagated, never sent).  Spans leave in batches on a thread of
their own (``OTEL_BSP_*`` tune the batches); a part flushes them when it stops.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from starlette.types import ASGIApp, Receive, Scope, Send

from common.events import Envelope, TraceContext
from common.requestid import TraceHeaders, carried_trace, carrying, current_request_id

if TYPE_CHECKING:
    from fastapi import FastAPI
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.trace import Span, Tracer

    from common.db import Database
    from common.settings import GroupbuySettings

log = logging.getLogger("groupbuy.tracing")

REQUEST_ID_ATTRIBUTE = "groupbuy.request_id"
UNTRACED_PATHS = r"/(healthz|readyz|metrics)(\?|$)"

tracer: Tracer | None = None
"""This process's tracer while tracing is on; None (the default) means off everywhere."""
in_events = True
"""Whether the outbox writes the request id and trace context into envelopes (``GROUPBUY_TRACING__IN_EVENTS``)."""
_provider: TracerProvider | None = None
_instrumented_sqlalchemy = False


# Setting up -------------------------------------------------------------------------------------


def setup_tracing(settings: GroupbuySettings, *, role: str = "api") -> bool:
    """Turn tracing on for this process when the settings ask for it; True when it is on.  Process-wide
    and once: a second call (another app in the same process) finds it on."""
    global tracer, _provider, in_events
    config = settings.tracing
    in_events = config.in_events
    if not config.active:
        return False
    if _provider is not None:
        return True
    from opentelemetry import trace
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from opentelemetry.sdk.trace.sampling import ParentBased

    part = settings.part_name
    resource = Resource.create({"service.name": part, "service.namespace": "groupbuy",
                                "service.instance.id": f"{socket.gethostname()}-{os.getpid()}",
                                "groupbuy.process": role})
    provider = TracerProvider(resource=resource, sampler=ParentBased(root=entry_sampler(config.sample_ratio)))
    exporter = _exporter(settings)
    if exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    HTTPXClientInstrumentor().instrument(tracer_provider=provider)
    RedisInstrumentor().instrument(tracer_provider=provider)
    _log_with_trace_ids()
    _provider, tracer = provider, provider.get_tracer("groupbuy")
    log.info("tracing on", extra={"exporter": config.exporter, "sample_ratio": config.sample_ratio})
    return True


def _exporter(settings: GroupbuySettings) -> Any:
    config = settings.tracing
    if config.exporter == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter(endpoint=config.otlp_endpoint) if config.otlp_endpoint else OTLPSpanExporter()
    if config.exporter == "jsonl":
        from common.tracefile import JsonLinesSpanExporter

        return JsonLinesSpanExporter(config.jsonl_path_for(settings.part_name, settings.data_dir))
    return None


def entry_sampler(ratio: float) -> Any:
    """The sampler for spans without a parent: a share ``ratio`` of the traces that start here, and no
    client span (a query, a Redis command, an HTTP call) made outside any traced work."""
    from opentelemetry.sdk.trace.sampling import Decision, Sampler, SamplingResult, TraceIdRatioBased
    from opentelemetry.trace import SpanKind

    class EntrySampler(Sampler):
        def __init__(self) -> None:
            self.ratio = TraceIdRatioBased(ratio)

        def should_sample(self, parent_context: Any, trace_id: int, name: str, kind: SpanKind | None = None,
                          attributes: Any = None, links: Any = None, trace_state: Any = None) -> SamplingResult:
            if kind == SpanKind.CLIENT:
                return SamplingResult(Decision.DROP)
            return self.ratio.should_sample(parent_context, trace_id, name, kind, attributes, links, trace_state)

        def get_description(self) -> str:
            return f"EntrySampler{{{self.ratio.get_description()}}}"

    return EntrySampler()


def _log_with_trace_ids() -> None:
    """Every log record made inside a span gets ``trace_id`` and ``span_id`` (the JSON lines show them)."""
    from opentelemetry.trace import get_current_span

    make_record = logging.getLogRecordFactory()

    def record_with_ids(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        context = get_current_span().get_span_context()
        if context.is_valid:
            record.trace_id = format(context.trace_id, "032x")
            record.span_id = format(context.span_id, "016x")
        return record

    logging.setLogRecordFactory(record_with_ids)


def instrument_app(app: FastAPI) -> None:
    """Server spans for a part's app (call before it serves; nothing when tracing is off)."""
    if _provider is None:
        return
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(app, tracer_provider=_provider, excluded_urls=UNTRACED_PATHS,
                                       exclude_spans=["receive", "send"])


def instrument_database(database: Database) -> None:
    """Spans for every statement on the database's engines (nothing when tracing is off).  The first
    database of a process is traced; a process has one."""
    global _instrumented_sqlalchemy
    if _provider is None or _instrumented_sqlalchemy:
        return
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    engines = [database.reader.sync_engine]
    if database.writer is not database.reader:
        engines.append(database.writer.sync_engine)
    # The instrumentation declares SQLAlchemy below 2.1; the cursor events it listens to are unchanged in
    # 2.1 (tests/test_tracing_e2e.py checks that statements show as spans).
    SQLAlchemyInstrumentor().instrument(tracer_provider=_provider, engines=engines, skip_dep_check=True)
    for engine in engines:  # statements sent straight to the driver (common/fastsql.py) would fire no span
        engine.dialect.groupbuy_traced = True
    _instrumented_sqlalchemy = True


async def flush() -> None:
    """Send what is still batched (a part stopping)."""
    if _provider is not None:
        await asyncio.to_thread(_provider.force_flush, 5000)


class RequestIdOnSpan:
    """ASGI, inside the request-id middleware: the request id on the server span (installed only when
    tracing is on)."""

    def __init__(self, app: ASGIApp) -> None:
        from opentelemetry.trace import get_current_span

        self.app = app
        self.current_span = get_current_span

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            span = self.current_span()
            request_id = current_request_id()
            if request_id and span.is_recording():
                span.set_attribute(REQUEST_ID_ATTRIBUTE, request_id)
        await self.app(scope, receive, send)


# What travels with events -----------------------------------------------------------------------


def current_trace_context() -> TraceContext | None:
    """The trace context an event published now belongs to: the current span's when tracing is on, else
    the one the current call or event came with (or None)."""
    if tracer is not None:
        from opentelemetry.trace import get_current_span
        from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

        if get_current_span().get_span_context().is_valid:
            carrier: dict[str, str] = {}
            TraceContextTextMapPropagator().inject(carrier)
            return TraceContext(traceparent=carrier["traceparent"], tracestate=carrier.get("tracestate") or None)
    carried = carried_trace()
    if carried is None:
        return None
    return TraceContext(traceparent=carried.traceparent, tracestate=carried.tracestate)


def _parent_of(trace_context: TraceContext | dict[str, Any] | None) -> Any:
    """The OpenTelemetry context whose span is the remote parent described by ``trace_context``."""
    from opentelemetry.context import Context
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

    if trace_context is None:
        return Context()
    if isinstance(trace_context, TraceContext):
        trace_context = trace_context.model_dump(exclude_none=True)
    return TraceContextTextMapPropagator().extract(
        {k: v for k, v in trace_context.items() if isinstance(v, str)}, context=Context())


class _Untouched:
    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(self, *_exc: object) -> None:
        return None


_UNTOUCHED = _Untouched()


def consuming(envelope: Envelope, *, group: str, stream: str, delivered: int = 1) -> Any:
    """The context a handler applies ``envelope`` in: the event's request id and trace carried on (so
    what the handler logs and publishes stays on the order's trail) and, when tracing is on, a
    ``process <type>`` span whose parent is the event's trace context."""
    trace_context = envelope.trace
    if tracer is None:
        if trace_context is None and envelope.request_id is None:
            return _UNTOUCHED
        return carrying(envelope.request_id, _headers(trace_context))
    return _consuming_span(envelope, group=group, stream=stream, delivered=delivered)


def _headers(trace_context: TraceContext | None) -> TraceHeaders | None:
    if trace_context is None:
        return None
    return TraceHeaders(trace_context.traceparent, trace_context.tracestate)


@contextmanager
def _consuming_span(envelope: Envelope, *, group: str, stream: str, delivered: int) -> Iterator[None]:
    from opentelemetry.trace import SpanKind

    assert tracer is not None
    attributes = _event_attributes(str(envelope.id), envelope.type, envelope.request_id, stream) | {
        "messaging.operation.type": "process", "messaging.consumer.group.name": group,
        "groupbuy.event.version": envelope.version, "groupbuy.event.deliveries": delivered}
    with carrying(envelope.request_id, _headers(envelope.trace)), \
            tracer.start_as_current_span(f"process {envelope.type}", context=_parent_of(envelope.trace),
                                         kind=SpanKind.CONSUMER, attributes=attributes):
        yield


def _event_attributes(event_id: str, event_type: str, request_id: str | None, stream: str) -> dict[str, Any]:
    attributes: dict[str, Any] = {"messaging.system": "redis", "messaging.destination.name": stream,
                                  "messaging.message.id": event_id, "groupbuy.event.type": event_type}
    if request_id:
        attributes[REQUEST_ID_ATTRIBUTE] = request_id
    return attributes


class RelaySpans:
    """``send <type>`` spans of one relay round, one per traced event, children of each event's trace
    context; they end when the round does (``outcome``: ``sent``, ``requeued`` or the error)."""

    def __init__(self, envelopes: Sequence[str], *, stream: str) -> None:
        from opentelemetry.trace import SpanKind

        assert tracer is not None
        self.spans: list[Span] = []
        self.outcome = "sent"
        for text in envelopes:
            try:
                envelope = json.loads(text)
            except ValueError:
                continue
            trace_context = envelope.get("trace")
            if not isinstance(trace_context, dict):
                continue  # an event of no traced work (a scheduler's): nothing to follow
            attributes = _event_attributes(str(envelope.get("id")), str(envelope.get("type")),
                                           envelope.get("request_id"), stream)
            attributes["messaging.operation.type"] = "send"
            self.spans.append(tracer.start_span(f"send {envelope.get('type')}", context=_parent_of(trace_context),
                                                kind=SpanKind.PRODUCER, attributes=attributes))

    def __enter__(self) -> RelaySpans:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, _tb: object) -> None:
        from opentelemetry.trace import Status, StatusCode

        for span in self.spans:
            if exc is not None:
                span.record_exception(exc)
                span.set_status(Status(StatusCode.ERROR, f"{type(exc).__name__}: {exc}"))
            span.set_attribute("groupbuy.relay.outcome", "failed" if exc is not None else self.outcome)
            span.end()


def relaying(envelopes: Sequence[str], *, stream: str) -> RelaySpans | _Untouched:
    """The spans of one relay round (nothing when tracing is off)."""
    if tracer is None:
        return _UNTOUCHED
    return RelaySpans(envelopes, stream=stream)


# Outgoing calls -----------------------------------------------------------------------------------


class OutgoingCall:
    """A client span around one forwarded request or service call; ``headers`` carry its context on."""

    def __init__(self, span: Span) -> None:
        from opentelemetry.propagate import inject
        from opentelemetry.trace import set_span_in_context

        self.span = span
        self.headers: dict[str, str] = {}
        inject(self.headers, context=set_span_in_context(span))

    def header_lines(self) -> list[bytes]:
        return [f"{name}: {value}".encode("latin-1") for name, value in self.headers.items()]

    def answered(self, status: int) -> None:
        from opentelemetry.trace import Status, StatusCode

        self.span.set_attribute("http.response.status_code", status)
        if status >= 500:
            self.span.set_status(Status(StatusCode.ERROR))


@contextmanager
def outgoing(method: str, *, host: str, port: int, url: str | None = None,
             attributes: dict[str, Any] | None = None, name: str | None = None) -> Iterator[OutgoingCall]:
    """A client span for a call this part makes by hand (the gateway's forwarding, ``LeanClient``)."""
    from opentelemetry.trace import SpanKind, Status, StatusCode, use_span

    assert tracer is not None
    span_attributes: dict[str, Any] = {"http.request.method": method, "server.address": host, "server.port": port}
    if url:
        span_attributes["url.full"] = url
    request_id = current_request_id()
    if request_id:
        span_attributes[REQUEST_ID_ATTRIBUTE] = request_id
    span = tracer.start_span(name or method, kind=SpanKind.CLIENT, attributes=span_attributes | (attributes or {}))
    call = OutgoingCall(span)
    with use_span(span, end_on_exit=True, record_exception=False, set_status_on_exception=False):
        try:
            yield call
        except BaseException as exc:
            status = getattr(exc, "status", None)
            if isinstance(status, int):  # a problem the caller will answer with
                call.answered(status)
            else:
                span.record_exception(exc)
                span.set_status(Status(StatusCode.ERROR, f"{type(exc).__name__}: {exc}"))
            raise


def name_server_span(name: str, route: str) -> None:
    """Rename the current server span (the gateway's forwarded requests match no route of its own)."""
    from opentelemetry.trace import get_current_span

    span = get_current_span()
    if span.is_recording():
        span.update_name(name)
        span.set_attribute("http.route", route)


__all__ = [
    "REQUEST_ID_ATTRIBUTE",
    "OutgoingCall",
    "RelaySpans",
    "RequestIdOnSpan",
    "consuming",
    "current_trace_context",
    "entry_sampler",
    "flush",
    "instrument_app",
    "instrument_database",
    "name_server_span",
    "outgoing",
    "relaying",
    "setup_tracing",
]
