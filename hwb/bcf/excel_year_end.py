"""Write a BCF year-end return as a workbook laid out like the seed's EOY template.

Sheets 2 to 6 of the template (Cover, National Conditions, Metrics, Income &
Expenditure, Impact Summary), the board's summary table and a checklist; the
plan writer's styles, formulas and neutralisation are reused. `import_workbook`
in `hwb.bcf.excel_read` reads it back.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from openpyxl import Workbook

from hwb.bcf.excel import (
    CALCULATED, MONEY, _checks, _dicts, _fields, _heading, _list_validation, _metric_points, _put, _save, _table,
    _widths, write_totals,
)
from hwb.bcf.excel_layout import (
    ASSESSMENTS, CONFIRMATIONS, IMPACT_FIELDS, SUMMARY, YEAR_END_CONDITIONS, YEAR_END_COVER_FIELDS,
    YEAR_END_FIELDS_ROW, YEAR_END_INCOME, YEAR_END_INCOME_FIELDS, YEAR_END_TITLES, YEAR_END_TOTALS_ROW,
)
from hwb.bcf.excel_totals import year_end_formulas
from hwb.bcf.metrics import NOT_ON_TRACK, ON_TRACK
from hwb.bcf.model import FUNDING_SOURCES, METRICS, YES_NO, YearEnd
from hwb.bcf.rules_year_end import run_year_end_rules, year_end_status


def _sheet(wb, ye: YearEnd, name: str, index: int | None = None):
    ws = wb.create_sheet(name, index)
    _heading(ws, f"Better Care Fund {ye.year} EOY Reporting Template - {ye.hwb_name}", YEAR_END_TITLES[name])
    return ws


def _cover(wb, ye: YearEnd):
    ws = _sheet(wb, ye, "Cover")
    _fields(ws, YEAR_END_FIELDS_ROW, YEAR_END_COVER_FIELDS, asdict(ye))
    _widths(ws, {"A": 60, "B": 40})


def _statements(ws, table, statements):
    _table(ws, table, _dicts(statements), fixed={"condition", "statement"})
    _list_validation(ws, table, "answer", list(YES_NO))
    _widths(ws, {"A": 28, "B": 60, "C": 14, "D": 70})


def _conditions(wb, ye: YearEnd):
    _statements(_sheet(wb, ye, "National Conditions"), YEAR_END_CONDITIONS, ye.conditions)


def _metrics(wb, ye: YearEnd):
    ws = _sheet(wb, ye, "Metrics")
    _metric_points(ws, ye.metric_plans)
    rows = [{**asdict(a), "metric": METRICS.get(a.metric, a.metric)} for a in ye.assessments]
    _table(ws, ASSESSMENTS, rows, fixed={"metric"})
    _list_validation(ws, ASSESSMENTS, "assessment", [ON_TRACK, NOT_ON_TRACK])
    _widths(ws, {ASSESSMENTS.letter("metric"): 50, ASSESSMENTS.letter("assessment"): 26,
                 ASSESSMENTS.letter("note"): 80})


def _income(wb, ye: YearEnd):
    ws = _sheet(wb, ye, "Income & Expenditure")
    _fields(ws, YEAR_END_FIELDS_ROW, YEAR_END_INCOME_FIELDS, asdict(ye),
            {"dfg_actual": MONEY, "eoy_expenditure": MONEY})
    top = YEAR_END_TOTALS_ROW
    for i, label in enumerate(("Total planned income", "Total updated income",
                               "End of Year Actual Expenditure as % of Planned Income")):
        _put(ws, top + i, 1, label, CALCULATED)
    _table(ws, YEAR_END_INCOME, _dicts(ye.income), fixed={"source", "planned"},
           formats={"planned": MONEY, "updated": MONEY})
    _list_validation(ws, YEAR_END_INCOME, "source", list(FUNDING_SOURCES))
    _widths(ws, {"A": 60, "B": 40, "C": 24})


def _impact(wb, ye: YearEnd):
    ws = _sheet(wb, ye, "Impact Summary")
    _fields(ws, YEAR_END_FIELDS_ROW, IMPACT_FIELDS, asdict(ye))
    _statements(ws, CONFIRMATIONS, ye.confirmations)
    _widths(ws, {"A": 40, "B": 100})


def _summary(wb, ye: YearEnd):
    ws = _sheet(wb, ye, "Board Summary")
    _table(ws, SUMMARY, _dicts(ye.summary))
    _widths(ws, {"A": 60, "B": 12, "C": 12, "D": 100})


def _checklist(wb, ye: YearEnd):
    ws = _sheet(wb, ye, "Checklist", 0)
    _checks(ws, {YEAR_END_TITLES[s]: m for s, m in year_end_status(ye).items()}, run_year_end_rules(ye))


def export_year_end(ye: YearEnd, path: str | Path) -> Path:
    """Write the year-end return `ye` to an .xlsx workbook at `path`."""
    wb = Workbook()
    wb.remove(wb.active)
    for build in (_cover, _conditions, _metrics, _income, _impact, _summary, _checklist):
        build(wb, ye)
    write_totals(wb, year_end_formulas())
    return _save(wb, path)
