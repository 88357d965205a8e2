"""Stock reservations keyed by order id: reserve → commit on payment → release on cancel, timeout or a
failed group.  Every step is idempotent, available stock never goes below zero (a conditional update
and a CHECK constraint), and an activity's caps — its stock and units per buyer — hold under any
concurrency: on PostgreSQL the activity row is locked for the check, on SQLite the writer's
``BEGIN IMMEDIATE`` already serialises.

A reservation's rows are written first, each unless the order holds one for its SKU already (one
``INSERT … ON CONFLICT DO NOTHING``): a row found there means the call is a repeat, or a concurrent twin
won, and it is answered from what is stored.  On PostgreSQL the usual reservation goes quicker: a plain
order's one SKU is taken and its row written by one statement in a transaction of its own, an activity's
one SKU likewise by the server's function ``catalog_hold_in_activity`` (the steps below, run where the rows
are: the locks they take held only while it runs), and any other reservation's rows are plain inserts sent
with the transaction's next statement; a row the order holds already breaks the unique key, which rolls
everything back, and the general way answers.  The activity's
caps are then checked with the new rows counted.  A payment commits the order's rows in one update that
leaves an order alone once any of its rows was released."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.clock import now
from common.db import Database
from common.outbox import execute
from common.problems import Problem, not_found
from common.transaction import dialect_name
from common.upsert import insert_new
from services.catalog import listing
from services.catalog.domain.activities import ActivityStatus, FlashTerms, LadderTerms, status_at
from services.catalog.models import Activity, BundleComponent, Product, ProductKind, Reservation, ReservationStatus, Sku
from services.catalog.schemas import ReservationItem, ReservationPublic, ReserveRequest
from services.catalog.service import parse_terms

ACTIVE = (ReservationStatus.reserved, ReservationStatus.committed)

# The hot path reads and writes plain columns: no row of these needs to live on as an object.
_RESERVATION: sa.Table = Reservation.__table__  # type: ignore[attr-defined]
_SKU: sa.Table = Sku.__table__  # type: ignore[attr-defined]
_PRODUCT: sa.Table = Product.__table__  # type: ignore[attr-defined]
_ACTIVITY: sa.Table = Activity.__table__  # type: ignore[attr-defined]
_BUNDLE_COMPONENT: sa.Table = BundleComponent.__table__  # type: ignore[attr-defined]
_ACTIVITY_COLUMNS = (_ACTIVITY.c.id, _ACTIVITY.c.sku_id, _ACTIVITY.c.starts_at, _ACTIVITY.c.ends_at,
                     _ACTIVITY.c.cancelled, _ACTIVITY.c.terms)


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


def _serialised(session: AsyncSession) -> bool:
    """SQLite: the writer's ``BEGIN IMMEDIATE`` lets nothing change between two reads of one transaction."""
    return dialect_name(session) == "sqlite"


def _no_such_sku(sku_id: int) -> Problem:
    return Problem(422, "validation_error", f"SKU {sku_id} does not exist",
                   errors=[{"field": "body.items", "message": "no such SKU", "type": "value_error"}])


def _out_of_stock(sku_id: int) -> Problem:
    return Problem(409, "out_of_stock", f"Not enough stock of SKU {sku_id}", sku_id=sku_id)


async def _sku_facts(session: AsyncSession, sku_ids: Sequence[int]) -> dict[int, tuple[int, str]]:
    """Each SKU's product and the product's kind, in one read; a 422 for the first SKU that does not exist."""
    found: dict[int, tuple[int, str]] = {
        sku_id: (product_id, kind) for sku_id, product_id, kind in (await execute(
            session, sa.select(_SKU.c.id, _SKU.c.product_id, _PRODUCT.c.kind)
            .join(_PRODUCT, _PRODUCT.c.id == _SKU.c.product_id).where(_SKU.c.id.in_(sku_ids)))).all()}
    for sku_id in sku_ids:
        if sku_id not in found:
            raise _no_such_sku(sku_id)
    return found


async def _stock_units(session: AsyncSession, items: list[ReservationItem],
                       facts: dict[int, tuple[int, str]]) -> Counter[int]:
    """The stock-keeping SKUs and units behind ordered items: a gift pack takes its components."""
    bundles = [item.sku_id for item in items if facts[item.sku_id][1] == ProductKind.bundle]
    parts: dict[int, list[Any]] = {}
    if bundles:
        for part in (await execute(session, sa.select(
                _BUNDLE_COMPONENT.c.bundle_sku_id, _BUNDLE_COMPONENT.c.component_sku_id, _BUNDLE_COMPONENT.c.quantity)
                .where(_BUNDLE_COMPONENT.c.bundle_sku_id.in_(bundles)))).all():
            parts.setdefault(part.bundle_sku_id, []).append(part)
    units: Counter[int] = Counter()
    for item in items:
        if facts[item.sku_id][1] == ProductKind.bundle:
            for part in parts.get(item.sku_id, []):
                units[part.component_sku_id] += part.quantity * item.quantity
        else:
            units[item.sku_id] += item.quantity
    return units


def _units_held(*, buyer: bool = False) -> Any:
    """Units of the activity (parameter ``activity_id``) in active reservations (with ``buyer``, those of
    the buyer ``user_id`` alone), as a subquery."""
    query = sa.select(sa.func.coalesce(sa.func.sum(_RESERVATION.c.quantity), 0)).where(
        _RESERVATION.c.activity_id == sa.bindparam("activity_id", type_=sa.Integer()),
        # Said as equalities: an ``IN`` of listed values is expanded into the SQL anew at every run.
        sa.or_(*(_RESERVATION.c.status == status for status in ACTIVE)))
    if buyer:
        query = query.where(_RESERVATION.c.user_id == sa.bindparam("user_id", type_=sa.Integer()))
    return query.scalar_subquery()


@cache
def _activity_query(*, counted: bool, buyer: bool, lock_buyer: bool = False) -> sa.Select:
    """The statement ``_activity_facts`` runs, built once per shape: only the parameters change per call."""
    query = sa.select(*_ACTIVITY_COLUMNS, _PRODUCT.c.kind).select_from(
        _ACTIVITY.join(_SKU, _SKU.c.id == _ACTIVITY.c.sku_id).join(_PRODUCT, _PRODUCT.c.id == _SKU.c.product_id)
    ).where(_ACTIVITY.c.id == sa.bindparam("activity_id", type_=sa.Integer()))
    if lock_buyer:
        # The buyer's lock (``_buyer_lock_key``) taken with the read, not by a statement of its own.
        query = query.add_columns(sa.func.pg_advisory_xact_lock(sa.bindparam("buyer_lock", type_=sa.BigInteger()))
                                  .label("buyer_locked"))
    if counted:
        # Summing every unit of the activity costs a scan of its reservations: only for a capped one.
        capped = sa.or_(_ACTIVITY.c.terms["stock"].as_integer().is_not(None),
                        _ACTIVITY.c.terms["stock_limit"].as_integer().is_not(None))
        buyer_units = _units_held(buyer=True) if buyer else sa.null()
        query = query.add_columns(sa.case((capped, _units_held()), else_=None).label("units"),
                                  buyer_units.label("buyer_units"))
    return query


_ACTIVITY_LOCK = sa.select(*_ACTIVITY_COLUMNS) \
    .where(_ACTIVITY.c.id == sa.bindparam("activity_id", type_=sa.Integer())).with_for_update(key_share=True)
_UNITS = sa.select(_units_held())
_UNITS_AND_BUYER_UNITS = sa.select(_units_held(), _units_held(buyer=True))
_BUYER_UNITS = sa.select(sa.null(), _units_held(buyer=True))


def _cap(terms: FlashTerms | LadderTerms) -> int | None:
    return terms.stock if isinstance(terms, FlashTerms) else terms.stock_limit


async def _activity_facts(session: AsyncSession, activity_id: int, *, counted: bool = False,
                          user_id: int | None = None, lock_buyer: bool = False) -> Any:
    """The activity's row with the kind of product it sells, ``None`` when there is no such activity.
    ``counted``: with the units it holds (``units``, only when it caps its stock) and the buyer's
    (``buyer_units``), read in the same statement.  ``lock_buyer`` (PostgreSQL, with ``user_id``): the
    buyer's lock of the activity taken by the same statement."""
    buyer = counted and user_id is not None
    params: dict[str, Any] = {"activity_id": activity_id, "user_id": user_id} if buyer else {"activity_id": activity_id}
    if lock_buyer:
        params["buyer_lock"] = _buyer_lock_key(activity_id, user_id)
    return (await execute(session, _activity_query(counted=counted, buyer=buyer, lock_buyer=lock_buyer),
                          params)).first()


def _check_rules(request: ReserveRequest, activity: Any) -> None:
    """What an activity asks of any reservation, before its caps."""
    if status_at(starts_at=activity.starts_at, ends_at=activity.ends_at, cancelled=activity.cancelled,
                 at=now()) != ActivityStatus.live:
        raise Problem(409, "activity_not_live", "The activity is not running")
    if any(item.sku_id != activity.sku_id for item in request.items):
        raise Problem(422, "validation_error", "An activity sells only its own SKU",
                      errors=[{"field": "body.items", "message": "not the activity's SKU", "type": "value_error"}])
    if request.user_id is None:
        raise Problem(422, "validation_error", "An activity reservation names its buyer",
                      errors=[{"field": "body.user_id", "message": "required with activity_id", "type": "missing"}])


class _Caps(NamedTuple):
    """An activity's caps still to be checked against the units its reservations hold: its stock (None when
    it caps none) and the units a buyer may hold."""

    cap: int | None
    limit: int

    def check(self, units: int | None, buyer_units: int) -> None:
        if self.cap is not None and units is not None and units > self.cap:
            raise Problem(409, "sold_out", "The activity has no stock left")
        if buyer_units > self.limit:
            raise Problem(409, "per_user_limit", f"At most {self.limit} per buyer in this activity")


async def _check_activity(session: AsyncSession, request: ReserveRequest, activity_id: int) -> tuple[str, _Caps | None]:
    """The activity's rules for this reservation, whose rows are written already (the units counted include
    them): the kind of product the activity sells, and its caps when they are still to be checked against
    the units held (PostgreSQL: by the statement that takes the stock, see ``_take_checked``)."""
    serialised = _serialised(session)
    # PostgreSQL: the buyer's own lock is taken with the read (their reservations of the activity queue on
    # it); a capped activity's row is locked besides, below.  The buyer's units are counted after both.
    activity = await _activity_facts(session, activity_id, counted=serialised, user_id=request.user_id,
                                     lock_buyer=not serialised and request.user_id is not None)
    if activity is None:
        raise not_found("activity", activity_id)
    kind = activity.kind
    terms = parse_terms(activity.terms)
    if not serialised and _cap(terms) is not None:
        # The activity's stock is shared by every buyer: its row serialises the check.  FOR NO KEY UPDATE:
        # every buyer's rows, written first, hold a key share of it, which a FOR UPDATE would wait on (two
        # buyers each waiting on the other's share).
        activity = (await execute(session, _ACTIVITY_LOCK, {"activity_id": activity_id})).one()
        terms = parse_terms(activity.terms)
    _check_rules(request, activity)  # names the buyer from here on
    caps = _Caps(_cap(terms), terms.per_user_limit)
    if not serialised:
        return kind, caps
    units = activity.units
    if caps.cap is not None and units is None:  # the stored terms name the cap otherwise than the read expected
        units = (await execute(session, _UNITS, {"activity_id": activity_id})).scalar_one()
    caps.check(units, activity.buyer_units)
    return kind, None


async def _counted_units(session: AsyncSession, request: ReserveRequest, caps: _Caps) -> tuple[int | None, int]:
    """The units the activity's reservations hold (None when it caps none) and the buyer's, read now: on
    PostgreSQL after the locks ``_check_activity`` took, so every reservation that held them is counted."""
    units, buyer_units = (await execute(session, _UNITS_AND_BUYER_UNITS if caps.cap is not None else _BUYER_UNITS,
                                        {"activity_id": request.activity_id, "user_id": request.user_id})).one()
    return units, buyer_units


def _buyer_lock_key(activity_id: int, user_id: int | None) -> int:
    """The key of the buyer's lock of an activity (PostgreSQL): where only the buyer's own limit is at
    stake, their reservations of the activity queue on a lock of their own, not on the activity's row, so
    other buyers never wait.  SQLite writers are serialised by ``BEGIN IMMEDIATE`` already."""
    digest = hashlib.blake2b(f"reservation:{activity_id}:{user_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@cache
def _take_query(*, unless_bundle: bool) -> sa.Update:
    """The conditional update ``_take`` runs, built once per shape."""
    units = sa.bindparam("units", type_=sa.Integer())
    query = sa.update(_SKU).where(_SKU.c.id == sa.bindparam("sku", type_=sa.Integer()), _SKU.c.stock >= units) \
        .values(stock=_SKU.c.stock - units, updated_at=sa.bindparam("at", type_=_SKU.c.updated_at.type))
    if unless_bundle:
        query = query.where(sa.exists().where(_PRODUCT.c.id == _SKU.c.product_id,
                                              _PRODUCT.c.kind != ProductKind.bundle))
    return query


async def _take(session: AsyncSession, sku_id: int, count: int, *, unless_bundle: bool = False) -> bool:
    """Take ``count`` units of a SKU if it has them; with ``unless_bundle``, never a gift pack's own SKU."""
    answer = await execute(session, _take_query(unless_bundle=unless_bundle),
                           {"sku": sku_id, "units": count, "at": now()})
    return answer.rowcount == 1


@cache
def _take_counting_query(*, units_too: bool) -> sa.Update:
    """``_take``'s update of one SKU answering, once it took the units, those the activity's reservations
    hold (``units_too``) and the buyer's: the statement starts after the locks were taken, so it counts
    every reservation that held them — the count and the take in one round trip, inside the activity's
    lock where the activity caps its stock."""
    counts = [_units_held().label("units")] if units_too else [sa.null().label("units")]
    return _take_query(unless_bundle=False).returning(*counts, _units_held(buyer=True).label("buyer_units"))


async def _take_checked(session: AsyncSession, request: ReserveRequest, kind: str | None,
                        caps: _Caps | None) -> None:
    """Take the reservation's units, and check the activity's ``caps`` (when still to be checked) against
    what its reservations hold, this one's included; a refusal raises, and the caller rolls back."""
    items = request.items
    if caps is not None:
        if len(items) == 1 and kind != ProductKind.bundle:
            taken = (await execute(session, _take_counting_query(units_too=caps.cap is not None), {
                "sku": items[0].sku_id, "units": items[0].quantity, "at": now(),
                "activity_id": request.activity_id, "user_id": request.user_id})).first()
            if taken is not None:
                caps.check(taken.units, taken.buyer_units)  # a cap exceeded: the take is rolled back with it
                return
        # Short of stock, or a gift pack: the caps say what is refused first, as they would have.
        caps.check(*await _counted_units(session, request, caps))
    await _take_stock(session, items, kind)


async def _take_stock(session: AsyncSession, items: list[ReservationItem], kind: str | None) -> None:
    """Take the items' units off the shelf, or raise ``out_of_stock``; ``kind``: the product's, when the
    items are an activity's one SKU."""
    if len(items) == 1 and kind != ProductKind.bundle:
        # The usual order, one SKU that keeps its own stock: one conditional update, no read first.
        if await _take(session, items[0].sku_id, items[0].quantity, unless_bundle=kind is None):
            return
        if kind is not None:
            raise _out_of_stock(items[0].sku_id)
        # A gift pack, or short of stock: the general way below says which.
    facts = await _sku_facts(session, [item.sku_id for item in items])
    for sku_id, count in sorted((await _stock_units(session, items, facts)).items()):
        if not await _take(session, sku_id, count):
            raise _out_of_stock(sku_id)


async def _repeat(session: AsyncSession, request: ReserveRequest) -> ReservationPublic | None:
    """The answer to a reservation the order holds already: the same one again, or a 409 for a different
    one; ``None`` when the order holds none."""
    existing = await _rows(session, request.order_id)
    if not existing:
        return None
    same = sorted((r.sku_id, r.quantity) for r in existing) == sorted(
        (i.sku_id, i.quantity) for i in request.items) and existing[0].activity_id == request.activity_id
    if not same:
        raise Problem(409, "conflict", f"Order {request.order_id} already holds a different reservation")
    return _public(request.order_id, existing)


async def _explain_refusal(session: AsyncSession, request: ReserveRequest) -> None:
    """Raise what the checks say of a reservation the database refused for naming an activity or a SKU
    that does not exist; return when they find nothing."""
    if request.activity_id is not None:
        activity = await _activity_facts(session, request.activity_id)
        if activity is None:
            raise not_found("activity", request.activity_id)
        _check_rules(request, activity)
    await _sku_facts(session, [item.sku_id for item in request.items])


def _new_rows(request: ReserveRequest) -> list[dict[str, Any]]:
    at = now()
    return [{"order_id": request.order_id, "sku_id": item.sku_id, "quantity": item.quantity,
             "activity_id": request.activity_id, "user_id": request.user_id, "status": ReservationStatus.reserved,
             "created_at": at, "updated_at": at} for item in request.items]


def _reserved(request: ReserveRequest) -> ReservationPublic:
    return ReservationPublic(order_id=request.order_id, status=ReservationStatus.reserved,
                             activity_id=request.activity_id, items=request.items)


_INSERT_RESERVATION = sa.insert(_RESERVATION)


@cache
def _take_and_hold_query() -> sa.Insert:
    """PostgreSQL: an order of one SKU outside any activity, its units taken and its reservation written in
    one statement (parameters ``sku``, ``units``, ``at``, ``order_id`` and ``user_id``), answering the row's id.
    The row is written only from the SKU's row the update took the units of, so a SKU short of stock, a
    gift pack's own SKU or a missing one write nothing and answer no row; a row the order holds already
    breaks the unique key, which undoes the whole statement, the units taken included."""
    taken = _take_query(unless_bundle=True).returning(_SKU.c.id.label("sku_id")).cte("taken")
    at = sa.bindparam("at", type_=_RESERVATION.c.created_at.type)
    row = sa.select(sa.bindparam("order_id", type_=_RESERVATION.c.order_id.type), taken.c.sku_id,
                    sa.bindparam("units", type_=sa.Integer()), sa.null(),
                    sa.bindparam("user_id", type_=_RESERVATION.c.user_id.type),
                    sa.literal(ReservationStatus.reserved.value, _RESERVATION.c.status.type), at, at)
    columns = ["order_id", "sku_id", "quantity", "activity_id", "user_id", "status", "created_at", "updated_at"]
    return sa.insert(_RESERVATION).from_select(columns, row).returning(_RESERVATION.c.id).add_cte(taken)


async def _take_and_hold(db: Database, request: ReserveRequest) -> bool:
    """The plain order's reservation as one statement in a transaction of its own (``_take_and_hold_query``):
    one round trip where ``BEGIN``, the row's insert, the update and ``COMMIT`` took four, and the SKU's row —
    every buyer of the product updates it — locked only while the statement runs.  False when it wrote
    nothing: the general way then says why (or answers the repeat)."""
    item = request.items[0]
    try:
        written = await db.write_alone(_take_and_hold_query(), {
            "sku": item.sku_id, "units": item.quantity, "at": now(), "order_id": request.order_id,
            "user_id": request.user_id})
    except sa.exc.IntegrityError:
        return False  # the order holds a reservation already
    return written.first() is not None


_HOLD_IN_ACTIVITY = sa.select(sa.func.catalog_hold_in_activity(
    sa.bindparam("order_id", type_=sa.String()), sa.bindparam("sku", type_=sa.Integer()),
    sa.bindparam("units", type_=sa.Integer()), sa.bindparam("activity_id", type_=sa.Integer()),
    sa.bindparam("user_id", type_=sa.Integer()), sa.bindparam("at", type_=_RESERVATION.c.created_at.type),
    sa.bindparam("buyer_lock", type_=sa.BigInteger())))


async def _hold_in_activity(db: Database, request: ReserveRequest) -> bool:
    """PostgreSQL: an activity's reservation of one SKU as one statement — the server's function
    ``catalog_hold_in_activity`` (migration ``f2a6d9c3e8b1``), the steps of the transaction below run where
    the rows are: one round trip where five took, and the activity's row and the SKU's — every buyer of the
    sale takes them in turn — locked only while it runs, not from one turn of this service's event loop to
    the next (at 20:00 the winners of a flash sale queued on them for half a second).  False when it took
    nothing (a refusal, a repeat, a gift pack): the general way then answers, and says why."""
    item = request.items[0]
    try:
        await db.write_alone(_HOLD_IN_ACTIVITY, {
            "order_id": request.order_id, "sku": item.sku_id, "units": item.quantity,
            "activity_id": request.activity_id, "user_id": request.user_id, "at": now(),
            "buyer_lock": _buyer_lock_key(request.activity_id, request.user_id)})
    except sa.exc.IntegrityError:
        return False  # refused, or the order holds a reservation already
    return True


async def reserve_at_once(*, db: Database, request: ReserveRequest) -> ReservationPublic:
    """``reserve``, with the usual case — a new reservation of distinct SKUs that is either taken or refused —
    in a transaction without a session (a session costs several times its few statements); on PostgreSQL an
    order of one SKU in one statement (in an activity, by the server's function).  Everything else (a repeat,
    a reservation the order holds already, a SKU or activity to explain away) rolls that back and goes through
    ``reserve``."""
    if len(request.items) == 1 and db.writer.dialect.name == "postgresql":
        if request.activity_id is None:
            if await _take_and_hold(db, request):
                return _reserved(request)
        elif request.user_id is not None and await _hold_in_activity(db, request):
            return _reserved(request)
    if len({i.sku_id for i in request.items}) == len(request.items):
        rows = _new_rows(request)
        try:
            async with db.transaction() as tx:
                if tx.dialect_name == "postgresql":
                    # Plain inserts, held: they go with the activity's read (or the take), one round trip less.
                    # A row the order holds already breaks the unique key there, and the general way answers.
                    for row in rows:
                        await tx.defer(_INSERT_RESERVATION, row)
                    written = len(rows)
                else:
                    try:
                        written = len(await insert_new(tx, Reservation, rows, returning=("id",)))
                    except sa.exc.IntegrityError:
                        written = 0
                if written == len(rows):
                    kind, caps = (None, None) if request.activity_id is None else \
                        await _check_activity(tx, request, request.activity_id)
                    await _take_checked(tx, request, kind, caps)  # a refusal leaves the block: rolled back
                    await tx.commit()
                    return _reserved(request)
        except sa.exc.IntegrityError:
            pass  # held rows refused (a repeat, or a SKU or activity that does not exist): rolled back
    async with db.write_sessions() as session:
        return await reserve(session=session, request=request)


async def reserve(*, session: AsyncSession, request: ReserveRequest) -> ReservationPublic:
    if len({i.sku_id for i in request.items}) != len(request.items):
        if (answer := await _repeat(session, request)) is not None:
            return answer
        raise Problem(422, "validation_error", "Each SKU once per reservation",
                      errors=[{"field": "body.items", "message": "duplicate sku_id", "type": "value_error"}])
    rows = _new_rows(request)
    try:  # the reservation is written first: a SKU's row is then locked only from its update to the commit
        written = await insert_new(session, Reservation, rows, returning=("id",))
    except sa.exc.IntegrityError:
        # It names an activity or a SKU that does not exist (unless the order holds a reservation already).
        await session.rollback()
        if (answer := await _repeat(session, request)) is not None:
            return answer
        await _explain_refusal(session, request)
        raise
    if len(written) < len(rows):
        # The order holds a reservation already: this call is a repeat, or a concurrent one won.
        if written:
            await session.rollback()
        if (answer := await _repeat(session, request)) is not None:
            return answer
        await session.rollback()
        return await reserve(session=session, request=request)
    try:
        kind, caps = (None, None) if request.activity_id is None else \
            await _check_activity(session, request, request.activity_id)
        await _take_checked(session, request, kind, caps)
    except Problem:
        await session.rollback()
        raise
    await session.commit()
    return _reserved(request)


def _commit_query() -> sa.Update:
    """Commit the order's reserved rows (parameters ``order`` and ``at``), unless any row of the order
    was released; answers each committed row's quantity and product."""
    order_id = sa.bindparam("order", type_=_RESERVATION.c.order_id.type)  # not a column's name: an update's
    locked = _RESERVATION.alias("locked")
    released = _RESERVATION.alias("released")
    # The order's rows are locked in the order every step of an order locks them (``_rows``).
    order_rows = sa.select(locked.c.id).where(locked.c.order_id == order_id).order_by(locked.c.sku_id) \
        .with_for_update()
    product_id = sa.select(_SKU.c.product_id).where(_SKU.c.id == _RESERVATION.c.sku_id) \
        .correlate(_RESERVATION).scalar_subquery()
    # ``order_id`` again outside the locking subquery: the rows are found by its index, where a planner
    # without statistics of the table yet would otherwise read every reservation for the ids.
    return sa.update(_RESERVATION).where(
        _RESERVATION.c.order_id == order_id, _RESERVATION.c.id.in_(order_rows),
        _RESERVATION.c.status == ReservationStatus.reserved,
        ~sa.exists().where(released.c.order_id == order_id, released.c.status == ReservationStatus.released)) \
        .values(status=ReservationStatus.committed,
                updated_at=sa.bindparam("at", type_=_RESERVATION.c.updated_at.type)) \
        .returning(_RESERVATION.c.quantity, product_id)


_COMMIT = _commit_query()


async def _commit_reserved(session: AsyncSession, order_id: str) -> bool:
    """Commit the order's reserved rows and count their units sold, in one update that changes nothing
    once any row of the order was released; True when rows were committed now."""
    # ``execute`` flushes first: a release earlier in this transaction is what the update must see.
    committed = (await execute(session, _COMMIT, {"order": order_id, "at": now()})).all()
    sold: Counter[int] = Counter()
    for quantity, product in committed:
        sold[product] += quantity
    await listing.add_sold(session, sold, sign=1)  # the storefront's best-selling order
    return bool(committed)


async def commit(*, session: AsyncSession, order_id: str) -> ReservationPublic:
    await _commit_reserved(session, order_id)
    rows = await _rows(session, order_id)
    if not rows:
        raise not_found("reservation", order_id)
    if any(r.status == ReservationStatus.released for r in rows):
        raise Problem(409, "reservation_released", "The reservation was released (cancelled or timed out)")
    await session.commit()
    return _public(order_id, rows)


async def commit_if_held(*, session: AsyncSession, order_id: str) -> str:
    """Commit within the caller's transaction; what was found: ``committed``, ``released`` or ``missing``."""
    if await _commit_reserved(session, order_id):
        return "committed"
    statuses = set((await execute(session,
        sa.select(_RESERVATION.c.status).where(_RESERVATION.c.order_id == order_id))).scalars().all())
    if not statuses:
        return "missing"
    return "released" if ReservationStatus.released in statuses else "committed"


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
        facts = await _sku_facts(session, [r.sku_id for r in to_release])
        units = await _stock_units(session, [ReservationItem(sku_id=r.sku_id, quantity=r.quantity)
                                             for r in to_release], facts)
        for sku_id, count in sorted(units.items()):
            await execute(session, sa.update(_SKU).where(_SKU.c.id == sku_id)
                                 .values(stock=_SKU.c.stock + count, updated_at=now()))
        sold: Counter[int] = Counter()
        for row in to_release:
            if row.status == ReservationStatus.committed:
                sold[facts[row.sku_id][0]] += row.quantity
        await listing.add_sold(session, sold, sign=-1)  # the storefront's best-selling order
        for row in to_release:
            row.status = ReservationStatus.released
            row.updated_at = now()
    return _public(order_id, rows)


async def flash_holdings(*, session: AsyncSession, activity_id: int) -> list[Reservation]:
    query = select(Reservation).where(Reservation.activity_id == activity_id, col(Reservation.status).in_(ACTIVE))
    return list((await session.exec(query)).all())
