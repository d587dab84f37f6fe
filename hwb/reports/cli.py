"""`hwb report`: the strategy dashboard and the health-protection appendix, in any format."""

from __future__ import annotations

from pathlib import Path

import typer

from hwb.errors import InputError
from hwb.reports.dashboard import build_dashboard, find_priority
from hwb.reports.health_protection import build_health_protection
from hwb.reports.pack import slug
from hwb.reports.render import parse_formats, write_document
from hwb.store.connection import DEFAULT_DB, connect
from hwb.strategy.loader import load_strategy_file

app = typer.Typer(no_args_is_help=True)

STRATEGY = typer.Option(..., "--strategy", help="Strategy YAML file.", exists=True, dir_okay=False)
FORMAT = typer.Option("html,pdf,docx,xlsx", "--format", help="Comma-separated: html, pdf, docx, xlsx.")
OUT = typer.Option(Path("."), "--out", help="Folder to write into.", file_okay=False)
DB = typer.Option(Path(DEFAULT_DB), "--db", help="The hwb store.")


def _run(build, db: Path, strategy_file: Path, formats: str, out: Path) -> None:
    try:
        wanted = parse_formats(formats)
        strategy = load_strategy_file(strategy_file)
    except (ValueError, InputError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if not db.exists():
        typer.echo(f"error: no store at {db}; run `hwb demo` or `hwb import` and `hwb build` first", err=True)
        raise typer.Exit(2)
    store = connect(db, read_only=True)
    try:
        doc, name = build(store, strategy)
    except LookupError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        store.close()
    for path in write_document(doc, out, name, wanted):
        typer.echo(str(path))


@app.command("dashboard")
def dashboard(
    strategy: Path = STRATEGY,
    section: str = typer.Option(None, "--section", help='Life-course priority, e.g. "Staying Healthy, Safe and Well".'),
    formats: str = FORMAT,
    out: Path = OUT,
    db: Path = DB,
) -> None:
    """Progress and the Appendix A dashboard for one life-course priority."""

    def build(store, s):
        priority = find_priority(s, section)
        return build_dashboard(store, s, priority.name), f"{slug(priority.name)}-dashboard"

    _run(build, db, strategy, formats, out)


@app.command("health-protection")
def health_protection(
    strategy: Path = STRATEGY,
    formats: str = FORMAT,
    out: Path = OUT,
    db: Path = DB,
) -> None:
    """The health-protection indicator appendix (charts with 95% CIs, coverage tables)."""
    _run(lambda store, s: (build_health_protection(store, s), "health-protection-appendix"),
         db, strategy, formats, out)
