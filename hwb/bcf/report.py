"""The BCF section of the board pack: built once as plain data, then rendered.

`build_section` gathers the year-end summary, metrics plan against actual (with a
Vega-Lite trend chart per metric), income and expenditure, and the check results.
`write_report` renders it as HTML, PDF, DOCX and/or XLSX.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hwb.bcf.charts import trend_spec
from hwb.bcf.metrics import (
    DECIMALS, SHORT_NAMES, assessments, comparison, display, period_text, published_text, round_half_up,
)
from hwb.bcf.model import FUNDING_SOURCES, Plan, YearEnd
from hwb.bcf.render_docx import write_docx
from hwb.bcf.render_html import render_html, write_pdf
from hwb.bcf.render_xlsx import write_xlsx
from hwb.bcf.rules import asc_spend, pounds, run_rules

FORMATS = ("html", "pdf", "docx", "xlsx")


@dataclass
class Table:
    """A titled table of text cells."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class MetricBlock:
    metric: str
    title: str
    table: Table
    chart: dict


@dataclass
class Section:
    title: str
    subtitle: str
    year_end: list[Table] = field(default_factory=list)
    year_end_text: list[tuple[str, str]] = field(default_factory=list)
    metrics: list[MetricBlock] = field(default_factory=list)
    assessments: Table | None = None
    finance: list[Table] = field(default_factory=list)
    checks: Table | None = None


def _money(x: float | None) -> str:
    return "" if x is None else pounds(x)


def _year_end_tables(ye: YearEnd) -> tuple[list[Table], list[tuple[str, str]]]:
    summary = Table(f"BCF metrics {ye.year}: target and actual (as published)",
                    ["Metric", "Target", "Actual", "Commentary"],
                    [[r.metric, r.target, r.actual, r.commentary] for r in ye.summary])
    income = Table(f"Income and expenditure {ye.year}", ["Source of funding", "Planned income", "Updated income"],
                   [[i.source, _money(i.planned), _money(i.updated)] for i in ye.income]
                   + [["Total", _money(ye.planned_income), _money(ye.updated_income)]])
    spent = ye.percent_spent
    dfg = next((i.updated for i in ye.income if i.source == "DFG"), None)
    outturn = Table(f"End of year {ye.year}", ["Measure", "Value"], [
        ["End of year actual expenditure", _money(ye.eoy_expenditure)],
        ["% of planned income spent", "" if spent is None else f"{round_half_up(spent, 0):.0f}%"],
        ["DFG end of year actual expenditure", _money(ye.dfg_actual)],
        ["DFG spent as % of DFG income", "" if not dfg or ye.dfg_actual is None
         else f"{round_half_up(100 * ye.dfg_actual / dfg, 1):.1f}%"],
    ])
    confirmations = Table("National conditions and confirmations", ["Statement", "Confirmation", "Explanation"],
                          [[a.statement, a.answer, a.actions] for a in ye.conditions + ye.confirmations])
    text = [("Change in expenditure since the plan", ye.change_explanation),
            ("Key successes", ye.successes), ("Key challenges", ye.challenges)]
    return [summary, income, outturn, confirmations], [(k, v) for k, v in text if v]


def _metric_blocks(points) -> list[MetricBlock]:
    rows = comparison(points)
    blocks = []
    for metric in dict.fromkeys(r.metric for r in rows):
        mine = [r for r in rows if r.metric == metric]
        table_rows = []
        for r in mine:
            published = [published_text(p.published) if p else "" for p in (r.plan, r.actual)]
            table_rows.append([period_text(r.period, r.basis), display(metric, r.plan_value),
                               display(metric, r.actual_value), published[0], published[1]])
        table = Table(SHORT_NAMES[metric], ["Period", "Plan", "Actual", "Published plan", "Published actual"],
                      table_rows, note=f"Calculated from the template's components to {DECIMALS[metric]} dp; "
                                       "'Published' is the figure as printed in the template.")
        blocks.append(MetricBlock(metric, SHORT_NAMES[metric], table, trend_spec(metric, mine)))
    return blocks


def _assessment_table(points, year_end: YearEnd | None) -> Table:
    published = {a.metric: a.assessment for a in (year_end.assessments if year_end else [])}
    rows = []
    for a in assessments(points):
        stated = published.get(a.metric, "") if year_end and a.year == year_end.year else ""
        rows.append([SHORT_NAMES[a.metric], a.year, str(a.periods), display(a.metric, a.plan_ytd),
                     display(a.metric, a.actual_ytd), a.status, stated])
    return Table("Year to date: plan against actual",
                 ["Metric", "Year", "Periods with both", "Plan YTD", "Actual YTD", "Assessment (hwb)",
                  "Assessment (year-end return)"], rows,
                 note="YTD: admissions pooled over the months with both figures; discharge delay the mean "
                      "of those months; residential admissions the latest rolling 12-month figure.")


def _finance_tables(plan: Plan) -> list[Table]:
    rows = []
    for source in FUNDING_SOURCES:
        income, spend = plan.income.total(source), plan.expenditure(source)
        rows.append([source, pounds(income), pounds(spend), pounds(income - spend)])
    total_in = sum(plan.income.total(s) for s in FUNDING_SOURCES)
    total_out = sum(plan.expenditure(s) for s in FUNDING_SOURCES)
    rows.append(["Total", pounds(total_in), pounds(total_out), pounds(total_in - total_out)])
    balances = Table(f"Income and planned expenditure {plan.year}",
                     ["Source of funding", "Income", "Planned expenditure", "Unallocated"], rows,
                     note=f"Expenditure is the sum of the {len(plan.schemes)} schemes listed in the plan.")
    asc = Table("Adult social care spend from the NHS minimum contribution", ["Minimum required", "Planned"],
                [[_money(plan.income.asc_minimum), pounds(asc_spend(plan))]])
    return [balances, asc]


def build_section(plan: Plan, year_end: YearEnd | None = None) -> Section:
    """The BCF section for `plan` and, if given, the previous year's year-end return."""
    points = plan.metrics + (year_end.metric_plans if year_end else [])
    section = Section(
        title=f"Better Care Fund: {plan.cover.hwb_name}",
        subtitle=f"Plan {plan.year}" + (f" and year-end {year_end.year}" if year_end else ""),
        metrics=_metric_blocks(points),
        assessments=_assessment_table(points, year_end),
        finance=_finance_tables(plan),
        checks=Table(f"Checks on the {plan.year} plan", ["Check", "Result", "Detail"],
                     [[r.name, "Pass" if r.passed else "Fail", r.message] for r in run_rules(plan)]),
    )
    if year_end:
        section.year_end, section.year_end_text = _year_end_tables(year_end)
    return section


def write_report(section: Section, out_dir: str | Path, formats: list[str]) -> list[Path]:
    """Render `section` into `out_dir` in each of `formats`; returns the files written."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {', '.join(unknown)}: expected {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    html = render_html(section) if {"html", "pdf"} & set(formats) else ""
    written = []
    for fmt in formats:
        path = out / f"bcf.{fmt}"
        if fmt == "html":
            path.write_text(html, encoding="utf-8")
        elif fmt == "pdf":
            write_pdf(html, path)
        elif fmt == "docx":
            write_docx(section, path)
        else:
            write_xlsx(section, path)
        written.append(path)
    return written
