"""Time-period labels as Fingertips prints them, turned into sort keys and lengths.

"2024" and "2019/20" are annual; "2021 - 23" and "2021/22 - 23/24" are rolling
multi-year periods; "Mar 2015 - Feb 2016" is a twelve-month period; quarters and
months are shorter than a year (length 0).
"""

from __future__ import annotations

import re
from typing import Callable

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_FIN_YEAR = r"(\d{4})/(\d{2})"
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH = "|".join(_MONTHS)
_PATTERNS: list[tuple[re.Pattern, Callable[[re.Match], int]]] = [
    (re.compile(r"^(\d{4})$"), lambda m: 1),
    (re.compile(rf"^{_FIN_YEAR}$"), lambda m: 1),
    (re.compile(r"^(\d{4})\s*-\s*(\d{2}|\d{4})$"), lambda m: _span(m.group(1), m.group(2))),
    (re.compile(rf"^{_FIN_YEAR}\s*-\s*(\d{{2}})/(\d{{2}})$"), lambda m: _span(m.group(1), m.group(3))),
    (re.compile(rf"^({_MONTH})\s+(\d{{4}})\s*-\s*({_MONTH})\s+(\d{{4}})$", re.I), lambda m: _months(*m.groups()) // 12),
]


def _months(first_month: str, first_year: str, last_month: str, last_year: str) -> int:
    """Months covered by "Mar 2015 - Feb 2016" (12), counting both ends."""
    start = int(first_year) * 12 + _MONTHS.index(first_month.lower())
    end = int(last_year) * 12 + _MONTHS.index(last_month.lower())
    return end - start + 1


def _span(first: str, last: str) -> int:
    start = int(first)
    end = int(last) if len(last) == 4 else (start // 100) * 100 + int(last)
    if end < start:
        end += 100
    return end - start + 1


def period_sort(label: str) -> int:
    """The first four-digit year in the label, which orders Fingertips periods."""
    match = _YEAR.search(label)
    if not match:
        raise ValueError(f"no year in time period {label!r}")
    return int(match.group(1))


def period_years(label: str) -> int:
    """Length in years: 1 for an annual period, 3 for "2021 - 23", 0 for shorter ones."""
    text = label.strip()
    for pattern, length in _PATTERNS:
        match = pattern.match(text)
        if match:
            return length(match)
    return 0
