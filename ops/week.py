"""``week plan``: preview the coming days' activities and promotion days from the calendar templates, then
make them (``POST /v1/calendar/materialise``, first with ``dry_run``; running it twice makes nothing twice)."""

from __future__ import annotations

from typing import Annotated

import typer
from groupbuy_client.api.calendar import calendar_materialise
from groupbuy_client.models import MaterialiseRequest, MaterialiseResult

from ops import render

app = typer.Typer(name="week", help="The weekly rhythm: flash sales, ladder groups, promotion days.",
                  no_args_is_help=True)


@app.command()
def plan(ctx: typer.Context,
         days: Annotated[int, typer.Option(min=1, max=60, help="How many days ahead")] = 7,
         yes: Annotated[bool, typer.Option("--yes", "-y", help="Create without asking")] = False,
         as_json: Annotated[bool, typer.Option("--json", help="Print the preview as JSON and never ask; with --yes, "
                                                              "create and print what was made")] = False) -> None:
    """Show what the calendar templates make over the coming days, and make it once confirmed."""
    ops = ctx.obj
    session = ops.session()
    preview: MaterialiseResult = session.call(calendar_materialise.sync_detailed,
                                              body=MaterialiseRequest(days=days, dry_run=True))
    if as_json:
        render.print_json(session.call(calendar_materialise.sync_detailed,
                                       body=MaterialiseRequest(days=days, dry_run=False)) if yes else preview)
        return
    planned = list(preview.planned or [])
    new = [p for p in planned if not p.exists]
    ops.out.print(render.occurrences(f"The next {days} day(s), until {render.local(preview.until)}", planned))
    ops.out.print(f"{len(new)} new, {len(planned) - len(new)} exist already")
    if not new:
        ops.out.print("Nothing to create.")
        return
    if not yes and not typer.confirm(f"Create the {len(new)} new occurrence(s)?", default=False):
        ops.out.print("Nothing was created.")
        return
    made: MaterialiseResult = session.call(calendar_materialise.sync_detailed,
                                           body=MaterialiseRequest(days=days, dry_run=False))
    created = [p for p in (made.planned or []) if not p.exists]
    if created:
        ops.out.print(render.occurrences("Created", created))
    ops.out.print(f"Created {made.activities_created} activit{'y' if made.activities_created == 1 else 'ies'} "
                  f"and {made.promotion_days_created} promotion day(s).")
