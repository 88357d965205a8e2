"""``orders search`` and ``orders show ID``: the back office's view of orders (``GET /v1/orders?view=staff``,
``GET /v1/orders/{id}`` and its ``/history``).  An ops account sees every order in full; a leader's account
must name the community it leads and sees its buyers masked."""

from __future__ import annotations

from datetime import date
from itertools import islice
from typing import Annotated

import typer
from groupbuy_client.api.orders import orders_get, orders_history, orders_list
from groupbuy_client.models import OrderHistory, OrderPublic, OrdersListView, OrderStatus, SortOrder
from groupbuy_client.types import UNSET

from ops import render
from ops.render import JsonOption

app = typer.Typer(name="orders", help="Find and open orders: the back office.", no_args_is_help=True)

Id = Annotated[int | None, typer.Option(min=1)]


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("a day is YYYY-MM-DD", param_hint="--date") from None


@app.command()
def search(ctx: typer.Context,
           status: Annotated[OrderStatus | None, typer.Option(help="Only orders in this state")] = None,
           community: Annotated[int | None, typer.Option(min=1, help="Only this community's (a leader must name "
                                                                      "the one they lead)")] = None,
           leader: Annotated[int | None, typer.Option(min=1, help="The community's leader when it was placed")]
           = None,
           day: Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD",
                                                   help="The delivery day (Asia/Shanghai)")] = None,
           activity: Id = None, product: Id = None, sku: Id = None, group: Id = None,
           order_no: Annotated[str | None, typer.Option(help="The order's number")] = None,
           phone: Annotated[str | None, typer.Option(help="The last 4 digits of the buyer's phone")] = None,
           user: Annotated[int | None, typer.Option(min=1, help="The buyer's user id")] = None,
           oldest_first: Annotated[bool, typer.Option("--oldest-first", help="Oldest first (default: newest)")]
           = False,
           limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many orders")] = 100,
           as_json: JsonOption = False) -> None:
    """Find orders by any of their facts; newest first."""
    if phone is not None and not (len(phone) == 4 and phone.isdigit()):
        raise typer.BadParameter("the last 4 digits of the phone", param_hint="--phone")
    ops = ctx.obj
    filters = {"status": status, "community_id": community, "leader_id": leader, "delivery_date": _day(day),
               "activity_id": activity, "product_id": product, "sku_id": sku, "group_id": group,
               "order_no": order_no, "phone_tail": phone, "user_id": user}
    pages = ops.session().pages(orders_list.sync_detailed, view=OrdersListView.STAFF,
                                order=SortOrder.ASC if oldest_first else SortOrder.DESC,
                                **{name: value if value is not None else UNSET for name, value in filters.items()})
    found: list[OrderPublic] = list(islice(pages, limit))
    if as_json:
        render.print_json(found)
        return
    ops.out.print(render.orders(f"{len(found)} order(s)" + (" (--limit reached)" if len(found) == limit else ""),
                                found))


@app.command()
def show(ctx: typer.Context, order_id: Annotated[int, typer.Argument(min=1, help="The order's id")],
         as_json: JsonOption = False) -> None:
    """One order in full, and every change of its state: who, when, from which state, which request."""
    ops = ctx.obj
    session = ops.session()
    order: OrderPublic = session.call(orders_get.sync_detailed, order_id)
    history: OrderHistory = session.call(orders_history.sync_detailed, order_id)
    if as_json:
        render.print_json({"order": order, "history": history.entries})
        return
    ops.out.print(render.order_card(order))
    ops.out.print(render.order_history(history.entries))
