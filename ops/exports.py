"""``export rebates`` and ``export funnel``: CSV files with a header row for a spreadsheet; money in fen,
times ISO 8601 in Asia/Shanghai."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated

import typer
from groupbuy_client.api.communities import communities_funnel, communities_funnel_all
from groupbuy_client.api.rebates import rebates_list
from groupbuy_client.models import Funnel, RebateEntryPublic
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ops.errors import OpsError
from ops.render import BUSINESS_TZ

app = typer.Typer(name="export", help="Ledgers and the lifecycle funnel as CSV.", no_args_is_help=True)

REBATE_COLUMNS = ("id", "user_id", "kind", "bucket", "step", "amount_fen", "order_id", "tree_level",
                  "withdrawal_id", "created_at")
FUNNEL_COLUMNS = ("community_id", "stage", "count")
Out = Annotated[Path, typer.Option("--out", "-o", dir_okay=False, help="The CSV file to write")]


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write ``header`` and ``rows`` (``None`` as an empty cell); the number of rows written.  The file
    appears only complete: an export that fails half-way leaves no half a file behind."""
    count = 0
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(header)
            for row in rows:
                writer.writerow(["" if value is None else value for value in row])
                count += 1
        partial.replace(path)
    except OSError as exc:
        raise OpsError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    return count


def rebate_row(entry: RebateEntryPublic) -> tuple[object, ...]:
    return (entry.id, entry.user_id, entry.kind, entry.bucket, entry.step, entry.amount_fen, entry.order_id,
            entry.tree_level, entry.withdrawal_id, entry.created_at.astimezone(BUSINESS_TZ).isoformat())


def funnel_rows(funnel: Funnel) -> list[tuple[object, ...]]:
    """One row per stage, lowest first, then the ``total``."""
    rows: list[tuple[object, ...]] = [(funnel.community_id, stage.stage, stage.count) for stage in funnel.stages]
    rows.append((funnel.community_id, "total", funnel.total))
    return rows


@app.command()
def rebates(ctx: typer.Context, out: Out,
            user: Annotated[int | None, typer.Option(min=1, help="One user's entries (default: everyone's)")] = None
            ) -> None:
    """The rebate, commission and reward ledger: every entry, all pages."""
    ops = ctx.obj
    session = ops.session()
    query = {"user_id": user} if user else {"everyone": True}
    columns = (SpinnerColumn(), TextColumn("Exporting rebates: {task.completed} entries"), TimeElapsedColumn())
    with Progress(*columns, console=ops.out) as progress:
        task = progress.add_task("rebates", total=None)

        def entries() -> Iterable[tuple[object, ...]]:
            for entry in session.pages(rebates_list.sync_detailed, **query):
                progress.advance(task)
                yield rebate_row(entry)

        written = write_csv(out, REBATE_COLUMNS, entries())
    ops.out.print(f"Wrote {written} entr{'y' if written == 1 else 'ies'} to {out}")


@app.command()
def funnel(ctx: typer.Context, out: Out,
           community: Annotated[int | None, typer.Option(min=1, help="One community's members (default: everyone)")]
           = None) -> None:
    """The lifecycle funnel: users per stage, stranger to recommender."""
    ops = ctx.obj
    session = ops.session()
    counted: Funnel = (session.call(communities_funnel.sync_detailed, community) if community
                       else session.call(communities_funnel_all.sync_detailed))
    written = write_csv(out, FUNNEL_COLUMNS, funnel_rows(counted))
    ops.out.print(f"Wrote {written} row(s) to {out} ({counted.total} user(s))")

