"""Breaking a running stack on purpose, and clients that keep their word while it breaks.

- ``OwnRedis``: a ``redis-server`` (the binary the embedded default runs) that the chaos suite owns, so
  it may freeze it (SIGSTOP), kill it (SIGKILL), start it again empty on the same port, or wipe it
  (FLUSHALL) — never the run's shared Redis, which other tests use.
- ``Shopper`` and ``purchase``: a buyer who places an order with an Idempotency-Key and then pays or
  cancels it, retrying the same request (same key, same body) on every answer that leaves the outcome
  unknown — a transport error, a 5xx, ``request_in_flight`` — until it gets a definite one.
- ``Journal``: what the clients were told (each order a 2xx named), and every answer they saw along the
  way; the suite checks the databases against it once the system has settled.
- ``LogMark``: what the parts logged since a scenario began, e.g. every 500 they answered, including those
  no client saw because the gateway had already given up on the request.
"""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from common.embedded_redis import redis_command
from common.testing.infra import RedisEndpoint, free_port, stop_process, wait_for_port
from common.testing.stack import Stack

PAID_STATES = frozenset({"paid", "confirmed", "shipped", "delivered", "completed"})
UNKNOWN_OUTCOME = frozenset({500, 502, 503, 504})  # the request may or may not have taken effect
RETRY_FIRST_S, RETRY_MAX_S = 0.2, 1.0


class OwnRedis:
    """A private ``redis-server`` without persistence on a fixed port: a restart always comes back empty,
    at the same address, as a Redis that lost its data would."""

    def __init__(self, folder: Path, *, prefix: str) -> None:
        self.folder, self.prefix, self.port = folder, prefix, free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def endpoint(self) -> RedisEndpoint:
        return RedisEndpoint(url=self.url, prefix=self.prefix, process=self.process, port=self.port)

    def start(self) -> OwnRedis:
        self.process = subprocess.Popen(redis_command(port=self.port, data_dir=self.folder, persist=False),  # noqa: S603
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)
        return self

    def freeze(self) -> None:
        self._signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self._signal(signal.SIGCONT)

    def kill(self) -> None:
        """SIGKILL: whatever it held is gone."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a frozen server must be able to die
            self.process.kill()
            self.process.wait(timeout=10)

    def wipe(self) -> None:
        """FLUSHALL while it keeps serving: the connections stay, the data goes."""
        import redis

        client = redis.Redis.from_url(self.url)
        try:
            client.flushall()
        finally:
            client.close()

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)
            stop_process(self.process)

    def _signal(self, sig: int) -> None:
        if self.process is None or self.process.poll() is not None:
            raise RuntimeError("the chaos Redis is not running")
        self.process.send_signal(sig)


@dataclass
class Shopper:
    openid: str
    tokens: dict[str, Any]
    user_id: int
    address_id: int

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens['access_token']}"}


@dataclass
class Purchase:
    """One order a shopper means to place, and what became of it as the shopper was told."""

    shopper: Shopper
    body: dict[str, Any]
    sku_id: int  # what it buys: the body's SKU, or its activity's
    then: str  # "pay" or "cancel"
    key: str = field(default_factory=lambda: f"chaos-{uuid.uuid4().hex}")
    order_id: int | None = None
    order_no: str | None = None
    status: str | None = None  # the last status the shopper was told
    failure: str | None = None


@dataclass
class Journal:
    """Every purchase of a burst, and every answer its clients saw (``"POST /v1/orders 502"``...)."""

    purchases: list[Purchase] = field(default_factory=list)
    answers: Counter[str] = field(default_factory=Counter)
    told: int = 0
    over: bool = False
    _progress: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def note_told(self) -> None:
        async with self._progress:
            self.told += 1
            self._progress.notify_all()

    async def note_over(self) -> None:
        async with self._progress:
            self.over = True
            self._progress.notify_all()

    async def reached(self, count: int) -> None:
        """Returns once ``count`` orders have been told to their clients (or the burst is over)."""
        async with self._progress:
            await self._progress.wait_for(lambda: self.told >= count or self.over)

    @property
    def failures(self) -> list[str]:
        return [f"{p.key}: {p.failure}" for p in self.purchases if p.failure]

    @property
    def server_errors(self) -> dict[str, int]:
        """Answers that say a service broke (500), as against one being away (502, 503, 504)."""
        return {what: n for what, n in self.answers.items() if what.split()[2] == "500"}


class LogMark:
    """Where each part's log ended when a scenario began: what the parts logged since can be read back."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.offsets = {part: _size(stack.log_path(part)) for part in stack.processes}

    def lines_since(self) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for part, offset in self.offsets.items():
            with self.stack.log_path(part).open("rb") as log:
                log.seek(offset)
                found[part] = [entry for line in log.read().splitlines() if (entry := _entry(line)) is not None]
        return found

    def server_errors(self) -> list[str]:
        """Every 500 a part answered since the mark: a request that broke, whether or not a client saw it."""
        return [f"{part}: {line['msg']} ({line.get('request_id')})" for part, lines in self.lines_since().items()
                for line in lines if line.get("logger") == "groupbuy.access" and line.get("status") == 500]


    def unhandled(self) -> list[str]:
        """The tracebacks of what broke since the mark (the unexpected errors each part logged)."""
        return [f"{part}: {line['msg']}\n{line.get('exc', '')}" for part, lines in self.lines_since().items()
                for line in lines if line.get("logger") == "groupbuy.problems" and line.get("exc")]


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def _entry(line: bytes) -> dict[str, Any] | None:
    """A JSON log line; None for anything else (a line still being written, a server's own output)."""
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    return entry if isinstance(entry, dict) else None


class UnexpectedAnswer(Exception):
    pass


async def _ask(client: httpx.AsyncClient, journal: Journal, what: str, method: str, url: str, *,
               give_up_at: float, **kwargs: Any) -> httpx.Response:
    """Send until an answer whose outcome is known: every other one is retried, the same request again."""
    delay = RETRY_FIRST_S
    while True:
        try:
            answer = await client.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            journal.answers[f"{what} {type(exc).__name__}"] += 1
        else:
            code = _problem_code(answer)
            journal.answers[f"{what} {answer.status_code}" + (f" {code}" if code else "")] += 1
            if answer.status_code not in UNKNOWN_OUTCOME and code != "request_in_flight":
                return answer
        if time.monotonic() > give_up_at:
            raise UnexpectedAnswer(f"{what}: no definite answer in time")
        await asyncio.sleep(delay)
        delay = min(delay * 2, RETRY_MAX_S)


def _problem_code(answer: httpx.Response) -> str | None:
    if answer.status_code < 400 or not answer.headers.get("content-type", "").startswith("application/problem"):
        return None
    try:
        return answer.json().get("code")
    except ValueError:
        return None


async def purchase(client: httpx.AsyncClient, journal: Journal, item: Purchase, *, give_up_at: float) -> None:
    """Place the order (retrying with its key), then pay or cancel it (retrying until told how it stands)."""
    headers = item.shopper.headers
    try:
        placed = await _ask(client, journal, "POST /v1/orders", "POST", "/v1/orders", json=item.body,
                            headers=headers | {"Idempotency-Key": item.key}, give_up_at=give_up_at)
        if placed.status_code != 201:
            raise UnexpectedAnswer(f"placing: {placed.status_code} {placed.text[:300]}")
        order = placed.json()
        item.order_id, item.order_no, item.status = order["id"], order["order_no"], order["status"]
        await journal.note_told()
        if item.then == "pay":
            done = await _ask(client, journal, "POST /v1/payments/sandbox", "POST",
                              f"/v1/payments/sandbox/{item.order_id}", headers=headers, give_up_at=give_up_at)
        else:
            done = await _ask(client, journal, "POST /v1/orders/cancel", "POST",
                              f"/v1/orders/{item.order_id}/cancel", headers=headers, give_up_at=give_up_at)
        if done.status_code == 409 and _problem_code(done) == "invalid_transition":
            # An earlier try went through before its answer was lost: ask how the order stands.
            done = await _ask(client, journal, "GET /v1/orders", "GET", f"/v1/orders/{item.order_id}",
                              headers=headers, give_up_at=give_up_at)
        if done.status_code != 200:
            raise UnexpectedAnswer(f"{item.then}: {done.status_code} {done.text[:300]}")
        item.status = done.json()["status"]
        wanted = PAID_STATES if item.then == "pay" else {"cancelled"}
        if item.status not in wanted:
            raise UnexpectedAnswer(f"{item.then}: the order is {item.status}")
    except UnexpectedAnswer as exc:
        item.failure = str(exc)


async def burst(client: httpx.AsyncClient, journal: Journal, purchases: list[Purchase], *, pause_s: float = 0.0,
                give_up_after_s: float = 120.0) -> None:
    """Every shopper works through their own purchases one after another, ``pause_s`` apart (so the burst
    lasts long enough for a fault to land in it); the shoppers all at once."""
    journal.purchases.extend(purchases)
    give_up_at = time.monotonic() + give_up_after_s
    by_shopper: dict[int, list[Purchase]] = {}
    for item in purchases:
        by_shopper.setdefault(item.shopper.user_id, []).append(item)

    async def shop(items: list[Purchase]) -> None:
        for n, item in enumerate(items):
            if n:
                await asyncio.sleep(pause_s)
            await purchase(client, journal, item, give_up_at=give_up_at)

    try:
        await asyncio.gather(*(shop(items) for items in by_shopper.values()))
    finally:
        await journal.note_over()
