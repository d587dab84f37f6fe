"""Column specifications and the parsers that turn text cells into typed values.

Every problem becomes a LocatedError naming file, row, column and what was
expected; a table is only returned when it has none.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Callable

from hwb.errors import InputError, LocatedError, warn_input
from hwb.ingest.tables import RawTable


MAX_NUMBER_LENGTH = 40
MAX_TEXT_LENGTH = 5000
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+", re.ASCII)
_EUROPEAN = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+,\d+", re.ASCII)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in the user's words."""


def _number_problem(text: str) -> str:
    """Why `text` (not a plain number) is refused: the most specific reason we can name."""
    bare = text.rstrip("%").strip()
    if bare.lstrip("+-").lower() in ("nan", "inf", "infinity"):
        return "not a finite number"
    if any(ch.isdigit() and not ch.isascii() for ch in bare):
        return "has digits that are not 0-9 (e.g. Arabic-Indic or full-width); type it with 0-9"
    if "\u2212" in bare or "\u2013" in bare:
        return "has a typographic minus or dash; type the minus sign as '-'"
    if "_" in bare and _PLAIN_NUMBER.fullmatch(bare.replace("_", "")):
        return "has an underscore; write the digits without it"
    if _EUROPEAN.fullmatch(bare):
        return "uses '.' between thousands and ',' for decimals; write it as " + bare.replace(".", "").replace(",", ".")
    if _THOUSANDS.fullmatch(bare) and _DECIMAL_COMMA.fullmatch(bare):
        return (f"has a comma: write {bare.replace(',', '')} if it separates thousands, "
                f"{bare.replace(',', '.')} if it is a decimal comma")
    if _THOUSANDS.fullmatch(bare):
        return "has thousands separators; write it as " + bare.replace(",", "")
    if _DECIMAL_COMMA.fullmatch(bare):
        return "has a decimal comma; write it as " + bare.replace(",", ".")
    if " " in bare or "\u00a0" in bare or "\u202f" in bare:
        return "has a space inside it; write the digits without spaces"
    return ""


def parse_number(text: str) -> float | None:
    """A finite number from a cell; '' is missing. A trailing % is allowed ('45%' is 45).

    Strict: ASCII digits only, '.' as the decimal point, no thousands separators,
    underscores, nan or inf. Raises CellError saying what is wrong ("4,5" is a decimal
    comma, "1,234" has thousands separators), so "4,5" can never become 45.
    """
    stripped = text.strip()
    if stripped == "":
        return None
    if len(stripped) > MAX_NUMBER_LENGTH:
        raise CellError(f"longer than {MAX_NUMBER_LENGTH} characters")
    bare = stripped[:-1].rstrip() if stripped.endswith("%") else stripped
    if not _PLAIN_NUMBER.fullmatch(bare):
        raise CellError(_number_problem(stripped))
    number = float(bare)
    if not math.isfinite(number):
        raise CellError("too large")
    return number


def parse_whole_number(text: str, minimum: int, maximum: int) -> int | None:
    """A whole number from `minimum` to `maximum` ('2024', '2024.0'); '' is missing."""
    number = parse_number(text)
    if number is None:
        return None
    if not number.is_integer() or not minimum <= number <= maximum:
        raise CellError("")
    return int(number)


def check_text(text: str, max_length: int = MAX_TEXT_LENGTH) -> str:
    """`text` unchanged, or CellError when it holds control characters or is too long."""
    if len(text) > max_length:
        raise CellError(f"longer than {max_length:,} characters")
    if bad := _CONTROL.search(text):
        raise CellError(f"has a control character (U+{ord(bad.group()):04X})")
    return text


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
            raise CellError("")
        return value

    return Column(name, required, needs_value, parse, expected)


def whole_number(name: str, minimum: int, maximum: int, *, required=False, needs_value=False) -> Column:
    return Column(name, required, needs_value, lambda s: parse_whole_number(s, minimum, maximum),
                  f"a whole number from {minimum} to {maximum}")


def text(name: str, *, required=True, needs_value=False, max_length: int = MAX_TEXT_LENGTH) -> Column:
    return Column(name, required, needs_value, lambda s: check_text(s, max_length), "text", empty="")


def choice(name: str, choices: tuple[str, ...], *, required=True, needs_value=True) -> Column:
    def parse(text: str):
        if text and text not in choices:
            raise CellError("")
        return text

    return Column(name, required, needs_value, parse, "one of " + ", ".join(choices), choices, "")


def parse_rows(table: RawTable, columns: list[Column]) -> tuple[list[dict], list[LocatedError]]:
    """Typed rows (with `_row`) and an error for every bad cell (left empty in its row).

    A missing required column, or a file with no data rows, raises InputError at once.
    Columns the file has but `columns` does not are named in an InputWarning and ignored.
    """
    errors: list[LocatedError] = []
    present = set(table.header)
    for column in columns:
        if column.required and column.name not in present:
            errors.append(LocatedError(table.file, 1, column.name, "required column is missing from the header"))
    if errors:
        raise InputError(errors)
    known = {c.name for c in columns}
    for name in table.header:
        if name and name not in known:
            warn_input(LocatedError(table.file, 1, name, "unknown column, ignored; the columns read are "
                                    + ", ".join(c.name for c in columns)))
    if not table.rows:
        raise InputError([LocatedError(table.file, None, None, "the file has a header row but no data rows")])
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
            except CellError as why:
                reason = f": {why}" if str(why) else ""
                errors.append(LocatedError(table.file, number_, column.name, f"{_shown(cell)} is not {column.expected}{reason}"))
                row[column.name] = column.empty
        rows.append(row)
    return rows, errors


def _shown(cell: str, limit: int = 60) -> str:
    """A cell quoted for a message, cut short when long."""
    return repr(cell) if len(cell) <= limit else repr(cell[:limit]) + f" (+{len(cell) - limit:,} more characters)"
