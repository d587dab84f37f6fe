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

PUBLISHED_FIELDS = ("nn_rank", "england_value", "recent_trend")


def profile(store: Store, area_code: str, area_type: str) -> pd.DataFrame:
    frame = store.df(
        """
        WITH mine AS (
            SELECT r.*, i.name, i.unit, i.polarity, i.source AS indicator_source
            FROM results r JOIN indicators i USING (indicator_id)
            WHERE r.area_code = ? AND r.is_latest AND r.category_type = ''
        ),
        peers AS (
            SELECT r.indicator_id, r.period, r.sex, r.age, r.value
            FROM results r JOIN areas a USING (area_code)
            WHERE a.area_type = ? AND r.category_type = '' AND r.value IS NOT NULL
        ),
        spine AS (
            SELECT m.indicator_id, m.sex, m.age, min(p.value) AS peer_min, max(p.value) AS peer_max,
                   quantile_cont(p.value, 0.25) AS peer_q25, quantile_cont(p.value, 0.75) AS peer_q75,
                   count(p.value) AS peer_count
            FROM mine m JOIN peers p ON p.indicator_id = m.indicator_id AND p.period = m.period
                 AND p.sex = m.sex AND p.age = m.age
            GROUP BY ALL
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
        SELECT m.indicator_id, m.name, m.unit, m.polarity, m.sex, m.age, m.period, m.count, m.denominator,
               m.value, m.lower_95, m.upper_95, m.value_note, m.england_value, m.compared_to_england,
               m.compared_to_goal, m.recent_trend, m.nn_rank, m.nn_count, m.quintile,
               s.peer_min, s.peer_q25, s.peer_q75, s.peer_max, coalesce(s.peer_count, 0) AS peer_count,
               p.published_rank, p.published_england, p.published_trend, p.published_source
        FROM mine m
        LEFT JOIN spine s USING (indicator_id, sex, age)
        LEFT JOIN pub p USING (indicator_id, period, sex, age)
        ORDER BY m.name, m.sex NOT IN ('Persons', 'Not applicable'), m.sex, m.age
        """,
        [area_code, area_type, area_code],
    )
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
    return frame


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
