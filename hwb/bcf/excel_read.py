"""Read a BCF plan or year-end workbook written by `hwb.bcf.excel` (or filled in by hand).

Only input cells are read; calculated cells are recomputed and checked: each total
must still hold its formula, or a number equal to the total recomputed from the
inputs (an overwritten total is named by its cell). Negative or non-finite amounts,
repeated scheme numbers and merged cells are refused. Every bad cell is reported
with file, sheet, cell and what was expected, and nothing is returned unless the
whole workbook is good; a damaged file is a located error, never a traceback.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from hwb.bcf.categories import scheme_type
from hwb.bcf.excel_layout import (
    ASSESSMENTS, ASSURANCES, CONFIRMATIONS, COVER_FIELDS, COVER_FIRST_ROW, DISTRICTS, IMPACT_FIELDS,
    INCOME_FIELDS, INCOME_FIRST_ROW, INCOME_LINES, METRIC_POINTS, NARRATIVE, NARRATIVE_TABLES, PEOPLE, PUBLISHED_BALANCES,
    PUBLISHED_FIELDS, PUBLISHED_FIRST_ROW, SCHEMES, SUMMARY, TABLE_COLUMNS_ROW, TABLE_TOTAL_ROW,
    YEAR_END_CONDITIONS, YEAR_END_COVER_FIELDS, YEAR_END_FIELDS_ROW, YEAR_END_INCOME, YEAR_END_INCOME_FIELDS,
    YEAR_END_MARK, Table, restore,
)
from hwb.bcf.excel_totals import total_formulas, total_values, year_end_formulas, year_end_values
from hwb.bcf.metrics import NOT_ON_TRACK, ON_TRACK
from hwb.bcf.model import (
    BASES, FUNDING_SOURCES, KINDS, METRICS, YES_NO, Assurance, Cover, District, Income,
    IncomeLine, MetricAssessment, MetricPoint, NarrativeAnswer, NarrativeTable, Person, Plan, Published,
    PublishedBalance, Scheme, SummaryRow, TableCell, TableColumn, TableRow, YearEnd, YearEndIncome,
)
from hwb.errors import InputError, LocatedError
from hwb.ingest.xlsx_guard import damaged_workbook_errors, open_workbook

TOTAL_TOLERANCE = 0.005  # half a penny

_YEAR = re.compile(r"^\d{4}-\d{2}$")
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_METRIC_BY_NAME = {name.lower(): key for key, name in METRICS.items()}


class _Reader:
    """Parses cells of one workbook, collecting located errors."""

    def __init__(self, path: Path, wb):
        self.path, self.wb, self.errors = path, wb, []

    def error(self, sheet: str, cell, header: str, message: str):
        self.errors.append(LocatedError(
            f"{self.path.name} [{sheet}]", cell.row, f"{cell.column_letter} ({header})",
            f"cell {cell.coordinate}: {message}",
        ))

    def sheet(self, name: str):
        if name not in self.wb.sheetnames:
            self.errors.append(LocatedError(self.path.name, None, None, f"sheet {name!r} is missing"))
            return None
        return self.wb[name]

    def raw(self, sheet: str, cell, header: str):
        if cell.data_type == "f":
            self.error(sheet, cell, header, f"expected a value, found a formula {cell.value!r}")
            return None
        return cell.value

    def text(self, sheet, cell, header) -> str:
        value = self.raw(sheet, cell, header)
        if value is None:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(int(value)) if float(value).is_integer() else str(value)
        if isinstance(value, (datetime, date)):
            return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
        return restore(str(value))

    def number(self, sheet, cell, header, what="a number") -> float | int | None:
        value = self.raw(sheet, cell, header)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            self.error(sheet, cell, header, f"expected {what}, got {value!r}")
            return None
        if isinstance(value, (int, float)):
            number = value
        else:
            cleaned = str(value).strip().replace("£", "").replace(",", "")
            try:
                number = float(cleaned.rstrip("%")) / (100 if cleaned.endswith("%") else 1)
            except ValueError:
                self.error(sheet, cell, header, f"expected {what}, got {value!r}")
                return None
            if math.isfinite(number) and number.is_integer() and "." not in cleaned:
                number = int(number)
        if not math.isfinite(number):
            self.error(sheet, cell, header, f"expected {what}, got {value!r}, which is not a finite number")
            return None
        return number

    def integer(self, sheet, cell, header) -> int | None:
        value = self.number(sheet, cell, header, "a whole number")
        if value is not None and not float(value).is_integer():
            self.error(sheet, cell, header, f"expected a whole number, got {value!r}")
            return None
        return None if value is None else int(value)

    def choice(self, sheet, cell, header, options, resolve=None) -> str:
        text = self.text(sheet, cell, header).strip()
        if not text:
            return ""
        found = resolve(text) if resolve else next((o for o in options if o.lower() == text.lower()), None)
        if found is None:
            shown = ", ".join(options) if len(options) <= 6 else f"one of the {len(options)} listed"
            self.error(sheet, cell, header, f"expected {shown}, got {text!r}")
            return ""
        return found

    def table(self, table: Table, parse: dict) -> list[dict]:
        """Rows of `table` as dicts, skipping fully empty rows; `parse` maps attribute to a parser."""
        ws = self.sheet(table.sheet)
        if ws is None:
            return []
        rows = []
        for r in range(table.first_row, ws.max_row + 1):
            cells = {attr: ws.cell(row=r, column=table.col(attr)) for attr, _ in table.columns}
            if all(c.value in (None, "") for c in cells.values()):
                continue
            headers = dict(table.columns)
            rows.append({attr: parse.get(attr, _Reader.text)(self, table.sheet, cells[attr], headers[attr])
                         for attr in cells})
        return rows

    def fields(self, sheet: str, first_row: int, fields, parse: dict) -> dict:
        ws = self.sheet(sheet)
        if ws is None:
            return {attr: parse.get(attr, _Reader.text)(self, sheet, _Blank(), label) for attr, label in fields}
        return {attr: parse.get(attr, _Reader.text)(self, sheet, ws.cell(row=first_row + i, column=2), label)
                for i, (attr, label) in enumerate(fields)}


class _Blank:
    """Stands in for a cell of a missing sheet (already reported)."""

    value, data_type, row, column_letter, coordinate = None, "n", None, "", ""


def _yes_no(reader, sheet, cell, header):
    return reader.choice(sheet, cell, header, YES_NO)


def _amount(reader, sheet, cell, header):
    amount = reader.number(sheet, cell, header, "an amount in pounds")
    if amount is not None and amount < 0:
        reader.error(sheet, cell, header, f"expected an amount of £0 or more, got {amount!r}")
        return None
    return amount


def _source(reader, sheet, cell, header):
    return reader.choice(sheet, cell, header, FUNDING_SOURCES)


def _category(reader, sheet, cell, header):
    return reader.choice(sheet, cell, header, ["a scheme type of '4a. Expenditure Guidance'"], scheme_type)


def _metric(reader, sheet, cell, header):
    return reader.choice(sheet, cell, header, list(METRICS),
                         lambda t: t if t in METRICS else _METRIC_BY_NAME.get(t.lower()))


def _period(reader, sheet, cell, header):
    value = reader.raw(sheet, cell, header)
    if isinstance(value, (datetime, date)):
        return f"{value.year:04d}-{value.month:02d}"
    text = reader.text(sheet, cell, header).strip()
    if not _PERIOD.match(text):
        reader.error(sheet, cell, header, f"expected a period as YYYY-MM, got {text!r}")
    return text


def _key(reader, sheet, cell, header):
    text = reader.text(sheet, cell, header).strip()
    if not text:
        reader.error(sheet, cell, header, "required: the workbook cannot be stored without it")
    return text


def _year(reader, sheet, cell, header):
    text = _key(reader, sheet, cell, header)
    if text and not _YEAR.match(text):
        reader.error(sheet, cell, header, f"expected a financial year like 2026-27, got {text!r}")
    return text


def _metric_points(reader: _Reader) -> list[MetricPoint]:
    return [MetricPoint(**row) for row in reader.table(METRIC_POINTS, {
        "metric": _metric, "kind": lambda r, s, c, h: r.choice(s, c, h, KINDS),
        "period": _period, "basis": lambda r, s, c, h: r.choice(s, c, h, BASES),
        **{n: _Reader.number for n in ("count", "denominator", "proportion", "days", "published")},
        "method": _Reader.text,
    })]


def _read(reader: _Reader) -> Plan:
    cover = reader.fields("Cover", COVER_FIRST_ROW, COVER_FIELDS,
                          {"hwb_code": _key, "year": _year, "signed_off": _yes_no})
    people = [Person(**row) for row in reader.table(PEOPLE, {})]
    income = reader.fields("Income", INCOME_FIRST_ROW, INCOME_FIELDS,
                           {"additional_la": _yes_no, "additional_nhs": _yes_no, "asc_minimum": _amount})
    lines = [IncomeLine(**row) for row in reader.table(INCOME_LINES, {"source": _source, "amount": _amount})]
    districts = [District(**row) for row in reader.table(DISTRICTS, {"amount": _amount})]
    schemes = [Scheme(**row) for row in reader.table(SCHEMES, {
        "number": _Reader.integer, "category": _category, "source": _source, "asc": _yes_no, "amount": _amount,
    })]
    metrics = _metric_points(reader)
    assurances = [Assurance(**row) for row in reader.table(ASSURANCES, {"answer": _yes_no})]
    narrative = [NarrativeAnswer(**row) for row in reader.table(NARRATIVE, {"number": _Reader.integer})]
    hwb_code, year, source = cover.pop("hwb_code"), cover.pop("year"), cover.pop("source")
    return Plan(
        hwb_code=hwb_code, year=year, source=source, published=_published(reader), tables=_narrative_tables(reader),
        cover=Cover(**cover, people=people),
        income=Income(lines=lines, dfg_districts=districts, **income),
        schemes=schemes, metrics=metrics, assurances=assurances, narrative=narrative,
    )


def _merged(reader: _Reader, sheets) -> None:
    """Merged cells hide inputs and shift tables: refuse them, naming each range."""
    for name in sheets:
        if name in reader.wb.sheetnames:
            for merged in reader.wb[name].merged_cells.ranges:
                first = reader.wb[name].cell(row=merged.min_row, column=merged.min_col)
                reader.error(name, first, "merged cells", f"cells {merged.coord} are merged; unmerge them so "
                                                          "each value has its own cell")


def _repeated_numbers(reader: _Reader) -> None:
    """Each scheme number once: a repeat is named by its cell."""
    ws = reader.wb[SCHEMES.sheet] if SCHEMES.sheet in reader.wb.sheetnames else None
    if ws is None:
        return
    col = SCHEMES.col("number")
    cells = [ws.cell(row=r, column=col) for r in range(SCHEMES.first_row, ws.max_row + 1)]
    cells = [c for c in cells if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)]
    counts = Counter(c.value for c in cells)
    seen: dict = {}
    for c in cells:
        if counts[c.value] > 1 and c.value in seen:
            reader.error(SCHEMES.sheet, c, dict(SCHEMES.columns)["number"],
                         f"scheme number {c.value:g} is used again (first in {seen[c.value]})")
        seen.setdefault(c.value, c.coordinate)


def _totals(reader: _Reader, formulas: dict, values: dict) -> None:
    """Each total holds its formula, or a number equal to the total recomputed from the inputs."""
    for (sheet, coord), formula in formulas.items():
        if sheet not in reader.wb.sheetnames:
            continue
        cell = reader.wb[sheet][coord]
        label = reader.wb[sheet].cell(row=cell.row, column=1).value or "total"
        expected = values.get((sheet, coord))
        if cell.data_type == "f":
            if str(cell.value).replace(" ", "") != formula.replace(" ", ""):
                reader.error(sheet, cell, str(label), f"the total's formula was changed: expected {formula}, "
                                                      f"found {cell.value}")
        elif isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
            if expected is None or not math.isfinite(cell.value) or abs(cell.value - expected) >= TOTAL_TOLERANCE:
                shown = "cannot be calculated" if expected is None else f"come to {expected:,.2f}"
                reader.error(sheet, cell, str(label), f"holds {cell.value:,.2f} but the figures it totals {shown}: "
                                                      f"the total was overwritten (expected the formula {formula})")
        else:
            reader.error(sheet, cell, str(label), f"the total's formula {formula} is missing")


def _published(reader: _Reader) -> Published:
    """The template's totals as published (an older workbook without the sheet has none)."""
    if "Published Totals" not in reader.wb.sheetnames:
        return Published()
    fields = reader.fields("Published Totals", PUBLISHED_FIRST_ROW, PUBLISHED_FIELDS,
                           {"pooled_total": _amount, "asc_planned": _amount})
    balances = [PublishedBalance(**row) for row in reader.table(PUBLISHED_BALANCES, {
        "source": _source, "income": _amount, "expenditure": _amount, "balance": _Reader.number})]
    return Published(balances=balances, **fields)


def _narrative_tables(reader: _Reader) -> list[NarrativeTable]:
    """Tables 1-4 rebuilt from their one-cell-per-row sheet (an older workbook without it has none)."""
    if "Narrative Tables" not in reader.wb.sheetnames:
        return []
    tables: dict[int, NarrativeTable] = {}
    for c in reader.table(NARRATIVE_TABLES, {"number": _Reader.integer, "after": _Reader.integer,
                                             "value": _Reader.number}):
        t = tables.setdefault(c["number"], NarrativeTable(c["number"], c["title"], c["after"],
                                                          source_lines=c["source_lines"]))
        cell = TableCell(c["value"], c["text"])
        if c["row"] == TABLE_COLUMNS_ROW:
            t.columns.append(TableColumn(c["column"], c["unit"]))
        elif c["row"] == TABLE_TOTAL_ROW:
            t.published_totals.append(cell)
        else:
            if not t.rows or t.rows[-1].label != c["row"] or len(t.rows[-1].values) == len(t.columns) - 1:
                t.rows.append(TableRow(c["row"]))
            t.rows[-1].values.append(cell)
    return list(tables.values())


def _assessment(reader, sheet, cell, header):
    return reader.choice(sheet, cell, header, (ON_TRACK, NOT_ON_TRACK))


def _read_year_end(reader: _Reader) -> YearEnd:
    cover = reader.fields("Cover", YEAR_END_FIELDS_ROW, YEAR_END_COVER_FIELDS,
                          {"hwb_code": _key, "year": _year, "signed_off": _yes_no})
    money = reader.fields("Income & Expenditure", YEAR_END_FIELDS_ROW, YEAR_END_INCOME_FIELDS,
                          {"dfg_actual": _amount, "eoy_expenditure": _amount})
    impact = reader.fields("Impact Summary", YEAR_END_FIELDS_ROW, IMPACT_FIELDS, {})
    return YearEnd(
        **cover, **money, **impact,
        conditions=[Assurance(**row) for row in reader.table(YEAR_END_CONDITIONS, {"answer": _yes_no})],
        metric_plans=_metric_points(reader),
        assessments=[MetricAssessment(**row) for row in reader.table(
            ASSESSMENTS, {"metric": _metric, "assessment": _assessment})],
        income=[YearEndIncome(**row) for row in reader.table(
            YEAR_END_INCOME, {"source": _source, "planned": _amount, "updated": _amount})],
        confirmations=[Assurance(**row) for row in reader.table(CONFIRMATIONS, {"answer": _yes_no})],
        summary=[SummaryRow(**row) for row in reader.table(SUMMARY, {})],
    )


def _check(reader: _Reader, result: Plan | YearEnd) -> None:
    """The checks that need the whole workbook read: merged cells, repeated numbers, totals."""
    if isinstance(result, Plan):
        _merged(reader, ("Cover", "Income", "Expenditure", "Metrics", "National Conditions", "Narrative",
                         "Narrative Tables", "Published Totals"))
        _repeated_numbers(reader)
        _totals(reader, total_formulas(), total_values(result))
    else:
        _merged(reader, ("Cover", "National Conditions", "Metrics", "Income & Expenditure", "Impact Summary",
                         "Board Summary"))
        _totals(reader, year_end_formulas(), year_end_values(result))


def import_workbook(path: str | Path) -> Plan | YearEnd:
    """Read a plan or year-end workbook (told apart by its sheets); InputError lists every bad cell."""
    path = Path(path)
    wb = open_workbook(path, read_only=False, data_only=False)
    reader = _Reader(path, wb)
    with damaged_workbook_errors(path.name):
        result = (_read_year_end if YEAR_END_MARK in wb.sheetnames else _read)(reader)
        _check(reader, result)
    if reader.errors:
        raise InputError(reader.errors)
    return result


def import_plan(path: str | Path) -> Plan:
    """Read a plan workbook; InputError if it is bad or a year-end return."""
    result = import_workbook(path)
    if not isinstance(result, Plan):
        raise InputError([LocatedError(Path(path).name, None, None, "a BCF year-end return, not a plan")])
    return result
