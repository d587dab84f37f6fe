"""`hwb strategy import|export`: the strategy's YAML file in and out of the record."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from hwb.cli_common import EXIT_INPUT, STORE_OPTION, open_folder

app = typer.Typer(no_args_is_help=True)


@app.command("import")
def import_strategy(
    file: Path = typer.Argument(..., help="The strategy YAML file."),
    db: Path = STORE_OPTION,
) -> None:
    """Import a strategy: its structure replaces the stored one; its progress updates are added
    where new. Updates entered in the web are kept."""
    from hwb.errors import InputError
    from hwb.strategy.loader import load_strategy_file
    from hwb.strategy.store import save_strategy

    try:
        strategy = load_strategy_file(file)
    except InputError as error:
        typer.echo(error.summary(), err=True)
        raise typer.Exit(EXIT_INPUT) from None
    folder = open_folder(db)
    try:
        counts = save_strategy(folder.record, strategy, by="command line")
    finally:
        folder.close()
    typer.echo(f"{strategy.title}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))


@app.command("export")
def export_strategy_file(
    out: Optional[Path] = typer.Option(None, "--out", help="Write to this file (default: standard output)."),
    strategy_id: Optional[str] = typer.Option(None, "--id", help="Which strategy, when the store holds several."),
    drafts: bool = typer.Option(False, "--drafts", help="Include draft progress updates."),
    db: Path = STORE_OPTION,
) -> None:
    """Export the stored strategy, with its progress updates, as YAML that `hwb strategy import` reads."""
    from hwb.strategy.store import export_strategy

    folder = open_folder(db)
    try:
        text = export_strategy(folder.record, strategy_id, include_drafts=drafts)
    except LookupError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    finally:
        folder.close()
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote {out}")
