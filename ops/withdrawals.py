"""``withdrawals list | approve | reject``: the review queue of partners' withdrawals (``/v1/withdrawals``)."""

from __future__ import annotations

from typing import Annotated

import typer
from groupbuy_client.api.withdrawals import withdrawals_approve, withdrawals_list, withdrawals_reject
from groupbuy_client.models import WithdrawalDecision, WithdrawalPublic, WithdrawalsListStatusType0
from groupbuy_client.types import UNSET

from ops import render
from ops.render import JsonOption

app = typer.Typer(name="withdrawals", help="Withdrawals of rebates and commission.", no_args_is_help=True)


@app.command("list")
def list_withdrawals(ctx: typer.Context,
                     status: Annotated[WithdrawalsListStatusType0 | None, typer.Option(
                         help="Only this state, e.g. pending_review (the queue)")] = None,
                     user: Annotated[int | None, typer.Option(min=1, help="Only this user's")] = None,
                     as_json: JsonOption = False) -> None:
    """Everyone's withdrawals (all pages)."""
    ops = ctx.obj
    items: list[WithdrawalPublic] = list(ops.session().pages(
        withdrawals_list.sync_detailed, status=status if status else UNSET, user_id=user if user else UNSET))
    if as_json:
        render.print_json(items)
        return
    ops.out.print(render.withdrawals(f"{len(items)} withdrawal(s)", items))


@app.command()
def approve(ctx: typer.Context, withdrawal_id: Annotated[int, typer.Argument(min=1)],
            as_json: JsonOption = False) -> None:
    """Approve a withdrawal: it is paid out to the user's WeChat balance at once."""
    ops = ctx.obj
    withdrawal: WithdrawalPublic = ops.session().call(withdrawals_approve.sync_detailed, withdrawal_id)
    if as_json:
        render.print_json(withdrawal)
        return
    ops.out.print(render.withdrawals(f"Withdrawal {withdrawal.id} approved: {withdrawal.status}", [withdrawal]))


@app.command()
def reject(ctx: typer.Context, withdrawal_id: Annotated[int, typer.Argument(min=1)],
           reason: Annotated[str, typer.Option(help="Why (shown to the user)")], as_json: JsonOption = False) -> None:
    """Reject a withdrawal: the amount goes back to the user's available balance."""
    ops = ctx.obj
    withdrawal: WithdrawalPublic = ops.session().call(withdrawals_reject.sync_detailed, withdrawal_id,
                                                      body=WithdrawalDecision(reason=reason))
    if as_json:
        render.print_json(withdrawal)
        return
    ops.out.print(render.withdrawals(f"Withdrawal {withdrawal.id} rejected: {withdrawal.status}", [withdrawal]))
