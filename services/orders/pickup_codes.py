"""Pickup codes (核销码): one per buyer, community and delivery day, shown in the mini-program with the
orders waiting there (``GET /v1/orders/pickup-code?date=``), typed or scanned at the counter by the
community's leader or ops (``POST /v1/orders/pickup {code, community_id}``) to hand out, in one move,
everything of that buyer waiting at the point.

- A code is eight random digits, made the first time the buyer is shown it for a day on which something
  of theirs is at the point; it is unique within its community and day.  The QR payload
  (``groupbuy:pickup:<community>:<YYYY-MM-DD>:<code>``) carries the community and day too, so a scan at
  the wrong counter or on the wrong day is told apart from a typo.
- A code works only at its own community and on its own day (today, Asia/Shanghai).  Hand-out is one
  transaction under the code's row lock: the same code entered twenty times at once hands the orders
  out once; later entries answer 409 ``pickup_code_used`` (with when it was used) while nothing new is
  waiting, and hand out what was shipped since.
- Guessing: every code that does not open anything here today (wrong, another community's, another
  day's, malformed) is logged and counted per caller in Redis; after ``pickup_code_guesses`` such
  failures within ``pickup_code_guess_window_s`` the caller gets 429 with ``Retry-After`` until the window
  has passed since their last failure.  With 10⁸ codes and a few hundred buyers per community and day,
  ten guesses find a code about once in 20,000 tries.
- The limit fails **closed**: when Redis cannot be asked, codes are not checked (503
  ``pickup_codes_unavailable``).  A code is a proof that the buyer was there, and a proof that can be
  guessed without limit proves nothing; the counter keeps working meanwhile by handing out by buyer
  (``POST /v1/orders/deliver``), which the audit trail records as such."""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NoReturn

import sqlalchemy as sa
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlmodel import col, select

from common.auth import Identity
from common.clock import BUSINESS_TZ, now
from common.db import Database
from common.problems import Problem
from common.redis import key as redis_key
from services.orders import access, audit, batches, delivery
from services.orders.clients import Clients
from services.orders.config import Settings
from services.orders.models import Order, PickupCode
from services.orders.schemas import BatchResult, PickupCodePublic, PickupCodes

log = logging.getLogger("groupbuy.orders.pickup_codes")

DIGITS = 8
QR_PREFIX = "groupbuy:pickup:"
DAYS_AHEAD = 7  # a code can be shown this many days ahead (orders shipped ahead for a later day)
PAYLOAD = re.compile(r"^groupbuy:pickup:(\d{1,10}):(\d{4}-\d{2}-\d{2}):(\d{8})$")


def qr_payload(code: PickupCode) -> str:
    return f"{QR_PREFIX}{code.community_id}:{code.day.isoformat()}:{code.code}"


@dataclass(frozen=True, slots=True)
class Entered:
    digits: str
    community_id: int | None = None
    day: date | None = None


def parse(text: str) -> Entered | None:
    """What was typed (digits, spaces and dashes allowed) or scanned (the QR payload); None: neither."""
    text = text.strip()
    if text.startswith(QR_PREFIX):
        found = PAYLOAD.match(text)
        if found is None:
            return None
        try:
            return Entered(found.group(3), int(found.group(1)), date.fromisoformat(found.group(2)))
        except ValueError:
            return None
    digits = re.sub(r"[\s\-]", "", text)
    return Entered(digits) if re.fullmatch(r"\d{8}", digits) else None


# --- the buyer's side ----------------------------------------------------------------------------


async def my_codes(*, db: Database, user_id: int, day: date) -> PickupCodes:
    """The caller's codes for ``day``: one per community where something of theirs is at the point."""
    today = delivery.today()
    if day > today + timedelta(days=DAYS_AHEAD):
        raise Problem(422, "validation_error", "Invalid fields: query.date",
                      errors=[{"field": "query.date", "message": f"at most {DAYS_AHEAD} days ahead",
                               "type": "value_error"}])
    delivery.bounds(day)
    async with db.read_sessions() as session:
        orders = (await session.exec(select(Order).where(
            Order.user_id == user_id, col(Order.community_id).is_not(None),
            sa.or_(delivery.waiting_on(day), delivery.picked_up_on(day))).order_by(col(Order.id)))).all()
        kept = {c.community_id: c for c in (await session.exec(select(PickupCode).where(
            PickupCode.user_id == user_id, PickupCode.day == day))).all()}
    codes = []
    for community_id in sorted({o.community_id for o in orders}):
        code = kept.get(community_id)
        if code is None and day >= today:
            code = await _make(db, user_id=user_id, community_id=community_id, day=day)
        if code is None:
            continue  # a past day on which no code was ever shown
        codes.append(PickupCodePublic(
            community_id=community_id, date=day, code=code.code, qr_payload=qr_payload(code), used_at=code.used_at,
            orders=[access.shown(o, access.View.full) for o in orders if o.community_id == community_id]))
    return PickupCodes(date=day, timezone=BUSINESS_TZ.key, codes=codes)


async def _make(db: Database, *, user_id: int, community_id: int, day: date) -> PickupCode:
    for _ in range(5):
        async with db.write_sessions() as session:
            session.add(PickupCode(community_id=community_id, day=day, user_id=user_id, created_at=now(),
                                   code=f"{secrets.randbelow(10 ** DIGITS):0{DIGITS}d}"))
            try:
                await session.commit()
            except sa.exc.IntegrityError:
                await session.rollback()  # made by a request of the same buyer at the same moment, or a clash
            else:
                break
    async with db.read_sessions() as session:
        found = (await session.exec(select(PickupCode).where(
            PickupCode.user_id == user_id, PickupCode.community_id == community_id, PickupCode.day == day))).first()
    if found is None:
        raise Problem(503, "service_unavailable", "No pickup code could be made; try again",
                      headers={"Retry-After": "1"})
    return found


# --- the counter's side --------------------------------------------------------------------------


class Guesses:
    """Failed code entries of one caller, counted in Redis (fails closed: see the module's docstring)."""

    def __init__(self, redis: Redis, settings: Settings, caller: Identity) -> None:
        self.redis, self.settings = redis, settings
        who = f"user:{caller.user_id}" if caller.user_id is not None else f"key:{caller.api_key_id}"
        self.name = redis_key(settings.redis, "orders", "pickup-guesses", who)

    async def check(self) -> None:
        try:
            failures = int(await self.redis.get(self.name) or 0)
            wait = await self.redis.ttl(self.name) if failures >= self.settings.pickup_code_guesses else 0
        except RedisError as exc:
            log.error("pickup codes not checked: the guess limit cannot be read (%s)", exc)
            raise _unavailable() from exc
        if failures >= self.settings.pickup_code_guesses:
            log.warning("pickup code guessing stopped", extra={"key": self.name, "failures": failures})
            raise Problem(429, "too_many_guesses", "Too many wrong pickup codes; wait before trying again",
                          headers={"Retry-After": str(max(1, wait))})

    async def failed(self) -> int:
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.set(self.name, 0, nx=True)
                pipe.incr(self.name)
                pipe.expire(self.name, int(self.settings.pickup_code_guess_window_s))
                _, failures, _ = await pipe.execute()
        except RedisError as exc:
            log.error("a wrong pickup code was not counted (%s)", exc)
            raise _unavailable() from exc
        return int(failures)


def _unavailable() -> Problem:
    return Problem(503, "pickup_codes_unavailable", "Pickup codes cannot be checked right now; hand the orders "
                   "out by buyer (POST /v1/orders/deliver)", headers={"Retry-After": "5"})


async def redeem(*, db: Database, clients: Clients, redis: Redis, settings: Settings, caller: Identity,
                 text: str, community_id: int) -> BatchResult:
    """Hand out everything the code's buyer has waiting at ``community_id`` today."""
    await access.community_view(clients, caller, community_id)
    guesses = Guesses(redis, settings, caller)
    await guesses.check()
    today = delivery.today()
    entered = parse(text)
    code = await _find(db, entered, community_id, today) if entered is not None else None
    if code is None or code.community_id != community_id or code.day != today:
        await _refuse(guesses, caller, community_id, today, entered, code)
    with audit.via("pickup_code"):
        async with db.write_sessions() as session:
            code = (await session.exec(select(PickupCode).where(PickupCode.id == code.id).with_for_update())).one()
            result = await batches.hand_out_to_buyer(session, community_id=community_id, user_id=code.user_id,
                                                     day=today)
            buyer, used_at = code.user_id, code.used_at
            if not result.counts.get("delivered"):
                await session.rollback()
                if used_at is not None:
                    raise Problem(409, "pickup_code_used", "This code was used already: nothing more waits for it",
                                  used_at=used_at.isoformat(), order_nos=[line.order_no for line in result.lines])
                raise Problem(409, "nothing_waiting", "Nothing waits for this buyer here today")
            code.used_at, code.used_by = now(), caller.user_id
            await session.commit()
    log.info("handed out with a pickup code", extra={"community_id": community_id, "buyer": buyer,
                                                     "orders": result.counts["delivered"]})
    return result


async def _find(db: Database, entered: Entered, community_id: int, today: date) -> PickupCode | None:
    """The code at this counter today, else the same digits elsewhere (to say why it does not work here)."""
    digits = col(PickupCode.code) == entered.digits
    async with db.read_sessions() as session:
        here = (await session.exec(select(PickupCode).where(
            digits, PickupCode.community_id == community_id, PickupCode.day == today))).first()
        if here is not None and entered.community_id in (None, community_id) and entered.day in (None, today):
            return here
        if entered.community_id is not None and entered.day is not None:  # scanned: the payload says where and when
            return (await session.exec(select(PickupCode).where(
                digits, PickupCode.community_id == entered.community_id, PickupCode.day == entered.day))).first()
        recent = (await session.exec(select(PickupCode).where(digits).order_by(col(PickupCode.day).desc())
                                     .limit(20))).all()
    return next((r for r in recent if r.community_id == community_id), recent[0] if recent else None)


async def _refuse(guesses: Guesses, caller: Identity, community_id: int, today: date, entered: Entered | None,
                  code: PickupCode | None) -> NoReturn:
    if entered is None:
        problem = Problem(422, "pickup_code_invalid", "A pickup code is 8 digits, or the QR image's text")
        reason = "malformed"
    elif code is None:
        problem = Problem(422, "pickup_code_invalid", "No buyer has this code here today")
        reason = "unknown"
    elif code.community_id != community_id:
        problem = Problem(422, "pickup_code_wrong_community", "This code belongs to another pickup point")
        reason = "another community"
    else:
        problem = Problem(422, "pickup_code_wrong_day", f"This code is for {code.day.isoformat()}, not today",
                          code_date=code.day.isoformat())
        reason = "another day"
    failures = await guesses.failed()
    log.warning("pickup code refused: %s", reason, extra={
        "caller": caller.user_id, "community_id": community_id, "day": today.isoformat(), "failures": failures,
        "code_tail": entered.digits[-2:] if entered else None})
    raise problem
