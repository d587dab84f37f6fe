"""What each analyst page (and its JSON and CSV) shows, built once for pages, API and downloads.

Every frame that leaves here has been through disclosure control for the viewer.
"""

from __future__ import annotations

import pandas as pd
from fastapi import HTTPException

from hwb.store.connection import Store
from hwb.store.record import Record
from hwb.web import charts_analyst as ca
from hwb.web.disclosure import SUPPRESSED, protect, restricted
from hwb.web.queries import analyst as q
from hwb.web.queries import records
from hwb.web.queries.analyst_methods import deprivation_types, funnel, inequality_indices, quantile_number
from hwb.web.queries.areas import get_area
from hwb.web.queries.hidden import hidden_keys
from hwb.web.queries.results import Breakdown, breakdowns, get_indicator
from hwb.web.queries.strategy import current, measured_indicators
from hwb.web.settings import home_area

SORTS = {"high": "Highest value first", "low": "Lowest value first", "name": "Area name, A to Z"}


def protected(user) -> bool:
    """Whether this viewer is shown small numbers suppressed (the one place the analyst
    pages and API decide it, by hwb.web.disclosure's rule)."""
    return restricted(user)


def _protect(store: Store, frame: pd.DataFrame, on: bool) -> pd.DataFrame:
    """Disclosure control with the snapshot's hidden results (hwb.web.disclosure)."""
    return protect(frame, on, hidden=hidden_keys(store) if on else frozenset())


def topics(store: Store, record: Record) -> dict[str, list[str]]:
    """Topics of each indicator: its source and the strategy priorities that measure it."""
    found = {i: [s] for i, s in store.sql("SELECT indicator_id, source FROM indicators WHERE source IS NOT NULL")}
    strategy = current(record)
    if strategy:
        names = strategy.section_names()
        tops = [p.id for p in strategy.priorities] + [x.id for x in strategy.cross_cutting]
        measured = measured_indicators(strategy)
        for section in tops:
            for indicator in measured.get(section, []):
                found.setdefault(indicator, []).append(names[section])
    return found


def _area(store: Store, record: Record, code: str | None) -> dict:
    wanted = code or home_area(record, store)
    area = get_area(store, wanted) if wanted else None
    if area is None:
        raise HTTPException(status_code=404, detail=f"There is no area with the code {code}.")
    return area


def _indicator(store: Store, indicator_id: str) -> dict:
    indicator = get_indicator(store, indicator_id)
    if indicator is None:
        raise HTTPException(status_code=404, detail=f"There is no indicator {indicator_id}.")
    return indicator


def _area_type(store: Store, area_type: str) -> str:
    if area_type not in q.area_types(store):
        raise HTTPException(status_code=404, detail=f"There are no results for areas of the type {area_type}.")
    return area_type


def search_view(store: Store, record: Record, text: str, topic: str, area_type: str, area: str | None,
                anonymous: bool) -> dict:
    place = _area(store, record, area)
    by_indicator = topics(store, record)
    rows = _protect(store, q.search(q.indicator_rows(store, place["area_code"]), text, by_indicator, topic, area_type),
                    anonymous)
    rows = rows.assign(area_types=[list(t) for t in rows["area_types"]])
    return {"q": text, "topic": topic, "area_type": area_type, "place": place, "results": records(rows),
            "topics": sorted({t for ts in by_indicator.values() for t in ts}), "area_types": q.area_types(store),
            "area_options": store.sql("SELECT area_code, area_name, area_type FROM areas ORDER BY"
                                      " area_type <> 'England', area_type, area_name")}


def _sorted(frame: pd.DataFrame, sort: str) -> pd.DataFrame:
    if sort == "name":
        return frame.sort_values("area_name", kind="stable")
    return frame.sort_values(["value", "area_name"], ascending=[sort == "low", True], na_position="last", kind="stable")


def _choose(store: Store, indicator_id: str, sex: str | None, age: str | None) -> Breakdown:
    """The (sex, age) asked for, else the indicator's main breakdown."""
    options = [b for b in breakdowns(store, indicator_id) if not b.category_type]
    wanted = [b for b in options if (sex is None or b.sex == sex) and (age is None or b.age == age)]
    if wanted and (sex or age):
        return wanted[0]
    return q.main_breakdown(store, indicator_id) or (options or [Breakdown()])[0]


def compare_view(store: Store, record: Record, area_type: str, indicator_id: str, sex: str | None, age: str | None,
                 period: str | None, sort: str, area: str | None, anonymous: bool) -> dict:
    """Every area of a type for one indicator, with England, sorted as asked."""
    ind, area_type = _indicator(store, indicator_id), _area_type(store, area_type)
    place = _area(store, record, area)
    b = _choose(store, indicator_id, sex, age)
    periods = q.periods(store, indicator_id, area_type, b)
    chosen = period if period in periods else (periods[0] if periods else None)
    sort = sort if sort in SORTS else ("low" if ind["polarity"] == "low_is_good" else "high")
    frame = _protect(store, q.compare(store, indicator_id, area_type, chosen, b), anonymous) if chosen else pd.DataFrame()
    england = frame[frame["is_england"]] if not frame.empty else frame
    areas = _sorted(frame[~frame["is_england"]], sort) if not frame.empty else frame
    england_value = england["value"].iloc[0] if not england.empty else None
    unit = ind.get("unit") or ""
    text = (f"Bar chart of {ind['name']} ({b.label}) for {len(areas)} {area_type} areas in {chosen}, "
            f"{SORTS[sort].lower()}, with 95% confidence intervals as black lines and England as a dashed line. "
            f"Bar colour gives the comparison with England, which the table also gives in words; "
            f"{place['area_name']} is outlined.")
    options = [x for x in breakdowns(store, indicator_id) if not x.category_type]
    return {"ind": ind, "area_type": area_type, "b": b, "breakdowns": options, "periods": periods, "period": chosen,
            "sort": sort, "sorts": SORTS, "place": place, "rows": records(areas), "england": records(england),
            "frame": pd.concat([england, areas]) if not frame.empty else frame,
            "chart": ca.compare_bars(areas, place["area_code"], unit, text, england_value) if not areas.empty else None,
            "chart_text": text}


def overview_view(store: Store, record: Record, area_type: str, region: str | None, anonymous: bool) -> dict:
    """Indicators by areas: the latest value and comparison of each, England first. Without a
    `region` the areas are those in the home area's region ("" for all of England)."""
    area_type = _area_type(store, area_type)
    if region is None:
        home = get_area(store, home_area(record, store) or "")
        region = home["parent_code"] or "" if home and home["area_type"] == area_type else ""
    frame = _protect(store, q.overview(store, area_type, region), anonymous)
    columns = frame.drop_duplicates("area_code")[["area_code", "area_name"]]
    columns = pd.concat([columns[columns["area_code"] == q.ENGLAND],
                         columns[columns["area_code"] != q.ENGLAND].sort_values("area_name")])
    cells = {(r["indicator_id"], r["area_code"]): r for r in records(frame)}
    firsts = records(frame.drop_duplicates("indicator_id"))
    rows = [{**first, "breakdown": f"{first['sex']}, {first['age']}",
             "cells": [cells.get((first["indicator_id"], c)) for c in columns["area_code"]]} for first in firsts]
    return {"area_type": area_type, "region": region, "regions": q.parents(store, area_type),
            "columns": records(columns), "rows": rows, "frame": frame}


def funnel_view(store: Store, record: Record, indicator_id: str, area_type: str, area: str | None, sex: str | None,
                age: str | None, period: str | None, anonymous: bool) -> dict:
    """The areas of a type on a funnel plot, one highlighted. Areas whose count is suppressed
    for the viewer are left out, limits included (their size or share of the average would
    give the count away)."""
    ind, area_type = _indicator(store, indicator_id), _area_type(store, area_type)
    place = _area(store, record, area)
    b = _choose(store, indicator_id, sex, age)
    periods = q.periods(store, indicator_id, area_type, b)
    chosen = period if period in periods else (periods[0] if periods else None)
    raw = q.compare(store, indicator_id, area_type, chosen, b) if chosen else pd.DataFrame()
    raw = raw[~raw["is_england"]] if not raw.empty else raw
    shown = _protect(store, raw, anonymous)
    hidden = set(shown.loc[shown["count"].astype(object) == SUPPRESSED, "area_code"]) if not shown.empty else set()
    drawn = funnel(raw[~raw["area_code"].isin(hidden)], ind["value_type"], ind["multiplier"]) if not raw.empty else None
    points = drawn.points if drawn else pd.DataFrame()
    unit = ind.get("unit") or ""
    text = ""
    chart = None
    if drawn:
        counts = points["significance"].value_counts()
        text = (f"Funnel plot of {ind['name']} ({b.label}) for {len(points)} {area_type} areas in {chosen}: each area's "
                f"value against its size, with 95% (dashed) and 99.8% (solid) control limits around the average of "
                f"{drawn.baseline:,.1f}. " + "; ".join(f"{n} {label.lower()}" for label, n in counts.items()) +
                f". {place['area_name']} is circled and named.")
        chart = ca.funnel(points, drawn.limits, drawn.baseline, place["area_code"], drawn.x_title,
                          f"Value ({unit})" if unit else "Value", text)
    return {"ind": ind, "area_type": area_type, "b": b, "breakdowns": [x for x in breakdowns(store, indicator_id)
                                                                       if not x.category_type],
            "periods": periods, "period": chosen, "place": place, "points": records(points), "frame": points,
            "limits": drawn.limits if drawn else pd.DataFrame(), "baseline": drawn.baseline if drawn else None,
            "x_title": drawn.x_title if drawn else "", "hidden": len(hidden), "chart": chart, "chart_text": text}


def _label(row) -> str:
    if row.category_type:
        return row.category
    return f"{row.sex}, {row.age}"


def inequalities_view(store: Store, record: Record, indicator_id: str, area: str | None, anonymous: bool) -> dict:
    """The area's latest value in every breakdown, grouped, and the SII/RII where it has
    deprivation quantiles."""
    ind, place = _indicator(store, indicator_id), _area(store, record, area)
    unit = ind.get("unit") or ""
    frame = _protect(store, q.categories(store, indicator_id, place["area_code"]), anonymous)
    groups = []
    deprivation = deprivation_types(frame)
    for kind, part in frame.assign(label=[_label(r) for r in frame.itertuples()]).groupby("category_type", sort=True):
        if kind in deprivation:  # most deprived first
            count = part["category"].nunique()
            part = part.sort_values("category", key=lambda c: c.map(lambda n: quantile_number(n, count) or 0),
                                    kind="stable")
        title = kind or "Sex and age"
        england = part["england_value"].dropna()
        text = (f"Bar chart of {ind['name']} for {place['area_name']} by {title.lower()}, latest period of each, "
                "with 95% confidence intervals as black lines and England as a dashed line; colour gives the "
                "comparison with England, which the table also gives in words.")
        groups.append({"title": title, "rows": records(part), "text": text,
                       "chart": ca.breakdown_bars(part, unit, text, england.iloc[0] if len(england) else None)})
    indices = []
    for kind in deprivation:
        history = _protect(store, q.category_trend(store, indicator_id, place["area_code"], kind), anonymous)
        found = inequality_indices(history, ind["value_type"], ind["multiplier"])
        if found.empty:
            continue
        text = (f"Line chart of the slope index of inequality of {ind['name']} across {kind.lower()} in "
                f"{place['area_name']}, by period, with 95% confidence intervals as vertical lines.")
        indices.append({"title": kind, "rows": records(found), "frame": found, "text": text,
                        "chart": ca.sii_trend(found, unit, text)})
    return {"ind": ind, "place": place, "groups": groups, "indices": indices, "frame": frame,
            "area_options": store.sql("SELECT DISTINCT a.area_code, a.area_name, a.area_type FROM results r"
                                      " JOIN areas a USING (area_code) WHERE r.indicator_id = ?"
                                      " ORDER BY a.area_type <> 'England', a.area_type, a.area_name", [indicator_id])}
