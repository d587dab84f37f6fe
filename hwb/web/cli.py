"""CLI commands of hwb.web (registered in hwb.cli)."""

import typer

app = typer.Typer(no_args_is_help=True)
