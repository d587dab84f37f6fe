"""Indicator metadata: Fingertips' metadata CSV, or a tidy file, into indicator rows.

Fingertips' CSV (`indicator_metadata/csv/...`) names the value type ("Directly
standardised rate"), the unit ("per 100,000") and the polarity ("RAG - Low is
good") in words; these become hwb's value type, multiplier and polarity, with
definition, rationale, data source and caveats kept as text. Its CSV carries no
benchmarking method; a "Benchmarking method" / "Benchmarking significance level"
column (as Fingertips' metadata page names them) is read when present, otherwise
the method is inferred from the download's published labels.

The tidy file has `indicator_id, value_type, multiplier, polarity` and optional
`name, unit, comparison_method (95 | 99.8 | quintiles | none), definition,
rationale, data_source, caveats`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from hwb.errors import InputError, LocatedError
from hwb.fingertips.infer import INDICATOR_COLUMNS, unit_multiplier
from hwb.ingest.fields import choice, number, parse_rows, text
from hwb.ingest.tidy import VALUE_TYPES as TIDY_VALUE_TYPES
from hwb.ingest.tables import RawTable, read_table
from hwb.methods.compare import CONFIDENCE_INTERVAL, NO_COMPARISON, QUINTILES
from hwb.methods.labels import HIGH_IS_GOOD, LOW_IS_GOOD, NO_JUDGEMENT, POLARITIES

VALUE_TYPES = {
    "proportion": "proportion", "crude rate": "crude_rate", "directly standardised rate": "dsr",
    "indirectly standardised ratio": "isr", "mean": "mean", "count": "count", "life expectancy": "life_expectancy",
}
POLARITY_NAMES = {
    "rag - high is good": HIGH_IS_GOOD, "rag - low is good": LOW_IS_GOOD,
    "bob - blue orange blue": NO_JUDGEMENT, "blue orange blue": NO_JUDGEMENT, "not applicable": NO_JUDGEMENT,
    "": NO_JUDGEMENT,
}
# The columns of Fingertips' metadata CSV (fingertipsR's reader lists them), all read as text.
FINGERTIPS_TEXT = [
    "Definition", "Rationale", "Data source", "Indicator source", "Indicator production", "Methodology",
    "Standard population/values", "Confidence interval details", "Source of numerator",
    "Definition of numerator", "Source of denominator", "Definition of denominator", "Disclosure control",
    "Caveats", "Copyright", "Data re-use", "Links", "Indicator number", "Notes", "Frequency", "Rounding",
    "Data quality", "Indicator Content", "Specific rationale", "Impact of COVID-19", "Related indicators",
    "Year type", "Benchmarking method", "Benchmarking significance level",
]
FINGERTIPS_COLUMNS = [
    text("Indicator ID", needs_value=True), text("Indicator", needs_value=True),
    text("Value type", needs_value=True), text("Unit"), text("Polarity"),
    *(text(name, required=False) for name in FINGERTIPS_TEXT),
]
TIDY_METHODS = ("95", "99.8", QUINTILES, NO_COMPARISON)
TIDY_COLUMNS = [
    text("indicator_id", needs_value=True), text("name", required=False),
    choice("value_type", TIDY_VALUE_TYPES),
    number("multiplier", required=True, needs_value=True, minimum=0), choice("polarity", POLARITIES),
    text("unit", required=False), choice("comparison_method", TIDY_METHODS, required=False, needs_value=False),
    *(text(name, required=False) for name in ("definition", "rationale", "data_source", "caveats")),
]


def benchmarking(method: str, level: str) -> tuple[str | None, float | None]:
    """(comparison method, confidence) from Fingertips' benchmarking method and level; None if unsaid."""
    lowered = f"{method} {level}".lower()
    if "quintile" in lowered:
        return QUINTILES, None
    if "no comparison" in lowered or "not compared" in lowered:
        return NO_COMPARISON, None
    if "99.8" in lowered:
        return CONFIDENCE_INTERVAL, 99.8
    if "95" in lowered:
        return CONFIDENCE_INTERVAL, 95.0
    return None, None


def _fingertips_row(table: RawTable, row: dict, source: str) -> tuple[dict, list[LocatedError]]:
    where = (table.file, row["_row"])
    errors = []
    value_type = VALUE_TYPES.get(row["Value type"].strip().lower(), "other")
    polarity = POLARITY_NAMES.get(row["Polarity"].strip().lower())
    if polarity is None:
        errors.append(LocatedError(*where, "Polarity", f"{row['Polarity']!r} is not one of RAG - High is good, "
                                                       "RAG - Low is good, BOB - Blue orange blue, Not applicable"))
    multiplier = 1.0 if value_type == "count" else unit_multiplier(row["Unit"]) or 1.0
    method, confidence = benchmarking(row.get("Benchmarking method") or "",
                                      row.get("Benchmarking significance level") or "")
    note = "" if value_type != "other" else f"; value type {row['Value type']!r} is taken as given"
    return {
        "indicator_id": row["Indicator ID"], "name": row["Indicator"], "value_type": value_type,
        "multiplier": multiplier, "unit": row["Unit"] or None, "polarity": polarity,
        "comparison_method": method, "comparison_confidence": confidence,
        "definition": row.get("Definition") or None, "rationale": row.get("Rationale") or None,
        "data_source": row.get("Data source") or None, "caveats": row.get("Caveats") or None,
        "metadata_source": source + note,
    }, errors


def _tidy_row(row: dict, source: str) -> dict:
    method = row["comparison_method"]
    return {
        "indicator_id": row["indicator_id"], "name": row["name"] or None, "value_type": row["value_type"],
        "multiplier": row["multiplier"], "unit": row["unit"] or None, "polarity": row["polarity"],
        "comparison_method": CONFIDENCE_INTERVAL if method in ("95", "99.8") else (method or None),
        "comparison_confidence": float(method) if method in ("95", "99.8") else None,
        **{k: row[k] or None for k in ("definition", "rationale", "data_source", "caveats")},
        "metadata_source": source,
    }


def read_metadata(path: str | Path, downloaded: str | None = None) -> pd.DataFrame:
    """Indicator rows (INDICATOR_COLUMNS less goals) from a Fingertips metadata CSV or a tidy file.

    Raises InputError naming every bad cell; nothing is returned half-read.
    """
    table = read_table(path)
    fingertips = "Indicator ID" in table.header
    columns = FINGERTIPS_COLUMNS if fingertips else TIDY_COLUMNS
    rows, errors = parse_rows(table, columns)
    kind = "Fingertips indicator metadata" if fingertips else "indicator metadata file"
    source = f"{kind} {Path(path).name}" + (f", downloaded {downloaded}" if downloaded else "")
    out, seen = [], {}
    for row in rows:
        key = row["Indicator ID" if fingertips else "indicator_id"]
        if key in seen:
            errors.append(LocatedError(table.file, row["_row"], "Indicator ID" if fingertips else "indicator_id",
                                       f"{key!r} repeats row {seen[key]}"))
        seen.setdefault(key, row["_row"])
        if fingertips:
            parsed, problems = _fingertips_row(table, row, source)
            errors += problems
        else:
            parsed = _tidy_row(row, source)
        out.append(parsed)
    if errors:
        raise InputError(errors)
    columns = [c for c in INDICATOR_COLUMNS if c not in ("goal_lower", "goal_upper", "source")]
    return pd.DataFrame(out, columns=columns)
