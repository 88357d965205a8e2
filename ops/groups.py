"""``groups list`` and ``groups close``: ladder group buys (``GET /v1/groups``, ``POST /v1/groups/{id}/close``)."""

from __future__ import annotations

from typing import Annotated

import typer
from groupbuy_client.api.groups import orders_close_group, orders_list_groups
from groupbuy_client.models import GroupProgress, GroupStatus
from groupbuy_client.types import UNSET

from ops import render
from ops.render import JsonOption

app = typer.Typer(name="groups", help="Ladder group buys (同址阶梯团).", no_args_is_help=True)


@app.command("list")
def list_groups(ctx: typer.Context,
                status: Annotated[GroupStatus | None, typer.Option(help="Only groups in this state")] = None,
                activity: Annotated[int | None, typer.Option(min=1, help="Only this activity's groups")] = None,
                as_json: JsonOption = False) -> None:
    """Every group (all pages)."""
    ops = ctx.obj
    items: list[GroupProgress] = list(ops.session().pages(
        orders_list_groups.sync_detailed, status=status if status else UNSET,
        activity_id=activity if activity else UNSET))
    if as_json:
        render.print_json(items)
        return
    ops.out.print(render.groups(f"{len(items)} group(s)", items))


@app.command()
def close(ctx: typer.Context, group_id: Annotated[int, typer.Argument(min=1, help="The group's id")],
          as_json: JsonOption = False) -> None:
    """Close a group now: it settles at the highest tier it reached, or refunds everyone if short of its minimum."""
    ops = ctx.obj
    group: GroupProgress = ops.session().call(orders_close_group.sync_detailed, group_id)
    if as_json:
        render.print_json(group)
        return
    ops.out.print(render.groups(f"Group {group.id} closed: {group.status}", [group]))
