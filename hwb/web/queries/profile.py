"""The area profile: the Appendix-A table for one area and its spine-chart statistics.

Each row is the area's latest result for one indicator breakdown (no inequality
categories). The spine statistics come from the results of every area of the
same type in the same period: worst, 25th and 75th percentile and best.
Where hwb could not compute a rank, England value or trend but the source
publishes one, the published figure is shown and flagged as such.
"""

from __future__ import annotations

import pandas as pd

from hwb.store.connection import Store
from hwb.web.disclosure import KEY, is_small, protect
from hwb.web.queries.hidden import hidden_keys

PUBLISHED_FIELDS = ("nn_rank", "england_value", "recent_trend")
SPINE_KEY = ("indicator_id", "period", "sex", "age")


def profile(store: Store, area_code: str, area_type: str, *, protected: bool = True) -> pd.DataFrame:
    """The area's profile rows; `protected` (the default) applies disclosure control, and the
    spine statistics then leave hidden results out (a minimum could be a hidden value)."""
    frame = store.df(
        """
        WITH mine AS (
            SELECT r.*, i.name, i.unit, i.polarity, i.value_type, i.source AS indicator_source
            FROM results r JOIN indicators i USING (indicator_id)
            WHERE r.area_code = ? AND r.is_latest AND r.category_type = ''
        ),
        pub AS (
            SELECT indicator_id, period, sex, age,
                   max(value_text) FILTER (WHERE field = 'nn_rank') AS published_rank,
                   max(value_text) FILTER (WHERE field = 'england_value') AS published_england,
                   max(value_text) FILTER (WHERE field = 'recent_trend') AS published_trend,
                   string_agg(DISTINCT source, '; ') AS published_source
            FROM published_figures
            WHERE area_code = ? AND category_type = '' AND field IN ('nn_rank', 'england_value', 'recent_trend')
            GROUP BY ALL
        )
        SELECT m.indicator_id, m.area_code, m.category_type, m.category, m.name, m.unit, m.polarity, m.value_type,
               m.sex, m.age,
               m.period, m.count, m.denominator, m.value, m.lower_95, m.upper_95, m.value_note, m.england_value,
               m.compared_to_england, m.compared_to_goal, m.recent_trend, m.nn_rank, m.nn_count, m.quintile,
               p.published_rank, p.published_england, p.published_trend, p.published_source
        FROM mine m
        LEFT JOIN pub p USING (indicator_id, period, sex, age)
        ORDER BY m.name, m.sex NOT IN ('Persons', 'Not applicable'), m.sex, m.age
        """,
        [area_code, area_code],
    )
    hidden = hidden_keys(store) if protected else frozenset()
    frame = frame.merge(_spine(store, area_code, area_type, hidden), how="left", on=SPINE_KEY)
    frame["peer_count"] = frame["peer_count"].fillna(0).astype(int)
    frame["rank"] = [
        f"{int(r.nn_rank)}/{int(r.nn_count)}" if pd.notna(r.nn_rank) and pd.notna(r.nn_count) else None
        for r in frame.itertuples()
    ]
    frame["rank_published"] = frame["rank"].isna() & frame["published_rank"].notna()
    frame["rank"] = frame["rank"].fillna(frame["published_rank"])
    frame["england_published"] = frame["england_value"].isna() & frame["published_england"].notna()
    computed_trend = frame["recent_trend"].where(frame["recent_trend"] != "Cannot be calculated")
    frame["trend_published"] = computed_trend.isna() & frame["published_trend"].notna()
    frame["trend"] = computed_trend.fillna(frame["published_trend"]).fillna(frame["recent_trend"])
    return protect(frame, protected, hidden=hidden)


def _spine(store: Store, area_code: str, area_type: str, hidden: frozenset) -> pd.DataFrame:
    """Worst, quartiles and best of the area type's values in each of the area's latest periods."""
    peers = store.df(
        f"SELECT {', '.join('p.' + c for c in KEY)}, p.count, p.value FROM results m"
        " JOIN results p USING (indicator_id, period, sex, age, category_type)"
        " JOIN areas a ON a.area_code = p.area_code"
        " WHERE m.area_code = ? AND m.is_latest AND m.category_type = '' AND a.area_type = ? AND p.value IS NOT NULL",
        [area_code, area_type],
    )
    if hidden:
        shown = [k not in hidden and not is_small(c)
                 for k, c in zip(zip(*(peers[c] for c in KEY)), peers["count"])]
        peers = peers[pd.Series(shown, index=peers.index, dtype=bool)]
    if peers.empty:
        return pd.DataFrame(columns=[*SPINE_KEY, "peer_min", "peer_q25", "peer_q75", "peer_max", "peer_count"])
    grouped = peers.groupby(list(SPINE_KEY))["value"]
    return pd.DataFrame({
        "peer_min": grouped.min(), "peer_q25": grouped.quantile(0.25), "peer_q75": grouped.quantile(0.75),
        "peer_max": grouped.max(), "peer_count": grouped.count(),
    }).reset_index()


def summarise(rows: list[dict]) -> dict[str, int]:
    """Counts of Better/Similar/Worse against England and of improving/worsening trends
    among profile rows (as records)."""
    compared = [r["compared_to_england"] for r in rows]
    trends = [r["trend"] or "" for r in rows]
    return {
        "rows": len(rows),
        **{label: compared.count(label) for label in ("Better", "Similar", "Worse")},
        "improving": sum(t.endswith("getting better") for t in trends),
        "worsening": sum(t.endswith("getting worse") for t in trends),
    }
