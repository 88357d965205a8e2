"""The supply day: the cutoff run, purchase orders, the supplier's confirmation, sorting lists and arrival.

- **Cutoff run** (``POST /v1/supply/cutoffs``, ops; also the scheduler: at once when a sales day's cutoff
  passes, and every 30 s between for stragglers, ``CutoffPace``): every delivery day
  whose sales day has closed (``domain/supply.py``) is bought.  Its paid orders (``confirmed`` or already
  ``shipped``, delivery day within the last week up to the closed day) that are in no purchase order yet go
  into the one purchase order of their supplier and day (``supply_order``: unique per supplier and day;
  ``supply_order_item``: the order's id is its primary key, so an order is in exactly one).  Lines are
  recounted from the items under the purchase order's row lock, so two schedulers and a repeat make one
  purchase order with the right totals.  A straggler (a payment committed as the run started) is added to
  the same purchase order by a later pass; ``purchase_order.created`` is published once, when it is made,
  addressed to the supplier's API key (partners' webhooks deliver it to that key only).
- **Which supplier**: the supplier of the SKU's product when the order was placed (catalog's SKU facts,
  stored on the order as ``supplier_id``); none → supplier ``0``, the platform's own stock.
- **Reading** (``GET /v1/supply/purchase-orders``, ``/{id}``, ``format=csv``): ops every purchase order, a
  supplier's API key (``orders:read``) only its supplier's (catalog says which supplier a key acts for);
  anyone else's answers 404.
- **Confirmation** (``POST /v1/supply/purchase-orders/{id}/confirm``, ops or the supplier's key with
  ``orders:write``): the units the supplier will deliver per SKU.  Units short are taken from the orders
  paid last (``allocate_shortage``) and refunded through the one refund path (``fulfilment.decide_refund``,
  reason ``supplier_short``, each named ``<order_no>-ss<line id>`` so it is decided once), in the
  transaction that records the confirmation under the purchase order's lock.  The same confirmation again
  answers the purchase order as it is; a different one after it: 409 ``purchase_order_confirmed``.
- **Sorting list** (``GET /v1/supply/sorting-list?date=``, ops; JSON or CSV with a BOM for Excel): per
  delivery day × community × SKU, the units to sort (ordered, less the supplier's shortage).
- **Arrival** (``POST /v1/supply/arrivals``, the community's leader or ops): per SKU received, short and
  damaged (their sum is what was sent).  Short and damaged units are taken from the community's orders of
  that SKU paid last and refunded (reason ``shortage``), each charged back to the supplier
  (``chargebacks.record_chargeback``, source ``arrival``).  Then every order of the community for that day
  is shipped (``via`` ``arrival``) and marked arrived (``order.arrived``): ready for pickup.  One report per
  community, day and SKU: the same report again changes nothing; a different one is 409 ``arrival_reported``."""

from __future__ import annotations

import csv
import io
import logging
import time
from collections import defaultdict
from datetime import date, timedelta
from typing import Annotated, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from common.auth import CurrentUser, Identity, IdentityDep, require_role
from common.clock import business_now, now
from common.db import Database, DatabaseDep, SessionDep
from common.events.orders import OrderArrived, PurchaseOrderCreated, PurchaseOrderLine
from common.pagination import ListOrder, Page, PageDep
from common.problems import Problem, not_found
from services.orders import access, audit, chargebacks, facts, fulfilment, supply_calendar
from services.orders.clients import Clients
from services.orders.config import Settings
from services.orders.domain.lifecycle import OrderEvent
from services.orders.domain.supply import (
    ShortCandidate,
    SoldOrder,
    allocate_shortage,
    plan_purchases,
    refund_for_units,
)
from services.orders.models import (
    Arrival,
    CutoffOverride,
    Order,
    OrderStatus,
    SupplyOrder,
    SupplyOrderItem,
    SupplyOrderLine,
    SupplyOrderStatus,
    events,
)
from services.orders.states import move
from services.orders.supply_schemas import (
    ArrivalOutcome,
    ArrivalReport,
    ChargebackPublic,
    CommunitySplit,
    CutoffResult,
    CutoffSet,
    PurchaseOrderConfirm,
    PurchaseOrderLinePublic,
    PurchaseOrderPublic,
    SalesDayPublic,
    SortingList,
    SortingRow,
)

log = logging.getLogger("groupbuy.orders.supply")

HOUSE = 0  # the supplier id of products nobody supplies: the platform's own stock
BOUGHT = (OrderStatus.confirmed, OrderStatus.shipped)
LOOKBACK_DAYS = 7
STRAGGLERS_EVERY_S = 30.0  # the scheduler's cutoff run between cutoffs (``CutoffPace``)


# --- the cutoff run ------------------------------------------------------------------------------


def unbought(last: date) -> sa.Select:
    """Orders bought for a sales day up to ``last`` (within the lookback) that no purchase order holds yet."""
    return select(Order).outerjoin(SupplyOrderItem, col(SupplyOrderItem.order_id) == col(Order.id)).where(
        col(SupplyOrderItem.order_id).is_(None), col(Order.status).in_(BOUGHT), col(Order.delivery_date) <= last,
        col(Order.delivery_date) > last - timedelta(days=LOOKBACK_DAYS))


class CutoffPace:
    """When the scheduler's cutoff run reads the orders: at once when another sales day's cutoff has passed,
    otherwise every ``every_s`` for the stragglers (an order bought for a day already cut off: a payment
    racing the cutoff). Each read goes over the lookback's orders — a week of them — and every second that
    was the scheduler's largest read; ops run it at any moment with ``POST /v1/supply/cutoffs``."""

    def __init__(self, every_s: float = STRAGGLERS_EVERY_S) -> None:
        self.every_s = every_s
        self._day: date | None = None
        self._next = 0.0

    def due(self, last: date) -> bool:
        return last != self._day or time.monotonic() >= self._next

    def ran(self, last: date) -> None:
        self._day, self._next = last, time.monotonic() + self.every_s


async def run_cutoff(*, db: Database, clients: Clients, pace: CutoffPace | None = None) -> CutoffResult:
    """Buy what the closed sales days sold: every order bought for one of them that no purchase order holds
    goes into its supplier's purchase order for the day. ``pace``: the scheduler's, which skips a run not due."""
    current = now()
    async with db.read_sessions() as session:
        last = (await supply_calendar.calendar(session, current)).last_closed_delivery_date(current)
        if pace is not None and not pace.due(last):
            return CutoffResult(delivery_dates=[], purchase_orders=[], orders_added=0)
        rows = (await session.exec(unbought(last))).all()
    sold = [SoldOrder(order_id=o.id, supplier_id=o.supplier_id or HOUSE, sku_id=o.sku_id,
                      delivery_date=o.delivery_date, community_id=o.community_id, quantity=o.quantity) for o in rows]
    names = {o.sku_id: o.product_name for o in rows}
    plans = plan_purchases(sold)
    keys = {supplier: await clients.supplier_key(supplier) if supplier != HOUSE else None
            for supplier in {supplier for supplier, _ in plans}}
    touched: list[int] = []
    added = 0
    for (supplier_id, day), plan in sorted(plans.items()):
        async with db.write_sessions() as session:
            po, created = await _purchase_order(session, supplier_id, day)
            for order in sold:
                if order.order_id not in plan.order_ids:
                    continue
                try:
                    async with session.begin_nested():
                        session.add(SupplyOrderItem(order_id=order.order_id, supply_order_id=po.id,
                                                    sku_id=order.sku_id, community_id=order.community_id,
                                                    quantity=order.quantity))
                    added += 1
                except sa.exc.IntegrityError:
                    pass  # another run put it in already
            po = (await session.exec(select(SupplyOrder).where(SupplyOrder.id == po.id).with_for_update())).one()
            lines = await _recount(session, po, names)
            if created:
                await events.publish(session, PurchaseOrderCreated(
                    purchase_order_id=po.id, supplier_id=supplier_id, partner_api_key_id=keys.get(supplier_id),
                    delivery_date=day, total_units=sum(line.ordered_units for line in lines),
                    lines=[PurchaseOrderLine(sku_id=line.sku_id, product_name=line.product_name,
                                             units=line.ordered_units) for line in lines],
                    created_at=po.created_at))
            await session.commit()
            touched.append(po.id)
    if pace is not None:
        pace.ran(last)
    return CutoffResult(delivery_dates=sorted({day for _, day in plans}), purchase_orders=touched,
                        orders_added=added)


async def _purchase_order(session: AsyncSession, supplier_id: int, day: date) -> tuple[SupplyOrder, bool]:
    query = select(SupplyOrder).where(SupplyOrder.supplier_id == supplier_id, SupplyOrder.delivery_date == day)
    found = (await session.exec(query)).first()
    if found is not None:
        return found, False
    row = SupplyOrder(supplier_id=supplier_id, delivery_date=day, created_at=now())
    try:
        async with session.begin_nested():
            session.add(row)
    except sa.exc.IntegrityError:  # a concurrent run made it a moment ago
        return (await session.exec(query)).one(), False
    return row, True


async def _recount(session: AsyncSession, po: SupplyOrder, names: dict[int, str]) -> list[SupplyOrderLine]:
    """The purchase order's lines, summed again from its items (the purchase order locked by the caller)."""
    await session.flush()
    sums = dict((await session.exec(select(SupplyOrderItem.sku_id, sa.func.sum(SupplyOrderItem.quantity))
                                    .where(SupplyOrderItem.supply_order_id == po.id)
                                    .group_by(SupplyOrderItem.sku_id))).all())
    lines = {line.sku_id: line for line in (await session.exec(select(SupplyOrderLine).where(
        SupplyOrderLine.supply_order_id == po.id))).all()}
    for sku_id, units in sums.items():
        line = lines.get(sku_id)
        if line is None:
            line = lines[sku_id] = SupplyOrderLine(supply_order_id=po.id, sku_id=sku_id,
                                                   product_name=names.get(sku_id, str(sku_id)), ordered_units=0)
            session.add(line)
        line.ordered_units = int(units)
    await session.flush()
    return sorted(lines.values(), key=lambda line: line.sku_id)


# --- reading -------------------------------------------------------------------------------------


async def _supplier_of_caller(clients: Clients, caller: Identity) -> int | None:
    """None: ops (every supplier); otherwise the supplier the caller's key acts for (404 for anyone else)."""
    if access.is_staff(caller):
        return None
    if caller.kind == "api_key" and caller.api_key_id is not None:
        supplier = await clients.supplier_for_key(caller.api_key_id)
        if supplier is not None:
            return supplier
    raise not_found("purchase order", "any")


async def _shown(session: AsyncSession, po: SupplyOrder) -> PurchaseOrderPublic:
    lines = (await session.exec(select(SupplyOrderLine).where(SupplyOrderLine.supply_order_id == po.id)
                                .order_by(col(SupplyOrderLine.sku_id)))).all()
    split: dict[int, list[CommunitySplit]] = defaultdict(list)
    for sku_id, community_id, units in (await session.exec(
            select(SupplyOrderItem.sku_id, SupplyOrderItem.community_id, sa.func.sum(SupplyOrderItem.quantity))
            .where(SupplyOrderItem.supply_order_id == po.id)
            .group_by(SupplyOrderItem.sku_id, SupplyOrderItem.community_id))).all():
        split[sku_id].append(CommunitySplit(community_id=community_id, units=int(units)))
    return PurchaseOrderPublic(
        id=po.id, supplier_id=po.supplier_id, delivery_date=po.delivery_date, status=po.status,
        created_at=po.created_at, confirmed_at=po.confirmed_at,
        total_units=sum(line.ordered_units for line in lines),
        lines=[PurchaseOrderLinePublic(sku_id=line.sku_id, product_name=line.product_name,
                                       ordered_units=line.ordered_units, confirmed_units=line.confirmed_units,
                                       communities=sorted(split[line.sku_id], key=lambda c: c.community_id or 0))
               for line in lines])


async def readable(session: AsyncSession, clients: Clients, caller: Identity, po_id: int) -> SupplyOrder:
    supplier = await _supplier_of_caller(clients, caller)
    po = await session.get(SupplyOrder, po_id)
    if po is None or (supplier is not None and po.supplier_id != supplier):
        raise not_found("purchase order", po_id)
    return po


# --- confirmation --------------------------------------------------------------------------------


async def confirm(*, db: Database, clients: Clients, settings: Settings, caller: Identity, po_id: int,
                  body: PurchaseOrderConfirm) -> PurchaseOrderPublic:
    supplier = await _supplier_of_caller(clients, caller)
    if supplier is not None and not caller.has_scope("orders:write"):
        raise Problem(403, "forbidden", "Confirming needs the scope orders:write")
    answered = {line.sku_id: line.units for line in body.lines}
    if len(answered) != len(body.lines):
        raise _invalid("body.lines", "each SKU once")
    async with db.write_sessions() as session:
        po = (await session.exec(select(SupplyOrder).where(SupplyOrder.id == po_id).with_for_update())).first()
        if po is None or (supplier is not None and po.supplier_id != supplier):
            raise not_found("purchase order", po_id)
        lines = {line.sku_id: line for line in (await session.exec(select(SupplyOrderLine).where(
            SupplyOrderLine.supply_order_id == po.id))).all()}
        unknown = [sku for sku in answered if sku not in lines]
        if unknown:
            raise _invalid("body.lines", f"not in this purchase order: SKU {unknown[0]}")
        over = [sku for sku, units in answered.items() if units > lines[sku].ordered_units]
        if over:
            raise _invalid("body.lines", f"more than ordered of SKU {over[0]}")
        wanted = {sku: answered.get(sku, line.ordered_units) for sku, line in lines.items()}
        if po.status == SupplyOrderStatus.confirmed:
            if all(lines[sku].confirmed_units == units for sku, units in wanted.items()):
                return await _shown(session, po)  # told twice: already done
            raise Problem(409, "purchase_order_confirmed", "This purchase order was confirmed already")
        with audit.via("supplier_short"):
            for sku, line in lines.items():
                line.confirmed_units = wanted[sku]
                short = line.ordered_units - wanted[sku]
                if short > 0:
                    await _refund_short(session, settings, po, line, short)
        po.status, po.confirmed_at = SupplyOrderStatus.confirmed, now()
        await session.commit()
        async with db.read_sessions() as fresh:
            return await _shown(fresh, await fresh.get(SupplyOrder, po.id))


async def _refund_short(session: AsyncSession, settings: Settings, po: SupplyOrder, line: SupplyOrderLine,
                        short: int) -> None:
    items = (await session.exec(select(SupplyOrderItem, Order).join(Order, col(Order.id) == col(
        SupplyOrderItem.order_id)).where(SupplyOrderItem.supply_order_id == po.id,
                                         SupplyOrderItem.sku_id == line.sku_id))).all()
    candidates = [ShortCandidate(order.id, order.paid_at, item.quantity) for item, order in items
                  if order.status != OrderStatus.refunded and order.paid_at is not None]
    taken = allocate_shortage(candidates, short)
    for item, _ in items:
        units = taken.get(item.order_id)
        if not units:
            continue
        order = (await session.exec(select(Order).where(Order.id == item.order_id).with_for_update())).one()
        await _refund_units(session, settings, order, units, reason="supplier_short",
                            out_refund_no=f"{order.order_no}-ss{line.id}")


async def _refund_units(session: AsyncSession, settings: Settings, order: Order, units: int, *, reason: str,
                        out_refund_no: str) -> int:
    left = order.amount_fen - await fulfilment.groups.refunds_decided(session, order.id)
    if left <= 0:
        return 0
    amount = refund_for_units(quantity=order.quantity, units=units,
                              kept_fen=order.settled_amount_fen or order.amount_fen, refundable_fen=left)
    if amount <= 0:
        return 0
    await fulfilment.decide_refund(session, order=order, group=None, settings=settings, amount_fen=amount,
                                   reason=reason, late=True, out_refund_no=out_refund_no)
    return amount


def _invalid(field: str, message: str) -> Problem:
    return Problem(422, "validation_error", f"Invalid fields: {field}",
                   errors=[{"field": field, "message": message, "type": "value_error"}])


# --- sorting lists -------------------------------------------------------------------------------


async def sorting_list(*, session: AsyncSession, day: date) -> SortingList:
    """Per community × SKU: the units of the day's purchase orders, less the supplier's shortage refunds."""
    rows = (await session.exec(
        select(SupplyOrderItem, Order).join(SupplyOrder, col(SupplyOrder.id) == col(SupplyOrderItem.supply_order_id))
        .join(Order, col(Order.id) == col(SupplyOrderItem.order_id)).where(SupplyOrder.delivery_date == day))).all()
    short = await _units_short(session, [order for _, order in rows])
    sums: dict[tuple[int | None, int], list[int]] = {}
    names: dict[int, str] = {}
    for item, order in rows:
        units = item.quantity - short.get(order.id, 0)
        if units <= 0:
            continue
        entry = sums.setdefault((item.community_id, item.sku_id), [0, 0])
        entry[0] += units
        entry[1] += 1
        names[item.sku_id] = order.product_name
    return SortingList(delivery_date=day, rows=[
        SortingRow(community_id=community, sku_id=sku, product_name=names[sku], units=units, orders=count)
        for (community, sku), (units, count) in sorted(sums.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1]))])


async def _units_short(session: AsyncSession, orders: list[Order]) -> dict[int, int]:
    """Units each order lost to the supplier's shortage: read back from its ``supplier_short`` refunds."""
    from services.orders.models import Refund
    ids = [order.id for order in orders]
    if not ids:
        return {}
    by_id = {order.id: order for order in orders}
    short: dict[int, int] = {}
    for order_id, amount in (await session.exec(select(Refund.order_id, Refund.amount_fen).where(
            col(Refund.order_id).in_(ids), Refund.reason == "supplier_short"))).all():
        order = by_id[order_id]
        per_unit = max(1, (order.settled_amount_fen or order.amount_fen) // order.quantity)
        short[order_id] = min(order.quantity, short.get(order_id, 0) + max(1, amount // per_unit))
    return short


def csv_text(header: list[str], rows: list[list[object]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # a BOM, so Excel reads the Chinese names as UTF-8
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def wants_csv(format_: str | None, accept: str | None) -> bool:
    return format_ == "csv" or (format_ is None and "text/csv" in (accept or ""))


# --- arrival -------------------------------------------------------------------------------------


async def report_arrival(*, db: Database, clients: Clients, settings: Settings, caller: Identity,
                         report: ArrivalReport) -> ArrivalOutcome:
    await _may_report(clients, caller, report.community_id)
    day = report.date or business_now().date()
    by_sku = {line.sku_id: line for line in report.lines}
    if len(by_sku) != len(report.lines):
        raise _invalid("body.lines", "each SKU once")
    refunded: dict[int, int] = {}
    arrived: list[int] = []
    moment = now()
    async with db.write_sessions() as session:
        orders = list((await session.exec(select(Order).where(
            Order.community_id == report.community_id, Order.delivery_date == day,
            col(Order.status).in_(BOUGHT)).order_by(col(Order.id)).with_for_update())).all())
        short_before = await _units_short(session, orders)
        expected: dict[int, int] = defaultdict(int)
        for order in orders:
            expected[order.sku_id] += order.quantity - short_before.get(order.id, 0)
        reports: list[tuple[Arrival, bool]] = []
        for sku, line in by_sku.items():
            existing = (await session.exec(select(Arrival).where(
                Arrival.community_id == report.community_id, Arrival.delivery_date == day,
                Arrival.sku_id == sku))).first()
            if existing is not None:  # told before: compared with what was told, not with what is left now
                if (existing.received_units, existing.short_units, existing.damaged_units) != (
                        line.received, line.short, line.damaged):
                    raise Problem(409, "arrival_reported", f"SKU {sku} was reported for this day already")
                reports.append((existing, False))
                continue
            sent = expected.get(sku, 0)
            if line.received + line.short + line.damaged != sent:
                raise _invalid("body.lines", f"SKU {sku}: received + short + damaged must be {sent}")
            row = Arrival(community_id=report.community_id, delivery_date=day, sku_id=sku, expected_units=sent,
                          received_units=line.received, short_units=line.short, damaged_units=line.damaged,
                          photo_urls=line.photo_urls, reported_by=caller.user_id, created_at=moment)
            session.add(row)
            await session.flush()
            reports.append((row, True))
        with audit.via("arrival"):
            for row, new in reports:
                missing = row.short_units + row.damaged_units
                if not new or missing == 0:
                    continue
                candidates = [ShortCandidate(o.id, o.paid_at, o.quantity - short_before.get(o.id, 0))
                              for o in orders if o.sku_id == row.sku_id and o.paid_at is not None]
                for order_id, units in allocate_shortage(candidates, missing).items():
                    order = next(o for o in orders if o.id == order_id)
                    amount = await _refund_units(session, settings, order, units, reason="shortage",
                                                 out_refund_no=f"{order.order_no}-ar{row.id}")
                    refunded[order_id] = units
                    await chargebacks.record_chargeback(
                        session, order_id=order.id, supplier_id=order.supplier_id, sku_id=order.sku_id, units=units,
                        amount_fen=amount, reason="damaged" if row.damaged_units and not row.short_units else "short",
                        source="arrival", source_ref=f"{row.id}:{order.id}")
            for order in orders:
                if order.status == OrderStatus.refunded:
                    continue
                if order.status == OrderStatus.confirmed:
                    move(order, OrderEvent.ship)
                    order.shipped_at = moment
                    await events.publish(session, facts.shipped(order, day, at_arrival=True))
                if order.arrived_at is None:
                    order.arrived_at = moment
                    await events.publish(session, OrderArrived(
                        order_id=order.id, user_id=order.user_id, order_no=order.order_no,
                        community_id=order.community_id, delivery_date=day, arrived_at=moment))
                arrived.append(order.id)
        try:
            await session.commit()
        except sa.exc.IntegrityError:
            raise Problem(409, "arrival_in_flight", "This arrival is being reported right now; send it again",
                          headers={"Retry-After": "1"}) from None
    return ArrivalOutcome(community_id=report.community_id, date=day, arrived_orders=arrived,
                          refunded_orders=refunded)


async def _may_report(clients: Clients, caller: Identity, community_id: int) -> None:
    if access.is_staff(caller) or await access.leads(clients, caller, community_id):
        return
    raise not_found("community", community_id)


# --- the calendar --------------------------------------------------------------------------------


async def set_cutoff(*, db: Database, body: CutoffSet) -> SalesDayPublic:
    if body.cutoff_at.tzinfo is None:
        raise _invalid("body.cutoff_at", "give the instant with its UTC offset")
    from services.orders.domain.supply import BUSINESS_TZ
    local = body.cutoff_at.astimezone(BUSINESS_TZ)
    if not body.sales_day - timedelta(days=1) <= local.date() <= body.sales_day + timedelta(days=1):
        raise _invalid("body.cutoff_at", "a sales day's cutoff is within a day of it")
    if body.cutoff_at <= now():
        raise _invalid("body.cutoff_at", "a cutoff already passed cannot be moved")
    async with db.write_sessions() as session:
        row = await session.get(CutoffOverride, body.sales_day)
        if row is None:
            row = CutoffOverride(sales_day=body.sales_day, cutoff_at=body.cutoff_at, note=body.note, set_at=now())
            session.add(row)
        else:
            row.cutoff_at, row.note, row.set_at = body.cutoff_at, body.note, now()
        await session.commit()
        return await sales_day(session=session, day=body.sales_day)


async def sales_day(*, session: AsyncSession, day: date) -> SalesDayPublic:
    from datetime import datetime

    from services.orders.domain.supply import BUSINESS_TZ
    calendar = await supply_calendar.calendar(session, datetime.combine(day, datetime.min.time(), BUSINESS_TZ))
    moved = await session.get(CutoffOverride, day)
    return SalesDayPublic(sales_day=day, cutoff_at=calendar.cutoff_at(day),
                          delivery_date=day + timedelta(days=calendar.lead_days), moved=moved is not None,
                          note=moved.note if moved else None)


# --- routes --------------------------------------------------------------------------------------

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Ops = require_role("ops", "admin")
Format = Annotated[Literal["json", "csv"] | None, Query(alias="format", description="csv, or send Accept: text/csv")]
supply = APIRouter(prefix="/v1/supply", tags=["supply"], dependencies=[Depends(audit.set_actor)])


@supply.post("/cutoffs", operation_id="supply_run_cutoff", response_model=CutoffResult, dependencies=[Ops])
async def cutoff(request: Request, db: DatabaseDep) -> CutoffResult:
    """Ops: buy every delivery day whose sales have closed now (the scheduler does it on every pass too)."""
    return await run_cutoff(db=db, clients=request.app.state.clients)


@supply.get("/calendar/{day}", operation_id="supply_sales_day", response_model=SalesDayPublic,
            dependencies=[Ops])
async def get_sales_day(day: date, session: SessionDep) -> SalesDayPublic:
    """Ops: a sales day's cutoff and the delivery day of its orders."""
    return await sales_day(session=session, day=day)


@supply.put("/calendar", operation_id="supply_move_cutoff", response_model=SalesDayPublic, dependencies=[Ops])
async def move_cutoff(body: CutoffSet, db: DatabaseDep) -> SalesDayPublic:
    """Ops: move one sales day's cutoff (a holiday)."""
    return await set_cutoff(db=db, body=body)


@supply.get("/purchase-orders", operation_id="supply_list_purchase_orders", response_model=Page[PurchaseOrderPublic])
async def list_purchase_orders(request: Request, caller: IdentityDep, session: SessionDep, page: PageDep,
                               delivery_date: date | None = None, order: ListOrder = "asc",
                               ) -> Page[PurchaseOrderPublic]:
    """Ops: every purchase order; a supplier's key: its own.  Oldest first (``order=desc``: newest first)."""
    from common.pagination import paginate
    supplier = await _supplier_of_caller(request.app.state.clients, caller)
    query = select(SupplyOrder)
    if supplier is not None:
        query = query.where(SupplyOrder.supplier_id == supplier)
    if delivery_date is not None:
        query = query.where(SupplyOrder.delivery_date == delivery_date)
    found = await paginate(session, query, key=col(SupplyOrder.id), page=page, public=lambda row: row,
                           descending=order == "desc")
    return Page[PurchaseOrderPublic](items=[await _shown(session, row) for row in found.items],
                                     next_cursor=found.next_cursor)


@supply.get("/purchase-orders/{po_id}", operation_id="supply_get_purchase_order",
            response_model=PurchaseOrderPublic,
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}})
async def get_purchase_order(po_id: Id, request: Request, caller: IdentityDep, session: SessionDep,
                             format_: Format = None) -> Response:
    """Ops or the supplier's key: one purchase order, per SKU with its split per community (CSV too)."""
    shown = await _shown(session, await readable(session, request.app.state.clients, caller, po_id))
    if wants_csv(format_, request.headers.get("accept")):
        rows = [[shown.id, shown.delivery_date, line.sku_id, line.product_name, split.community_id or "",
                 split.units] for line in shown.lines for split in line.communities]
        return Response(csv_text(["purchase_order", "delivery_date", "sku_id", "product", "community_id", "units"],
                                 rows), media_type="text/csv; charset=utf-8")
    return JSONResponse(shown.model_dump(mode="json"))


@supply.post("/purchase-orders/{po_id}/confirm", operation_id="supply_confirm_purchase_order",
             response_model=PurchaseOrderPublic)
async def confirm_purchase_order(po_id: Id, body: PurchaseOrderConfirm, request: Request, caller: IdentityDep,
                                 db: DatabaseDep) -> PurchaseOrderPublic:
    """The supplier (its key with orders:write) or ops: the units it will deliver; units short are refunded
    to the orders paid last (reason supplier_short).  Safe to send again."""
    state = request.app.state
    return await confirm(db=db, clients=state.clients, settings=state.settings, caller=caller, po_id=po_id,
                         body=body)


@supply.get("/sorting-list", operation_id="supply_sorting_list", response_model=SortingList,
            dependencies=[Ops], responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}})
async def get_sorting_list(request: Request, session: SessionDep, format_: Format = None,
                           day: Annotated[date | None, Query(alias="date")] = None) -> Response:
    """Ops, for the warehouse (分拣单): per community and SKU, the units to sort for a delivery day."""
    sheet = await sorting_list(session=session, day=day or business_now().date() + timedelta(days=1))
    if wants_csv(format_, request.headers.get("accept")):
        return Response(csv_text(["delivery_date", "community_id", "sku_id", "product", "units", "orders"],
                                 [[sheet.delivery_date, r.community_id or "", r.sku_id, r.product_name, r.units,
                                   r.orders] for r in sheet.rows]), media_type="text/csv; charset=utf-8")
    return JSONResponse(sheet.model_dump(mode="json"))


@supply.post("/arrivals", operation_id="supply_report_arrival", response_model=ArrivalOutcome)
async def arrival(body: ArrivalReport, request: Request, user: CurrentUser, db: DatabaseDep) -> ArrivalOutcome:
    """The community's leader (or ops): what arrived for the day; short and damaged units are refunded and
    charged back to the supplier, and the day's orders become ready for pickup."""
    state = request.app.state
    return await report_arrival(db=db, clients=state.clients, settings=state.settings, caller=user, report=body)


@supply.get("/chargebacks", operation_id="supply_list_chargebacks", response_model=Page[ChargebackPublic])
async def list_chargebacks(request: Request, caller: IdentityDep, session: SessionDep, page: PageDep,
                           supplier_id: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
                           order: ListOrder = "asc") -> Page[ChargebackPublic]:
    """Ops (every supplier, or one) or a supplier's key (its own): what settlement takes back."""
    own = await _supplier_of_caller(request.app.state.clients, caller)
    return await chargebacks.list_chargebacks(session=session, supplier_id=own if own is not None else supplier_id,
                                              page=page, descending=order == "desc")


routers = [supply]
