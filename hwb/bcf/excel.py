"""Write a BCF plan as a workbook laid out like the national numerical template.

Input cells are yellow and calculated cells blue, as in the template; totals,
running balances, the ASC spend and metric values are Excel formulas. Text is
neutralised against formula injection. `import_plan` reads the workbook back.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

from hwb.bcf.categories import SCHEME_TYPES
from hwb.bcf.excel_layout import (
    ASC_ROW, ASSURANCES, BALANCES_ROW, COVER_FIELDS, COVER_FIRST_ROW, DISTRICTS, INCOME_FIELDS,
    INCOME_FIRST_ROW, INCOME_LINES, INCOME_TOTALS_ROW, LAST_ROW, METRIC_POINTS, METRIC_VALUE_COL,
    NARRATIVE, NARRATIVE_TABLES, PEOPLE, PUBLISHED_BALANCES, PUBLISHED_FIELDS, PUBLISHED_FIRST_ROW, SCHEMES, SHEET_TITLES,
    TABLE_COLUMNS_ROW, TABLE_TOTAL_ROW, Table, neutralise,
)
from hwb.bcf.excel_read import import_plan  # noqa: F401  (the other half of this module's job)
from hwb.bcf.excel_totals import total_formulas
from hwb.bcf.model import DISCHARGE, FUNDING_SOURCES, METRICS, REABLEMENT, MetricPoint, Plan
from hwb.bcf.rules import TEMPLATE_COMPLETE, TEMPLATE_INCOMPLETE, RuleResult, run_rules, sheet_status

INPUT = PatternFill("solid", fgColor="FFF2CC")  # yellow: open for input
CALCULATED = PatternFill("solid", fgColor="DDEBF7")  # blue: pre-populated or calculated
HEADER = PatternFill("solid", fgColor="D9D9D9")
PASS_FILL = PatternFill("solid", fgColor="C6EFCE")
FAIL_FILL = PatternFill("solid", fgColor="FFC7CE")
SOURCE_FILL = PatternFill("solid", fgColor="FFEB9C")  # amber: the source is incomplete, no rule failed
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MONEY = '"£"#,##0.##;-"£"#,##0.##'
WRAP = Alignment(wrap_text=True, vertical="top")


def _put(ws, row: int, col: int, value, fill=INPUT, number_format: str | None = None):
    if isinstance(value, str):
        value = neutralise(value) if value else None
    cell = ws.cell(row=row, column=col, value=value)
    cell.fill, cell.border, cell.alignment = fill, BOX, WRAP
    if number_format:
        cell.number_format = number_format
    return cell


def _formula(ws, row: int, col: int, formula: str, number_format: str | None = MONEY):
    cell = ws.cell(row=row, column=col, value=formula)
    cell.fill, cell.border = CALCULATED, BOX
    if number_format:
        cell.number_format = number_format
    return cell


def _header(ws, row: int, col: int, text: str):
    cell = ws.cell(row=row, column=col, value=text)
    cell.font, cell.fill, cell.border, cell.alignment = Font(bold=True), HEADER, BOX, WRAP


def _heading(ws, title: str, subtitle: str):
    ws["A1"] = neutralise(title)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = subtitle
    ws["A2"].font = Font(bold=True, size=12)


def _title(ws, plan: Plan, sheet: str):
    _heading(ws, f"Better Care Fund {plan.year} Numerical Template - {plan.cover.hwb_name}", SHEET_TITLES[sheet])


def _fields(ws, first_row: int, fields, values: dict, formats: dict[str, str] | None = None):
    for i, (attr, label) in enumerate(fields):
        ws.cell(row=first_row + i, column=1, value=label).alignment = WRAP
        _put(ws, first_row + i, 2, values[attr], number_format=(formats or {}).get(attr))


def _table(ws, table: Table, rows: list[dict], fixed=frozenset(), formats: dict[str, str] | None = None):
    for attr, header in table.columns:
        _header(ws, table.header_row, table.col(attr), header)
    for r, row in enumerate(rows, start=table.first_row):
        for attr, _ in table.columns:
            fill = CALCULATED if attr in fixed else INPUT
            _put(ws, r, table.col(attr), row[attr], fill, (formats or {}).get(attr))


def _dicts(items) -> list[dict]:
    return [asdict(item) for item in items]


def _list_validation(ws, table: Table, attr: str, options: list[str] | str):
    formula = options if isinstance(options, str) else '"' + ",".join(options) + '"'
    dv = DataValidation(type="list", formula1=formula, allow_blank=True)
    dv.add(f"{table.letter(attr)}{table.first_row}:{table.letter(attr)}{LAST_ROW}")
    ws.add_data_validation(dv)


def _widths(ws, widths: dict[str, int]):
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width


def _cover(wb, plan: Plan):
    ws = wb.create_sheet("Cover")
    _title(ws, plan, "Cover")
    values = {**asdict(plan.cover), "hwb_code": plan.hwb_code, "year": plan.year, "source": plan.source}
    _fields(ws, COVER_FIRST_ROW, COVER_FIELDS, values)
    _table(ws, PEOPLE, values["people"], fixed={"section", "role"})
    _widths(ws, {"A": 48, "B": 40, "C": 14, "D": 14, "E": 16, "F": 32, "G": 18})


def write_totals(wb, formulas: dict[tuple[str, str], str]):
    """Put each total formula in its cell, styled as calculated."""
    for (sheet, coord), formula in formulas.items():
        cell = wb[sheet][coord]
        _formula(wb[sheet], cell.row, cell.column, formula, "0%" if formula.startswith("=IF(") else MONEY)


def _income(wb, plan: Plan):
    ws = wb.create_sheet("Income")
    _title(ws, plan, "Income")
    _fields(ws, INCOME_FIRST_ROW, INCOME_FIELDS, asdict(plan.income), {"asc_minimum": MONEY})
    top = INCOME_TOTALS_ROW
    _header(ws, top - 1, 1, "Source of funding")
    _header(ws, top - 1, 2, "Total contribution (£)")
    for i, source in enumerate(FUNDING_SOURCES):
        _put(ws, top + i, 1, source, CALCULATED)
    end = top + len(FUNDING_SOURCES)
    _put(ws, end, 1, "Total BCF pooled budget", CALCULATED)
    _put(ws, end + 1, 1, "DFG district breakdown total", CALCULATED)
    _table(ws, INCOME_LINES, _dicts(plan.income.lines), formats={"amount": MONEY})
    _table(ws, DISTRICTS, _dicts(plan.income.dfg_districts), formats={"amount": MONEY})
    _list_validation(ws, INCOME_LINES, "source", list(FUNDING_SOURCES))
    _widths(ws, {"A": 48, "B": 40, "C": 18, "D": 40, "F": 34, "G": 16})


def _expenditure(wb, plan: Plan):
    ws = wb.create_sheet("Expenditure")
    _title(ws, plan, "Expenditure")
    for col, text in enumerate(("Running balances", "Income", "Expenditure", "Balance"), start=1):
        _header(ws, BALANCES_ROW - 1, col, text)
    for i, source in enumerate(FUNDING_SOURCES):
        _put(ws, BALANCES_ROW + i, 1, source, CALCULATED)
    _put(ws, BALANCES_ROW + len(FUNDING_SOURCES), 1, "Total", CALCULATED)
    _header(ws, ASC_ROW - 1, 1, "Adult Social Care services spend from the NHS minimum allocations")
    _header(ws, ASC_ROW - 1, 2, "Minimum required spend")
    _header(ws, ASC_ROW - 1, 3, "Planned spend")
    _table(ws, SCHEMES, _dicts(plan.schemes), formats={"amount": MONEY})
    _list_validation(ws, SCHEMES, "source", list(FUNDING_SOURCES))
    _list_validation(ws, SCHEMES, "asc", ["Yes", "No"])
    guide = wb["Scheme types"]
    _list_validation(ws, SCHEMES, "category", f"='{guide.title}'!$B$2:$B${len(SCHEME_TYPES) + 1}")
    _widths(ws, {"A": 36, "B": 44, "C": 48, "D": 34, "E": 16, "F": 18})


def _metric_points(ws, points: list[MetricPoint]):
    """The metric figures table with a calculated value for each row."""
    t = METRIC_POINTS
    rows = [{**asdict(p), "metric": METRICS.get(p.metric, p.metric)} for p in points]
    _table(ws, t, rows, formats={"proportion": "0.0%", "days": "0.00"})
    _header(ws, t.header_row, METRIC_VALUE_COL, "Value (calculated)")
    c, d, p, days = (t.letter(a) for a in ("count", "denominator", "proportion", "days"))
    for r, point in enumerate(points, start=t.first_row):
        if point.metric == DISCHARGE:
            formula = f'=IF(AND(ISNUMBER({p}{r}),ISNUMBER({days}{r})),(1-{p}{r})*{days}{r},"")'
        else:
            scale = 100 if point.metric == REABLEMENT else 100000
            formula = f'=IF(AND(ISNUMBER({c}{r}),ISNUMBER({d}{r})),{c}{r}/{d}{r}*{scale},"")'
        _formula(ws, r, METRIC_VALUE_COL, formula, "0.00" if point.metric == DISCHARGE else "#,##0.0")
    _list_validation(ws, t, "kind", ["plan", "actual"])
    _widths(ws, {"A": 50, "B": 10, "C": 12, "D": 30, "E": 12, "F": 10, "G": 14, "H": 14, "I": 14, "J": 12, "K": 14})


def _metrics(wb, plan: Plan):
    ws = wb.create_sheet("Metrics")
    _title(ws, plan, "Metrics")
    _metric_points(ws, plan.metrics)


def _conditions(wb, plan: Plan):
    ws = wb.create_sheet("National Conditions")
    _title(ws, plan, "National Conditions")
    _table(ws, ASSURANCES, _dicts(plan.assurances), fixed={"condition", "requirement", "statement"})
    _list_validation(ws, ASSURANCES, "answer", ["Yes", "No"])
    _widths(ws, {"A": 40, "B": 60, "C": 60, "D": 14, "E": 40, "F": 20})


def _published(wb, plan: Plan):
    ws = wb.create_sheet("Published Totals")
    _title(ws, plan, "Published Totals")
    _fields(ws, PUBLISHED_FIRST_ROW, PUBLISHED_FIELDS, asdict(plan.published),
            {"pooled_total": MONEY, "asc_planned": MONEY})
    _table(ws, PUBLISHED_BALANCES, _dicts(plan.published.balances),
           formats={"income": MONEY, "expenditure": MONEY, "balance": MONEY})
    _list_validation(ws, PUBLISHED_BALANCES, "source", list(FUNDING_SOURCES))
    _widths(ws, {"A": 60, "B": 30, "C": 30, "D": 30})


def table_cells(plan: Plan) -> list[dict]:
    """The narrative tables flattened to one dict per cell (the layout of NARRATIVE_TABLES)."""
    out = []
    for t in plan.tables:
        head = {"number": t.number, "title": t.title, "after": t.after, "source_lines": t.source_lines}
        out += [{**head, "row": TABLE_COLUMNS_ROW, "column": c.heading, "unit": c.unit, "value": None, "text": ""}
                for c in t.columns]
        headings = [c.heading for c in t.columns[1:]]
        for label, cells in [(r.label, r.values) for r in t.rows] + [(TABLE_TOTAL_ROW, t.published_totals)]:
            out += [{**head, "row": label, "column": h, "unit": "", "value": v.number, "text": v.text}
                    for h, v in zip(headings, cells)]
    return out


def _narrative_tables(wb, plan: Plan):
    ws = wb.create_sheet("Narrative Tables")
    _title(ws, plan, "Narrative Tables")
    _table(ws, NARRATIVE_TABLES, table_cells(plan))
    _widths(ws, {"A": 8, "B": 40, "C": 10, "D": 12, "E": 40, "F": 30, "G": 12, "H": 14, "I": 60})


def _narrative(wb, plan: Plan):
    ws = wb.create_sheet("Narrative")
    _title(ws, plan, "Narrative")
    _table(ws, NARRATIVE, _dicts(plan.narrative), fixed={"number", "question"})
    _widths(ws, {"A": 10, "B": 50, "C": 120})


def _checklist(wb, plan: Plan):
    ws = wb.create_sheet("Checklist", 0)
    _title(ws, plan, "Checklist")
    _checks(ws, {SHEET_TITLES[s]: m for s, m in sheet_status(plan).items()}, run_rules(plan))


def _checks(ws, status: dict[str, list[str]], results: list[RuleResult]):
    """The checklist: overall status, each sheet complete, then every rule's result."""
    complete = not any(status.values())
    cell = _put(ws, 3, 1, TEMPLATE_COMPLETE if complete else TEMPLATE_INCOMPLETE, PASS_FILL if complete else FAIL_FILL)
    cell.font = Font(bold=True)
    _header(ws, 5, 1, "Sheet")
    _header(ws, 5, 2, "Complete")
    for i, (sheet, missing) in enumerate(status.items(), start=6):
        _put(ws, i, 1, sheet, CALCULATED)
        _put(ws, i, 2, "No" if missing else "Yes", FAIL_FILL if missing else PASS_FILL)
    start = 7 + len(status)
    for col, text in enumerate(("Check", "Result", "Detail"), start=1):
        _header(ws, start, col, text)
    for i, result in enumerate(results, start=start + 1):
        _put(ws, i, 1, result.name, CALCULATED)
        _put(ws, i, 2, result.outcome, FAIL_FILL if result.failed else PASS_FILL if result.passed else SOURCE_FILL)
        _put(ws, i, 3, result.message, CALCULATED)
    _widths(ws, {"A": 52, "B": 12, "C": 100})


def _scheme_types(wb):
    ws = wb.create_sheet("Scheme types")
    _header(ws, 1, 1, "Number")
    _header(ws, 1, 2, "Category of scheme (4a. Expenditure Guidance)")
    for i, name in enumerate(SCHEME_TYPES, start=2):
        _put(ws, i, 1, i - 1, CALCULATED)
        _put(ws, i, 2, name, CALCULATED)
    _widths(ws, {"A": 10, "B": 90})


def export_plan(plan: Plan, path: str | Path) -> Path:
    """Write `plan` to an .xlsx workbook at `path`."""
    wb = Workbook()
    wb.remove(wb.active)
    _scheme_types(wb)
    for build in (_cover, _income, _expenditure, _metrics, _conditions, _narrative, _narrative_tables, _published,
                  _checklist):
        build(wb, plan)
    write_totals(wb, total_formulas())
    wb.move_sheet("Scheme types", offset=len(wb.sheetnames))
    return _save(wb, path)


def _save(wb: Workbook, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
