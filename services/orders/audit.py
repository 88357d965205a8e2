"""An order's audit trail: every change of its state, who made it, when, from which state, and under which
request id.

Every change already passes through one place, ``states.move`` (and a refund's state through
``fulfilment.request_refund``); both call ``record``, which adds an ``OrderTransition`` row to the
session that holds the order, so the row commits or rolls back with the change itself.

Who acted is known without threading it through every use case: each request of the orders API sets the
actor from its verified identity (``set_actor``, a dependency of every router) — a user with their
roles, a partner's API key, another service — and background work names itself (``acting_as``): the
scheduler is ``system/scheduler``, WeChat Pay's notification ``system/payment-notification``.  Anything
else is ``system``.  Requests run in tasks of their own, so the actor of one never reaches another.  The
request id is the one the request came with (``X-Request-ID``).  ``via`` says which batch or counter
moved the order (``batch_ship``, ``batch_deliver``, ``pickup_code``).  Moves that leave the order's state as
it is are kept too (``remark``), with a ``note``: every after-sales review (``after_sales_*``) and ops' moves on
a refund WeChat Pay could not pay (``refund_retried``, ``refund_settled``).

Ops and the leader of the order's community read it at ``GET /v1/orders/{id}/history``, oldest first.
Orders moved before the trail existed have no rows for those moves."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import object_session
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import Identity, IdentityDep
from common.clock import now
from common.problems import not_found
from common.requestid import current_request_id
from services.orders import access
from services.orders.clients import Clients
from services.orders.models import Order, OrderTransition
from services.orders.schemas import ActorPublic, HistoryEntry, OrderHistory


@dataclass(frozen=True, slots=True)
class Actor:
    kind: str  # user, api_key, service, system
    id: int | None = None
    roles: tuple[str, ...] = ()
    name: str | None = None

    @classmethod
    def of(cls, identity: Identity) -> Actor:
        if identity.kind == "user":
            return cls("user", identity.user_id, tuple(identity.roles))
        if identity.kind == "api_key":
            return cls("api_key", identity.api_key_id)
        if identity.kind == "service":
            return cls("service", name=identity.service)
        return SYSTEM


SYSTEM = Actor("system")
SCHEDULER = Actor("system", name="scheduler")
PAYMENT_NOTIFICATION = Actor("system", name="payment-notification")
_actor: ContextVar[Actor] = ContextVar("order_actor", default=SYSTEM)
_via: ContextVar[str | None] = ContextVar("order_via", default=None)


async def set_actor(identity: IdentityDep) -> Actor:
    """A dependency of every orders router: the verified caller acts in this request."""
    actor = Actor.of(identity)
    _actor.set(actor)  # an async dependency runs in the request's own context: the route sees it
    return actor


@contextmanager
def acting_as(actor: Actor) -> Iterator[None]:
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


@contextmanager
def via(what: str) -> Iterator[None]:
    """Moves within the block are marked as made by this batch or counter."""
    token = _via.set(what)
    try:
        yield
    finally:
        _via.reset(token)


def record(order: Order, was: str, event: str, *, note: str | None = None) -> None:
    """Add the trail's row for ``order`` having moved from ``was`` by ``event`` to its current status, in the
    session (and so the transaction) that holds the order.  An order in no session is not being saved."""
    session = object_session(order)
    if session is None or order.id is None:
        return
    session.add(OrderTransition(**trail_row(order.id, was, order.status, event, note=note)))


def trail_row(order_id: int, was: str, status: str, event: str, *, note: str | None = None) -> dict[str, Any]:
    """The trail's row for an order having moved from ``was`` to ``status`` by ``event``: who acts and through
    what as this request or task set them.  ``record`` adds it as an object; the paths that write orders as
    rows (``states.moved``) write it with their own statements."""
    actor = _actor.get()
    return {"order_id": order_id, "event": str(event), "from_status": str(was), "to_status": str(status),
            "actor_kind": actor.kind, "actor_id": actor.id, "actor_roles": ",".join(actor.roles) or None,
            "actor_name": actor.name, "via": _via.get(), "request_id": current_request_id(), "at": now(),
            "note": note[:500] if note else None}


def remark(order: Order, event: str, note: str | None = None) -> None:
    """A move on the order that leaves its state as it is — an after-sales review, ops' move on a refund —
    kept in the same trail (from and to its current status), with what was done in ``note``."""
    record(order, order.status, event, note=note)


async def order_history(*, session: AsyncSession, clients: Clients, caller: Identity,
                        order_id: int) -> OrderHistory:
    """For ops and the leader of the order's community (the buyer is told it is not theirs: 403)."""
    order = await session.get(Order, order_id)
    if order is None:
        raise not_found("order", order_id)
    await access.may_move(clients, caller, order)
    return OrderHistory(order_id=order.id, order_no=order.order_no, status=order.status,
                        entries=await history(session, order.id))


async def history(session: AsyncSession, order_id: int) -> list[HistoryEntry]:
    rows = (await session.exec(select(OrderTransition).where(OrderTransition.order_id == order_id)
                               .order_by(col(OrderTransition.id)))).all()
    return [HistoryEntry(at=row.at, event=row.event, from_status=row.from_status, to_status=row.to_status,
                         actor=ActorPublic(kind=row.actor_kind, id=row.actor_id,
                                           roles=row.actor_roles.split(",") if row.actor_roles else [],
                                           name=row.actor_name),
                         via=row.via, request_id=row.request_id, note=row.note) for row in rows]
