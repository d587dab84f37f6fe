"""The BCF section of the board pack, built as a shared report `Document`.

`build_report` gathers the year-end return, the metrics plan against actual (a trend
chart with its data table and text alternative per metric), income and expenditure,
the checks and the schemes; `hwb.reports.render.write_document` renders it.
"""

from __future__ import annotations

import re

from hwb.bcf.charts import trend_alt, trend_spec
from hwb.bcf.metrics import (
    DECIMALS, NOT_ON_TRACK, ON_TRACK, SHORT_NAMES, Row, assessments, comparison, display, period_text,
    published_text, round_half_up,
)
from hwb.bcf.model import DISCHARGE, FUNDING_SOURCES, NEA, REABLEMENT, RESIDENTIAL, Plan, YearEnd
from hwb.bcf.rules import asc_spend, pounds, run_rules
from hwb.bcf.store import load_plan, load_year_end
from hwb.reports.document import (
    Cell, Chart, Document, Footnote, Heading, Legend, Paragraph, Section, Table, text_blocks,
)

SHEETS = {NEA: "Emergency admissions 65+", DISCHARGE: "Discharge delay",
          RESIDENTIAL: "Residential admissions 65+", REABLEMENT: "Reablement 65+"}
STATUS = {"Pass": "green", "Fail": "red", ON_TRACK: "green", NOT_ON_TRACK: "red"}
MONEY = '"£"#,##0'
_PUBLISHED_NUMBER = re.compile(r"-?[\d,]+(\.\d+)?%?")


def _money(x: float | None) -> Cell:
    return Cell("", align="right") if x is None else Cell(pounds(x), x, number_format=MONEY, align="right")


def _percent_format(places: int) -> str:
    return "0." + "0" * places + "%" if places else "0%"


def _percent(part: float | None, whole: float | None, places: int) -> Cell:
    if part is None or not whole:
        return Cell("", align="right")
    share = 100 * part / whole
    return Cell(f"{round_half_up(share, places):.{places}f}%", share / 100,
                number_format=_percent_format(places), align="right")


def _status(text: str) -> Cell:
    """A pass/fail or on-track word, coloured as well."""
    return Cell(text, status=STATUS.get(text))


def _published(text: str) -> Cell:
    """A figure as the return prints it ('1661', '86.2%'): its text, and its number for Excel."""
    if not _PUBLISHED_NUMBER.fullmatch(text.strip()):
        return Cell(text)
    figure = text.strip().rstrip("%").replace(",", "")
    if text.strip().endswith("%"):
        places = len(figure.split(".")[1]) if "." in figure else 0
        return Cell(text, float(figure) / 100, number_format=_percent_format(places), align="right")
    return Cell(text, float(figure), align="right")


def _metric(metric: str, x: float | None) -> Cell:
    if x is None:
        return Cell("", align="right")
    places = DECIMALS[metric]
    return Cell(display(metric, x), round_half_up(x, places), number_format="#,##0." + "0" * places, align="right")


def _published_text(x: float) -> str:
    """A published figure; whole numbers without decimals (the store holds them all as floats)."""
    return published_text(int(x) if float(x).is_integer() else x)


def _published_figure(x: float | None) -> Cell:
    return Cell("", align="right") if x is None else Cell(_published_text(x), x, align="right")


def _places(x: float) -> int:
    text = f"{x}"
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def published_differences(metric: str, rows: list[Row]) -> list[str]:
    """Where the published figure differs from hwb's calculation at the published precision."""
    out = []
    for r in rows:
        for kind, point, calculated in (("plan", r.plan, r.plan_value), ("actual", r.actual, r.actual_value)):
            if point is None or point.published is None or calculated is None:
                continue
            places = _places(point.published)
            if round_half_up(calculated, places) != round_half_up(point.published, places):
                out.append(f"{period_text(r.period, r.basis)} {kind}: published {_published_text(point.published)}, "
                           f"calculated {display(metric, calculated)}")
    return out


def year_end_section(ye: YearEnd) -> Section:
    """The year-end return: board summary, income, outturn, confirmations, successes and challenges."""
    section = Section(f"Year-end return {ye.year}")
    section.add(Table([["Metric", "Target", "Actual", "Commentary"]],
                      [[Cell(r.metric), _published(r.target), _published(r.actual), Cell(r.commentary)]
                       for r in ye.summary],
                      caption=f"BCF metrics {ye.year}: target and actual (as published)",
                      sheet_name="Year-end summary", widths=[30, 8, 8, 54]))
    dfg = next((i.updated for i in ye.income if i.source == "DFG"), None)
    spent, dfg_spent = _percent(ye.eoy_expenditure, ye.planned_income, 0), _percent(ye.dfg_actual, dfg, 1)
    if spent.text:
        sentence = (f"By the end of {ye.year}, {pounds(ye.eoy_expenditure)} had been spent: {spent.text} "
                    f"of the planned income of {pounds(ye.planned_income)}.")
        if dfg_spent.text:
            sentence += (f" Disabled Facilities Grant spend was {pounds(ye.dfg_actual)}, {dfg_spent.text} "
                         f"of the DFG income of {pounds(dfg)}.")
        section.add(Paragraph(sentence, "summary"))
    section.add(
        Table([["Source of funding", "Planned income", "Updated income"]],
              [[Cell(i.source), _money(i.planned), _money(i.updated)] for i in ye.income]
              + [[Cell("Total"), _money(ye.planned_income), _money(ye.updated_income)]],
              caption=f"Income and expenditure {ye.year}", sheet_name="Year-end income", widths=[50, 25, 25]),
        Table([["Measure", "Value"]], [
            [Cell("End of year actual expenditure"), _money(ye.eoy_expenditure)],
            [Cell("% of planned income spent"), spent],
            [Cell("DFG end of year actual expenditure"), _money(ye.dfg_actual)],
            [Cell("DFG spent as % of DFG income"), dfg_spent],
        ], caption=f"End of year {ye.year}", sheet_name="Year-end outturn", widths=[70, 30]),
        Table([["Statement", "Confirmation", "Explanation"]],
              [[Cell(a.statement), Cell(a.answer), Cell(a.actions)] for a in ye.conditions + ye.confirmations],
              caption="National conditions and confirmations", sheet_name="Confirmations", widths=[55, 12, 33]),
    )
    for heading, text in (("Change in expenditure since the plan", ye.change_explanation),
                          ("Key successes", ye.successes), ("Key challenges", ye.challenges)):
        if text.strip():
            section.add(Heading(heading, 3), *text_blocks(text))
    return section


def _assessment_sentence(a) -> str:
    return (f"{SHORT_NAMES[a.metric]}, {a.year}: {a.status.lower()} (actual {display(a.metric, a.actual_ytd)} "
            f"against a plan of {display(a.metric, a.plan_ytd)}, over {a.periods} period"
            f"{'s' if a.periods != 1 else ''} with both figures).")


def metrics_section(plan: Plan, year_end: YearEnd | None) -> Section:
    """Year-to-date assessments, then per metric a trend chart, its data table and notes."""
    points = plan.metrics + (year_end.metric_plans if year_end else [])
    stated = {a.metric: a.assessment for a in (year_end.assessments if year_end else [])}
    section = Section("Metrics: plan against actual", new_page=True)
    found = assessments(points)
    section.add(*[Paragraph(_assessment_sentence(a), "summary") for a in found if a.status in STATUS])
    section.add(
        Table([["Metric", "Year", "Periods with both", "Plan YTD", "Actual YTD", "Assessment (hwb)",
                "Assessment (year-end return)"]],
              [[Cell(SHORT_NAMES[a.metric]), Cell(a.year), Cell(str(a.periods), a.periods, align="right"),
                _metric(a.metric, a.plan_ytd), _metric(a.metric, a.actual_ytd), _status(a.status),
                _status(stated.get(a.metric, "") if year_end and a.year == year_end.year else "")]
               for a in found],
              caption="Year to date: plan against actual", sheet_name="Metrics YTD",
              widths=[24, 9, 9, 10, 10, 19, 19]),
        Footnote("YTD: admissions pooled over the months with both figures; discharge delay the mean of those "
                 "months; residential admissions the latest rolling 12-month figure."),
        Legend("Assessment", [("green", ON_TRACK), ("red", NOT_ON_TRACK), (None, "No actuals to compare yet")]),
    )
    rows = comparison(points)
    for metric in dict.fromkeys(r.metric for r in rows):
        section.add(*metric_blocks(metric, [r for r in rows if r.metric == metric]))
    return section


def metric_blocks(metric: str, rows: list[Row]) -> list:
    """Heading, trend chart, data table and the published-against-calculated notes for one metric."""
    name = SHORT_NAMES[metric]
    rows_shown = [[Cell(period_text(r.period, r.basis)), _metric(metric, r.plan_value),
                   _metric(metric, r.actual_value), _published_figure(r.plan.published if r.plan else None),
                   _published_figure(r.actual.published if r.actual else None)] for r in rows]
    table = Table([["Period", "Plan", "Actual", "Published plan", "Published actual"]], rows_shown,
                  caption=f"{name}: plan and actual by period", sheet_name=SHEETS[metric],
                  widths=[28, 18, 18, 18, 18])
    chart = Chart(trend_spec(metric, rows), trend_alt(metric, rows),
                  "Plan (dashed line) and actual (solid line); the figures are in the table below.")
    blocks = [Heading(name, 3), chart, table,
              Footnote(f"Plan and Actual are calculated from the template's components to {DECIMALS[metric]} dp; "
                       "'Published' is the figure as printed in the template.")]
    differences = published_differences(metric, rows)
    if differences:
        blocks.append(Footnote("Published figure differs from the calculation: " + "; ".join(differences) + "."))
    return blocks


def finance_section(plan: Plan) -> Section:
    """Income against planned expenditure per funding source, and the adult social care minimum."""
    rows = []
    for source in FUNDING_SOURCES:
        income, spend = plan.income.total(source), plan.expenditure(source)
        rows.append([Cell(source), _money(income), _money(spend), _money(income - spend)])
    total_in = sum(plan.income.total(s) for s in FUNDING_SOURCES)
    total_out = sum(plan.expenditure(s) for s in FUNDING_SOURCES)
    rows.append([Cell("Total"), _money(total_in), _money(total_out), _money(total_in - total_out)])
    return Section(f"Income and expenditure {plan.year}").add(
        Table([["Source of funding", "Income", "Planned expenditure", "Unallocated"]], rows,
              caption=f"Income and planned expenditure {plan.year}", sheet_name="Plan income and expenditure",
              widths=[40, 20, 20, 20]),
        Footnote(f"Expenditure is the sum of the {len(plan.schemes)} schemes listed in the plan "
                 "(see the appendix)."),
        Table([["Minimum required", "Planned"]], [[_money(plan.income.asc_minimum), _money(asc_spend(plan))]],
              caption="Adult social care spend from the NHS minimum contribution", sheet_name="ASC minimum",
              widths=[50, 50]),
    )


def checks_section(plan: Plan) -> Section:
    """Every rule's result as a word and a colour, with the amounts involved."""
    results = run_rules(plan)
    failed = [r.name for r in results if not r.passed]
    summary = f"{len(results) - len(failed)} of {len(results)} checks pass."
    if failed:
        summary += f" {len(failed)} fail: {'; '.join(failed)}."
    return Section(f"Checks on the {plan.year} plan").add(
        Paragraph(summary, "summary"),
        Table([["Check", "Result", "Detail"]],
              [[Cell(r.name), _status("Pass" if r.passed else "Fail"), Cell(r.message)] for r in results],
              caption=f"Checks on the {plan.year} plan", sheet_name="Checks", widths=[40, 10, 50]),
        Legend("Result", [("green", "Pass"), ("red", "Fail")]),
    )


def schemes_section(plan: Plan) -> Section:
    """The planned expenditure, scheme by scheme."""
    rows = [[Cell("" if s.number is None else str(s.number), s.number, align="right"), Cell(s.category),
             Cell(s.description), Cell(s.source), Cell(s.asc), _money(s.amount)] for s in plan.schemes]
    return Section(f"Appendix: expenditure schemes {plan.year}", new_page=True).add(
        Table([["No.", "Scheme type", "Description", "Source of funding", "ASC", "Amount"]], rows,
              caption=f"Planned expenditure by scheme {plan.year}", sheet_name="Schemes",
              widths=[5, 24, 33, 20, 6, 12]),
        Footnote("ASC: the scheme is adult social care spend."),
    )


def build_report(plan: Plan, year_end: YearEnd | None = None) -> Document:
    """The BCF section for `plan` and, if given, the previous year's year-end return."""
    name = plan.cover.hwb_name
    doc = Document(title=f"Better Care Fund: {name}",
                   subtitle=f"Plan {plan.year}" + (f" and year-end {year_end.year}" if year_end else ""),
                   footer=f"{name} Health and Wellbeing Board · Better Care Fund {plan.year}")
    doc.sections = ([year_end_section(year_end)] if year_end else []) + [
        metrics_section(plan, year_end), finance_section(plan), checks_section(plan), schemes_section(plan)]
    return doc


def previous_year(year: str) -> str:
    """'2026-27' -> '2025-26'."""
    start = int(year[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


def build_stored_report(store, hwb_code: str, year: str) -> Document:
    """The report for a stored plan, with the stored year-end return of the year before (if any)."""
    return build_report(load_plan(store, hwb_code, year), load_year_end(store, hwb_code, previous_year(year)))
