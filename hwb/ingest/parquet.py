"""Read Parquet (a file, a folder of files, or a glob) into the same RawTables the CSV reader gives.

Each file is checked on its own, so every error names the real file. A column's Parquet
type must fit the column: text columns need strings; number and choice columns take
numbers or strings (strings are then parsed as strictly as CSV cells). Rows are numbered
from 1 within each file (a Parquet file has no header row); a column of the wrong type is
reported without a row.
"""

from __future__ import annotations

import glob
import math
from pathlib import Path

from hwb.errors import InputError, LocatedError
from hwb.ingest.fields import Column
from hwb.ingest.tables import RawTable

SUFFIXES = (".parquet", ".parq")
_GLOB = ("*", "?", "[")


def is_parquet(path: str | Path) -> bool:
    """True for a .parquet file, a folder, or a glob pattern (not an existing file)."""
    text = str(path)
    if Path(text).suffix.lower() in SUFFIXES or Path(text).is_dir():
        return True
    return any(c in text for c in _GLOB) and not Path(text).is_file()


def parquet_files(path: str | Path) -> list[Path]:
    """The files `path` names, sorted; a located error when it names none."""
    text = str(path)
    if Path(text).is_dir():
        found = sorted(p for p in Path(text).rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        where = "in the folder"
    elif any(c in text for c in _GLOB):
        found = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
        where = "match the pattern"
    else:
        found, where = ([Path(text)] if Path(text).is_file() else []), "found"
    if not found:
        raise InputError([LocatedError(text, None, None, f"no Parquet files {where}" if where != "found" else "file not found")])
    return found


def _kind(arrow_type) -> str:
    """'text', 'number', 'null' or 'other' for an Arrow type."""
    import pyarrow.types as t

    if t.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    if t.is_string(arrow_type) or t.is_large_string(arrow_type) or t.is_string_view(arrow_type):
        return "text"
    if t.is_integer(arrow_type) or t.is_floating(arrow_type) or t.is_decimal(arrow_type):
        return "number"
    return "null" if t.is_null(arrow_type) else "other"


def _cell(value) -> str:
    """A Parquet value as the text a CSV cell would hold (a float round-trips exactly)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def _read_file(path: Path, columns: list[Column]) -> RawTable:
    import pyarrow.parquet as pq

    file = str(path)
    try:
        table = pq.read_table(path)
    except (OSError, ValueError) as exc:
        raise InputError([LocatedError(file, None, None, f"not readable as Parquet: {str(exc)[:200]}")]) from None
    names = table.column_names
    errors = [LocatedError(file, None, name, f"column appears {names.count(name)} times")
              for name in sorted(set(names)) if names.count(name) > 1]
    spec = {c.name: c for c in columns}
    for name in names:
        column = spec.get(name)
        kind = _kind(table.schema.field(name).type)
        allowed = ("text", "null") if column is not None and column.expected == "text" else ("text", "number", "null")
        if column is not None and kind not in allowed:
            errors.append(LocatedError(file, None, name, f"Parquet type {table.schema.field(name).type} cannot hold "
                                                         f"{column.expected}; write the column as "
                                                         + ("strings" if "text" == column.expected else "numbers")))
    if errors:
        raise InputError(errors)
    cells = {name: [_cell(v) for v in table.column(name).to_pylist()] for name in names if name in spec}
    rows = [{name: cells[name][i] for name in cells} for i in range(table.num_rows)]
    return RawTable(file, names, rows, list(range(1, table.num_rows + 1)))


def read_parquet(path: str | Path, columns: list[Column]) -> list[RawTable]:
    """One RawTable per file that `path` names, each checked against `columns`."""
    tables, errors = [], []
    for file in parquet_files(path):
        try:
            tables.append(_read_file(file, columns))
        except InputError as error:
            errors.extend(error.errors)
    if errors:
        raise InputError(errors)
    filled = [t for t in tables if t.rows]
    return filled or tables[:1]  # an empty part file (as Spark writes) is no error beside others
