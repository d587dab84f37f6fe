"""Read a BCF plan or year-end workbook written by `hwb.bcf.excel` (or filled in by hand).

Only input cells are read; calculated cells are recomputed. Every bad cell is
reported with file, sheet, cell and what was expected, and nothing is returned
unless the whole workbook is good.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from hwb.bcf.categories import scheme_type
from hwb.bcf.excel_layout import (
    ASSESSMENTS, ASSURANCES, CONFIRMATIONS, COVER_FIELDS, COVER_FIRST_ROW, DISTRICTS, IMPACT_FIELDS,
    INCOME_FIELDS, INCOME_FIRST_ROW, INCOME_LINES, METRIC_POINTS, NARRATIVE, PEOPLE, SCHEMES, SUMMARY,
    YEAR_END_CONDITIONS, YEAR_END_COVER_FIELDS, YEAR_END_FIELDS_ROW, YEAR_END_INCOME, YEAR_END_INCOME_FIELDS,
    YEAR_END_MARK, Table, restore,
)
from hwb.bcf.metrics import NOT_ON_TRACK, ON_TRACK
from hwb.bcf.model import (
    BASES, FUNDING_SOURCES, KINDS, METRICS, YES_NO, Assurance, Cover, District, Income,
    IncomeLine, MetricAssessment, MetricPoint, NarrativeAnswer, Person, Plan, Scheme, SummaryRow,
    YearEnd, YearEndIncome,
)
from hwb.errors import InputError, LocatedError

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
            return value
        cleaned = str(value).strip().replace("£", "").replace(",", "")
        try:
            number = float(cleaned.rstrip("%")) / (100 if cleaned.endswith("%") else 1)
        except ValueError:
            self.error(sheet, cell, header, f"expected {what}, got {value!r}")
            return None
        return int(number) if number.is_integer() and "." not in cleaned else number

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
    return reader.number(sheet, cell, header, "an amount in pounds")


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
    hwb_code, year = cover.pop("hwb_code"), cover.pop("year")
    return Plan(
        hwb_code=hwb_code, year=year, cover=Cover(**cover, people=people),
        income=Income(lines=lines, dfg_districts=districts, **income),
        schemes=schemes, metrics=metrics, assurances=assurances, narrative=narrative,
    )


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


def import_workbook(path: str | Path) -> Plan | YearEnd:
    """Read a plan or year-end workbook (told apart by its sheets); InputError lists every bad cell."""
    path = Path(path)
    try:
        wb = load_workbook(path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError([LocatedError(path.name, None, None, f"not a readable .xlsx workbook: {exc}")]) from exc
    reader = _Reader(path, wb)
    result = (_read_year_end if YEAR_END_MARK in wb.sheetnames else _read)(reader)
    if reader.errors:
        raise InputError(reader.errors)
    return result


def import_plan(path: str | Path) -> Plan:
    """Read a plan workbook; InputError if it is bad or a year-end return."""
    result = import_workbook(path)
    if not isinstance(result, Plan):
        raise InputError([LocatedError(Path(path).name, None, None, "a BCF year-end return, not a plan")])
    return result
