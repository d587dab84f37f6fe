"""Inert CSV: no cell of a CSV we write is run as a formula when a spreadsheet opens it.

Excel, LibreOffice and Google Sheets run a cell that starts with = + - or @ as a
formula (after a leading tab, CR or spaces too), so such text gets a leading
apostrophe, which the spreadsheet shows as text. Full-width forms of those signs
(＝ ＋ － ＠) are treated the same way.

Numbers stay numbers: a cell holding an int or float is written as it is, and so is
text that is wholly one plain decimal number ("-1.5", "+2", "1e-3", no spaces). A spreadsheet
reads those as that number; a number calls no function and refers to no cell.
Anything longer ("-1+2", "-A1", "-") is text and is prefixed.
"""

from __future__ import annotations

import datetime
import numbers
import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
QUOTE = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def inert_text(text: str) -> str:
    """`text`, with an apostrophe in front when a spreadsheet would run it as a formula."""
    if not text.lstrip(" \t\r\n").startswith(FORMULA_START) and not text.startswith(FORMULA_START):
        return text
    return text if _PLAIN_NUMBER.fullmatch(text) else QUOTE + text


def inert_cell(value):
    """A cell value made inert: text through `inert_text`; numbers, dates and empties unchanged."""
    if isinstance(value, str):
        return inert_text(value)
    if value is None or isinstance(value, (numbers.Number, datetime.date, datetime.time)):
        return value
    return inert_text(str(value))


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` ready for `to_csv`: every text cell (and every column name) made inert.

    Numeric, boolean and date columns are kept as they are, so they are written as numbers.
    """
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
            continue
        out[name] = column.map(inert_cell, na_action="ignore").astype(object)
    out.columns = [inert_text(str(c)) for c in out.columns]
    return out
