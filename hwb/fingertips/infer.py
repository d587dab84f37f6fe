"""Indicator rows for a Fingertips download: the publisher's metadata first, inference second.

Inference is the fallback for indicators no metadata covers, and each inferred
row's `metadata_source` says which rule decided it:
- value type and multiplier: "standardised" in the name is a DSR; "estimated
  number" (or value = count on every row) is a count; value = count/denominator x m
  on every row is a proportion (m = 100) or crude rate (m = 1,000 .. 100,000);
  value close to count/denominator x m but varying area by area, as an
  age-standardised rate does, is a DSR; "per 10,000" in the name sets m;
- polarity: which side of England the published "Better" rows lie;
- comparison method: "quintiles" when the published labels are quintiles, "none"
  when every area is "Not compared" though CIs are published.
"""

from __future__ import annotations

import re

import pandas as pd

from hwb.methods.compare import CONFIDENCE_INTERVAL, NO_COMPARISON, QUINTILES
from hwb.methods.labels import BETTER, HIGH_IS_GOOD, LOW_IS_GOOD, NO_JUDGEMENT, NOT_COMPARED, WORSE

ENGLAND = "E92000001"
FIGURE = ["period", "sex", "age", "category_type", "category"]
MULTIPLIERS = (100.0, 1000.0, 10000.0, 100000.0)
EXACT = 1e-3  # relative: full-precision values agree to 1e-9, values saved to 2 decimals to about 1e-4
STANDARDISED_SPREAD = 0.25  # a DSR lies within 25% of count/denominator x m
INDICATOR_COLUMNS = [
    "indicator_id", "name", "value_type", "multiplier", "unit", "polarity", "comparison_confidence",
    "comparison_method", "goal_lower", "goal_upper", "source", "definition", "rationale", "data_source",
    "caveats", "metadata_source",
]
UNITS = {"proportion": "%", "count": None, "other": None}


def unit_multiplier(text: str) -> float | None:
    """100,000 from "per 100,000" (in a unit or an indicator name); 100 from "%"."""
    match = re.search(r"per\s+(\d{1,3}(?:,\d{3})*|\d+)\b", text, re.IGNORECASE)
    if match:
        return float(match.group(1).replace(",", ""))
    return 100.0 if "%" in text else None


def _ratios(group: pd.DataFrame) -> pd.Series:
    usable = group[(group["count"] > 0) & (group["denominator"] > 0) & group["value"].notna()]
    return (usable["value"] / (usable["count"] / usable["denominator"])).astype(float)


def infer_value_type(group: pd.DataFrame, name: str) -> tuple[str, float, str]:
    """(value type, multiplier, the rule that decided) for one indicator's rows."""
    named = unit_multiplier(name)
    lowered = name.lower()
    if "standardised" in lowered or "standardized" in lowered:
        return "dsr", named or 100000.0, "the name says it is standardised"
    if "estimated number" in lowered:
        return "count", 1.0, "the name says it is an estimated number"
    counted = group[group["count"].notna() & group["value"].notna()]
    if len(counted) and ((counted["value"] - counted["count"]).abs() <= EXACT * counted["count"].abs()).all():
        return "count", 1.0, "every value equals its count"
    ratios = _ratios(group)
    if len(ratios):
        for multiplier in ([named] if named else MULTIPLIERS):
            if ((ratios / multiplier - 1).abs() < EXACT).all():
                kind = "proportion" if multiplier == 100 else "crude_rate"
                return kind, multiplier, f"every value equals count / denominator x {multiplier:,.0f}"
        varies = ratios.max() / ratios.min() - 1 > 10 * EXACT
        for multiplier in ([named] if named else MULTIPLIERS[1:]):
            if varies and abs(ratios.median() / multiplier - 1) < STANDARDISED_SPREAD:
                return "dsr", multiplier, (f"values follow count / denominator x {multiplier:,.0f} only approximately, "
                                           "varying area by area as an age-standardised rate does")
    if named == 100:
        return "proportion", 100.0, "the name gives a percentage"
    if named:
        return "crude_rate", named, f"the name gives a rate per {named:,.0f}"
    return "other", 1.0, "no rule applied, so values are taken as given"


def infer_polarity(group: pd.DataFrame) -> tuple[str, str]:
    """From which side of England the published Better/Worse rows lie."""
    england = group[group["area_code"] == ENGLAND].set_index("figure")["value"]
    judged = group[group["published_england"].isin([BETTER, WORSE])]
    for _, row in judged.iterrows():
        bench = england.get(row["figure"])
        if bench is None or pd.isna(bench) or pd.isna(row["value"]) or row["value"] == bench:
            continue
        above = row["value"] > bench
        polarity = HIGH_IS_GOOD if above == (row["published_england"] == BETTER) else LOW_IS_GOOD
        return polarity, "the published Better/Worse labels show it"
    return NO_JUDGEMENT, "no Better or Worse label is published"


def infer_comparison(group: pd.DataFrame) -> tuple[str, str]:
    """How Fingertips benchmarked the indicator, from its published England labels."""
    areas = group[group["area_code"] != ENGLAND]
    labels = areas["published_england"].dropna()
    if labels.str.contains("quintile", case=False).any():
        return QUINTILES, "the published labels are quintiles"
    has_ci = (areas["lower_95"].notna() & areas["upper_95"].notna()).any()
    if len(labels) and (labels == NOT_COMPARED).all() and has_ci:
        return NO_COMPARISON, "every area is published as 'Not compared' though CIs are given"
    return CONFIDENCE_INTERVAL, "the published labels compare confidence intervals"


def _with_published(data_points: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    england = published[published["field"] == "compared_to_england"]
    labels = england.rename(columns={"value_text": "published_england"})
    keys = ["indicator_id", "area_code", *FIGURE]
    work = data_points.merge(labels[[*keys, "published_england"]], on=keys, how="left")
    return work.assign(figure=["|".join(row) for row in work[FIGURE].astype(str).itertuples(index=False, name=None)])


def _inferred(indicator_id: str, name: str, group: pd.DataFrame) -> dict:
    value_type, multiplier, type_rule = infer_value_type(group, name)
    polarity, polarity_rule = infer_polarity(group)
    method, method_rule = infer_comparison(group)
    unit = UNITS.get(value_type, f"per {multiplier:,.0f}")
    return {
        "indicator_id": indicator_id, "name": name, "value_type": value_type, "multiplier": multiplier,
        "unit": unit, "polarity": polarity, "comparison_confidence": 95.0, "comparison_method": method,
        "goal_lower": None, "goal_upper": None, "source": "Fingertips (OHID)", "definition": None,
        "rationale": None, "data_source": None, "caveats": None,
        "metadata_source": (f"Inferred from the download, as no indicator metadata was given: value type because "
                            f"{type_rule}; polarity because {polarity_rule}; comparison method because {method_rule}."),
    }


def _from_metadata(meta: dict, name: str, group: pd.DataFrame) -> dict:
    row = {c: None if pd.isna(meta.get(c)) else meta.get(c) for c in INDICATOR_COLUMNS}
    row["name"] = name
    row["source"] = "Fingertips (OHID)"
    if not row["comparison_method"]:
        method, rule = infer_comparison(group)
        row["comparison_method"] = method
        row["metadata_source"] = f"{meta['metadata_source']}; comparison method inferred because {rule}"
    if not row["comparison_confidence"]:
        row["comparison_confidence"] = 95.0
    return row


def infer_indicators(data_points: pd.DataFrame, published: pd.DataFrame, names: dict[str, str],
                     metadata: pd.DataFrame | None = None) -> pd.DataFrame:
    """One indicator row per indicator in the download: from `metadata` where it has the indicator."""
    known = {} if metadata is None else {r["indicator_id"]: r for r in metadata.to_dict("records")}
    work = _with_published(data_points, published)
    out = []
    for indicator_id, group in work.groupby("indicator_id", sort=True):
        name = names[indicator_id]
        meta = known.get(indicator_id)
        out.append(_from_metadata(meta, name, group) if meta else _inferred(indicator_id, name, group))
    return pd.DataFrame(out, columns=INDICATOR_COLUMNS)
