"""Queries of the analyst views: find an indicator, compare areas, funnel and inequality data.

An indicator's "main breakdown" is the one its pages open on: persons (or not
applicable) before a single sex, then the (sex, age) with most results ("All ages"
first among equals: life expectancy at birth before at 65), with no inequality category.
"""

from __future__ import annotations

import re

import pandas as pd

from hwb.store.connection import Store
from hwb.web.queries.results import COLUMNS, Breakdown

MAIN = """
    main AS (
        SELECT indicator_id, sex, age FROM (
            SELECT indicator_id, sex, age, count(*) AS n FROM results WHERE category_type = '' GROUP BY ALL)
        QUALIFY row_number() OVER (PARTITION BY indicator_id
                                   ORDER BY sex NOT IN ('Persons', 'Not applicable'), n DESC,
                                            age <> 'All ages', sex, age) = 1
    )"""
ENGLAND = "E92000001"


def words(text: str) -> list[str]:
    """Lower-case words of `text`, punctuation dropped ("Self-harm" -> ["self", "harm"])."""
    return re.findall(r"[a-z0-9]+", text.lower())


def indicator_rows(store: Store, area_code: str | None) -> pd.DataFrame:
    """Every indicator with its main breakdown, the area types it has results for, and the
    latest result of `area_code` in that breakdown (blank where it has none)."""
    return store.df(
        f"""WITH {MAIN},
        types AS (
            SELECT r.indicator_id, list(DISTINCT a.area_type ORDER BY a.area_type) AS area_types
            FROM results r JOIN areas a USING (area_code) GROUP BY ALL
        ),
        latest AS (
            SELECT r.indicator_id, r.period, r.value, r.lower_95, r.upper_95, r.value_note, r.count,
                   r.denominator, r.england_value, r.compared_to_england, r.recent_trend
            FROM results r JOIN main m USING (indicator_id, sex, age)
            WHERE r.area_code = ? AND r.category_type = '' AND r.is_latest
        )
        SELECT i.indicator_id, ? AS area_code, i.name, i.unit, i.polarity, i.definition, i.rationale, i.source,
               i.data_source, m.sex, m.age, '' AS category_type, '' AS category,
               coalesce(t.area_types, []) AS area_types, l.period, l.value,
               l.lower_95, l.upper_95, l.value_note, l.count, l.denominator, l.england_value,
               l.compared_to_england, l.recent_trend
        FROM indicators i LEFT JOIN main m USING (indicator_id) LEFT JOIN types t USING (indicator_id)
        LEFT JOIN latest l USING (indicator_id)
        ORDER BY i.name, i.indicator_id""",
        [area_code or "", area_code or ""],
    )


def search(frame: pd.DataFrame, text: str, topics: dict[str, list[str]], topic: str = "",
           area_type: str = "") -> pd.DataFrame:
    """Rows of `indicator_rows` whose name, id, definition, source or topics hold every word
    (or words starting so) of `text`, in `topic` and with results for `area_type` (when given);
    names holding the words as typed first."""
    rows = frame.assign(topics=[topics.get(i, []) for i in frame["indicator_id"]])
    if topic:
        rows = rows[[topic in t for t in rows["topics"]]]
    if area_type:
        rows = rows[[area_type in list(t) for t in rows["area_types"]]]
    wanted = words(text)
    if not wanted:
        return rows
    fields = ("name", "indicator_id", "definition", "rationale", "source", "data_source")
    haystacks = [" " + " ".join(words(" ".join([*(r[f] for f in fields if isinstance(r[f], str)), *r["topics"]])))
                 for _, r in rows.iterrows()]
    names = [" " + " ".join(words(n)) for n in rows["name"]]
    phrase = " " + " ".join(wanted)
    found = [all(f" {w}" in h for w in wanted) for h in haystacks]
    rank = [(phrase not in n, not all(f" {w}" in n for w in wanted)) for n in names]
    kept = rows.assign(_rank=rank)[pd.Series(found, index=rows.index, dtype=bool)]
    return kept.sort_values(["_rank", "name"], kind="stable").drop(columns="_rank")


def area_types(store: Store) -> list[str]:
    """Area types with results, England and regions first."""
    return [t for (t,) in store.sql(
        "SELECT DISTINCT a.area_type FROM areas a"
        " WHERE EXISTS (SELECT 1 FROM results r WHERE r.area_code = a.area_code)"
        " ORDER BY CASE a.area_type WHEN 'England' THEN 0 WHEN 'Region' THEN 1 ELSE 2 END, a.area_type")]


def main_breakdown(store: Store, indicator_id: str) -> Breakdown | None:
    rows = store.sql(f"WITH {MAIN} SELECT sex, age FROM main WHERE indicator_id = ?", [indicator_id])
    return Breakdown(*rows[0]) if rows else None


def periods(store: Store, indicator_id: str, area_type: str, b: Breakdown) -> list[str]:
    """Periods with results of the breakdown in areas of `area_type`, newest first."""
    return [p for (p,) in store.sql(
        "SELECT r.period FROM results r JOIN areas a USING (area_code) WHERE r.indicator_id = ? AND a.area_type = ?"
        " AND r.sex = ? AND r.age = ? AND r.category_type = ? AND r.category = ?"
        " GROUP BY r.period ORDER BY max(r.period_sort) DESC, r.period DESC",
        [indicator_id, area_type, *b.params])]


def compare(store: Store, indicator_id: str, area_type: str, period: str, b: Breakdown) -> pd.DataFrame:
    """Every area of `area_type` in `period` with England's row first (is_england), by name."""
    return store.df(
        f"SELECT {COLUMNS}, r.period_years, r.area_code = ? AS is_england FROM results r JOIN areas a USING (area_code)"
        " WHERE r.indicator_id = ? AND (a.area_type = ? OR r.area_code = ?) AND r.period = ?"
        " AND r.sex = ? AND r.age = ? AND r.category_type = ? AND r.category = ?"
        " ORDER BY r.area_code <> ?, a.area_name",
        [ENGLAND, indicator_id, area_type, ENGLAND, period, *b.params, ENGLAND],
    )


def overview(store: Store, area_type: str, parent: str) -> pd.DataFrame:
    """Latest main-breakdown results of every indicator for England and the areas of
    `area_type` (under `parent` when given), in the period latest for that area type."""
    return store.df(
        f"""WITH {MAIN},
        typed AS (
            SELECT r.*, a.area_name, a.area_type, a.parent_code AS area_parent FROM results r
            JOIN areas a USING (area_code) JOIN main m USING (indicator_id, sex, age)
            WHERE r.category_type = ''
        ),
        newest AS (
            SELECT indicator_id, arg_max(period, period_sort) AS period FROM typed WHERE area_type = ? GROUP BY ALL
        )
        SELECT t.indicator_id, i.name, i.unit, t.sex, t.age, t.category_type, t.category, t.period, t.area_code,
               t.area_name,
               t.area_code = ? AS is_england, t.value, t.lower_95, t.upper_95, t.count, t.denominator,
               t.value_note, t.compared_to_england
        FROM typed t JOIN newest n USING (indicator_id, period) JOIN indicators i USING (indicator_id)
        WHERE t.area_code = ? OR (t.area_type = ? AND (? = '' OR t.area_parent = ?))
        ORDER BY i.name, t.area_code <> ?, t.area_name""",
        [area_type, ENGLAND, ENGLAND, area_type, parent, parent, ENGLAND],
    )


def parents(store: Store, area_type: str) -> list[tuple[str, str]]:
    """(code, name) of the areas that areas of `area_type` sit in (e.g. regions)."""
    return store.sql(
        "SELECT DISTINCT p.area_code, p.area_name FROM areas a JOIN areas p ON p.area_code = a.parent_code"
        " WHERE a.area_type = ? AND p.area_code <> ? ORDER BY p.area_name", [area_type, ENGLAND])


def categories(store: Store, indicator_id: str, area_code: str) -> pd.DataFrame:
    """The area's latest results in every breakdown of the indicator (sex, age and
    inequality categories), for the inequalities page."""
    return store.df(
        f"SELECT {COLUMNS}, r.period_years FROM results r JOIN areas a USING (area_code)"
        " WHERE r.indicator_id = ? AND r.area_code = ? AND r.is_latest"
        " ORDER BY r.category_type, r.sex, r.age, r.category",
        [indicator_id, area_code],
    )


def category_trend(store: Store, indicator_id: str, area_code: str, category_type: str) -> pd.DataFrame:
    """Every period of one inequality category type for an area (the input of the SII)."""
    return store.df(
        f"SELECT {COLUMNS}, r.period_years FROM results r JOIN areas a USING (area_code)"
        " WHERE r.indicator_id = ? AND r.area_code = ? AND r.category_type = ?"
        " ORDER BY r.period_sort, r.period, r.sex, r.age, r.category",
        [indicator_id, area_code, category_type],
    )
