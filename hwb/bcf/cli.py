"""CLI commands of hwb.bcf (registered in hwb.cli as `hwb bcf`).

Each command takes a plan as PLAN.xlsx, --demo (the Leicestershire plan of the June
2026 board pack) or --db STORE [--plan CODE/YEAR] (a plan stored by `hwb bcf import`).
`check`, `export` and `import` also take a year-end return: a year-end workbook, or
--demo --year-end. Exit codes: 0 fine, 1 a check failed, 2 unreadable or invalid input.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from hwb.bcf.model import Plan, YearEnd
from hwb.errors import InputError
from hwb.cli_common import STORE_OPTION, open_folder

app = typer.Typer(no_args_is_help=True)


def console() -> Console:
    """Standard output, sized to the terminal (or $COLUMNS) at the time of the call."""
    return Console()


def err() -> Console:
    return Console(stderr=True)


PLAN_ARG = typer.Argument(None, help="A plan workbook (.xlsx) as written by `hwb bcf export`.")
DEMO_OPT = typer.Option(False, "--demo", help="Use the Leicestershire demo plan and year-end from the seeds.")
DB_OPT = typer.Option(None, "--db", help="A store folder: its stored plan (with --demo: the demo is stored, then read back).")
PLAN_ID_OPT = typer.Option(None, "--plan", help="Which stored plan: CODE/YEAR or YEAR (default: the newest).")
YEAR_END_OPT = typer.Option(False, "--year-end", help="With --demo: the 2025-26 year-end return, not the plan.")
WORKBOOK_ARG = typer.Argument(None, help="A plan or year-end workbook (.xlsx) as written by `hwb bcf export`.")


@dataclass
class Inputs:
    plan: Plan
    year_end: YearEnd | None


def _inputs(plan_path: Optional[Path], demo: bool, db: Optional[Path], plan_id: Optional[str] = None) -> Inputs:
    """The plan (and last year's year-end return, where there is one), or exit 2."""
    from hwb.bcf.demo import demo_plan, demo_year_end
    from hwb.bcf.store import find_plan, load_demo, load_plan, load_year_end, previous_year

    if plan_path and demo or not (plan_path or demo or db):
        err().print("Give one of PLAN.xlsx, --demo, or --db STORE [--plan CODE/YEAR].")
        raise typer.Exit(2)
    if demo and db is None:
        return Inputs(demo_plan(), demo_year_end())
    plan = None
    if plan_path:
        plan = _read_workbook(plan_path)
        if not isinstance(plan, Plan):
            err().print(escape(f"{plan_path}: a BCF year-end return; this command needs a plan."))
            raise typer.Exit(2)
        if db is None:
            return Inputs(plan, None)
    folder = open_folder(db)
    try:
        if demo:
            for note in load_demo(folder.record):
                err().print(escape(note))
        if plan is None:
            try:
                code, year = find_plan(folder.record, plan_id if not demo else None)
            except LookupError as exc:
                err().print(escape(f"error: {exc}"))
                raise typer.Exit(2) from None
            plan = load_plan(folder.record, code, year)
        return Inputs(plan, load_year_end(folder.record, plan.hwb_code, previous_year(plan.year)))
    finally:
        folder.close()


def _read_workbook(path: Path) -> Plan | YearEnd:
    """A plan or year-end workbook, or exit 2 listing every bad cell."""
    from hwb.bcf.excel_read import import_workbook

    try:
        return import_workbook(path)
    except InputError as exc:
        err().print(f"[bold red]{escape(str(path))}: cannot be read[/]")
        err().print(exc.summary(), markup=False)
        raise typer.Exit(2)


def _subject(path: Optional[Path], demo: bool, db: Optional[Path], year_end: bool,
             plan_id: Optional[str] = None) -> Plan | YearEnd:
    """What `check` and `export` work on: a workbook of either kind, the demo plan or year-end, or a stored plan."""
    if year_end and not (demo or db):
        err().print("--year-end goes with --demo or --db; a workbook's own sheets say whether it is a year-end return.")
        raise typer.Exit(2)
    if path and not demo:
        return _read_workbook(path)
    inputs = _inputs(path, demo, db, plan_id)
    if year_end and inputs.year_end is None:
        err().print("The store holds no year-end return for the year before this plan.")
        raise typer.Exit(2)
    return inputs.year_end if year_end else inputs.plan


def _describe(subject: Plan | YearEnd) -> str:
    if isinstance(subject, Plan):
        return f"BCF plan {subject.hwb_code} {subject.year} ({subject.cover.hwb_name})"
    return f"BCF year-end return {subject.hwb_code} {subject.year} ({subject.hwb_name})"


@app.command()
def check(
    path: Optional[Path] = WORKBOOK_ARG,
    demo: bool = DEMO_OPT,
    db: Optional[Path] = DB_OPT,
    plan_id: Optional[str] = PLAN_ID_OPT,
    year_end: bool = YEAR_END_OPT,
) -> None:
    """Run every check on a plan or year-end return; exit 1 if any fails."""
    from hwb.bcf.rules import any_failed, run_rules
    from hwb.bcf.rules_year_end import run_year_end_rules

    subject = _subject(path, demo, db, year_end, plan_id)
    results = run_rules(subject) if isinstance(subject, Plan) else run_year_end_rules(subject)
    table = Table(title=escape(f"Checks: {_describe(subject)}"))
    table.add_column("Check")
    table.add_column("Result")
    table.add_column("Detail")
    for r in results:
        style = "green" if r.passed else "bold red" if r.failed else "yellow"
        table.add_row(escape(r.name), f"[{style}]{escape(r.outcome)}[/]", escape(r.message))
    console().print(table)
    failed = sum(r.failed for r in results)
    incomplete = sum(not r.passed and not r.failed for r in results)
    console().print(f"{len(results) - failed - incomplete} passed, {failed} failed"
                    + (f", {incomplete} with an incomplete source" if incomplete else ""))
    if any_failed(results):
        raise typer.Exit(1)


@app.command()
def metrics(
    plan_path: Optional[Path] = PLAN_ARG,
    demo: bool = DEMO_OPT,
    db: Optional[Path] = DB_OPT,
    plan_id: Optional[str] = PLAN_ID_OPT,
) -> None:
    """Print each metric, plan and actual by period, and the year-to-date assessment."""
    from hwb.bcf.metrics import SHORT_NAMES, assessments, comparison, display, period_text, published_text

    inputs = _inputs(plan_path, demo, db, plan_id)
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
    path: Optional[Path] = WORKBOOK_ARG,
    demo: bool = DEMO_OPT,
    out: Path = typer.Option(..., "--out", help="The workbook to write (.xlsx)."),
    db: Optional[Path] = DB_OPT,
    plan_id: Optional[str] = PLAN_ID_OPT,
    year_end: bool = YEAR_END_OPT,
) -> None:
    """Write a plan or year-end return as a workbook laid out like the national template."""
    from hwb.bcf.excel import export_plan
    from hwb.bcf.excel_year_end import export_year_end

    subject = _subject(path, demo, db, year_end, plan_id)
    written = export_plan(subject, out) if isinstance(subject, Plan) else export_year_end(subject, out)
    console().print(escape(f"Wrote {written}"))


@app.command("import")
def import_(
    path: Path = typer.Argument(..., help="A plan or year-end workbook (.xlsx)."),
    db: Path = STORE_OPTION,
    replace: bool = typer.Option(False, "--replace", help="Overwrite a stored return that was edited since its import."),
) -> None:
    """Read a plan or year-end workbook into the store (all or nothing)."""
    from hwb.bcf.store import EditedSinceImport, save_plan, save_year_end

    subject = _read_workbook(path)
    folder = open_folder(db)
    try:
        (save_plan if isinstance(subject, Plan) else save_year_end)(
            folder.record, subject, by="command line", source=path.name, replace=replace)
    except EditedSinceImport as exc:
        err().print(escape(f"error: {exc}"))
        raise typer.Exit(2) from None
    finally:
        folder.close()
    if isinstance(subject, Plan):
        detail = f"{len(subject.schemes)} schemes, {len(subject.metrics)} metric figures"
    else:
        detail = f"{len(subject.income)} income lines, {len(subject.metric_plans)} metric figures"
    console().print(escape(f"Stored {_describe(subject)}: {detail}, in {db}"))


@app.command()
def report(
    plan_path: Optional[Path] = PLAN_ARG,
    demo: bool = DEMO_OPT,
    out: Path = typer.Option(..., "--out", help="Directory for the report files."),
    format_list: str = typer.Option("html", "--format", help="Comma-separated: html,pdf,docx,xlsx."),
    db: Optional[Path] = DB_OPT,
    plan_id: Optional[str] = PLAN_ID_OPT,
    meeting_date: Optional[datetime] = typer.Option(
        None, "--meeting-date", formats=["%Y-%m-%d"],
        help="The meeting the paper is for (YYYY-MM-DD); default: the latest with a paper on the plan."),
    item: Optional[str] = typer.Option(
        None, "--item", help="The agenda item of the paper: a plan's paper writes the plan report, a year-end "
                             "return's paper the year-end return as its appendix."),
) -> None:
    """Write the BCF section of the board pack: the board paper that presents the plan, from the
    board's stored business (with --demo and no store: the demo's), where there is one. With
    --item, that agenda item's paper: the plan report, or the year-end return (bcf-year-end.*)."""
    from hwb.bcf.report import bcf_document, bcf_items, paper_subject, stored_paper, year_end_document
    from hwb.reports.render import parse_formats, write_document

    try:
        formats = parse_formats(format_list)
    except ValueError as exc:
        err().print(escape(f"error: {exc}"))
        raise typer.Exit(2) from None
    inputs = _inputs(plan_path, demo, db, plan_id)
    business = _business(db, demo)
    try:
        paper = stored_paper(business, inputs.plan, meeting_date.date() if meeting_date else None, item)
    except LookupError as exc:
        papers = bcf_items(business, meeting_date.date() if meeting_date else None) if item is not None else []
        err().print(escape(f"error: {exc}" + (f"; the BCF papers are {'; '.join(papers)}." if papers else "")))
        raise typer.Exit(2) from None
    if item is None:
        doc, stem = bcf_document(inputs.plan, inputs.year_end, paper), "bcf"
    else:
        subject = paper_subject(paper)
        if subject is None:
            papers = bcf_items(business, paper.meeting.date)
            err().print(escape(f"error: agenda item {item} ({paper.title}) is not a Better Care Fund plan or "
                               "year-end paper; the BCF papers are "
                               + ("; ".join(papers) if papers else "none") + "."))
            raise typer.Exit(2)
        kind, year = subject
        if kind == "plan" and year != inputs.plan.year:
            err().print(escape(f"error: agenda item {item} presents the plan {year}, not the plan "
                               f"{inputs.plan.year}; give --plan {inputs.plan.hwb_code}/{year}."))
            raise typer.Exit(2)
        if kind == "plan":
            doc, stem = bcf_document(inputs.plan, inputs.year_end, paper), "bcf"
        else:
            doc, stem = year_end_document(_year_end_for(inputs, year, db, item), paper), "bcf-year-end"
    for path in write_document(doc, out, stem, formats):
        console().print(escape(f"Wrote {path}"))


def _year_end_for(inputs: Inputs, year: str, db: Optional[Path], item: str) -> YearEnd:
    """The year-end return for `year` that agenda `item` presents, or exit 2."""
    if inputs.year_end is not None and inputs.year_end.year == year:
        return inputs.year_end
    found = None
    if db is not None:
        from hwb.bcf.store import load_year_end

        folder = open_folder(db)
        try:
            found = load_year_end(folder.record, inputs.plan.hwb_code, year)
        finally:
            folder.close()
    if found is None:
        err().print(escape(f"error: agenda item {item} presents the year-end return {year}, which the store does "
                           f"not hold for {inputs.plan.hwb_code}."))
        raise typer.Exit(2)
    return found


def _business(db: Optional[Path], demo: bool):
    """The board's business: the store's, else (with --demo) the demo's, else none."""
    from hwb.board.model import BoardBusiness

    if db is not None:
        from hwb.board.store import load_business

        folder = open_folder(db)
        try:
            return load_business(folder.record)
        finally:
            folder.close()
    if demo:
        from hwb.board.demo import demo_board

        return demo_board()
    return BoardBusiness()


@app.command("plans")
def plans(db: Path = STORE_OPTION) -> None:
    """The plans and year-end returns in the store."""
    from hwb.bcf.store import list_returns

    folder = open_folder(db)
    try:
        found = [(kind, *row) for kind in ("plan", "year_end") for row in list_returns(folder.record, kind)]
    finally:
        folder.close()
    if not found:
        console().print("The store holds no BCF plan; import one with `hwb bcf import PLAN.xlsx`.")
        return
    table = Table(title="Better Care Fund returns in the store")
    for name in ("Plan id", "Board", "Kind", "Version"):
        table.add_column(name)
    for kind, code, year, name, version in found:
        table.add_row(escape(f"{code}/{year}"), escape(name), "plan" if kind == "plan" else "year-end return",
                      str(version))
    console().print(table)


@app.command("figures")
def figures(
    path: Path = typer.Argument(..., help="A CSV of in-year figures, one a row: metric (its name, as the template "
                                          "writes it), kind, period, basis, method, first, second."),
    db: Path = STORE_OPTION,
    plan_id: Optional[str] = PLAN_ID_OPT,
) -> None:
    """Add monthly, quarterly or rolling 12-month figures (usually actuals) to a stored plan, all or nothing.

    A figure for a metric, period, basis and counting method the plan already holds replaces it.
    """
    from hwb.bcf.entry import describe
    from hwb.bcf.figures_csv import read_csv
    from hwb.bcf.rules import within_bounds
    from hwb.bcf.store import find_plan, load_plan, upsert_points

    try:
        points = read_csv(path)
    except InputError as exc:
        err().print(f"[bold red]{escape(str(path))}: cannot be read[/]")
        err().print(exc.summary(), markup=False)
        raise typer.Exit(2) from None
    folder = open_folder(db)
    try:
        try:
            code, year = find_plan(folder.record, plan_id)
        except LookupError as exc:
            err().print(escape(f"error: {exc}"))
            raise typer.Exit(2) from None
        plan = load_plan(folder.record, code, year)
        keys = {(p.metric, p.kind, p.period, p.basis, p.method) for p in points}
        kept = [p for p in plan.metrics if (p.metric, p.kind, p.period, p.basis, p.method) not in keys]
        bounds = within_bounds(dataclasses.replace(plan, metrics=kept + points))[0]
        if not bounds.passed:
            err().print(escape(f"{path}: not stored: {bounds.message}"))
            raise typer.Exit(2)
        added, replaced = upsert_points(folder.record, code, year, points, by="command line")
    finally:
        folder.close()
    for point in points:
        console().print(escape(describe(point)))
    console().print(escape(f"Stored {added} new and {replaced} replaced figures in the {year} plan ({code}), in {db}"))
