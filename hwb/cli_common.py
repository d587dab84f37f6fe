"""What every command shares: the --db store option, opening it, and one-line failures."""

from __future__ import annotations

from pathlib import Path

import typer

from hwb.store import DEFAULT_STORE

STORE_OPTION = typer.Option(
    Path(DEFAULT_STORE), "--db", envvar="HWB_STORE",
    help="The store folder (created if missing). HWB_DATABASE_URL puts its record in PostgreSQL.")

EXIT_INPUT, EXIT_BUSY = 2, 3


def open_folder(path: Path):
    """The store folder (a StoreFolder) at `path`, or exit 2 with the reason."""
    from hwb.store.folder import NotAStore, StoreFolder

    try:
        return StoreFolder(path)
    except NotAStore as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
