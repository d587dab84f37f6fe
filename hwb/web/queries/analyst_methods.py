"""The methods behind the funnel plot and the inequality indices, fed from stored results.

Funnel control limits come from hwb.methods.funnel, the slope and relative index of
inequality from hwb.methods.sii; both run as Ibis expressions on DuckDB here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ibis
import pandas as pd

from hwb.methods.funnel import funnel_limits, funnel_points, funnel_significance
from hwb.methods.sii import sii

#: How each value type is drawn on a funnel: (statistic, rate type).
FUNNEL_TYPES = {"proportion": ("proportion", None), "crude_rate": ("rate", "crude"), "dsr": ("rate", "dsr")}
LIMITS = {"lower_95": "95% lower limit", "upper_95": "95% upper limit",
          "lower_998": "99.8% lower limit", "upper_998": "99.8% upper limit"}
FUNNEL_WORDS = {"High (0.001)": "Above the 99.8% limit", "High (0.025)": "Above the 95% limit",
                "Low (0.001)": "Below the 99.8% limit", "Low (0.025)": "Below the 95% limit",
                "Not significant": "Within the limits"}
ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


@dataclass
class Funnel:
    points: pd.DataFrame  # area_code, area_name, x, y, count, denominator, significance
    limits: pd.DataFrame  # limit, x, y (long: one row per limit and point on its curve)
    baseline: float
    x_title: str


def funnel(frame: pd.DataFrame, value_type: str, multiplier: float) -> Funnel | None:
    """The funnel of the areas in `frame` (results of one period), or None when the
    value type has no funnel or fewer than three areas have the counts it needs."""
    if value_type not in FUNNEL_TYPES:
        return None
    statistic, rate_type = FUNNEL_TYPES[value_type]
    need = ["count", "denominator"] if statistic == "proportion" else ["count", "value"]
    data = frame.dropna(subset=need)
    data = data[(data["count"] >= 0) & ((data["denominator"] > 0) | (statistic != "proportion"))]
    if statistic == "proportion":
        data = data[data["count"] <= data["denominator"]]
    if len(data) < 3:
        return None
    columns = ["area_code", "area_name", "count", "denominator", "value", "period_years"]
    table = ibis.memtable(data[columns].astype({"count": "float64", "denominator": "float64", "value": "float64"}))
    if statistic == "proportion":
        limits = funnel_limits(table, "count", "denominator", "proportion", multiplier)
        points = funnel_significance(table, "count", "denominator", "proportion").to_pandas()
        points = points.assign(x=points["denominator"], y=points["value"])
        curves = [limits[["population", c]].set_axis(["x", "y"], axis=1).assign(limit=label)
                  for c, label in LIMITS.items()]
        x_title = "Denominator (people)"
    else:
        years = float(max(int(data["period_years"].max()), 1))
        limits = funnel_limits(table, "count", "denominator", "rate", multiplier, rate="value", rate_type=rate_type,
                               years_of_data=years)
        marked = funnel_significance(table, "count", "denominator", "rate", rate="value", rate_type=rate_type,
                                     multiplier=multiplier)
        points = funnel_points(marked, "count", "value", rate_type, years, multiplier, "denominator").to_pandas()
        points = points.assign(x=points["denominator_derived"], y=points["rate_chart"])
        curves = [limits[[f"{c}_population", c]].set_axis(["x", "y"], axis=1).assign(limit=label)
                  for c, label in LIMITS.items()]
        x_title = "Population (per year)"
    points = points.assign(significance=points["significance"].map(FUNNEL_WORDS).fillna("Not assessed"))
    long = pd.concat(curves, ignore_index=True).dropna(subset=["x", "y"])
    low, high = points["x"].min(), points["x"].max()
    long = long[(long["x"] >= low / 1.5) & (long["x"] <= high * 1.5)]  # the curves over the areas' sizes
    return Funnel(points.sort_values("area_name", kind="stable").reset_index(drop=True), long,
                  float(limits["baseline"].iloc[0]), x_title)


def quantile_number(category: str, count: int) -> int | None:
    """1 (most deprived) .. `count` (least) from a category name such as "Second most
    deprived decile (IMD2019)" or "Decile 3"; None when the name gives no order."""
    text = re.sub(r"\(.*?\)", "", category.lower())
    step = next((n + 2 for n, word in enumerate(ORDINALS) if re.search(rf"\b{word}\b", text)), 1)
    if "least" in text:
        return count + 1 - step
    if "most" in text:
        return step
    digits = re.findall(r"\b(\d+)\b", text)
    return int(digits[0]) if len(digits) == 1 else None


def deprivation_types(frame: pd.DataFrame) -> list[str]:
    """Inequality category types of `frame` that are deprivation quantiles."""
    types = frame["category_type"].dropna().unique()
    return sorted(t for t in types if "depriv" in t.lower())


def inequality_indices(frame: pd.DataFrame, value_type: str, multiplier: float) -> pd.DataFrame:
    """SII and RII with 95% limits per period, sex and age from deprivation-quantile rows of
    `frame`; periods where a quantile lacks a value, limits or population (or they are
    suppressed) are left out."""
    numbers = ["value", "lower_95", "upper_95", "denominator"]  # a suppressed figure is no number
    rows = frame.assign(**{c: pd.to_numeric(frame[c], errors="coerce") for c in numbers}).dropna(subset=numbers)
    rows = rows[rows["denominator"] > 0]
    count = frame["category"].nunique()
    rows = rows.assign(quantile=[quantile_number(c, count) for c in rows["category"]]).dropna(subset=["quantile"])
    keys = ["period", "period_sort", "sex", "age"]
    complete = rows.groupby(keys)["quantile"].transform("nunique") == count
    rows = rows[complete]
    if rows.empty or not 5 <= count <= 100:
        return pd.DataFrame()
    kind = "proportion" if value_type == "proportion" else "rate" if value_type in ("crude_rate", "dsr") else "normal"
    scale = multiplier if kind == "proportion" else 1
    data = rows[[*keys, "quantile", "denominator"]].assign(
        quantile=rows["quantile"].astype(int), value=rows["value"] / scale,
        lower=rows["lower_95"] / scale, upper=rows["upper_95"] / scale)
    out = sii(ibis.memtable(data), keys, "quantile", "denominator", value="value", value_type=kind,
              lower_cl="lower", upper_cl="upper", multiplier=scale, confidence={"95": 0.95}).to_pandas()
    return out.sort_values(["period_sort", "sex", "age"]).reset_index(drop=True)
