"""An indicator's definition: its metadata in words, its imports, and all its results for download."""

from __future__ import annotations

import pandas as pd

from hwb.store.connection import Store
from hwb.web.queries import missing, records

METHODS = {
    "proportion": "Proportion: count divided by denominator, with Wilson score confidence intervals",
    "crude_rate": "Crude rate: count divided by population, with Byar's confidence intervals "
                  "(exact Poisson below 10 events)",
    "dsr": "Directly standardised rate: Dobson method with the 2013 European Standard Population; "
           "not published below 10 events",
    "isr": "Indirectly standardised ratio, with England's age-specific rates as the reference "
           "and Byar's confidence intervals on the observed count",
    "life_expectancy": "Life expectancy in years: Chiang II abridged life table from deaths and populations "
                       "in 20 age bands; not calculated for 5,000 person-years or fewer",
    "mean": "Mean, with confidence intervals from Student's t distribution",
    "count": "Count",
    "other": "As published by the source",
}
POLARITY = {"high_is_good": "A higher value is better", "low_is_good": "A lower value is better"}
NO_POLARITY = "No judgement: higher or lower is neither better nor worse"
DOWNLOAD_COLUMNS = ["indicator_id", "area_code", "area_name", "area_type", "period", "sex", "age",
                    "category_type", "category", "count", "denominator", "value", "lower_95", "upper_95",
                    "lower_998", "upper_998", "value_note", "england_value", "compared_to_england",
                    "compared_to_parent", "compared_to_goal", "recent_trend", "nn_rank", "nn_count", "quintile"]


def _text(value) -> str:
    return "" if missing(value) else str(value).strip()


def _multiplier(indicator: dict) -> str:
    value = indicator.get("multiplier")
    if missing(value) or float(value) in (0.0, 1.0) or indicator.get("value_type") in ("count", "life_expectancy"):
        return ""
    return f" per {float(value):,.0f}" if float(value) != 100 else " (per cent)"


def _comparison(indicator: dict) -> str:
    method = _text(indicator.get("comparison_method")) or "confidence_interval"
    if method == "none":
        return "Not compared"
    if method == "quintiles":
        return "By quintile among areas of the same type"
    level = indicator.get("comparison_confidence")
    level = 95.0 if missing(level) else float(level)
    return f"The area's {level:g}% confidence interval against the benchmark's value (England, or the parent area)"


def _goal(indicator: dict) -> str:
    low, high = indicator.get("goal_lower"), indicator.get("goal_upper")
    if missing(low):
        return ""
    return f"{float(low):g}" if missing(high) else f"{float(low):g} to {float(high):g}"


def metadata(indicator: dict) -> list[tuple[str, str]]:
    """(label, text) of each metadata field, in Fingertips' order; "Not given" where the store holds none."""
    value_type = _text(indicator.get("value_type"))
    fields = [
        ("Indicator id", _text(indicator.get("indicator_id"))),
        ("Definition", _text(indicator.get("definition"))),
        ("Rationale", _text(indicator.get("rationale"))),
        ("Unit", _text(indicator.get("unit"))),
        ("Method", METHODS.get(value_type, value_type.replace("_", " ")) + _multiplier(indicator)),
        ("Data source", _text(indicator.get("data_source"))),
        ("Source", _text(indicator.get("source"))),
        ("Caveats", _text(indicator.get("caveats"))),
        ("Polarity", POLARITY.get(_text(indicator.get("polarity")), NO_POLARITY)),
        ("Comparison method", _comparison(indicator)),
    ]
    out = [(label, text or "Not given") for label, text in fields]
    if _goal(indicator):
        out.append(("Goal", _goal(indicator)))
    if _text(indicator.get("metadata_source")):
        out.append(("Where this description comes from", _text(indicator.get("metadata_source"))))
    return out


def imports(store: Store, indicator_id: str) -> list[dict]:
    """The imports that carried the indicator, newest first (file name only, never its folder)."""
    if not store.has_table("imports") or "indicator_ids" not in store.df("SELECT * FROM imports LIMIT 0").columns:
        return []
    frame = store.df(
        "SELECT file, kind, rows, imported_at FROM imports WHERE list_contains(indicator_ids, ?)"
        " ORDER BY imported_at DESC, file",
        [indicator_id],
    )
    frame["file"] = frame["file"].map(lambda path: str(path).replace("\\", "/").rsplit("/", 1)[-1])
    return records(frame)


def all_results(store: Store, indicator_id: str) -> pd.DataFrame:
    """Every result of the indicator with its area's name and type, in a stable order."""
    columns = ", ".join(f"a.{c}" if c in ("area_name", "area_type") else f"r.{c}" for c in DOWNLOAD_COLUMNS)
    return store.df(
        f"SELECT {columns} FROM results r LEFT JOIN areas a USING (area_code) WHERE r.indicator_id = ?"
        " ORDER BY a.area_type, a.area_name, r.area_code, r.sex, r.age, r.category_type, r.category,"
        " r.period_sort, r.period",
        [indicator_id],
    )
