"""A lean load generator for the product scenarios: keep-alive HTTP/1.1 connections over asyncio streams,
one per virtual client, so that the generator's own cost per request stays far below the stack's (a
general-purpose client spends more CPU per request than the services do, on the same two cores).

It speaks just the HTTP the stack answers with: a status line, headers, and a body by Content-Length or
chunked.  Latencies are kept per request kind; figures are computed from them at the end.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


class LoadError(RuntimeError):
    """The server broke the protocol or went away for good."""


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Connection:
    """One keep-alive connection to one host; reconnects when the server closed it."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, method: str, path: str, *, headers: dict[str, str] | None = None,
                      body: Any = None) -> Reply:
        payload = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Content-Length: {len(payload)}"]
        if body is not None:
            lines.append("Content-Type: application/json")
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + payload
        for attempt in (1, 2):
            if self.writer is None:
                await self._open()
            try:
                self.writer.write(raw)  # type: ignore[union-attr]
                return await self._read()
            except (ConnectionError, asyncio.IncompleteReadError) as exc:
                self.close()
                if attempt == 2:
                    raise LoadError(f"{method} {path}: {exc!r}") from exc
        raise AssertionError("unreachable")

    async def _read(self) -> Reply:
        reader = self.reader
        assert reader is not None
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers: dict[str, str] = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await reader.readuntil(b"\r\n")
                    break
                chunks.append((await reader.readexactly(size + 2))[:-2])
            body = b"".join(chunks)
        else:
            body = await reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return Reply(status, headers, body)


@dataclass
class Tally:
    """Latencies (seconds) and answers per request kind, and the wall time of the measured part."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    codes: Counter[str] = field(default_factory=Counter)
    started: float = 0.0
    finished: float = 0.0

    async def timed(self, kind: str, call: Awaitable[Reply]) -> Reply:
        began = time.perf_counter()
        reply = await call
        self.latencies[kind].append(time.perf_counter() - began)
        self.statuses[kind][reply.status] += 1
        if reply.status >= 400:
            try:
                self.codes[f"{kind}:{reply.status}:{reply.json().get('code')}"] += 1
            except (ValueError, AttributeError):
                self.codes[f"{kind}:{reply.status}"] += 1
        return reply

    @property
    def seconds(self) -> float:
        return max(1e-9, self.finished - self.started)

    def figures(self, kind: str) -> dict[str, float | int]:
        values = sorted(self.latencies.get(kind, []))
        if not values:
            return {"count": 0}
        return {"count": len(values), "per_s": round(len(values) / self.seconds, 1),
                "p50_ms": round(percentile(values, 50) * 1000, 2), "p99_ms": round(percentile(values, 99) * 1000, 2),
                "max_ms": round(values[-1] * 1000, 2),
                "statuses": {str(k): v for k, v in sorted(self.statuses[kind].items())}}


def percentile(ordered: list[float], pct: float) -> float:
    """The nearest-rank percentile of an ordered list."""
    if not ordered:
        return 0.0
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


async def drive(base_url: str, *, clients: int, jobs: int,
                job: Callable[[int, Connection, Tally], Awaitable[None]]) -> Tally:
    """``job(i, connection, tally)`` for i in range(jobs), by ``clients`` virtual clients each on its own
    connection; the tally's clock covers the jobs only."""
    tally = Tally()
    next_job = iter(range(jobs))

    async def client() -> None:
        connection = Connection(base_url)
        try:
            for i in next_job:
                await job(i, connection, tally)
        finally:
            connection.close()

    tally.started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    tally.finished = time.perf_counter()
    return tally


async def paced(base_url: str, *, rate_per_s: float, jobs: int, max_in_flight: int,
                job: Callable[[int, Connection, Tally], Awaitable[None]]) -> Tally:
    """Start ``jobs`` at a steady ``rate_per_s`` (an open model: a slow answer does not slow the arrivals),
    with at most ``max_in_flight`` connections open."""
    tally = Tally()
    idle: list[Connection] = []
    gate = asyncio.Semaphore(max_in_flight)

    async def one(i: int) -> None:
        async with gate:
            connection = idle.pop() if idle else Connection(base_url)
            try:
                await job(i, connection, tally)
            finally:
                idle.append(connection)

    tally.started = start = time.perf_counter()
    tasks = []
    for i in range(jobs):
        delay = start + i / rate_per_s - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i)))
    await asyncio.gather(*tasks)
    tally.finished = time.perf_counter()
    for connection in idle:
        connection.close()
    return tally
