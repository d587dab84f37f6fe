"""Read a CSV or XLSX file into rows of text, keeping each row's number in the file.

CSV must be UTF-8 (a byte-order mark is fine) and comma-separated: a file in another
encoding or with another separator gets one message saying so and how to save it.
XLSX goes through `xlsx_guard`, which bounds its size before anything is parsed.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from hwb.errors import InputError, LocatedError, warn_input
from hwb.ingest.xlsx_guard import damaged_workbook_errors, open_workbook

_OTHER_SEPARATORS = ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars"))
_SAVE_AS = "save it from Excel as 'CSV UTF-8 (Comma delimited)'"


@dataclass
class RawTable:
    """A file's header and rows as stripped strings; `row_numbers[i]` is the file row of `rows[i]`."""

    file: str
    header: list[str]
    rows: list[dict[str, str]]
    row_numbers: list[int]


def _refuse(file: str, message: str, row: int | None = None) -> InputError:
    return InputError([LocatedError(file, row, None, message)])


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # 64322.0 as Excel stores it is the count 64322
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    return str(value).strip()


def _xlsx_lines(path: Path) -> list[list[str]]:
    workbook = open_workbook(path)
    try:
        with damaged_workbook_errors(str(path)):
            if not workbook.worksheets:
                raise _refuse(str(path), "the workbook has no worksheet")
            sheet = workbook.worksheets[0]
            return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _decode(raw: bytes, file: str) -> str:
    """The text of a UTF-8 CSV, or a located error saying what the bytes look like instead."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(file, f"the file is UTF-16 text, not UTF-8; {_SAVE_AS}")
    if raw.startswith(b"PK\x03\x04"):
        raise _refuse(file, "the file is an Excel workbook or a zip, not CSV text; give it the extension .xlsx")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _refuse(file, f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X} on line {line}, "
                            f"perhaps Windows-1252); {_SAVE_AS}", line) from None


def _check_separator(text: str, file: str) -> None:
    """Refuse a file whose header is split by something other than commas."""
    header = text.split("\n", 1)[0]
    for separator, name in _OTHER_SEPARATORS:
        if header.count(separator) > header.count(","):
            raise _refuse(file, f"the columns are separated by {name}, not commas; {_SAVE_AS}", 1)


def _csv_lines(path: Path) -> list[list[str]]:
    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _refuse(file, f"cannot read the file: {exc.strerror or exc}") from None
    text = _decode(raw, file)
    _check_separator(text, file)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return [[cell.strip() for cell in row] for row in reader]
    except csv.Error as exc:
        raise _refuse(file, f"not readable as CSV: {exc}", reader.line_num) from None


def _header(cells: list[str], file: str) -> list[str]:
    """The header row; a column named twice is an error."""
    seen: dict[str, int] = {}
    errors = []
    for index, name in enumerate(cells, start=1):
        if name and name in seen:
            errors.append(LocatedError(file, 1, name, f"column appears twice (columns {seen[name]} and {index})"))
        seen.setdefault(name, index)
    if not any(cells):
        errors.append(LocatedError(file, 1, None, "the first row is empty; it must name the columns"))
    if errors:
        raise InputError(errors)
    return cells


def read_table(path: str | Path) -> RawTable:
    """Read the first sheet of an .xlsx, or a UTF-8 (optionally BOM) comma-separated CSV.

    A row with more filled cells than the header has names is an error (often an
    unquoted comma inside a name); values under a column with no name are ignored,
    with a warning.
    """
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise _refuse(name, "is a folder, not a file" if path.is_dir() else "file not found")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise _refuse(name, "the old Excel .xls format cannot be read; save it as .xlsx or as CSV UTF-8")
    lines = _xlsx_lines(path) if suffix in (".xlsx", ".xlsm") else _csv_lines(path)
    if not any(any(line) for line in lines):
        raise _refuse(name, "the file is empty (no header row)")
    header = _header(lines[0], name)
    rows, numbers, errors, unnamed = [], [], [], False
    for number, line in enumerate(lines[1:], start=2):
        if not any(line):
            continue
        extra = [cell for cell in line[len(header):] if cell]
        if extra:
            errors.append(LocatedError(name, number, None, f"the row has {len(header) + len(extra)} or more cells but "
                                                           f"the header names {len(header)}; is a comma unquoted?"))
            continue
        unnamed = unnamed or any(cell for title, cell in zip(header, line) if not title)
        padded = line + [""] * (len(header) - len(line))
        rows.append(dict(zip(header, padded)))
        numbers.append(number)
    if errors:
        raise InputError(errors)
    if unnamed:
        warn_input(LocatedError(name, 1, None, "values under a column with no name in the header are ignored"))
    return RawTable(name, header, rows, numbers)
