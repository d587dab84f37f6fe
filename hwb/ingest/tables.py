"""Read a CSV or XLSX file into rows of text, keeping each row's number in the file."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from hwb.errors import InputError, LocatedError


@dataclass
class RawTable:
    """A file's header and rows as stripped strings; `row_numbers[i]` is the file row of `rows[i]`."""

    file: str
    header: list[str]
    rows: list[dict[str, str]]
    row_numbers: list[int]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(path: str | Path) -> RawTable:
    """Read the first sheet of an .xlsx, or a UTF-8 (optionally BOM) CSV."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise InputError([LocatedError(name, None, None, "file not found")])
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
            lines = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        else:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                lines = [[cell.strip() for cell in row] for row in csv.reader(handle)]
    except (UnicodeDecodeError, csv.Error, OSError, ValueError, KeyError) as exc:
        raise InputError([LocatedError(name, None, None, f"cannot read the file: {exc}")]) from exc
    if not lines:
        raise InputError([LocatedError(name, None, None, "the file is empty (no header row)")])
    header = lines[0]
    rows, numbers = [], []
    for number, line in enumerate(lines[1:], start=2):
        if not any(line):
            continue
        padded = line + [""] * (len(header) - len(line))
        rows.append(dict(zip(header, padded)))
        numbers.append(number)
    return RawTable(name, header, rows, numbers)
