"""CLI commands of hwb.bcf (registered in hwb.cli as `hwb bcf`).

Each command takes a plan as PLAN.xlsx or --demo (the Leicestershire plan from the
seeds). Exit codes: 0 fine, 1 a check failed, 2 unreadable or invalid input.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from hwb.bcf.model import Plan, YearEnd
from hwb.errors import InputError
from hwb.store.connection import DEFAULT_DB, connect

app = typer.Typer(no_args_is_help=True)


def console() -> Console:
    """Standard output, sized to the terminal (or $COLUMNS) at the time of the call."""
    return Console()


def err() -> Console:
    return Console(stderr=True)


PLAN_ARG = typer.Argument(None, help="A plan workbook (.xlsx) as written by `hwb bcf export`.")
DEMO_OPT = typer.Option(False, "--demo", help="Use the Leicestershire demo plan and year-end from the seeds.")
DB_OPT = typer.Option(None, "--db", help="DuckDB store: the demo is loaded into it and read back.")


@dataclass
class Inputs:
    plan: Plan
    year_end: YearEnd | None


def _previous_year(year: str) -> str:
    start = int(year[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _inputs(plan_path: Optional[Path], demo: bool, db: Optional[Path]) -> Inputs:
    """The plan (and last year's year-end return, where there is one), or exit 2."""
    from hwb.bcf.demo import demo_plan, demo_year_end, load_demo
    from hwb.bcf.excel import import_plan
    from hwb.bcf.store import load_plan, load_year_end

    if bool(plan_path) == demo:
        err().print("Give either PLAN.xlsx or --demo.")
        raise typer.Exit(2)
    if demo and db is None:
        return Inputs(demo_plan(), demo_year_end())
    if demo:
        store = connect(db)
        try:
            plan, year_end = load_demo(store)
            return Inputs(load_plan(store, plan.hwb_code, plan.year),
                          load_year_end(store, year_end.hwb_code, year_end.year))
        finally:
            store.close()
    try:
        plan = import_plan(plan_path)
    except InputError as exc:
        err().print(f"[bold red]{escape(str(plan_path))}: cannot be read[/]")
        err().print(exc.summary(), markup=False)
        raise typer.Exit(2)
    if db is None:
        return Inputs(plan, None)
    store = connect(db)
    try:
        return Inputs(plan, load_year_end(store, plan.hwb_code, _previous_year(plan.year)))
    finally:
        store.close()


@app.command()
def check(
    plan_path: Optional[Path] = PLAN_ARG,
    demo: bool = DEMO_OPT,
    db: Optional[Path] = DB_OPT,
) -> None:
    """Run every check on a plan; exit 1 if any fails."""
    from hwb.bcf.rules import run_rules

    inputs = _inputs(plan_path, demo, db)
    results = run_rules(inputs.plan)
    table = Table(title=escape(f"BCF checks: {inputs.plan.cover.hwb_name} {inputs.plan.year}"))
    table.add_column("Check")
    table.add_column("Result")
    table.add_column("Detail")
    for r in results:
        table.add_row(escape(r.name), "[green]PASS[/]" if r.passed else "[bold red]FAIL[/]", escape(r.message))
    console().print(table)
    failed = sum(not r.passed for r in results)
    console().print(f"{len(results) - failed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)


@app.command()
def metrics(
    plan_path: Optional[Path] = PLAN_ARG,
    demo: bool = DEMO_OPT,
    db: Optional[Path] = DB_OPT,
) -> None:
    """Print each metric, plan and actual by period, and the year-to-date assessment."""
    from hwb.bcf.metrics import SHORT_NAMES, assessments, comparison, display, period_text, published_text

    inputs = _inputs(plan_path, demo, db)
    points = inputs.plan.metrics + (inputs.year_end.metric_plans if inputs.year_end else [])
    rows = comparison(points)
    for metric in dict.fromkeys(r.metric for r in rows):
        table = Table(title=SHORT_NAMES[metric])
        for name in ("Period", "Plan", "Actual", "Published plan", "Published actual"):
            table.add_column(name, justify="left" if name == "Period" else "right")
        for r in (r for r in rows if r.metric == metric):
            table.add_row(period_text(r.period, r.basis),
                          display(r.metric, r.plan_value), display(r.metric, r.actual_value),
                          published_text(r.plan.published if r.plan else None),
                          published_text(r.actual.published if r.actual else None))
        console().print(table)
    ytd = Table(title="Year to date")
    for name in ("Metric", "Year", "Periods", "Plan YTD", "Actual YTD", "Assessment"):
        ytd.add_column(name)
    for a in assessments(points):
        ytd.add_row(SHORT_NAMES[a.metric], a.year, str(a.periods), display(a.metric, a.plan_ytd),
                    display(a.metric, a.actual_ytd), a.status)
    console().print(ytd)


@app.command("export")
def export_(
    plan_path: Optional[Path] = PLAN_ARG,
    demo: bool = DEMO_OPT,
    out: Path = typer.Option(..., "--out", help="The workbook to write (.xlsx)."),
    db: Optional[Path] = DB_OPT,
) -> None:
    """Write a plan as a workbook laid out like the national template."""
    from hwb.bcf.excel import export_plan

    inputs = _inputs(plan_path, demo, db)
    console().print(escape(f"Wrote {export_plan(inputs.plan, out)}"))


@app.command("import")
def import_(
    plan_path: Path = typer.Argument(..., help="A plan workbook (.xlsx)."),
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help="DuckDB store to load the plan into."),
) -> None:
    """Read a plan workbook into the store (all or nothing)."""
    from hwb.bcf.store import save_plan

    plan = _inputs(plan_path, False, None).plan
    store = connect(db)
    try:
        save_plan(store, plan)
    finally:
        store.close()
    console().print(escape(f"Stored BCF plan {plan.hwb_code} {plan.year} ({plan.cover.hwb_name}): "
                           f"{len(plan.schemes)} schemes, {len(plan.metrics)} metric figures, in {db}"))


@app.command()
def report(
    plan_path: Optional[Path] = PLAN_ARG,
    demo: bool = DEMO_OPT,
    out: Path = typer.Option(..., "--out", help="Directory for the report files."),
    format_list: str = typer.Option("html", "--format", help="Comma-separated: html,pdf,docx,xlsx."),
    db: Optional[Path] = DB_OPT,
) -> None:
    """Write the BCF section of the board pack."""
    from hwb.bcf.report import build_report
    from hwb.reports.render import parse_formats, write_document

    try:
        formats = parse_formats(format_list)
    except ValueError as exc:
        err().print(escape(f"error: {exc}"))
        raise typer.Exit(2) from None
    inputs = _inputs(plan_path, demo, db)
    for path in write_document(build_report(inputs.plan, inputs.year_end), out, "bcf", formats):
        console().print(escape(f"Wrote {path}"))
