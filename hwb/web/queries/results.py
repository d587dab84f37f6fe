"""Results of one indicator: trend, all areas of a type, nearest neighbours, published figures.

A "breakdown" is the (sex, age, category_type, category) part of a result's key.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from hwb.store.connection import Store
from hwb.web.queries import records

KEY = ("sex", "age", "category_type", "category")
COLUMNS = (
    "r.indicator_id, r.area_code, a.area_name, a.area_type, r.period, r.period_sort, r.sex, r.age,"
    " r.category_type, r.category, r.count, r.denominator, r.value, r.lower_95, r.upper_95,"
    " r.lower_998, r.upper_998, r.value_note, r.england_value, r.parent_value,"
    " r.compared_to_england, r.compared_to_parent, r.compared_to_goal, r.recent_trend,"
    " r.nn_rank, r.nn_count, r.quintile, r.is_latest"
)
_KEY_MATCH = "r.sex = ? AND r.age = ? AND r.category_type = ? AND r.category = ?"


@dataclass(frozen=True)
class Breakdown:
    sex: str = ""
    age: str = ""
    category_type: str = ""
    category: str = ""

    @property
    def params(self) -> list[str]:
        return [self.sex, self.age, self.category_type, self.category]

    @property
    def label(self) -> str:
        parts = [self.sex, self.age] + ([f"{self.category_type}: {self.category}"] if self.category_type else [])
        return ", ".join(p for p in parts if p) or "All"

    def query(self, area_code: str) -> str:
        """The indicator page's query string for this breakdown at `area_code`."""
        return urlencode({"area": area_code, **{k: v for k, v in zip(KEY, self.params) if v}})


def get_indicator(store: Store, indicator_id: str) -> dict | None:
    rows = store.df("SELECT * FROM indicators WHERE indicator_id = ?", [indicator_id])
    return None if rows.empty else records(rows)[0]


def indicator_names(store: Store, indicator_ids: list[str]) -> dict[str, str]:
    """The stored name of each of `indicator_ids` that the store holds."""
    if not indicator_ids:
        return {}
    marks = ", ".join("?" for _ in indicator_ids)
    return dict(store.sql(f"SELECT indicator_id, name FROM indicators WHERE indicator_id IN ({marks})",
                          list(indicator_ids)))


def list_indicators(store: Store) -> list[dict]:
    return records(store.df(
        "SELECT i.indicator_id, i.name, i.unit, i.polarity, count(DISTINCT r.area_code) AS areas,"
        " max(r.period_sort) AS latest FROM indicators i LEFT JOIN results r USING (indicator_id)"
        " GROUP BY ALL ORDER BY i.name"
    ))


def breakdowns(store: Store, indicator_id: str, area_code: str | None = None) -> list[Breakdown]:
    """Breakdowns with results: persons, no inequality category and all ages first, then ages in order."""
    where, params = ("AND area_code = ?", [area_code]) if area_code else ("", [])
    rows = store.sql(
        "SELECT DISTINCT sex, age, category_type, category FROM results"
        f" WHERE indicator_id = ? {where}"
        " ORDER BY category_type <> '', sex NOT IN ('Persons', 'Not applicable', ''), sex, age <> 'All ages',"
        " try_cast(regexp_extract(age, '^\\d+') AS INTEGER) NULLS FIRST, age, category_type, category",
        [indicator_id, *params],
    )
    return [Breakdown(*row) for row in rows]


def trend(store: Store, indicator_id: str, area_code: str, b: Breakdown) -> pd.DataFrame:
    """Every period for one area, oldest first."""
    return store.df(
        f"SELECT {COLUMNS} FROM results r JOIN areas a USING (area_code)"
        f" WHERE r.indicator_id = ? AND r.area_code = ? AND {_KEY_MATCH} ORDER BY r.period_sort, r.period",
        [indicator_id, area_code, *b.params],
    )


def latest_period(store: Store, indicator_id: str, area_code: str, b: Breakdown) -> str | None:
    rows = store.sql(
        f"SELECT period FROM results r WHERE indicator_id = ? AND area_code = ? AND {_KEY_MATCH} AND is_latest",
        [indicator_id, area_code, *b.params],
    )
    return rows[0][0] if rows else None


def same_type(store: Store, indicator_id: str, area_type: str, period: str, b: Breakdown, descending: bool) -> pd.DataFrame:
    """All areas of `area_type` in `period`, sorted by value (best first when polarity allows)."""
    order = "DESC" if descending else "ASC"
    return store.df(
        f"SELECT {COLUMNS} FROM results r JOIN areas a USING (area_code)"
        f" WHERE r.indicator_id = ? AND a.area_type = ? AND r.period = ? AND {_KEY_MATCH}"
        f" ORDER BY r.value {order} NULLS LAST, a.area_name",
        [indicator_id, area_type, period, *b.params],
    )


def neighbours(store: Store, indicator_id: str, area_code: str, period: str, b: Breakdown) -> pd.DataFrame:
    """The area and its nearest neighbours in `period`, ranked as the engine ranked them."""
    return store.df(
        f"SELECT {COLUMNS}, (r.area_code = ?) AS is_area FROM results r JOIN areas a USING (area_code)"
        " WHERE r.indicator_id = ? AND r.period = ?"
        f" AND {_KEY_MATCH} AND (r.area_code = ? OR r.area_code IN"
        " (SELECT neighbour_code FROM neighbours WHERE area_code = ?))"
        " ORDER BY r.nn_rank NULLS LAST, r.value DESC NULLS LAST, a.area_name",
        [area_code, indicator_id, period, *b.params, area_code, area_code],
    )


def published(store: Store, indicator_id: str, area_code: str) -> pd.DataFrame:
    """Figures the sources publish that hwb could not recompute, with where they came from."""
    return store.df(
        "SELECT period, sex, age, category_type, category, field, value_text, source FROM published_figures"
        " WHERE indicator_id = ? AND area_code = ? ORDER BY period, field",
        [indicator_id, area_code],
    )


def areas_for(store: Store, indicator_id: str) -> list[tuple[str, str, str]]:
    """(code, name, type) of the areas with results for an indicator."""
    return store.sql(
        "SELECT DISTINCT a.area_code, a.area_name, a.area_type FROM results r JOIN areas a USING (area_code)"
        " WHERE r.indicator_id = ? ORDER BY a.area_type <> 'England', a.area_type, a.area_name",
        [indicator_id],
    )
