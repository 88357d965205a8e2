"""The ``jsonl`` span exporter: finished spans appended to a file, one JSON object per line.

Each batch is one ``write`` on a file opened for appending, so several processes (a part's workers) can
share a file without tearing lines, and a file moved away (rotation) is simply started again.  A line::

    {"trace_id": "4bf9…", "span_id": "00f0…", "parent_span_id": "a2fb…", "name": "process order.paid",
     "kind": "consumer", "part": "referrals", "start": "2026-11-20T12:00:00.123456+00:00",
     "duration_ms": 3.2, "status": "unset", "status_description": null,
     "attributes": {"groupbuy.request_id": "…", …}, "events": […], "links": […]}
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult

log = logging.getLogger("groupbuy.tracing")


def span_record(span: ReadableSpan) -> dict[str, Any]:
    """A finished span as one JSON object: ids in hex, times in UTC, attributes as they were set."""
    context = span.get_span_context()
    start = span.start_time or 0
    end = span.end_time or start
    return {
        "trace_id": format(context.trace_id, "032x"),
        "span_id": format(context.span_id, "016x"),
        "parent_span_id": format(span.parent.span_id, "016x") if span.parent else None,
        "name": span.name,
        "kind": span.kind.name.lower(),
        "part": span.resource.attributes.get("service.name"),
        "start": _time(start),
        "duration_ms": round((end - start) / 1e6, 3),
        "status": span.status.status_code.name.lower(),
        "status_description": span.status.description,
        "attributes": dict(span.attributes or {}),
        "events": [{"name": event.name, "time": _time(event.timestamp), "attributes": dict(event.attributes or {})}
                   for event in span.events],
        "links": [{"trace_id": format(link.context.trace_id, "032x"),
                   "span_id": format(link.context.span_id, "016x")} for link in span.links],
    }


def _time(nanoseconds: int) -> str:
    return datetime.fromtimestamp(nanoseconds / 1e9, UTC).isoformat(timespec="microseconds")


class JsonLinesSpanExporter(SpanExporter):
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        data = "".join(json.dumps(span_record(span), ensure_ascii=False, default=str) + "\n" for span in spans)
        try:
            with self._lock, self.path.open("ab") as file:
                file.write(data.encode())
        except OSError as exc:
            log.warning("cannot write spans to %s: %s", self.path, exc)
            return SpanExportResult.FAILURE
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        return None

    def force_flush(self, timeout_millis: int = 30_000) -> bool:
        return True


def read_spans(path: Path) -> list[dict[str, Any]]:
    """Every span in a file the exporter wrote (a line still being written is left for later)."""
    if not path.exists():
        return []
    spans = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            spans.append(json.loads(line))
        except ValueError:
            continue
    return spans
