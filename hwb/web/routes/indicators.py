"""Indicator pages: trend with CIs, all areas of the same type, nearest neighbours, metadata,
imports, and all results as CSV or Parquet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd
from fastapi import APIRouter, Depends, HTTPException, Request

from hwb.store.connection import Store
from hwb.web import charts
from hwb.web.access import can_view
from hwb.web.auth import User
from hwb.web.cache import cached
from hwb.store.record import Record
from hwb.web.db import get_record, get_store
from hwb.web.disclosure import protect, restricted
from hwb.web.downloads import csv_bytes, csv_response
from hwb.web.parquet_download import parquet_bytes, parquet_response
from hwb.web.queries import definition
from hwb.web.queries import results as q
from hwb.web.queries import records
from hwb.web.queries.areas import get_area
from hwb.web.queries.hidden import hidden_keys
from hwb.web.settings import home_area
from hwb.web.templating import render_page

router = APIRouter(dependencies=[Depends(can_view)])

NUMERIC = ["count", "denominator", "value", "lower_95", "upper_95", "lower_998", "upper_998", "england_value",
           "nn_rank", "nn_count"]
CSV_COLUMNS = ["area_code", "area_name", "period", "sex", "age", "category_type", "category", "count",
               "denominator", "value", "lower_95", "upper_95", "lower_998", "upper_998", "value_note",
               "england_value", "compared_to_england", "compared_to_goal", "recent_trend", "nn_rank", "nn_count",
               "quintile"]


@dataclass
class View:
    """What one indicator page (or one of its CSVs) shows."""

    indicator: dict
    area: dict
    breakdown: q.Breakdown
    breakdowns: list[q.Breakdown]
    period: str | None


def _view(store: Store, record: Record, indicator_id: str, area_code: str | None, sex: str | None, age: str | None,
          category_type: str, category: str) -> View:
    indicator = q.get_indicator(store, indicator_id)
    if indicator is None:
        raise HTTPException(status_code=404, detail=f"There is no indicator {indicator_id}.")
    code = area_code or home_area(record, store)
    area = get_area(store, code) if code else None
    if area is None:
        raise HTTPException(status_code=404, detail=f"There is no area with the code {area_code}.")
    options = q.breakdowns(store, indicator_id, area["area_code"])
    wanted = [b for b in options
              if (sex is None or b.sex == sex) and (age is None or b.age == age)
              and b.category_type == category_type and b.category == category]
    chosen = (wanted or options or [q.Breakdown()])[0]
    period = q.latest_period(store, indicator_id, area["area_code"], chosen)
    return View(indicator, area, chosen, options, period)


def _descending(indicator: dict) -> bool:
    return indicator["polarity"] != "low_is_good"


@router.get("/indicators")
def indicator_list(request: Request, store: Store = Depends(get_store)):
    return render_page(request, "indicators.html", ("indicators",), lambda: {"indicators": q.list_indicators(store)})


@router.get("/indicators/{indicator_id}")
def indicator_page(request: Request, indicator_id: str, area: str | None = None, sex: str | None = None,
                   age: str | None = None, category_type: str = "", category: str = "",
                   store: Store = Depends(get_store), record: Record = Depends(get_record),
                   user: User | None = Depends(can_view)):
    wanted = (indicator_id, area, sex, age, category_type, category)
    return render_page(request, "indicator.html", ("indicator", *wanted),
                       lambda: _indicator_page(store, record, *wanted, protected=restricted(user)))


def _indicator_page(store: Store, record: Record, indicator_id: str, area: str | None, sex: str | None, age: str | None,
                    category_type: str, category: str, *, protected: bool) -> dict:
    view = _view(store, record, indicator_id, area, sex, age, category_type, category)
    ind, place, b = view.indicator, view.area, view.breakdown
    unit = ind.get("unit") or ""
    trend = _protect(store, q.trend(store, indicator_id, place["area_code"], b), protected)
    compare = _protect(store, q.same_type(store, indicator_id, place["area_type"], view.period, b, _descending(ind)),
                       protected, ranked=True) if view.period else pd.DataFrame()
    near = _protect(store, q.neighbours(store, indicator_id, place["area_code"], view.period, b), protected,
                    ranked=True) if view.period else pd.DataFrame()
    latest = records(trend[trend["is_latest"]])[0] if not trend.empty and trend["is_latest"].any() else None
    england = latest["england_value"] if latest else None
    name = f"{ind['name']} ({b.label})"
    trend_text = (f"Line chart of {name} for {place['area_name']} over {len(trend)} periods, "
                  f"from {trend['period'].iloc[0]} to {trend['period'].iloc[-1]}, with 95% confidence intervals "
                  "as vertical lines and England as a dashed line." if not trend.empty else "")
    compare_text = (f"Bar chart of {name} for {len(compare)} {place['area_type']} areas in {view.period}, "
                    "sorted best first where the indicator has a polarity; bar colour gives the comparison with England, "
                    f"which the table also gives in words. {place['area_name']} is outlined.")
    near_text = (f"Bar chart of {name} for {place['area_name']} and its nearest neighbours in {view.period}, "
                 "in rank order, coloured by comparison with England.")
    return {
        "view": view, "ind": ind, "place": place, "b": b, "query": b.query(place["area_code"]), "latest": latest,
        "trend": records(trend), "compare": records(compare), "near": records(near),
        "trend_chart": charts.trend(trend, unit, trend_text) if not trend.empty else None, "trend_text": trend_text,
        "compare_chart": charts.ranked_bars(compare, place["area_code"], unit, compare_text, england)
        if not compare.empty else None, "compare_text": compare_text,
        "near_chart": charts.ranked_bars(near, place["area_code"], unit, near_text, england)
        if len(near) > 1 else None, "near_text": near_text,
        "published": records(q.published(store, indicator_id, place["area_code"])),
        "metadata": definition.metadata(ind), "imports": definition.imports(store, indicator_id),
        "area_options": q.areas_for(store, indicator_id),
    }


def _all_data(store: Store, indicator_id: str, protected: bool) -> pd.DataFrame:
    """Every result of the indicator, through disclosure control; 404 for an unknown indicator."""
    if q.get_indicator(store, indicator_id) is None:
        raise HTTPException(status_code=404, detail=f"There is no indicator {indicator_id}.")
    return _protect(store, definition.all_results(store, indicator_id), protected)


@router.get("/indicators/{indicator_id}/data.csv")
def indicator_data_csv(request: Request, indicator_id: str, store: Store = Depends(get_store),
                       user: User | None = Depends(can_view)):
    """All the indicator's results, every area and breakdown, as CSV."""
    body = cached(request, ("indicator-data.csv", indicator_id),
                  lambda: csv_bytes(_all_data(store, indicator_id, restricted(user))))
    return csv_response(body, f"{indicator_id}-all-data")


@router.get("/indicators/{indicator_id}/data.parquet")
def indicator_data_parquet(request: Request, indicator_id: str, store: Store = Depends(get_store),
                           user: User | None = Depends(can_view)):
    """All the indicator's results as Parquet, with the CSV's disclosure control."""
    body = cached(request, ("indicator-data.parquet", indicator_id),
                  lambda: parquet_bytes(_all_data(store, indicator_id, restricted(user)), NUMERIC))
    return parquet_response(body, f"{indicator_id}-all-data")


@router.get("/indicators/{indicator_id}/{kind}.csv")
def indicator_csv(request: Request, indicator_id: str, kind: Literal["trend", "compare", "neighbours"],
                  area: str | None = None, sex: str | None = None, age: str | None = None, category_type: str = "",
                  category: str = "", store: Store = Depends(get_store), record: Record = Depends(get_record),
                   user: User | None = Depends(can_view)):
    """The data behind each chart of the indicator page."""
    wanted = (indicator_id, area, sex, age, category_type, category)
    filename, body = cached(request, ("indicator.csv", kind, *wanted),
                            lambda: _indicator_csv(store, record, kind, *wanted, protected=restricted(user)))
    return csv_response(body, filename)


def _indicator_csv(store: Store, record: Record, kind: str, indicator_id: str, area: str | None, sex: str | None, age: str | None,
                   category_type: str, category: str, *, protected: bool) -> tuple[str, bytes]:
    view = _view(store, record, indicator_id, area, sex, age, category_type, category)
    code, b = view.area["area_code"], view.breakdown
    if kind == "trend":
        frame = q.trend(store, indicator_id, code, b)
    elif view.period is None:
        frame = pd.DataFrame(columns=CSV_COLUMNS)
    elif kind == "compare":
        frame = q.same_type(store, indicator_id, view.area["area_type"], view.period, b, _descending(view.indicator))
    else:
        frame = q.neighbours(store, indicator_id, code, view.period, b)
    frame = _protect(store, frame, protected, ranked=kind != "trend")
    return f"{indicator_id}-{code}-{kind}", csv_bytes(frame[CSV_COLUMNS])


def _protect(store: Store, frame: pd.DataFrame, protected: bool, ranked: bool = False) -> pd.DataFrame:
    """Disclosure control with the snapshot's hidden results (hwb.web.disclosure)."""
    return protect(frame, protected, hidden=hidden_keys(store) if protected else frozenset(), ranked=ranked)
