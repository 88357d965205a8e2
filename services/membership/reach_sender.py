"""The subscription-message sender: sends the ``reach_message`` rows the event handlers queued.

It runs for the membership app's lifetime (``sender_hook``), apart from the event stream, so a slow or
failing WeChat only delays messages: the consumers never wait for it.

One round claims the due rows (``pending``, ``next_attempt_at`` passed; ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL so several processes share the work), leases each (``next_attempt_at`` = now + WeChat's
timeout + a margin, so a process that dies mid-send leaves the row to be tried again), sends them
concurrently and records each outcome:
- ``errcode`` 0 → ``sent`` (once: a sent row is never claimed again);
- 43101 (the user refused: no consent on WeChat's side) → ``refused``, and the user's remaining consents of
  that scene are dropped — a normal outcome, not an error;
- another ``errcode`` (a bad template, a bad field) → ``rejected``, not retried: the same request would
  get the same answer;
- WeChat unreachable (timeout, HTTP 5xx, errcode -1) → tried again with backoff (``domain.retries``),
  never during quiet hours, until ``give_up_at`` → ``failed``.
A token refused mid-send (40001/42001) is replaced once and the send made again (``wechat_token``).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from prometheus_client import Counter
from sqlmodel import col, select

from common.clock import now
from common.db import Database
from common.models import is_status
from common.tasks import background
from services.membership.config import ReachSettings, WeChatSettings
from services.membership.domain import reach, retries
from services.membership.models import ReachMessage, SubscriptionConsent, User
from services.membership.wechat_token import WeChatError, WeChatServer, WeChatUnavailable, wechat_server

log = logging.getLogger("groupbuy.membership.reach")

LEASE_MARGIN_S = 30.0
REFUSED = 43101
SENDS = Counter("groupbuy_reach_sends_total", "Subscription message send attempts, by outcome", ["outcome"])


def is_due(at: datetime) -> sa.ColumnElement[bool]:
    """Messages waiting to be sent whose next attempt is ``at`` or before; the status named in the SQL
    (``common.models.is_status``): nearly every message ever queued is sent, refused or kept unsent."""
    return sa.and_(is_status(col(ReachMessage.status), "pending"), col(ReachMessage.next_attempt_at) <= at)


@dataclass(frozen=True)
class Job:
    message_id: int
    attempt: int
    body: dict[str, Any]
    user_id: int
    scene: str


class Sender:
    def __init__(self, *, database: Database, server: WeChatServer, settings: ReachSettings,
                 wechat: WeChatSettings) -> None:
        self.database = database
        self.server = server
        self.settings = settings
        self.lease = timedelta(seconds=wechat.timeout_s * 2 + LEASE_MARGIN_S)
        self._on_postgres = database.writer.dialect.name == "postgresql"

    async def run(self) -> None:
        while True:
            try:
                await self.send_due()
            except Exception as exc:
                log.warning("subscription message round failed: %s: %s; trying again", type(exc).__name__, exc)
            await asyncio.sleep(self.settings.poll_interval_s)

    async def send_due(self) -> int:
        """Claim what is due, send it, record the outcomes; returns how many were sent or settled."""
        async with self.database.read_sessions() as session:
            due = (await session.exec(select(ReachMessage.id).where(is_due(now())).limit(1))).first()
        if due is None:
            return 0
        jobs = await self.claim(self.settings.max_concurrency)
        await asyncio.gather(*(self.attempt(job) for job in jobs))
        return len(jobs)

    async def claim(self, limit: int) -> list[Job]:
        current = now()
        query = (select(ReachMessage, User.openid).join(User, col(User.id) == col(ReachMessage.user_id))
                 .where(is_due(current))
                 .order_by(col(ReachMessage.next_attempt_at), col(ReachMessage.id)).limit(limit))
        if self._on_postgres:
            query = query.with_for_update(skip_locked=True, of=ReachMessage)
        jobs = []
        async with self.database.write_sessions() as session, session.begin():
            for row, openid in (await session.exec(query)).all():
                if current > row.give_up_at:
                    row.status, row.next_attempt_at = "failed", None
                    continue
                row.attempts += 1
                row.next_attempt_at = current + self.lease
                jobs.append(Job(message_id=row.id, attempt=row.attempts, user_id=row.user_id, scene=row.scene, body={
                    "touser": openid, "template_id": row.template_id, "page": row.page, "data": row.data,
                    "miniprogram_state": self.settings.miniprogram_state, "lang": "zh_CN"}))
        return jobs

    async def attempt(self, job: Job) -> None:
        outcome: tuple[str, int | None, str | None, str | None]
        try:
            answer = await self.server.call_json("/cgi-bin/message/subscribe/send", job.body)
            outcome = ("sent", 0, None, str(answer.get("msgid", "")))
        except WeChatError as exc:
            outcome = ("refused" if exc.errcode == REFUSED else "rejected", exc.errcode, str(exc)[:300], None)
        except WeChatUnavailable as exc:
            outcome = ("retry", None, str(exc)[:300], None)
        SENDS.labels(outcome[0]).inc()
        await self.record(job, *outcome)

    async def record(self, job: Job, status: str, errcode: int | None, error: str | None, msgid: str | None) -> None:
        current = now()
        async with self.database.write_sessions() as session, session.begin():
            row = (await session.exec(select(ReachMessage).where(ReachMessage.id == job.message_id)
                                      .with_for_update())).first()
            if row is None or row.attempts != job.attempt or row.status != "pending":
                return  # taken over after the lease ran out
            row.errcode, row.last_error = errcode, error
            if status == "retry":
                at = retries.next_attempt_at(current, row.attempts, give_up_at=row.give_up_at,
                                             initial_s=self.settings.retry_initial_s,
                                             max_delay_s=self.settings.retry_max_delay_s, jitter=random.random())
                if at is None:
                    row.status, row.next_attempt_at = "failed", None
                    log.info("subscription message %s failed after %d attempts", row.id, row.attempts)
                else:
                    row.next_attempt_at = reach.send_at(at, row.scene, start_hour=self.settings.quiet_start_hour,
                                                        end_hour=self.settings.quiet_end_hour)
                return
            row.status, row.next_attempt_at = status, None
            if status == "sent":
                row.sent_at, row.msgid = current, msgid
            if status == "refused":
                await session.exec(sa.update(SubscriptionConsent).where(
                    col(SubscriptionConsent.user_id) == job.user_id, col(SubscriptionConsent.scene) == job.scene)
                    .values(available=0, updated_at=current))


@asynccontextmanager
async def sender_hook(app: Any) -> AsyncIterator[None]:
    """A ``create_service_app`` hook: the sender runs for the app's lifetime."""
    state = app.state
    sender = Sender(database=state.db, server=wechat_server(state), settings=state.settings.reach,
                    wechat=state.settings.wechat)
    state.reach_sender = sender
    async with background(sender.run(), "reach-sender"):
        yield
