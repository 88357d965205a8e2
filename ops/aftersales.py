"""``after-sales list | approve | reject``: the review queue of buyers' after-sales claims
(``/v1/orders/after-sales?view=staff``), oldest first, and ops' two decisions on a claim.  Asking the buyer
for more stays in the back office, where the photos are.

``after-sales refunds | retry-refund | settle-refund``: refunds WeChat Pay did not pay (``failed``,
``abnormal``, ``closed``; ``/v1/orders/refunds``), sent again or settled by hand with a note."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer
from groupbuy_client.api.after_sales import after_sales_approve, after_sales_list, after_sales_reject
from groupbuy_client.api.orders import orders_list_refunds, orders_retry_refund, orders_settle_refund
from groupbuy_client.models import (
    AfterSalesApprove,
    AfterSalesListView,
    AfterSalesPublic,
    AfterSalesReject,
    AfterSalesStatus,
    RefundPublic,
    RefundRetry,
    RefundSettle,
    RefundStatus,
)
from groupbuy_client.types import UNSET
from rich.table import Table
from rich.text import Text

from ops import render
from ops.render import JsonOption

app = typer.Typer(name="after-sales", help="After-sales claims (the review queue, approve, reject) and refunds "
                                          "WeChat Pay did not pay (send again, settle by hand).",
                  no_args_is_help=True)


def claims(title: str, items: Sequence[AfterSalesPublic]) -> Table | Text:
    return render.table(title, ("id", "order", "buyer", "kind", "reason", "amount", "status", "why review",
                                "filed (Shanghai)", "note"), (
        (c.id, c.order_id, c.user_id, c.kind, c.reason_label, render.yuan(c.amount_fen), c.status,
         c.review_reason or c.auto_rule or "", render.local(c.created_at),
         c.reject_reason or c.answer or c.note or "") for c in items))


def refund_rows(title: str, items: Sequence[RefundPublic]) -> Table | Text:
    return render.table(title, ("id", "order", "refund no", "amount", "reason", "status", "decided (Shanghai)",
                                "ops", "note"), (
        (r.id, r.order_id, r.out_refund_no, render.yuan(r.amount_fen), r.reason, r.status, render.local(r.created_at),
         r.ops_action or "", r.ops_note or r.last_error or "") for r in items))


@app.command("list")
def list_claims(ctx: typer.Context,
                status: Annotated[AfterSalesStatus | None, typer.Option(
                    help="Only this state; pending_review is the queue")] = AfterSalesStatus.PENDING_REVIEW,
                every: Annotated[bool, typer.Option("--all", help="Every state, not only the queue")] = False,
                order: Annotated[int | None, typer.Option(min=1, help="Only this order's claims")] = None,
                as_json: JsonOption = False) -> None:
    """The review queue, oldest first (all pages)."""
    ops = ctx.obj
    wanted = UNSET if every or status is None else status
    items: list[AfterSalesPublic] = list(ops.session().pages(
        after_sales_list.sync_detailed, view=AfterSalesListView.STAFF, status=wanted,
        order_id=order if order else UNSET))
    if as_json:
        render.print_json(items)
        return
    ops.out.print(claims(f"{len(items)} claim(s)", items))


@app.command()
def approve(ctx: typer.Context, claim_id: Annotated[int, typer.Argument(min=1)],
            amount: Annotated[int | None, typer.Option(
                "--amount-fen", min=1, help="Approve less than claimed (fen)")] = None,
            note: Annotated[str, typer.Option(help="Kept with the decision")] = "",
            as_json: JsonOption = False) -> None:
    """Approve a claim: its refund is decided at once and paid out through the order's refund path."""
    ops = ctx.obj
    claim: AfterSalesPublic = ops.session().call(
        after_sales_approve.sync_detailed, claim_id,
        body=AfterSalesApprove(amount_fen=amount if amount else UNSET, note=note))
    if as_json:
        render.print_json(claim)
        return
    ops.out.print(claims(f"Claim {claim.id} approved: {render.yuan(claim.amount_fen)} back", [claim]))


@app.command()
def reject(ctx: typer.Context, claim_id: Annotated[int, typer.Argument(min=1)],
           reason: Annotated[str, typer.Option(help="Why (shown to the buyer)")], as_json: JsonOption = False) -> None:
    """Reject a claim, saying why; the buyer sees the reason on the order."""
    ops = ctx.obj
    claim: AfterSalesPublic = ops.session().call(after_sales_reject.sync_detailed, claim_id,
                                                 body=AfterSalesReject(reason=reason))
    if as_json:
        render.print_json(claim)
        return
    ops.out.print(claims(f"Claim {claim.id} rejected", [claim]))


@app.command("refunds")
def list_refunds(ctx: typer.Context,
                 status: Annotated[RefundStatus, typer.Option(
                     help="abnormal, closed or failed: what WeChat Pay did not pay")] = RefundStatus.ABNORMAL,
                 as_json: JsonOption = False) -> None:
    """Refunds in one state, oldest first (all pages)."""
    ops = ctx.obj
    items: list[RefundPublic] = list(ops.session().pages(orders_list_refunds.sync_detailed, status=status))
    if as_json:
        render.print_json(items)
        return
    ops.out.print(refund_rows(f"{len(items)} {status.value} refund(s)", items))


@app.command("retry-refund")
def retry_refund(ctx: typer.Context, refund_id: Annotated[int, typer.Argument(min=1)],
                 note: Annotated[str, typer.Option(help="What was fixed")] = "", as_json: JsonOption = False) -> None:
    """Send a failed refund again; an abnormal or closed one goes out under a new refund number."""
    ops = ctx.obj
    refund: RefundPublic = ops.session().call(orders_retry_refund.sync_detailed, refund_id,
                                              body=RefundRetry(note=note))
    if as_json:
        render.print_json(refund)
        return
    ops.out.print(refund_rows(f"Refund {refund.id} sent again as {refund.out_refund_no}", [refund]))


@app.command("settle-refund")
def settle_refund(ctx: typer.Context, refund_id: Annotated[int, typer.Argument(min=1)],
                  note: Annotated[str, typer.Option(help="How it was paid outside WeChat Pay")],
                  as_json: JsonOption = False) -> None:
    """Say a failed, abnormal or closed refund was paid outside WeChat Pay: counted back on the order."""
    ops = ctx.obj
    refund: RefundPublic = ops.session().call(orders_settle_refund.sync_detailed, refund_id,
                                              body=RefundSettle(note=note))
    if as_json:
        render.print_json(refund)
        return
    ops.out.print(refund_rows(f"Refund {refund.id} settled by hand", [refund]))
