"""The webhook dispatcher: sends the deliveries that ``webhooks.fan_out`` wrote, apart from everything else.

It runs for the membership app's lifetime (``dispatcher_hook``), off the event stream's path: the
consumer only writes rows, so a slow or dead receiver never delays an order, a consumer, or a request.

One round:
1. a cheap read looks for due rows (``pending`` and ``next_attempt_at`` passed), so an idle dispatcher
   never takes SQLite's write lock;
2. a short write transaction claims up to the free slots — ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
   several membership processes share the work — and checks each row just before sending: a disabled
   subscription, a revoked key, or a key that no longer holds the event's scope cancels it; a row whose
   round is over fails. Each claimed row counts its attempt, gets its attempt row, and is leased
   (``next_attempt_at`` = now + the timeout + a margin): a process that dies mid-attempt leaves it to be
   tried again after the lease (receivers dedupe by ``Groupbuy-Event-Id``);
3. each claimed row is sent in a task of its own, at most ``max_concurrency`` at once per process and
   ``max_in_flight_per_subscription`` per subscription, each bounded by ``timeout_s`` all included
   (connection, request, the answer's status line; the answer's body is never read), redirects not
   followed, on the dispatcher's own pooled client (``egress``), which resolves the host as it connects,
   refuses internal addresses in production, and connects to the address it checked;
4. the outcome is written: a 2xx delivers the row — once: it is not sent again unless replayed — and
   anything else schedules the next attempt (``domain.retries``) or fails the row at the round's end.

Every ``PURGE_EVERY_S`` finished rows older than ``retention_s`` leave the log.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import random
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
import sqlalchemy as sa
from prometheus_client import Counter, Gauge
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.db import Database
from common.models import is_status
from common.tasks import background
from services.membership import egress
from services.membership.config import WebhookSettings
from services.membership.domain import retries, signing
from services.membership.domain.partner_events import may_receive
from services.membership.models import ApiKey, WebhookAttempt, WebhookDelivery, WebhookSubscription
from services.membership.secret_box import SecretBox, SecretUnreadable
from services.membership.webhooks import FINISHED, secret_context

log = logging.getLogger("groupbuy.membership.webhooks")

LEASE_MARGIN_S = 30.0
PURGE_EVERY_S = 600.0
PURGE_BATCH = 1000
ERROR_CHARS = 500

ATTEMPTS = Counter("groupbuy_webhook_attempts_total", "Webhook delivery attempts, by outcome", ["outcome"])
IN_FLIGHT = Gauge("groupbuy_webhook_in_flight", "Webhook deliveries being sent by this process")


def due(at: datetime) -> sa.Select:
    """Deliveries waiting whose next attempt is ``at`` or before; the status named in the SQL
    (``common.models.is_status``): nearly every delivery ever made is delivered or given up."""
    return select(WebhookDelivery).where(is_status(col(WebhookDelivery.status), "pending"),
                                         col(WebhookDelivery.next_attempt_at) <= at)


@dataclass(frozen=True)
class Job:
    """One attempt of one delivery, claimed and ready to send."""

    delivery_id: int
    subscription_id: int
    attempt: int
    url: str
    secret: str
    body: bytes
    event_id: str
    event_type: str


@dataclass(frozen=True)
class Answer:
    started_at: datetime
    duration_ms: int
    status_code: int | None
    error: str | None


def _refusal(subscription: WebhookSubscription, key: ApiKey, event_type: str) -> str | None:
    """Why a delivery may no longer be sent, or None."""
    if subscription.status != "active":
        return "subscription disabled"
    if key.revoked_at is not None:
        return "API key revoked"
    if not may_receive(key.scopes, event_type):
        return f"API key no longer holds the scope for {event_type}"
    return None


class Dispatcher:
    def __init__(self, *, database: Database, client: httpx.AsyncClient, settings: WebhookSettings,
                 box: SecretBox) -> None:
        self.database = database
        self.client = client
        self.settings = settings
        self.box = box
        self.lease = timedelta(seconds=settings.timeout_s + LEASE_MARGIN_S)
        self._on_postgres = database.writer.dialect.name == "postgresql"
        self._tasks: set[asyncio.Task[Answer]] = set()
        self._per_subscription: collections.Counter[int] = collections.Counter()
        self._slot_freed = asyncio.Event()
        self._next_purge = 0.0

    # The loop ------------------------------------------------------------------------------------

    async def run(self) -> None:
        try:
            while True:
                self._slot_freed.clear()
                try:
                    await self.dispatch_due()
                    if time.monotonic() >= self._next_purge:
                        self._next_purge = time.monotonic() + PURGE_EVERY_S
                        await self.purge()
                except Exception as exc:
                    log.warning("webhook dispatch round failed: %s: %s; trying again", type(exc).__name__, exc)
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.settings.poll_interval_s):  # cancellable, unlike 3.11's wait_for
                        await self._slot_freed.wait()
        finally:
            for task in self._tasks:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def dispatch_due(self) -> int:
        """Claim what is due within the free slots and start sending it; returns how many were started."""
        free = self.settings.max_concurrency - len(self._tasks)
        if free <= 0 or not await self._anything_due():
            return 0
        jobs = await self.claim(free)
        for job in jobs:
            self._start(job)
        return len(jobs)

    # Claiming ------------------------------------------------------------------------------------

    async def _anything_due(self) -> bool:
        async with self.database.read_sessions() as session:
            return (await session.exec(due(now()).limit(1))).first() is not None

    async def claim(self, limit: int) -> list[Job]:
        current = now()
        cap = self.settings.max_in_flight_per_subscription
        busy = [sid for sid, n in self._per_subscription.items() if n >= cap]
        query = due(current).order_by(col(WebhookDelivery.next_attempt_at), col(WebhookDelivery.id))
        if busy:
            query = query.where(col(WebhookDelivery.subscription_id).not_in(busy))
        query = query.limit(limit * cap)
        if self._on_postgres:
            query = query.with_for_update(skip_locked=True)
        jobs: list[Job] = []
        async with self.database.write_sessions() as session, session.begin():
            rows = (await session.exec(query)).all()
            owners = await self._owners(session, {row.subscription_id for row in rows})
            taken: collections.Counter[int] = collections.Counter()
            for row in rows:
                if len(jobs) >= limit:
                    break
                if self._per_subscription[row.subscription_id] + taken[row.subscription_id] >= cap:
                    continue
                job = self._prepare(session, row, *owners[row.subscription_id], current)
                if job is not None:
                    jobs.append(job)
                    taken[row.subscription_id] += 1
        return jobs

    async def _owners(self, session: AsyncSession, ids: set[int]
                      ) -> dict[int, tuple[WebhookSubscription, ApiKey]]:
        if not ids:
            return {}
        rows = (await session.exec(
            select(WebhookSubscription, ApiKey).join(ApiKey, col(ApiKey.id) == col(WebhookSubscription.api_key_id))
            .where(col(WebhookSubscription.id).in_(ids)))).all()
        return {subscription.id: (subscription, key) for subscription, key in rows}

    def _prepare(self, session: AsyncSession, row: WebhookDelivery, subscription: WebhookSubscription, key: ApiKey,
                 current: datetime) -> Job | None:
        """Check one due row against its subscription and key; lease it and log its attempt when it may go."""
        refused = _refusal(subscription, key, row.event_type)
        if refused is not None:
            row.status, row.next_attempt_at, row.last_error = "cancelled", None, refused
            return None
        if current > row.give_up_at:
            row.status, row.next_attempt_at = "failed", None
            row.last_error = row.last_error or "not attempted before the retry window ended"
            return None
        try:
            secret = self.box.open(subscription.secret_sealed, context=secret_context(subscription.id))
        except SecretUnreadable as exc:
            log.error("webhook subscription %s: %s; check GROUPBUY_WEBHOOKS__SECRET_KEYS", subscription.id, exc)
            row.next_attempt_at = current + self.lease
            row.last_error = f"signing secret unreadable: {exc}"[:ERROR_CHARS]
            return None
        row.attempts += 1
        row.round_attempts += 1
        row.last_attempt_at = current
        row.next_attempt_at = current + self.lease
        session.add(WebhookAttempt(delivery_id=row.id, number=row.attempts, started_at=current))
        return Job(delivery_id=row.id, subscription_id=subscription.id, attempt=row.attempts, url=subscription.url,
                   secret=secret, body=row.body.encode(), event_id=row.event_id, event_type=row.event_type)

    # Sending -------------------------------------------------------------------------------------

    def _start(self, job: Job) -> None:
        self._per_subscription[job.subscription_id] += 1
        task = asyncio.create_task(self.attempt(job), name=f"webhook-delivery-{job.delivery_id}")
        self._tasks.add(task)
        IN_FLIGHT.set(len(self._tasks))

        def finished(done: asyncio.Task[Answer]) -> None:
            self._tasks.discard(done)
            self._per_subscription[job.subscription_id] -= 1
            if self._per_subscription[job.subscription_id] <= 0:
                del self._per_subscription[job.subscription_id]
            IN_FLIGHT.set(len(self._tasks))
            self._slot_freed.set()
            if not done.cancelled() and done.exception() is not None:
                log.error("webhook delivery %s: %r", job.delivery_id, done.exception())

        task.add_done_callback(finished)

    async def attempt(self, job: Job) -> Answer:
        """Send one attempt and record its outcome."""
        answer = await self.send(job)
        await self.record(job, answer)
        return answer

    async def send(self, job: Job) -> Answer:
        # Signed with the wall clock: the receiver compares it with its own, never with a dev offset.
        timestamp = int(time.time())
        headers = signing.delivery_headers(secret=job.secret, timestamp=timestamp, body=job.body,
                                           event_id=job.event_id, event_type=job.event_type,
                                           delivery_id=job.delivery_id, attempt=job.attempt)
        started_at, started = now(), time.monotonic()
        status_code, error = None, None
        limit = self.settings.timeout_s
        try:
            async with asyncio.timeout(limit):
                async with self.client.stream("POST", job.url, content=job.body, headers=headers,
                                              timeout=httpx.Timeout(limit), follow_redirects=False) as response:
                    status_code = response.status_code
        except (TimeoutError, httpx.TimeoutException):
            error = f"no answer within {limit:g}s"
        except (httpx.HTTPError, ValueError, OSError) as exc:
            error = f"{type(exc).__name__}: {exc}"[:ERROR_CHARS]
        duration_ms = int((time.monotonic() - started) * 1000)
        return Answer(started_at=started_at, duration_ms=duration_ms, status_code=status_code, error=error)

    async def record(self, job: Job, answer: Answer) -> None:
        acknowledged = answer.status_code is not None and retries.is_acknowledged(answer.status_code)
        error = answer.error or (None if acknowledged else f"HTTP {answer.status_code}")
        outcome = "delivered" if acknowledged else ("error" if answer.status_code is None else "refused")
        ATTEMPTS.labels(outcome).inc()
        current = now()
        async with self.database.write_sessions() as session, session.begin():
            await session.exec(
                sa.update(WebhookAttempt)
                .where(col(WebhookAttempt.delivery_id) == job.delivery_id, col(WebhookAttempt.number) == job.attempt)
                .values(finished_at=current, duration_ms=answer.duration_ms, status_code=answer.status_code,
                        error=error))
            row = (await session.exec(select(WebhookDelivery).where(WebhookDelivery.id == job.delivery_id)
                                      .with_for_update())).first()
            # Deleted, or taken over after the lease ran out: the attempt is logged, the row is not ours.
            if row is None or row.attempts != job.attempt or row.status == "delivered":
                return
            row.last_status_code, row.last_error = answer.status_code, error
            if acknowledged:
                row.status, row.delivered_at, row.next_attempt_at = "delivered", current, None
                return
            if row.status != "pending":
                return  # cancelled meanwhile (the subscription was disabled): stays cancelled
            row.next_attempt_at = retries.next_attempt_at(
                current, max(row.round_attempts, 1), give_up_at=row.give_up_at,
                initial_s=self.settings.retry_initial_s, max_delay_s=self.settings.retry_max_delay_s,
                jitter=random.random())
            if row.next_attempt_at is None:
                row.status = "failed"
                log.info("webhook delivery %s failed after %d attempts", row.id, row.attempts)

    # Keeping the log small -----------------------------------------------------------------------

    async def purge(self) -> int:
        """Remove finished deliveries (and their attempts) older than the retention."""
        cutoff = now() - timedelta(seconds=self.settings.retention_s)
        total = 0
        while True:
            async with self.database.write_sessions() as session, session.begin():
                ids = list((await session.exec(
                    select(WebhookDelivery.id)
                    .where(col(WebhookDelivery.status).in_(FINISHED), col(WebhookDelivery.created_at) < cutoff,
                           sa.or_(col(WebhookDelivery.last_attempt_at).is_(None),
                                  col(WebhookDelivery.last_attempt_at) < cutoff))
                    .limit(PURGE_BATCH))).all())
                if ids:
                    await session.exec(sa.delete(WebhookAttempt).where(col(WebhookAttempt.delivery_id).in_(ids)))
                    await session.exec(sa.delete(WebhookDelivery).where(col(WebhookDelivery.id).in_(ids)))
            total += len(ids)
            if len(ids) < PURGE_BATCH:
                return total


@asynccontextmanager
async def dispatcher_hook(app: Any) -> AsyncIterator[None]:
    """A ``create_service_app`` hook: the dispatcher runs for the app's lifetime."""
    state = app.state
    settings = state.settings
    async with egress.webhook_client(production=not settings.dev_mode,
                                     max_connections=settings.webhooks.max_concurrency) as client:
        dispatcher = Dispatcher(database=state.db, client=client, settings=settings.webhooks, box=state.secret_box)
        state.webhook_dispatcher = dispatcher
        async with background(dispatcher.run(), "webhook-dispatcher"):
            yield
