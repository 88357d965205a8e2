"""The demo's supply day (services/orders/supply.py), loaded with the rest of the demo through the gateway
with the generated client:

- a supplier (翠苑鲜供合作社) owns every demo product, before the demo's orders are placed, so they carry it;
- once the demo orders are paid, the stack's sales day closes: ops move its cutoff (today's, Asia/Shanghai;
  tomorrow's after 23:00, when today's has closed on its own) to a few seconds from the stack's now, the way
  a holiday's early cutoff is set, and move the dev clock past it (where the stack has none, the loader waits
  those seconds); then the cutoff runs, and the supplier has a purchase order for the delivery day, with the
  warehouse's sorting list beside it.  Orders placed on the stack afterwards belong to the next sales day;
- on the pickup day, after ops ship the community's orders, demo-leader confirms that everything arrived
  (``POST /v1/supply/arrivals`` with no shortage): only then are the orders ready for pickup and does
  demo-carol's code hand them out.

Loading again changes nothing: the supplier is found by its name, a cutoff already passed is left where it
is, the cutoff run buys nothing twice, and an arrival confirmed again finds nothing new."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from groupbuy_client.api.dev import dev_advance_clock
from groupbuy_client.api.suppliers import (
    catalog_assign_supplier_products,
    catalog_create_supplier,
    catalog_list_suppliers,
)
from groupbuy_client.api.supply import (
    supply_list_purchase_orders,
    supply_move_cutoff,
    supply_report_arrival,
    supply_run_cutoff,
    supply_sales_day,
)
from groupbuy_client.models import ArrivalReport, ClockAdvance, CutoffSet, SupplierCreate, SupplierProducts

if TYPE_CHECKING:
    from groupbuy_client import AuthenticatedClient

    from devtools.demo import Demo

SUPPLIER = {"name": "翠苑鲜供合作社", "contact": "王经理 13800000002", "settlement_terms": "weekly"}
CUTOFF_AHEAD = timedelta(seconds=3)  # today's sales close this long after the stack's now
EARLY_CUTOFF_NOTE = "demo: the sales day closes early"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _ok(answer: Any, what: str) -> Any:
    from devtools.demo import _ok as ok

    return ok(answer, what)


def supplier(demo: Demo, ops: AuthenticatedClient, products: dict[str, Any]) -> int:
    """The demo's supplier, owning every demo product (assigning again changes nothing)."""
    from devtools.demo import _pages

    found = next((s.id for s in _pages(lambda **kw: catalog_list_suppliers.sync_detailed(client=ops, **kw),
                                       "list suppliers") if s.name == SUPPLIER["name"]), None)
    if found is None:
        found = _ok(catalog_create_supplier.sync_detailed(client=ops, body=SupplierCreate.from_dict(SUPPLIER)),
                    "create the supplier").id
    _ok(catalog_assign_supplier_products.sync_detailed(
        supplier_id=found, client=ops, body=SupplierProducts(product_ids=sorted(p.id for p in products.values()))),
        "give the supplier the demo products")
    return found


def supply_day(demo: Demo, ops: AuthenticatedClient, supplier_id: int) -> str:
    """Close today's sales (on the stack's clock), run the cutoff, and name the supplier's purchase order."""
    now = demo.stack_now(ops)
    today = now.astimezone(SHANGHAI).date()
    day = _ok(supply_sales_day.sync_detailed(today, client=ops), "read today's sales day")
    if day.cutoff_at <= now and day.note != EARLY_CUTOFF_NOTE:  # closed on its own: orders paid now are tomorrow's
        day = _ok(supply_sales_day.sync_detailed(today + timedelta(days=1), client=ops), "read tomorrow's sales day")
    if day.cutoff_at > now:
        _ok(supply_move_cutoff.sync_detailed(client=ops, body=CutoffSet(
            sales_day=day.sales_day, cutoff_at=now + CUTOFF_AHEAD, note=EARLY_CUTOFF_NOTE)),
            "close the sales day early")
        _pass_cutoff(ops)
    _ok(supply_run_cutoff.sync_detailed(client=ops), "run the cutoff")
    orders = [po for po in _ok(supply_list_purchase_orders.sync_detailed(
        client=ops, delivery_date=day.delivery_date, limit=100), "list purchase orders").items
        if po.supplier_id == supplier_id]
    if not orders:
        return f"supplier {supplier_id}: no purchase order for {day.delivery_date.isoformat()}"
    po = orders[0]
    return (f"supplier {supplier_id}'s purchase order {po.id} for {po.delivery_date.isoformat()}: "
            f"{po.total_units} unit(s) (groupbuy-ops day sorting-list --date {po.delivery_date.isoformat()})")


def _pass_cutoff(ops: AuthenticatedClient) -> None:
    """Move the stack's dev clock past the cutoff; a stack without one is waited for."""
    step = CUTOFF_AHEAD.total_seconds() + 1
    answer = dev_advance_clock.sync_detailed(client=ops, body=ClockAdvance(advance_seconds=step))
    if answer.status_code == 404:
        time.sleep(step)
        return
    _ok(answer, "move the dev clock past the cutoff")


def arrival(demo: Demo, community_id: int) -> None:
    """demo-leader confirms that today's orders of the community arrived in full: ready for pickup."""
    leader, _ = demo.login("demo-leader")
    _ok(supply_report_arrival.sync_detailed(client=leader, body=ArrivalReport(community_id=community_id)),
        "confirm the day's arrival")
