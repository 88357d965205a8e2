"""``products import FILE.csv``: check every row locally, then sync the good ones in batches of 1,000
(``POST /v1/products/sync``, the house's own external ids) and report each row's outcome."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from groupbuy_client.api.catalog import catalog_sync_products
from groupbuy_client.models import SyncBatch, SyncBatchSyncRow, SyncBatchSyncRowRole, SyncResult, SyncRowResult
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ops import csv_import, render
from ops.errors import ApiError, OpsError
from ops.render import JsonOption
from ops.session import Session

app = typer.Typer(name="products", help="Products and SKUs.", no_args_is_help=True)
SYNC_CONFLICT_RETRIES = 3


@app.command("import")
def import_csv(ctx: typer.Context,
               file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True,
                                                    help="CSV: product_external_id, name, role, sku_external_id, "
                                                         "sku_name, price_yuan or price_fen, stock")],
               dry_run: Annotated[bool, typer.Option("--dry-run", help="Check the file, send nothing")] = False,
               skip_invalid: Annotated[bool, typer.Option(
                   "--skip-invalid", help="Send the valid rows even when others are invalid")] = False,
               as_json: JsonOption = False) -> None:
    """Import products, SKUs, prices and stock from a CSV file (new products start unpublished)."""
    ops = ctx.obj
    try:
        plan = csv_import.parse(csv_import.decode(file.read_bytes()))
    except ValueError as exc:
        raise OpsError(f"{file}: {exc}") from None
    if as_json:
        _import_reporting_json(ops, plan, dry_run=dry_run, skip_invalid=skip_invalid)
        return
    if plan.ignored_columns:
        ops.err.print(f"Ignoring column(s): {', '.join(plan.ignored_columns)}", style="yellow")
    if plan.issues:
        ops.out.print(render.validation_report(plan.issues))
    ops.out.print(f"{len(plan.rows)} valid row(s), {len(plan.invalid_rows)} invalid row(s)")
    if plan.issues and not skip_invalid:
        raise OpsError(f"{len(plan.invalid_rows)} invalid row(s): nothing was sent; fix them or pass --skip-invalid")
    if dry_run or not plan.rows:
        ops.out.print("Dry run: nothing was sent." if dry_run else "Nothing to send.")
        return
    outcomes, rejected = _send(ops, ops.session(), plan.rows)
    ops.out.print(f"Sent {sum(outcomes.values())} row(s): {outcomes['created']} created, "
                  f"{outcomes['updated']} updated, {outcomes['unchanged']} unchanged, {outcomes['rejected']} rejected")
    if rejected:
        ops.out.print(render.rejected_rows(rejected))
        raise OpsError(f"the catalog rejected {len(rejected)} row(s)")


def _import_reporting_json(ops, plan: csv_import.ImportPlan, *, dry_run: bool, skip_invalid: bool) -> None:
    """The same import, reported as one JSON document on stdout (the progress bar goes to stderr)."""
    report: dict[str, object] = {
        "valid_rows": len(plan.rows), "invalid_rows": len(plan.invalid_rows),
        "ignored_columns": list(plan.ignored_columns),
        "issues": [{"row": i.row, "field": i.field, "problem": i.problem} for i in plan.issues], "sent": False}
    refused = bool(plan.issues) and not skip_invalid
    if not (refused or dry_run or not plan.rows):
        outcomes, rejected = _send(ops, ops.session(), plan.rows, console=ops.err)
        report |= {"sent": True, "outcomes": {k: outcomes[k] for k in ("created", "updated", "unchanged", "rejected")},
                   "rejected": [{"row": row, "result": result} for row, result in rejected]}
    render.print_json(report)
    if refused:
        raise OpsError(f"{len(plan.invalid_rows)} invalid row(s): nothing was sent; fix them or pass --skip-invalid")
    if report.get("rejected"):
        raise OpsError(f"the catalog rejected {len(report['rejected'])} row(s)")


def _send(ops, session: Session, rows: list[csv_import.ProductRow], console=None
          ) -> tuple[Counter[str], list[tuple[int, SyncRowResult]]]:
    outcomes: Counter[str] = Counter()
    rejected: list[tuple[int, SyncRowResult]] = []
    columns = (TextColumn("Syncing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console or ops.out, transient=False) as progress:
        task = progress.add_task("sync", total=len(rows))
        for batch in csv_import.batches(rows):
            result = _sync(session, batch)
            for item in result.results:
                outcomes[str(item.status)] += 1
                if str(item.status) == "rejected":
                    rejected.append((batch[item.index].row, item))
            progress.advance(task, len(batch))
    return outcomes, rejected


def _sync(session: Session, batch) -> SyncResult:
    body = SyncBatch(rows=[SyncBatchSyncRow(
        product_external_id=row.product_external_id, name=row.name, role=SyncBatchSyncRowRole(row.role),
        sku_external_id=row.sku_external_id, sku_name=row.sku_name, price_fen=row.price_fen, stock=row.stock)
        for row in batch])
    for attempt in range(SYNC_CONFLICT_RETRIES):
        try:
            return session.call(catalog_sync_products.sync_detailed, body=body)
        except ApiError as exc:  # another sync created the same new ids at the same moment: send it again
            if exc.code != "sync_conflict" or attempt == SYNC_CONFLICT_RETRIES - 1:
                raise
            time.sleep(1 + attempt)
    raise AssertionError("unreachable")
