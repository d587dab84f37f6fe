"""The `hwb` command line: one entry point, one sub-app per part of the system.

Heavy libraries are imported inside the commands that need them, so that
`hwb --help` and small commands start quickly.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from hwb.cli_common import EXIT_BUSY, EXIT_INPUT, STORE_OPTION, open_folder
from hwb.cli_lazy import Lazy, LazyGroup
from hwb.errors import InputError
from hwb.progress import console, counter, steps


class HwbGroup(LazyGroup):
    lazy = {
        "bcf": Lazy("hwb.bcf.cli", "Better Care Fund plan, checks, metrics and Excel in/out."),
        "board": Lazy("hwb.board.cli", "The board's meetings, resolutions and actions: import, export, reminders."),
        "report": Lazy("hwb.reports.cli", "Board-pack reports in HTML, PDF, Word and Excel."),
        "fingertips": Lazy("hwb.fingertips.cli", "Pull indicators, metadata, areas and neighbours from Fingertips."),
        "strategy": Lazy("hwb.strategy.cli", "The Joint Local Health and Wellbeing Strategy: import and export."),
        "serve": Lazy("hwb.web.cli", "Serve the web dashboard.", whole=False),
        "users": Lazy("hwb.web.cli", "Dashboard accounts (viewer, editor, admin).", whole=False),
    }


app = typer.Typer(
    cls=HwbGroup,
    no_args_is_help=True,
    help="hwb - indicators, strategy reports, Better Care Fund and a web dashboard for a Health and Wellbeing Board.",
)

ENGINE_OPTION = typer.Option("duckdb", "--engine", help="duckdb (this machine) or spark.")
MASTER_OPTION = typer.Option(None, "--master", help="With --engine spark: the Spark master (default local[*]).")
REMOTE_OPTION = typer.Option(None, "--remote", help="With --engine spark: a Spark Connect server, sc://HOST:PORT.")


def _fail_input(error: InputError) -> None:
    console.print("[red]Input rejected - nothing was stored or written.[/red]")
    console.print(error.summary(), markup=False, highlight=False, soft_wrap=True)
    console.print("Fix the cells named above and run the command again.")
    raise typer.Exit(EXIT_INPUT)


def _spark(engine: str, master: Optional[str], remote: Optional[str]):
    """None for DuckDB, or an Ibis backend on Spark; exit 2 with what to do when the options or Spark fail."""
    problem = None
    if engine not in ("duckdb", "spark"):
        problem = f"--engine {engine!r}: give duckdb or spark"
    elif engine == "duckdb" and (master or remote):
        problem = "--master and --remote go with --engine spark"
    elif master and remote:
        problem = "give --master or --remote, not both"
    if problem:
        typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(EXIT_INPUT)
    if engine == "duckdb":
        return None
    from hwb.engine.spark import SparkUnavailable, spark_backend

    try:
        return spark_backend(master, remote)
    except SparkUnavailable as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_INPUT) from None


def _on_spark(spark, what: str):
    """Spark failures while `what` become SparkUnavailable (no-op on DuckDB)."""
    from contextlib import nullcontext

    if spark is None:
        return nullcontext()
    from hwb.engine.spark import spark_errors

    return spark_errors(what)


@app.command("compute")
def compute(
    data: Path = typer.Option(..., "--data", help="DATA.csv: indicator_id, area_code, period, sex, age, count, denominator, ..."),
    indicators: Path = typer.Option(..., "--indicators", help="INDICATORS.csv: indicator_id, name, value_type, multiplier, polarity, ..."),
    areas: Optional[Path] = typer.Option(None, "--areas", help="AREAS.csv: area_code, area_name, area_type, parent_code"),
    neighbours: Optional[Path] = typer.Option(None, "--neighbours", help="NEIGHBOURS.csv: area_code, neighbour_code"),
    out: str = typer.Option(..., "--out", help="RESULTS.csv or .parquet (with --engine spark, Parquet on any path Spark can reach)"),
    engine: str = ENGINE_OPTION,
    master: Optional[str] = MASTER_OPTION,
    remote: Optional[str] = REMOTE_OPTION,
) -> None:
    """Compute values, CIs, comparisons, trends, ranks and quintiles from tidy files."""
    from hwb.engine.compute import compute_files
    from hwb.engine.spark import SparkUnavailable

    spark = _spark(engine, master, remote)
    try:
        with steps("compute", 4) as progress, _on_spark(spark, f"computing {out}"):
            rows = compute_files(data, indicators, areas, neighbours, out, progress, spark)
    except InputError as error:
        _fail_input(error)
    except SparkUnavailable as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    console.print(f"Wrote {rows} result rows to {out}")


@app.command("import")
def import_(
    data: Optional[Path] = typer.Option(None, "--data", help="Tidy DATA.csv/.xlsx"),
    indicators: Optional[Path] = typer.Option(None, "--indicators", help="Tidy INDICATORS.csv/.xlsx"),
    areas: Optional[Path] = typer.Option(None, "--areas", help="Tidy AREAS.csv/.xlsx"),
    neighbours: Optional[Path] = typer.Option(None, "--neighbours", help="Tidy NEIGHBOURS.csv/.xlsx"),
    fingertips: Optional[Path] = typer.Option(None, "--fingertips", help="A Fingertips 'all data' CSV download"),
    db: Path = STORE_OPTION,
) -> None:
    """Import files into the store (all-or-nothing; re-importing the same file changes nothing)."""
    from hwb.ingest.fingertips import read_fingertips
    from hwb.ingest.load import read_tidy, store_batches

    if not any((data, indicators, areas, neighbours, fingertips)):
        console.print("Nothing to import: give --fingertips FILE or one of --data/--indicators/--areas/--neighbours.")
        raise typer.Exit(EXIT_INPUT)
    folder = open_folder(db)
    store = folder.open_evidence()
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
    console.print(f"Imported into {db}. Run `hwb build --db {db}` to recompute and publish the results.")


@app.command("build")
def build_(
    db: Path = STORE_OPTION,
    engine: str = ENGINE_OPTION,
    master: Optional[str] = MASTER_OPTION,
    remote: Optional[str] = REMOTE_OPTION,
) -> None:
    """Recompute the results from the store's data points and publish them to the dashboard and reports."""
    from hwb.engine.build import build
    from hwb.engine.spark import SparkUnavailable, build_on_spark

    spark = _spark(engine, master, remote)
    folder = open_folder(db)
    store = folder.open_evidence()
    try:
        with counter("build", "indicator batch") as progress, _on_spark(spark, "building the results"):
            rows = build(store, progress) if spark is None else build_on_spark(store, spark, progress)
        folder.publish(store)
    except InputError as error:
        _fail_input(error)
    except SparkUnavailable as exc:
        typer.echo(f"error: {exc} (the published results are unchanged)", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    finally:
        store.close()
    console.print(f"{rows} result rows published in {db}")


@app.command("demo")
def demo(
    out: Path = typer.Option(Path("hwb-demo"), "--out", help="Where to write the demo board pack."),
    db: Path = STORE_OPTION,
) -> None:
    """Load the bundled Leicestershire data, build results and write the demo board pack.

    Re-running it keeps everything users entered: progress updates are added, never
    removed, and a BCF plan edited since the demo loaded it is left as it is."""
    from hwb.demo.run import run_demo

    folder = open_folder(db)
    try:
        paths, notes = run_demo(folder, out)
    finally:
        folder.close()
    for note in notes:
        console.print(note)
    console.print(f"Store: {db}")
    console.print(f"Board pack written to {out.resolve()}:")
    for path in paths:
        console.print(f"  {path}")
    console.print(f"Browse it with: hwb serve --db {db}")


@app.command("backup")
def backup(
    to: Path = typer.Argument(..., help="A new folder for the backup."),
    db: Path = STORE_OPTION,
) -> None:
    """Copy the whole store (record and evidence) consistently, while the dashboard keeps serving."""
    from hwb.store.backup import make_backup

    folder = open_folder(db)
    try:
        counts = make_backup(folder, to)
    except FileExistsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    finally:
        folder.close()
    console.print(f"Backed up {sum(counts.values())} rows from {len(counts)} tables to {to}")


@app.command("restore")
def restore(
    source: Path = typer.Argument(..., help="A folder written by `hwb backup`."),
    db: Path = STORE_OPTION,
) -> None:
    """Load a backup into the store. What the store held first is backed up beside it."""
    from hwb.store.backup import restore_backup

    folder = open_folder(db)
    try:
        kept = restore_backup(folder, source)
    except InputError as error:
        _fail_input(error)
    finally:
        folder.close()
    console.print(f"Restored {source} into {db}; what it held before is in {kept}")


def main() -> None:
    """The console entry point: a busy store is one line and exit 3, never a traceback."""
    try:
        app()
    except InputError as error:
        print(error.summary(), file=sys.stderr)
        sys.exit(EXIT_INPUT)
    except Exception as exc:
        from hwb.store.connection import StoreBusy  # loaded already by whatever raised it

        if not isinstance(exc, StoreBusy):
            raise
        print(f"hwb: {exc}", file=sys.stderr)
        sys.exit(EXIT_BUSY)


if __name__ == "__main__":
    main()
