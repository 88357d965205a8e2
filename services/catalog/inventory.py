"""Stock reservations keyed by order id: reserve → commit on payment → release on cancel, timeout or a
failed group.  Every step is idempotent, available stock never goes below zero (a conditional update
and a CHECK constraint), and an activity's caps — its stock and units per buyer — hold under any
concurrency: on PostgreSQL the activity row is locked for the check, on SQLite the writer's
``BEGIN IMMEDIATE`` already serialises."""

from __future__ import annotations

import hashlib
from collections import Counter

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.problems import Problem, not_found
from services.catalog import listing
from services.catalog.domain.activities import ActivityStatus, FlashTerms, LadderTerms, status_at
from services.catalog.models import Activity, BundleComponent, Product, ProductKind, Reservation, ReservationStatus, Sku
from services.catalog.schemas import ReservationItem, ReservationPublic, ReserveRequest
from services.catalog.service import parse_terms

ACTIVE = (ReservationStatus.reserved, ReservationStatus.committed)


def _public(order_id: str, rows: list[Reservation]) -> ReservationPublic:
    statuses = {r.status for r in rows}
    status = statuses.pop() if len(statuses) == 1 else "mixed"
    return ReservationPublic(order_id=order_id, status=status, activity_id=rows[0].activity_id,
                             items=[ReservationItem(sku_id=r.sku_id, quantity=r.quantity) for r in rows])


async def _rows(session: AsyncSession, order_id: str) -> list[Reservation]:
    """The order's rows, locked: steps of one order (a release call and its event, a commit) run one after
    the other, each seeing what the one before it did, so units are never given back twice."""
    query = select(Reservation).where(Reservation.order_id == order_id).order_by(col(Reservation.sku_id)) \
        .with_for_update().execution_options(populate_existing=True)
    return list((await session.exec(query)).all())


async def _stock_units(session: AsyncSession, items: list[ReservationItem]) -> Counter[int]:
    """The stock-keeping SKUs and units behind ordered items: a gift pack takes its components."""
    units: Counter[int] = Counter()
    for item in items:
        sku = await session.get(Sku, item.sku_id)
        if sku is None:
            raise Problem(422, "validation_error", f"SKU {item.sku_id} does not exist",
                          errors=[{"field": "body.items", "message": "no such SKU", "type": "value_error"}])
        product = await session.get(Product, sku.product_id)
        if product.kind == ProductKind.bundle:
            for part in (await session.exec(select(BundleComponent)
                                            .where(BundleComponent.bundle_sku_id == sku.id))).all():
                units[part.component_sku_id] += part.quantity * item.quantity
        else:
            units[sku.id] += item.quantity
    return units


async def _activity_units(session: AsyncSession, activity_id: int, user_id: int | None = None) -> int:
    query = select(sa.func.coalesce(sa.func.sum(Reservation.quantity), 0)).where(
        Reservation.activity_id == activity_id, col(Reservation.status).in_(ACTIVE))
    if user_id is not None:
        query = query.where(Reservation.user_id == user_id)
    return int((await session.exec(query)).one())


async def _check_activity(session: AsyncSession, request: ReserveRequest) -> None:
    activity = await session.get(Activity, request.activity_id)
    if activity is None:
        raise not_found("activity", request.activity_id)
    terms = parse_terms(activity.terms)
    if (terms.stock if isinstance(terms, FlashTerms) else terms.stock_limit) is not None:
        # The activity's stock is shared by every buyer: its row serialises the check.
        activity = (await session.exec(select(Activity).where(Activity.id == request.activity_id)
                                       .with_for_update())).one()
    elif request.user_id is not None:
        await _serialise_buyer(session, activity.id, request.user_id)
    if status_at(starts_at=activity.starts_at, ends_at=activity.ends_at, cancelled=activity.cancelled,
                 at=now()) != ActivityStatus.live:
        raise Problem(409, "activity_not_live", "The activity is not running")
    if any(item.sku_id != activity.sku_id for item in request.items):
        raise Problem(422, "validation_error", "An activity sells only its own SKU",
                      errors=[{"field": "body.items", "message": "not the activity's SKU", "type": "value_error"}])
    if request.user_id is None:
        raise Problem(422, "validation_error", "An activity reservation names its buyer",
                      errors=[{"field": "body.user_id", "message": "required with activity_id", "type": "missing"}])
    terms = parse_terms(activity.terms)
    wanted = sum(item.quantity for item in request.items)
    cap = terms.stock if isinstance(terms, FlashTerms) else terms.stock_limit
    if cap is not None and await _activity_units(session, activity.id) + wanted > cap:
        raise Problem(409, "sold_out", "The activity has no stock left")
    limit = terms.per_user_limit if isinstance(terms, FlashTerms | LadderTerms) else None
    if limit is not None and await _activity_units(session, activity.id, request.user_id) + wanted > limit:
        raise Problem(409, "per_user_limit", f"At most {limit} per buyer in this activity")


async def _serialise_buyer(session: AsyncSession, activity_id: int, user_id: int) -> None:
    """Only the buyer's own limit is at stake: their reservations of this activity queue on a lock of
    their own (PostgreSQL), not on the activity's row, so other buyers never wait.  SQLite writers are
    serialised by ``BEGIN IMMEDIATE`` already."""
    if (await session.connection()).dialect.name == "postgresql":
        digest = hashlib.blake2b(f"reservation:{activity_id}:{user_id}".encode(), digest_size=8).digest()
        await session.exec(sa.select(sa.func.pg_advisory_xact_lock(int.from_bytes(digest, "big", signed=True))))


async def reserve(*, session: AsyncSession, request: ReserveRequest) -> ReservationPublic:
    existing = await _rows(session, request.order_id)
    if existing:
        same = sorted((r.sku_id, r.quantity) for r in existing) == sorted(
            (i.sku_id, i.quantity) for i in request.items) and existing[0].activity_id == request.activity_id
        if not same:
            raise Problem(409, "conflict", f"Order {request.order_id} already holds a different reservation")
        return _public(request.order_id, existing)
    if len({i.sku_id for i in request.items}) != len(request.items):
        raise Problem(422, "validation_error", "Each SKU once per reservation",
                      errors=[{"field": "body.items", "message": "duplicate sku_id", "type": "value_error"}])
    if request.activity_id is not None:
        await _check_activity(session, request)
    units = await _stock_units(session, request.items)
    rows = [Reservation(order_id=request.order_id, sku_id=i.sku_id, quantity=i.quantity,
                        activity_id=request.activity_id, user_id=request.user_id) for i in request.items]
    session.add_all(rows)
    try:  # the reservation is written first: a SKU's row is then locked only from its update to the commit
        await session.flush()
    except sa.exc.IntegrityError:
        # The same order reserved concurrently and won: answer as the idempotent repeat.
        await session.rollback()
        return await reserve(session=session, request=request)
    for sku_id, count in sorted(units.items()):
        taken = await session.exec(sa.update(Sku).where(col(Sku.id) == sku_id, col(Sku.stock) >= count)
                                   .values(stock=Sku.stock - count, updated_at=now()))
        if taken.rowcount != 1:
            await session.rollback()
            raise Problem(409, "out_of_stock", f"Not enough stock of SKU {sku_id}", sku_id=sku_id)
    await session.commit()
    return _public(request.order_id, rows)


async def commit(*, session: AsyncSession, order_id: str) -> ReservationPublic:
    rows = await _rows(session, order_id)
    if not rows:
        raise not_found("reservation", order_id)
    if any(r.status == ReservationStatus.released for r in rows):
        raise Problem(409, "reservation_released", "The reservation was released (cancelled or timed out)")
    await _mark_committed(session, rows)
    await session.commit()
    return _public(order_id, rows)


async def commit_if_held(*, session: AsyncSession, order_id: str) -> str:
    """Commit within the caller's transaction; what was found: ``committed``, ``released`` or ``missing``."""
    rows = await _rows(session, order_id)
    if not rows:
        return "missing"
    if any(r.status == ReservationStatus.released for r in rows):
        return "released"
    await _mark_committed(session, rows)
    return "committed"


async def _mark_committed(session: AsyncSession, rows: list[Reservation]) -> None:
    committing = [row for row in rows if row.status == ReservationStatus.reserved]
    for row in committing:
        row.status = ReservationStatus.committed
        row.updated_at = now()
    await listing.count_sold(session, committing, sign=1)  # the storefront's best-selling order


async def release(*, session: AsyncSession, order_id: str) -> ReservationPublic | None:
    """Give the order's units back; ``None`` when the order never reserved anything."""
    released = await release_held(session=session, order_id=order_id)
    await session.commit()
    return released


async def release_held(*, session: AsyncSession, order_id: str) -> ReservationPublic | None:
    """``release`` within the caller's transaction."""
    rows = await _rows(session, order_id)
    if not rows:
        return None
    to_release = [r for r in rows if r.status in ACTIVE]
    if to_release:
        units = await _stock_units(session, [ReservationItem(sku_id=r.sku_id, quantity=r.quantity)
                                             for r in to_release])
        for sku_id, count in sorted(units.items()):
            await session.exec(sa.update(Sku).where(col(Sku.id) == sku_id)
                               .values(stock=Sku.stock + count, updated_at=now()))
        await listing.count_sold(session, [r for r in to_release if r.status == ReservationStatus.committed],
                                 sign=-1)  # the storefront's best-selling order
        for row in to_release:
            row.status = ReservationStatus.released
            row.updated_at = now()
    return _public(order_id, rows)


async def flash_holdings(*, session: AsyncSession, activity_id: int) -> list[Reservation]:
    query = select(Reservation).where(Reservation.activity_id == activity_id, col(Reservation.status).in_(ACTIVE))
    return list((await session.exec(query)).all())
