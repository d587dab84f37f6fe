"""Analyst pages: find an indicator, compare areas (chart and overview), funnel plot, inequalities,
life expectancy, population by age and sex.

Each page's data also downloads as CSV (after disclosure control, cells inert).
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
from fastapi import APIRouter, Depends, Request

from hwb.store.connection import Store
from hwb.store.record import Record
from hwb.web.access import can_view
from hwb.web.auth import User
from hwb.web.cache import cached
from hwb.web.db import get_record, get_store
from hwb.web.downloads import csv_bytes, csv_response
from hwb.web.queries import analyst_views as v
from hwb.web.queries.population_view import CSV_COLUMNS as POPULATION_CSV
from hwb.web.queries.population_view import population_view
from hwb.web.templating import render_page

router = APIRouter(dependencies=[Depends(can_view)])

COMPARE_CSV = ["area_code", "area_name", "area_type", "period", "sex", "age", "count", "denominator", "value",
               "lower_95", "upper_95", "lower_998", "upper_998", "value_note", "england_value", "compared_to_england",
               "quintile"]
OVERVIEW_CSV = ["indicator_id", "name", "unit", "sex", "age", "period", "area_code", "area_name", "value", "lower_95",
                "upper_95", "count", "denominator", "value_note", "compared_to_england"]
FUNNEL_CSV = ["area_code", "area_name", "count", "denominator", "value", "x", "y", "significance"]
INEQUALITY_CSV = ["period", "sex", "age", "category_type", "category", "count", "denominator", "value", "lower_95",
                  "upper_95", "england_value", "compared_to_england"]
INDICES_CSV = ["category_type", "period", "sex", "age", "sii", "sii_lower_95", "sii_upper_95", "rii", "rii_lower_95",
               "rii_upper_95", "intercept"]


@router.get("/search")
def search_page(request: Request, q: str = "", topic: str = "", area_type: str = "", area: str | None = None,
                store: Store = Depends(get_store), record: Record = Depends(get_record),
                user: User | None = Depends(can_view)):
    """Indicators whose name, id, definition, source or topics hold the words searched for."""
    wanted = (q.strip(), topic, area_type, area)
    return render_page(request, "search.html", ("search", *wanted),
                       lambda: v.search_view(store, record, *wanted, anonymous=v.protected(user)))


@router.get("/compare/{area_type}/overview.csv")
def overview_csv(request: Request, area_type: str, region: str | None = None, store: Store = Depends(get_store),
                 record: Record = Depends(get_record), user: User | None = Depends(can_view)):
    body = cached(request, ("overview.csv", area_type, region), lambda: csv_bytes(
        v.overview_view(store, record, area_type, region, v.protected(user))["frame"].reindex(columns=OVERVIEW_CSV)))
    return csv_response(body, f"overview-{area_type}-{region or 'all'}")


@router.get("/compare/{area_type}/{indicator_id}/data.csv")
def compare_csv(request: Request, area_type: str, indicator_id: str, sex: str | None = None, age: str | None = None,
                period: str | None = None, sort: str = "", area: str | None = None,
                store: Store = Depends(get_store), record: Record = Depends(get_record),
                user: User | None = Depends(can_view)):
    wanted = (area_type, indicator_id, sex, age, period, sort, area)
    body = cached(request, ("compare.csv", *wanted), lambda: csv_bytes(
        v.compare_view(store, record, *wanted, anonymous=v.protected(user))["frame"].reindex(columns=COMPARE_CSV)))
    return csv_response(body, f"{indicator_id}-{area_type}-compare")


@router.get("/compare/{area_type}/{indicator_id}")
def compare_page(request: Request, area_type: str, indicator_id: str, sex: str | None = None, age: str | None = None,
                 period: str | None = None, sort: str = "", area: str | None = None,
                 store: Store = Depends(get_store), record: Record = Depends(get_record),
                 user: User | None = Depends(can_view)):
    """One indicator for every area of a type: bars with CIs and England, and the table."""
    wanted = (area_type, indicator_id, sex, age, period, sort, area)
    return render_page(request, "compare.html", ("compare", *wanted),
                       lambda: v.compare_view(store, record, *wanted, anonymous=v.protected(user)))


@router.get("/compare/{area_type}")
def overview_page(request: Request, area_type: str, region: str | None = None, store: Store = Depends(get_store),
                  record: Record = Depends(get_record), user: User | None = Depends(can_view)):
    """Indicators by areas, each cell's comparison with England in words and colour."""
    return render_page(request, "compare_overview.html", ("overview", area_type, region),
                       lambda: v.overview_view(store, record, area_type, region, v.protected(user)))


@router.get("/funnel/{indicator_id}/data.csv")
def funnel_csv(request: Request, indicator_id: str, area_type: str = "County & UA", area: str | None = None,
               sex: str | None = None, age: str | None = None, period: str | None = None,
               store: Store = Depends(get_store), record: Record = Depends(get_record),
               user: User | None = Depends(can_view)):
    wanted = (indicator_id, area_type, area, sex, age, period)
    body = cached(request, ("funnel.csv", *wanted), lambda: csv_bytes(
        v.funnel_view(store, record, *wanted, anonymous=v.protected(user))["frame"].reindex(columns=FUNNEL_CSV)))
    return csv_response(body, f"{indicator_id}-funnel")


@router.get("/funnel/{indicator_id}")
def funnel_page(request: Request, indicator_id: str, area_type: str = "County & UA", area: str | None = None,
                sex: str | None = None, age: str | None = None, period: str | None = None,
                store: Store = Depends(get_store), record: Record = Depends(get_record),
                user: User | None = Depends(can_view)):
    """Areas on a funnel plot with 95% and 99.8% control limits, one area highlighted."""
    wanted = (indicator_id, area_type, area, sex, age, period)
    return render_page(request, "funnel.html", ("funnel", *wanted),
                       lambda: v.funnel_view(store, record, *wanted, anonymous=v.protected(user)))


@router.get("/inequalities/{indicator_id}/data.csv")
def inequalities_csv(request: Request, indicator_id: str, area: str | None = None,
                     kind: Literal["breakdowns", "indices"] = "breakdowns", store: Store = Depends(get_store),
                     record: Record = Depends(get_record), user: User | None = Depends(can_view)):
    """The breakdowns, or the indices of inequality by period."""
    def compute() -> bytes:
        view = v.inequalities_view(store, record, indicator_id, area, v.protected(user))
        if kind == "breakdowns":
            return csv_bytes(view["frame"].reindex(columns=INEQUALITY_CSV))
        frames = [x["frame"].assign(category_type=x["title"]) for x in view["indices"]]
        indices = pd.concat(frames) if frames else pd.DataFrame()
        return csv_bytes(indices.reindex(columns=INDICES_CSV))
    return csv_response(cached(request, ("inequalities.csv", indicator_id, area, kind), compute),
                        f"{indicator_id}-inequalities-{kind}")


@router.get("/inequalities/{indicator_id}")
def inequalities_page(request: Request, indicator_id: str, area: str | None = None, store: Store = Depends(get_store),
                      record: Record = Depends(get_record), user: User | None = Depends(can_view)):
    """An area's value by sex, age and inequality category, and the SII where deprivation deciles exist."""
    return render_page(request, "inequalities.html", ("inequalities", indicator_id, area),
                       lambda: v.inequalities_view(store, record, indicator_id, area, v.protected(user)))


@router.get("/life-expectancy")
def life_expectancy_page(request: Request, area: str | None = None, store: Store = Depends(get_store),
                         record: Record = Depends(get_record), user: User | None = Depends(can_view)):
    """The life expectancy indicators the board holds, with the area's latest values (or a plain none)."""
    return render_page(request, "life_expectancy.html", ("life-expectancy", area),
                       lambda: v.search_view(store, record, "life expectancy", "", "", area, anonymous=v.protected(user)))


@router.get("/population/data.csv")
def population_csv(request: Request, area: str | None = None, store: Store = Depends(get_store),
                   record: Record = Depends(get_record), user: User | None = Depends(can_view)):
    body = cached(request, ("population.csv", area), lambda: csv_bytes(
        population_view(store, record, area, v.protected(user))["frame"].reindex(columns=POPULATION_CSV)))
    return csv_response(body, f"population-{area or 'home'}")


@router.get("/population")
def population_page(request: Request, area: str | None = None, store: Store = Depends(get_store),
                    record: Record = Depends(get_record), user: User | None = Depends(can_view)):
    """An area's population pyramid against England, or a plain statement that the board holds none."""
    return render_page(request, "population.html", ("population", area),
                       lambda: population_view(store, record, area, v.protected(user)))
