"""Reservations nobody settled, settled by asking orders.

A reservation is made before its order is written and committed after the order is paid.  A crash in
between leaves it ``reserved`` with nothing to settle it: an order never written (orders died after
reserving), or a commit whose event is still on its way.  Every ``reservation_check_after_s`` a
reservation still ``reserved`` is looked up in orders by its order number, and:
- no such order, or a cancelled one → released (a flash sale's unit goes back to its gate too).  Orders
  makes the number of an order it does not have void as it answers, so an order request that stalled
  between reserving and writing (longer than this check's wait) can no longer be written with units
  that were given back: it fails and the buyer's retry places the order afresh;
- paid, or any state after it → committed;
- still waiting for payment → looked at again after the same time (orders cancels it when its payment
  deadline passes, and that releases it).
Orders unreachable: nothing changes until it answers.  Each step is the idempotent one the calls and
events use, so a reservation settled meanwhile by them is left as it is."""

from __future__ import annotations

import logging
from datetime import timedelta

import httpx
import sqlalchemy as sa
from sqlmodel import col, select

from common.clock import now
from common.db import Database
from common.http import call_internal
from common.models import UtcDateTime, is_status
from services.catalog import inventory
from services.catalog.config import Settings
from services.catalog.flash import FlashStock
from services.catalog.models import Reservation, ReservationStatus

log = logging.getLogger("groupbuy.catalog.reconcile")

BATCH = 200
PAID_OR_LATER = {"paid", "confirmed", "shipped", "delivered", "completed", "refunded"}


# The status as a literal, not a parameter: so the planner knows the partial index of held rows
# (``ix_reservation_held_since``) answers it, in a generic plan too.
_HELD = is_status(col(Reservation.status), ReservationStatus.reserved)
# The orders of reservations held since before ``stale_before``, a batch of them. Not ``DISTINCT``: SQLite
# would walk the order index for it, every reservation ever made, rather than the few held ones.
STALE = select(Reservation.order_id).where(
    _HELD, col(Reservation.updated_at) <= sa.bindparam("stale_before", type_=UtcDateTime())).limit(BATCH)


async def _states(http: httpx.AsyncClient, settings: Settings, order_nos: list[str]) -> dict[str, str | None] | None:
    try:
        answer = await call_internal(http, key=settings.internal_key, caller="catalog",
                                     base_url=settings.topology.orders.url, method="POST",
                                     path="/internal/orders/states",
                                     json={"order_nos": order_nos, "void_missing": True})
    except httpx.HTTPError as exc:
        log.info("orders not reachable; stale reservations wait: %s", exc)
        return None
    if answer.status_code != 200:
        log.warning("orders answered %s for order states", answer.status_code)
        return None
    return answer.json()


async def settle_stale(*, db: Database, http: httpx.AsyncClient, settings: Settings, stock: FlashStock) -> int:
    """One pass; returns how many reservations were released or committed."""
    stale_before = now() - timedelta(seconds=settings.reservation_check_after_s)
    async with db.read_sessions() as session:
        order_nos = list(dict.fromkeys((await session.exec(STALE, params={"stale_before": stale_before})).all()))
    if not order_nos:
        return 0
    states = await _states(http, settings, order_nos)
    if states is None:
        return 0
    settled = 0
    for order_no in order_nos:
        state = states.get(order_no)
        async with db.write_sessions() as session:
            if state is None or state == "cancelled":
                released = await inventory.release_held(session=session, order_id=order_no)
                await session.commit()
                if released is not None and released.activity_id is not None:
                    await stock.give_back(released.activity_id, order_no)
                log.warning("stale reservation released", extra={"order_no": order_no, "order_state": state})
                settled += 1
            elif state in PAID_OR_LATER:
                settled += await inventory.commit_if_held(session=session, order_id=order_no) == "committed"
                await session.commit()
            else:
                await session.exec(sa.update(Reservation).where(
                    col(Reservation.order_id) == order_no, col(Reservation.status) == ReservationStatus.reserved,
                ).values(updated_at=now()))  # looked at: again after another interval
                await session.commit()
    return settled
