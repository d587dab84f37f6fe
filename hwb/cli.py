"""The `hwb` command line: one entry point, one sub-app per part of the system."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from hwb.bcf.cli import app as bcf_app
from hwb.errors import InputError
from hwb.progress import console, counter, steps
from hwb.reports.cli import app as report_app
from hwb.store import connect
from hwb.web.cli import app as web_app

app = typer.Typer(
    no_args_is_help=True,
    help="hwb - indicators, strategy reports, Better Care Fund and a web dashboard for a Health and Wellbeing Board.",
)
app.add_typer(bcf_app, name="bcf", help="Better Care Fund plan, checks, metrics and Excel in/out.")
app.add_typer(report_app, name="report", help="Board-pack reports in HTML, PDF, Word and Excel.")
app.registered_commands.extend(web_app.registered_commands)
app.registered_groups.extend(web_app.registered_groups)

DB_OPTION = typer.Option("hwb.duckdb", "--db", help="The DuckDB store (created if missing).")


def _fail_input(error: InputError) -> None:
    console.print("[red]Input rejected - nothing was stored or written.[/red]")
    console.print(error.summary(), markup=False, highlight=False, soft_wrap=True)
    console.print("Fix the cells named above and run the command again.")
    raise typer.Exit(2)


@app.command("compute")
def compute(
    data: Path = typer.Option(..., "--data", help="DATA.csv: indicator_id, area_code, period, sex, age, count, denominator, ..."),
    indicators: Path = typer.Option(..., "--indicators", help="INDICATORS.csv: indicator_id, name, value_type, multiplier, polarity, ..."),
    areas: Optional[Path] = typer.Option(None, "--areas", help="AREAS.csv: area_code, area_name, area_type, parent_code"),
    neighbours: Optional[Path] = typer.Option(None, "--neighbours", help="NEIGHBOURS.csv: area_code, neighbour_code"),
    out: Path = typer.Option(..., "--out", help="Where to write RESULTS.csv"),
) -> None:
    """Compute values, CIs, comparisons, trends, ranks and quintiles from tidy files."""
    from hwb.engine.compute import compute_files

    try:
        with steps("compute", 4) as progress:
            rows = compute_files(data, indicators, areas, neighbours, out, progress)
    except InputError as error:
        _fail_input(error)
    console.print(f"Wrote {rows} result rows to {out}")


@app.command("import")
def import_(
    data: Optional[Path] = typer.Option(None, "--data", help="Tidy DATA.csv/.xlsx"),
    indicators: Optional[Path] = typer.Option(None, "--indicators", help="Tidy INDICATORS.csv/.xlsx"),
    areas: Optional[Path] = typer.Option(None, "--areas", help="Tidy AREAS.csv/.xlsx"),
    neighbours: Optional[Path] = typer.Option(None, "--neighbours", help="Tidy NEIGHBOURS.csv/.xlsx"),
    fingertips: Optional[Path] = typer.Option(None, "--fingertips", help="A Fingertips 'all data' CSV download"),
    db: Path = DB_OPTION,
) -> None:
    """Import files into the store (all-or-nothing; re-importing the same file changes nothing)."""
    from hwb.ingest.fingertips import read_fingertips
    from hwb.ingest.load import read_tidy, store_batches

    if not any((data, indicators, areas, neighbours, fingertips)):
        console.print("Nothing to import: give --fingertips FILE or one of --data/--indicators/--areas/--neighbours.")
        raise typer.Exit(2)
    store = connect(db)
    try:
        batches = []
        if fingertips:
            batches.append(read_fingertips(fingertips))
        if any((data, indicators, areas, neighbours)):
            batches.append(read_tidy(store, data, indicators, areas, neighbours))
        for table, count in store_batches(store, *batches).items():
            console.print(f"{table}: {count} rows")
    except InputError as error:
        _fail_input(error)
    finally:
        store.close()
    console.print(f"Imported into {db}. Run `hwb build --db {db}` to recompute results.")


@app.command("build")
def build_(db: Path = DB_OPTION) -> None:
    """Recompute the results table from the store's data points."""
    from hwb.engine.build import build

    store = connect(db)
    try:
        with counter("build", "indicator batch") as progress:
            rows = build(store, progress)
    finally:
        store.close()
    console.print(f"{rows} result rows in {db}")


@app.command("demo")
def demo(
    out: Path = typer.Option(Path("hwb-demo"), "--out", help="Where to write the demo board pack."),
    db: Path = DB_OPTION,
) -> None:
    """Load the bundled Leicestershire data, build results and write the demo board pack."""
    from hwb.demo.run import run_demo

    paths = run_demo(db, out)
    console.print(f"Store: {db}")
    console.print(f"Board pack written to {out.resolve()}:")
    for path in paths:
        console.print(f"  {path}")
    console.print(f"Browse it with: hwb serve --db {db}")


if __name__ == "__main__":
    app()
