"""``referrals tree USER_ID``: who a user brought in, level by level (``GET /v1/referrals/tree/{user_id}``)."""

from __future__ import annotations

from typing import Annotated

import typer
from groupbuy_client.api.referrals import referrals_tree
from groupbuy_client.models import TreeNode

from ops import render
from ops.render import JsonOption

app = typer.Typer(name="referrals", help="The referral tree.", no_args_is_help=True)


@app.command()
def tree(ctx: typer.Context, user_id: Annotated[int, typer.Argument(min=1)],
         depth: Annotated[int, typer.Option(min=1, max=5, help="Levels below the user")] = 3,
         as_json: JsonOption = False) -> None:
    """Draw a user's downline: each user's id, level, whether they paid, how many they referred."""
    ops = ctx.obj
    root: TreeNode = ops.session().call(referrals_tree.sync_detailed, user_id, depth=depth)
    if as_json:
        render.print_json(root)
        return
    ops.out.print(render.referral_tree(root, depth))
