"""How results look on the terminal: rich tables and trees, money in yuan, times in Asia/Shanghai — or,
with ``--json``, the API's own answers as JSON on stdout (money in fen, times in UTC), for scripts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from groupbuy_client.models import (
    GroupProgress,
    HistoryEntry,
    OrderPublic,
    PlannedOccurrence,
    SyncRowResult,
    TreeNode,
    WithdrawalPublic,
)
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ops.csv_import import Issue, fen_to_yuan

BUSINESS_TZ = ZoneInfo("Asia/Shanghai")


JsonOption = Annotated[bool, typer.Option("--json", help="Print the answer as JSON instead of a table")]


def to_json(value: Any) -> str:
    """Generated models (and lists or dicts of them) as indented JSON, Chinese text as it is."""
    return json.dumps(_plain(value), ensure_ascii=False, indent=2)


def _plain(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def print_json(value: Any) -> None:
    """Straight to stdout, never wrapped or styled, so a script can read it."""
    typer.echo(to_json(value))


def consoles() -> tuple[Console, Console]:
    """Made when a command runs (not at import), so they write where that run's output goes.  No markup:
    names and reasons from the API are printed as they are, brackets included."""
    return Console(highlight=False, markup=False), Console(stderr=True, highlight=False, markup=False)


def error_line(console: Console, message: str) -> None:
    """One red line, never wrapped, whatever the terminal's width."""
    console.print(Text(message, style="bold red"), soft_wrap=True)


def yuan(fen: int | None) -> str:
    return "—" if fen is None else f"¥{fen_to_yuan(fen)}"


def local(moment: datetime | None) -> str:
    """``Fri 2026-05-01 20:00`` in Asia/Shanghai, the time every shop and customer lives in."""
    return "—" if moment is None else moment.astimezone(BUSINESS_TZ).strftime("%a %Y-%m-%d %H:%M")


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> Table | Text:
    """A table titled ``title``; only the title when there are no rows (an empty grid says nothing more)."""
    grid = Table(title=title, title_justify="left")
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in rows:
        grid.add_row(*(value if isinstance(value, Text) else Text(str(value)) for value in row))
    return grid if grid.row_count else Text(title)


def validation_report(issues: Sequence[Issue]) -> Table | Text:
    return table(f"Validation: {len({i.row for i in issues})} invalid row(s)", ("row", "field", "problem"),
                 ((issue.row, issue.field, Text(issue.problem, style="red")) for issue in issues))


def rejected_rows(rejected: Sequence[tuple[int, SyncRowResult]]) -> Table | Text:
    return table("Rejected by the catalog", ("row", "sku", "field", "reason"),
                 ((row, result.sku_external_id or "", result.field or "", Text(result.reason or "", style="red"))
                  for row, result in rejected))


def occurrences(title: str, planned: Sequence[PlannedOccurrence]) -> Table | Text:
    return table(title, ("template", "kind", "starts (Shanghai)", "ends (Shanghai)", ""), (
        (f"{p.name} #{p.template_id}", p.kind, local(p.starts_at), local(p.ends_at),
         Text("exists already", style="dim") if p.exists else Text("new", style="green")) for p in planned))


def groups(title: str, items: Sequence[GroupProgress]) -> Table | Text:
    def next_tier(group: GroupProgress) -> str:
        tier = group.next_tier
        return "—" if tier is None else f"{tier.needed} more → {yuan(tier.unit_price_fen)}"

    return table(title, ("id", "activity", "status", "paid", "portions", "price reached", "next tier", "closes"), (
        (g.id, g.activity_id, g.status, g.paid_count, g.portions, yuan(g.unit_price_fen), next_tier(g),
         local(g.closes_at)) for g in items))


def withdrawals(title: str, items: Sequence[WithdrawalPublic]) -> Table | Text:
    return table(title, ("id", "user", "amount", "fee", "payout", "status", "requested", "note"), (
        (w.id, w.user_id, yuan(w.amount_fen), yuan(w.fee_fen), yuan(w.payout_fen), w.status, local(w.requested_at),
         w.reject_reason or w.fail_reason or "") for w in items))


def buyer(order: OrderPublic) -> str:
    """The buyer as the address names them (masked already when a leader asks)."""
    address = order.address.to_dict() if order.address else {}
    return " ".join(str(address.get(part) or "") for part in ("recipient", "phone")).strip() or f"user {order.user_id}"


def orders(title: str, items: Sequence[OrderPublic]) -> Table | Text:
    return table(title, ("id", "order no", "status", "buyer", "product", "qty", "amount", "community",
                         "delivery day", "placed (Shanghai)"), (
        (o.id, o.order_no, o.status, buyer(o), o.product_name, o.quantity, yuan(o.amount_fen),
         _or_dash(o.community_id), _or_dash(o.delivery_date), local(o.created_at)) for o in items))


def order_card(order: OrderPublic) -> Table:
    """One order, field by field."""
    address = order.address.to_dict() if order.address else {}
    where = " ".join(str(address[part]) for part in ADDRESS_PARTS if address.get(part))
    rows = [("order", f"{order.order_no} (id {order.id}, {order.kind})"), ("status", str(order.status)),
            ("buyer", f"{buyer(order)} · user {order.user_id}"), ("address", where or "—"),
            ("product", f"{order.product_name} · SKU {order.sku_id} × {order.quantity}"),
            ("amount", f"{yuan(order.amount_fen)} ({order.price_rule}) · settled {yuan(order.settled_amount_fen)}"
                       f" · refunded {yuan(order.refunded_fen)}"),
            ("community", _or_dash(order.community_id)), ("delivery day", _or_dash(order.delivery_date)),
            ("placed", local(order.created_at)), ("paid", local(order.paid_at)),
            ("shipped", local(order.shipped_at)), ("picked up", local(order.delivered_at))]
    grid = Table(title=f"Order {order.id}", title_justify="left", show_header=False)
    grid.add_column("field", style="bold")
    grid.add_column("value", overflow="fold")
    for field, value in rows:
        grid.add_row(field, Text(value))
    return grid


def order_history(entries: Sequence[HistoryEntry]) -> Table | Text:
    def who(entry: HistoryEntry) -> str:
        actor = entry.actor
        if actor.kind == "user":
            return f"user {actor.id} ({', '.join(actor.roles)})"
        if actor.kind == "api_key":
            return f"API key {actor.id}"
        return " ".join(filter(None, (str(actor.kind), actor.name)))

    return table("History", ("when (Shanghai)", "event", "from", "to", "by", "via", "request"), (
        (local(e.at), e.event, e.from_status, e.to_status, who(e), e.via or "", e.request_id or "")
        for e in entries))


ADDRESS_PARTS = ("province", "city", "district", "estate", "building", "unit", "room", "detail")


def _or_dash(value: object) -> str:
    if value is None:
        return "—"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def referral_tree(root: TreeNode, depth: int) -> Tree:
    """The downline as a tree.  The API lists ``depth`` levels and counts the referees of the users above
    the deepest level only, so the deepest users' own referees are marked as not counted, not as none."""
    tree = Tree(_node_label(root, counted=depth > 0))
    _grow(tree, root, depth)
    return tree


def _grow(branch: Tree, node: TreeNode, depth: int) -> None:
    for child in node.children:
        _grow(branch.add(_node_label(child, counted=depth > 1)), child, depth - 1)
    hidden = node.referees - len(node.children)
    if hidden > 0:
        branch.add(Text(f"… {hidden} more not shown", style="dim"))


def _node_label(node: TreeNode, *, counted: bool) -> Text:
    label = Text(f"user {node.user_id}", style="bold")
    label.append(f" · {node.level} · ")
    label.append("paid" if node.has_paid else "not paid", style="green" if node.has_paid else "dim")
    if counted:
        label.append(f" · {node.referees} referee{'' if node.referees == 1 else 's'}")
    else:
        label.append(" · referees beyond --depth", style="dim")
    return label
