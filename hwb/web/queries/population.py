"""Population by age and sex for a pyramid: the store's population indicator, by five-year band.

Fingertips publishes resident population (ONS mid-year estimates) as an indicator
(92708) with one row per sex and age band ("0-4 yrs" ... "90+ yrs"); any indicator of
counts (or values taken as given) named as a population, held by band for males and
females, is used the same way.
"""

from __future__ import annotations

import re

import pandas as pd

from hwb.store.connection import Store

FINGERTIPS_POPULATION = "92708"
SEXES = ("Male", "Female")
BAND = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)|\+)\s*(?:yrs?|years?)?\s*$", re.IGNORECASE)
MIN_BANDS = 5


def band_start(age: str) -> int | None:
    """The first year of an age band ("5-9 yrs" -> 5, "90+ yrs" -> 90), None for anything else."""
    match = BAND.match(age or "")
    return int(match.group(1)) if match else None


def population_indicators(store: Store) -> list[dict]:
    """Population indicators with results by band for both sexes, Fingertips' own first."""
    rows = store.df(
        "SELECT i.indicator_id, i.name, r.sex, r.age FROM indicators i JOIN results r USING (indicator_id)"
        " WHERE (i.indicator_id = ? OR (i.value_type IN ('count', 'other') AND lower(i.name) LIKE '%population%'))"
        " AND r.category_type = '' AND r.sex IN ('Male', 'Female') GROUP BY ALL",
        [FINGERTIPS_POPULATION],
    )
    rows = rows[rows["age"].map(band_start).notna()]
    found = []
    for (indicator_id, name), group in rows.groupby(["indicator_id", "name"]):
        if set(group["sex"]) == set(SEXES) and group["age"].nunique() >= MIN_BANDS:
            found.append({"indicator_id": indicator_id, "name": name})
    return sorted(found, key=lambda i: (i["indicator_id"] != FINGERTIPS_POPULATION, i["name"]))


def latest_period(store: Store, indicator_id: str, area_code: str) -> str | None:
    """The latest period the area has population by sex for."""
    rows = store.sql(
        "SELECT period FROM results WHERE indicator_id = ? AND area_code = ? AND sex IN ('Male', 'Female')"
        " AND category_type = '' ORDER BY period_sort DESC, period DESC LIMIT 1",
        [indicator_id, area_code],
    )
    return rows[0][0] if rows else None


def bands(store: Store, indicator_id: str, area_codes: list[str], period: str) -> pd.DataFrame:
    """Result rows by sex and five-year band for the areas in `period`, with each band's start age
    and its people (the value, or the count where no value is given), youngest first."""
    marks = ", ".join("?" for _ in area_codes)
    frame = store.df(
        "SELECT indicator_id, area_code, period, sex, age, category_type, category, count, denominator, value,"
        " value_note FROM results WHERE indicator_id = ? AND period = ? AND category_type = ''"
        f" AND sex IN ('Male', 'Female') AND area_code IN ({marks})",
        [indicator_id, period, *area_codes],
    )
    frame["start"] = frame["age"].map(band_start)
    frame = frame[frame["start"].notna()].copy()
    frame["start"] = frame["start"].astype(int)
    return frame.sort_values(["area_code", "start", "sex"]).reset_index(drop=True)
