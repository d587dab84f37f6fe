"""Column specifications and the parsers that turn text cells into typed values.

Every problem becomes a LocatedError naming file, row, column and what was
expected; a table is only returned when it has none.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

from hwb.errors import InputError, LocatedError
from hwb.ingest.tables import RawTable


def parse_number(text: str) -> float | None:
    """A number, allowing thousands separators and a trailing %; '' is missing."""
    cleaned = text.replace(",", "").rstrip("%").strip()
    if cleaned == "":
        return None
    number = float(cleaned)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


@dataclass
class Column:
    """One column of an input: required or optional, how to parse it, what it means."""

    name: str
    required: bool = True  # the column must be present
    needs_value: bool = False  # every row must fill it
    parse: Callable[[str], object] = str
    expected: str = "text"
    choices: tuple[str, ...] = field(default=())
    empty: object = None  # what an empty cell becomes


def number(name: str, *, required=False, needs_value=False, minimum: float | None = None) -> Column:
    expected = "a number" + (f" >= {minimum:g}" if minimum is not None else "")

    def parse(text: str):
        value = parse_number(text)
        if value is not None and minimum is not None and value < minimum:
            raise ValueError(text)
        return value

    return Column(name, required, needs_value, parse, expected)


def text(name: str, *, required=True, needs_value=False) -> Column:
    return Column(name, required, needs_value, lambda s: s, "text", empty="")


def choice(name: str, choices: tuple[str, ...], *, required=True, needs_value=True) -> Column:
    def parse(text: str):
        if text and text not in choices:
            raise ValueError(text)
        return text

    return Column(name, required, needs_value, parse, "one of " + ", ".join(choices), choices, "")


def parse_rows(table: RawTable, columns: list[Column]) -> tuple[list[dict], list[LocatedError]]:
    """Typed rows (with `_row`) and an error for every bad cell (left empty in its row).

    A missing required column raises InputError at once: no row can be read.
    """
    errors: list[LocatedError] = []
    present = set(table.header)
    for column in columns:
        if column.required and column.name not in present:
            errors.append(LocatedError(table.file, 1, column.name, "required column is missing from the header"))
    if errors:
        raise InputError(errors)
    rows = []
    for raw, number_ in zip(table.rows, table.row_numbers):
        row: dict = {"_row": number_}
        for column in columns:
            cell = raw.get(column.name, "")
            if cell == "":
                if column.needs_value:
                    errors.append(LocatedError(table.file, number_, column.name, f"empty; expected {column.expected}"))
                row[column.name] = column.empty
                continue
            try:
                row[column.name] = column.parse(cell)
            except ValueError:
                errors.append(LocatedError(table.file, number_, column.name, f"{cell!r} is not {column.expected}"))
                row[column.name] = column.empty
        rows.append(row)
    return rows, errors
