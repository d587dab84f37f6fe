"""`hwb board import|export|actions`: the board's business in and out of the record, and reminders."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Optional

import typer

from hwb.cli_common import EXIT_INPUT, STORE_OPTION, open_folder

app = typer.Typer(no_args_is_help=True)


@app.command("import")
def import_business(
    file: Path = typer.Argument(..., help="The board's business as YAML (meetings, agenda, resolutions, actions, papers)."),
    db: Path = STORE_OPTION,
) -> None:
    """Import meetings, resolutions, actions and papers; what was edited in the web is kept."""
    from hwb.board.loader import load_board_file
    from hwb.board.store import save_business
    from hwb.errors import InputError

    try:
        business = load_board_file(file)
    except InputError as error:
        typer.echo(error.summary(), err=True)
        raise typer.Exit(EXIT_INPUT) from None
    folder = open_folder(db)
    try:
        counts = save_business(folder.record, business, by="command line")
    finally:
        folder.close()
    typer.echo(f"{len(business.meetings)} meetings: " + ", ".join(f"{n} {k}" for k, n in counts.items()))


@app.command("export")
def export_business_file(
    out: Optional[Path] = typer.Option(None, "--out", help="Write to this file (default: standard output)."),
    db: Path = STORE_OPTION,
) -> None:
    """Export the stored business, with every web edit, as YAML that `board import` reads."""
    from hwb.board.store import export_business

    folder = open_folder(db)
    try:
        text = export_business(folder.record)
    finally:
        folder.close()
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")


@app.command("actions")
def actions(
    due_by: Optional[datetime] = typer.Option(None, "--due-by", formats=["%Y-%m-%d"],
                                              help="Only open actions due on or before this date (YYYY-MM-DD)."),
    db: Path = STORE_OPTION,
) -> None:
    """Open actions, soonest due first: the reminders of what falls due."""
    from hwb.board.store import load_business
    from hwb.reports.paper import due_text

    folder = open_folder(db)
    try:
        business = load_business(folder.record)
    finally:
        folder.close()
    open_ = [a for a in business.actions if a.status in ("Open", "In progress")]
    if due_by is not None:
        open_ = [a for a in open_ if a.due is not None and a.due <= due_by.date()]
    open_.sort(key=lambda a: (a.due is None, a.due or datetime.min.date()))
    if not open_:
        typer.echo("No open actions" + (f" due by {due_by:%-d %B %Y}." if due_by else "."))
    for a in open_:
        typer.echo(f"{due_text(a)} | {a.reference} | {a.owner or 'no owner named'} | {a.status} | {a.text}")
