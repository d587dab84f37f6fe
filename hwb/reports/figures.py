"""Read the figures reports show: engine results, with published figures where none is computed.

A computed figure always wins. A published figure (from `published_figures`) fills
a gap - no rank, a trend that "Cannot be calculated", "Not compared" - and is
marked `published` so every renderer can flag it. Neither gives "not published".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import pandas as pd

from hwb.periods import period_sort
from hwb.reports.provenance import reader_source
from hwb.store.connection import Store

NOT_PUBLISHED = "not published"
SUPPRESSED = "suppressed"
PUBLISHED_MARK = "†"
KEY = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]
SERIES = ["indicator_id", "area_code", "sex", "age", "category_type", "category"]
_UNINFORMATIVE = {"compared_to_england": "Not compared", "recent_trend": "Cannot be calculated"}


@dataclass(frozen=True)
class Shown:
    """One figure as a report shows it."""

    text: str
    number: float | None = None
    published: bool = False
    source: str = ""

    @property
    def missing(self) -> bool:
        return self.text == NOT_PUBLISHED

    def marked(self) -> str:
        return f"{self.text} {PUBLISHED_MARK}" if self.published else self.text


def _none(value):
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value


def format_number(value: float | None, unit: str = "", decimals: int = 1) -> str:
    """1,184.8 style; a trailing % when the unit is a percentage."""
    if value is None:
        return NOT_PUBLISHED
    text = f"{value:,.{decimals}f}"
    return text + "%" if unit == "%" else text


class Figures:
    """Results, indicators, areas and published figures for a set of indicators."""

    def __init__(self, store: Store, indicator_ids: list[str]):
        ids = sorted(set(indicator_ids))
        self.store = store
        marks = ", ".join("?" for _ in ids) or "NULL"
        self.indicators = {r["indicator_id"]: {k: _none(v) for k, v in r.items()} for r in
                           store.df(f"SELECT * FROM indicators WHERE indicator_id IN ({marks})", ids).to_dict("records")}
        self.rows = _records(store.df(f"SELECT * FROM results WHERE indicator_id IN ({marks})", ids))
        published = _records(store.df(f"SELECT * FROM published_figures WHERE indicator_id IN ({marks})", ids))
        self.areas = dict(store.sql("SELECT area_code, area_name FROM areas"))
        self._decimals: dict[str, int] = {}
        self._pub = {(*(r[k] for k in KEY), r["field"]): (r["value_text"], r["source"]) for r in published}
        # Every lookup below is by indicator (and area): the rows are grouped so once, in store order.
        self._by_indicator = _grouped(self.rows, "indicator_id")
        self._at_area = _grouped(self.rows, "indicator_id", "area_code")
        self._published_at = _grouped(published, "indicator_id", "area_code")

    def indicator(self, indicator_id: str) -> dict | None:
        meta = self.indicators.get(indicator_id)
        return dict(meta) if meta is not None else None

    def name(self, indicator_id: str) -> str:
        meta = self.indicator(indicator_id)
        return meta["name"] if meta else indicator_id

    def area_name(self, area_code: str) -> str:
        return self.areas.get(area_code, area_code)

    def latest(self, indicator_id: str, area_code: str) -> list[dict]:
        """The latest row of every breakdown (sex, age, category) of an indicator at an area,
        including breakdowns known only from published figures."""
        found = [dict(row) for row in self._at_area.get((indicator_id, area_code), []) if row["is_latest"]]
        have = {tuple(row[k] for k in SERIES) for row in found}
        groups: dict[tuple, list[dict]] = {}
        for row in self._published_at.get((indicator_id, area_code), []):
            groups.setdefault(tuple(row[k] for k in SERIES), []).append(row)
        for key, group in groups.items():
            if key not in have:
                period = max((row["period"] for row in group), key=_period_key)
                found.append({**dict(zip(SERIES, key)), "period": period})
        return sorted(found, key=_breakdown_order)

    def series(self, indicator_id: str, area_code: str, sex: str = "", age: str = "",
               category: str = "") -> list[dict]:
        """Every period of one breakdown, oldest first."""
        rows = [row for row in self._at_area.get((indicator_id, area_code), [])
                if (not sex or row["sex"] == sex) and (not age or row["age"] == age)
                and (not category or row["category"] == category)]
        if rows and not (sex or age):
            first = min(rows, key=_breakdown_order)
            rows = [row for row in rows if all(row[k] == first[k] for k in ("sex", "age", "category"))]
        return [dict(row) for row in sorted(rows, key=lambda row: row["period_sort"])]

    def at(self, indicator_id: str, area_code: str, period: str = "", sex: str = "",
           category: str = "") -> dict | None:
        """The row for a period (latest when empty) of one breakdown at an area."""
        rows = self.series(indicator_id, area_code, sex=sex, category=category)
        if not rows:
            rows = [r for r in self.latest(indicator_id, area_code)
                    if (not sex or r["sex"] == sex) and (not category or r["category"] == category)]
        if period:
            rows = [r for r in rows if r["period"] == period]
        return rows[-1] if rows else None

    def decimals(self, indicator_id: str) -> int:
        """1, or 2 where the source gives values in hundredths (e.g. 1.18 per 1,000);
        values hwb computes from a count and denominator do not count; 0 for a count (1,241)."""
        if (self.indicator(indicator_id) or {}).get("value_type") == "count":
            return 0
        if indicator_id not in self._decimals:
            given = [row["value"] for row in self._by_indicator.get((indicator_id,), [])
                     if row["denominator"] is None and row["value"] is not None]
            places = [len(text.split(".")[1]) if "." in text else 0 for text in (f"{v:.10g}" for v in given)]
            self._decimals[indicator_id] = 2 if 2 in places else 1
        return self._decimals[indicator_id]

    def number_format(self, indicator_id: str) -> str:
        """The spreadsheet format that shows a value as the paper does ('#,##0.0')."""
        places = self.decimals(indicator_id)
        return "#,##0" + ("." + "0" * places if places else "")

    def published_field(self, row: dict, field: str) -> tuple[str, str] | None:
        return self._pub.get((*(row.get(k, "") for k in KEY), field))

    def shown(self, row: dict, field: str, unit: str = "") -> Shown:
        """A field of a result row, falling back to the published figure."""
        value = _none(row.get(field))
        if field == "nn_rank" and value is not None and _none(row.get("nn_count")) is not None:
            return Shown(f"{int(value)}/{int(row['nn_count'])}")
        if field == "count" and value is not None:
            return Shown(format_number(float(value), "", 0), float(value))
        if field in ("value", "england_value", "parent_value", "lower_95", "upper_95") and value is not None:
            return Shown(format_number(float(value), unit, self.decimals(row["indicator_id"])), float(value))
        if isinstance(value, str) and value and value != _UNINFORMATIVE.get(field):
            return Shown(value)
        published = self.published_field(row, field)
        if published:
            text, source = published
            return Shown(text, _to_number(text), published=True, source=source)
        if field == "value" and row.get("value_note"):
            return Shown(str(row["value_note"]))
        if isinstance(value, str) and value:
            return Shown(value)
        return Shown(NOT_PUBLISHED)

    def latest_anywhere(self, indicator_id: str, area_code: str) -> list[dict]:
        """The latest rows at `area_code`, else at whichever area the indicator has figures for
        (a local KPI may be published for a combined area only)."""
        rows = self.latest(indicator_id, area_code)
        if rows:
            return rows
        areas = dict.fromkeys(row["area_code"] for row in self._by_indicator.get((indicator_id,), []) if row["is_latest"])
        return [row for area in areas for row in self.latest(indicator_id, area)]

    @cached_property
    def imported_on(self) -> date | None:
        """The day the data were last loaded (from the store's import log), read once."""
        if not self.store.has_table("imports"):
            return None
        (when,) = self.store.sql("SELECT max(imported_at) FROM imports")[0]
        return when.date() if when else None

    def as_at(self, periods: list[str], on: date | None = None) -> str:
        """'Figures as at the latest period published for each indicator (the most recent is
        2024/25); data loaded on 3 June 2026.' The load date is left out when it falls after
        `on` (the meeting): the paper reports the data as they stood for the meeting."""
        known = sorted({p for p in periods if p}, key=_period_key)
        text = "Figures as at the latest period published for each indicator"
        if known:
            text += f" (the most recent is {known[-1]})"
        loaded = self.imported_on
        if loaded and (on is None or loaded <= on):
            text += f"; data loaded on {loaded:%-d %B %Y}"
        return text + "."

    def sources(self, indicator_ids: list[str]) -> list[str]:
        """Each indicator's publisher, in a reader's words."""
        found = [self.indicator(i) for i in indicator_ids]
        return sorted({reader_source(m["source"]) for m in found if m and m.get("source")} - {""})


def _records(frame: pd.DataFrame) -> list[dict]:
    """The rows of a frame as dicts, with None for every missing value."""
    return [{k: _none(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _grouped(rows: list[dict], *keys: str) -> dict[tuple, list[dict]]:
    """Rows by their values of `keys`, each group in the rows' order."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(row[k] for k in keys), []).append(row)
    return groups


def _to_number(text: str) -> float | None:
    try:
        return float(text.replace(",", "").rstrip("%"))
    except ValueError:
        return None


def _period_key(period: str) -> tuple:
    try:
        return (period_sort(period), period)
    except ValueError:
        return (0, period)


_SEX_ORDER = {"persons": 0, "p": 0, "": 0, "female": 1, "f": 1, "male": 2, "m": 2}


def _breakdown_order(row: dict) -> tuple:
    return (_SEX_ORDER.get(str(row.get("sex", "")).lower(), 3), str(row.get("age", "")),
            str(row.get("category_type", "")), str(row.get("category", "")))
