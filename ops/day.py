"""``day cutoff``, ``day purchase-orders`` and ``day sorting-list``: the supply day from the command line
(``/v1/supply``: services/orders/supply.py).

- ``cutoff`` buys every delivery day whose sales day has closed (the scheduler does it too; running it again
  makes nothing twice) and says which purchase orders it made or added to.
- ``purchase-orders`` lists a delivery day's purchase orders (every day's without ``--date``) with their
  per-SKU totals and, with ``--out``, writes the gateway's own CSV of each (per SKU and community, with a
  byte-order mark so Excel reads the Chinese names) into one file, its header once.
- ``sorting-list`` shows the warehouse's sorting list (分拣单) of a delivery day (without ``--date``: the
  gateway's tomorrow, Asia/Shanghai, on its clock) per community and SKU; ``--out`` writes the gateway's CSV
  as it is.

A CSV file appears only complete (written beside it, then moved into place)."""

from __future__ import annotations

from datetime import date
from http import HTTPStatus
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import typer
from groupbuy_client.api.supply import (
    supply_get_purchase_order,
    supply_list_purchase_orders,
    supply_run_cutoff,
    supply_sorting_list,
)
from groupbuy_client.models import (
    CutoffResult,
    PurchaseOrderPublic,
    SortingList,
    SupplyGetPurchaseOrderFormatType0,
    SupplySortingListFormatType0,
)
from groupbuy_client.types import UNSET, Response

from ops import render
from ops.errors import ApiError, OpsError
from ops.render import JsonOption
from ops.session import Session, send

app = typer.Typer(name="day", help="The supply day: cutoff, purchase orders, sorting lists.", no_args_is_help=True)

BOM = "\ufeff"
Day = Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="The delivery day (Asia/Shanghai)")]
Out = Annotated[Path | None, typer.Option("--out", "-o", dir_okay=False,
                                          help="Write the CSV (UTF-8 with a BOM, for Excel) to this file")]


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("a day is YYYY-MM-DD", param_hint="--date") from None


def csv_of(session: Session, operation: ModuleType, *args: Any, **kwargs: Any) -> str:
    """The CSV text a generated operation's route answers (the generated models read JSON only): the request
    is the one the generated module builds, sent with the session's client."""
    def request() -> Response[None]:
        answer = session.client.get_httpx_client().request(**operation._get_kwargs(*args, **kwargs))
        return Response(status_code=HTTPStatus(answer.status_code), content=answer.content, headers=answer.headers,
                        parsed=None)

    response = send(session.url, request)
    if response.status_code == 401:
        session.refresh()
        response = send(session.url, request)
    if not 200 <= response.status_code < 300:
        raise ApiError.from_response(response)
    text = response.content.decode("utf-8")
    return text.removeprefix(BOM)


def write_text(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(BOM + text, encoding="utf-8", newline="")
        partial.replace(path)
    except OSError as exc:
        raise OpsError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)


def _rows(text: str) -> list[str]:
    return text.splitlines(keepends=True)


@app.command()
def cutoff(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Buy every delivery day whose sales day has closed: one purchase order per supplier and day."""
    ops = ctx.obj
    result: CutoffResult = ops.session().call(supply_run_cutoff.sync_detailed)
    if as_json:
        render.print_json(result)
        return
    days = ", ".join(d.isoformat() for d in result.delivery_dates) or "none"
    ops.out.print(f"Delivery days bought: {days}")
    ops.out.print(f"Purchase orders made or added to: {', '.join(map(str, result.purchase_orders)) or 'none'}; "
                  f"{result.orders_added} order(s) added")


@app.command("purchase-orders")
def purchase_orders(ctx: typer.Context, day: Day = None, out: Out = None, as_json: JsonOption = False) -> None:
    """A delivery day's purchase orders (every day's without --date), oldest first, per SKU."""
    ops = ctx.obj
    session = ops.session()
    found: list[PurchaseOrderPublic] = list(session.pages(
        supply_list_purchase_orders.sync_detailed, delivery_date=_day(day) or UNSET))
    if out is not None:
        header, lines = "", []
        for po in found:
            rows = _rows(csv_of(session, supply_get_purchase_order, po.id,
                                format_=SupplyGetPurchaseOrderFormatType0.CSV))
            header = header or (rows[0] if rows else "")
            lines += rows[1:]
        if not header:
            raise OpsError("no purchase order to write" + (f" for {day}" if day else ""))
        write_text(out, header + "".join(lines))
        ops.out.print(f"Wrote {len(found)} purchase order(s), {len(lines)} row(s) to {out}")
        return
    if as_json:
        render.print_json(found)
        return
    ops.out.print(render.table(f"{len(found)} purchase order(s)" + (f" for {day}" if day else ""),
                               ("id", "supplier", "delivery day", "status", "sku", "product", "ordered", "confirmed",
                                "communities"),
                               ((po.id, po.supplier_id, po.delivery_date, po.status, line.sku_id, line.product_name,
                                 line.ordered_units, "—" if line.confirmed_units is None else line.confirmed_units,
                                 ", ".join(f"{c.community_id or '—'}: {c.units}" for c in line.communities))
                                for po in found for line in po.lines)))


@app.command("sorting-list")
def sorting_list(ctx: typer.Context, day: Day = None, out: Out = None, as_json: JsonOption = False) -> None:
    """The warehouse's sorting list (分拣单) of a delivery day (default: tomorrow) per community and SKU."""
    ops = ctx.obj
    session = ops.session()
    wanted = _day(day) or UNSET
    if out is not None:
        text = csv_of(session, supply_sorting_list, format_=SupplySortingListFormatType0.CSV, date=wanted)
        write_text(out, text)
        ops.out.print(f"Wrote the sorting list, {max(0, len(_rows(text)) - 1)} row(s), to {out}")
        return
    sheet: SortingList = session.call(supply_sorting_list.sync_detailed, date=wanted)
    if as_json:
        render.print_json(sheet)
        return
    ops.out.print(render.table(f"Sorting list of {sheet.delivery_date.isoformat()}: {len(sheet.rows)} row(s), "
                               f"{sum(r.units for r in sheet.rows)} unit(s)",
                               ("community", "sku", "product", "units", "orders"),
                               ((r.community_id or "—", r.sku_id, r.product_name, r.units, r.orders)
                                for r in sheet.rows)))
