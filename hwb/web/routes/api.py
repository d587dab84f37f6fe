"""The read API: the analyst pages' data as JSON, under the pages' access and disclosure rules.

/api/openapi.json describes it (the app's generated description is switched off).
"""

from __future__ import annotations

from typing import Callable

import pandas as pd
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from hwb.store.connection import Store
from hwb.store.record import Record
from hwb.web import charts
from hwb.web.access import can_view
from hwb.web.auth import User
from hwb.web.cache import cached
from hwb.web.db import get_record, get_store
from hwb.web.queries import analyst_views as v
from hwb.web.queries import definition
from hwb.web.queries.areas import get_area
from hwb.web.queries.population_view import CSV_COLUMNS as POPULATION
from hwb.web.queries.population_view import population_view
from hwb.web.queries.profile import profile
from hwb.web.queries.results import get_indicator

router = APIRouter(prefix="/api", dependencies=[Depends(can_view)])

RESULT = ["area_code", "area_name", "period", "sex", "age", "count", "denominator", "value", "lower_95", "upper_95",
          "lower_998", "upper_998", "value_note", "england_value", "compared_to_england"]
SEARCH = ["indicator_id", "name", "unit", "sex", "age", "topics", "area_types", "period", "value", "lower_95",
          "upper_95", "count", "denominator", "value_note", "england_value", "compared_to_england", "recent_trend"]
SPINE = ["indicator_id", "name", "sex", "age", "period", "value", "england_value", "peer_min", "peer_q25", "peer_q75",
         "peer_max", "peer_count", "compared_to_england", "polarity"]


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    return charts.records(frame.reindex(columns=columns), columns) if not frame.empty else []


def _json(request: Request, key: tuple, compute: Callable[[], dict]) -> JSONResponse:
    """`compute()` as JSON through the page cache; a missing indicator or area is a JSON 404."""
    try:
        return JSONResponse(cached(request, ("api", *key), compute))
    except HTTPException as exc:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)


@router.get("/search")
def api_search(request: Request, q: str = "", topic: str = "", area_type: str = "", area: str | None = None,
               store: Store = Depends(get_store), record: Record = Depends(get_record),
               user: User | None = Depends(can_view)):
    def compute() -> dict:
        view = v.search_view(store, record, q.strip(), topic, area_type, area, v.protected(user))
        results = [{c: r[c] if isinstance(r[c], list) else charts._clean(r[c]) for c in SEARCH}
                   for r in view["results"]]
        return {"query": q.strip(), "area_code": view["place"]["area_code"], "results": results}
    return _json(request, ("search", q.strip(), topic, area_type, area), compute)


@router.get("/compare/{area_type}/{indicator_id}")
def api_compare(request: Request, area_type: str, indicator_id: str, sex: str | None = None, age: str | None = None,
                period: str | None = None, store: Store = Depends(get_store), record: Record = Depends(get_record),
                user: User | None = Depends(can_view)):
    def compute() -> dict:
        view = v.compare_view(store, record, area_type, indicator_id, sex, age, period, "name", None, v.protected(user))
        return {"indicator_id": indicator_id, "area_type": area_type, "sex": view["b"].sex, "age": view["b"].age,
                "period": view["period"], "periods": view["periods"],
                "england": _rows(pd.DataFrame(view["england"]), RESULT),
                "areas": _rows(pd.DataFrame(view["rows"]), RESULT)}
    return _json(request, ("compare", area_type, indicator_id, sex, age, period), compute)


@router.get("/compare/{area_type}")
def api_overview(request: Request, area_type: str, region: str = "", store: Store = Depends(get_store),
                 record: Record = Depends(get_record), user: User | None = Depends(can_view)):
    def compute() -> dict:
        view = v.overview_view(store, record, area_type, region, v.protected(user))
        columns = ["indicator_id", "name", "unit", "sex", "age", "period", "area_code", "area_name", "value",
                   "lower_95", "upper_95", "count", "denominator", "value_note", "compared_to_england"]
        return {"area_type": area_type, "region": region, "cells": _rows(view["frame"], columns)}
    return _json(request, ("overview", area_type, region), compute)


@router.get("/funnel/{indicator_id}")
def api_funnel(request: Request, indicator_id: str, area_type: str = "County & UA", sex: str | None = None,
               age: str | None = None, period: str | None = None, store: Store = Depends(get_store),
               record: Record = Depends(get_record), user: User | None = Depends(can_view)):
    def compute() -> dict:
        view = v.funnel_view(store, record, indicator_id, area_type, None, sex, age, period, v.protected(user))
        return {"indicator_id": indicator_id, "area_type": area_type, "period": view["period"],
                "baseline": view["baseline"], "x_title": view["x_title"], "left_off": view["hidden"],
                "points": _rows(view["frame"], ["area_code", "area_name", "count", "denominator", "x", "y",
                                                "significance"]),
                "limits": _rows(view["limits"], ["limit", "x", "y"])}
    return _json(request, ("funnel", indicator_id, area_type, sex, age, period), compute)


@router.get("/inequalities/{indicator_id}")
def api_inequalities(request: Request, indicator_id: str, area: str | None = None, store: Store = Depends(get_store),
                     record: Record = Depends(get_record), user: User | None = Depends(can_view)):
    def compute() -> dict:
        view = v.inequalities_view(store, record, indicator_id, area, v.protected(user))
        sii = ["period", "sex", "age", "sii", "sii_lower_95", "sii_upper_95", "rii", "rii_lower_95", "rii_upper_95"]
        return {"indicator_id": indicator_id, "area_code": view["place"]["area_code"],
                "breakdowns": _rows(view["frame"], ["category_type", "category", *RESULT]),
                "inequality_indices": [{"category_type": x["title"], "rows": _rows(x["frame"], sii)}
                                       for x in view["indices"]]}
    return _json(request, ("inequalities", indicator_id, area), compute)


@router.get("/areas/{area_code}/spine")
def api_spine(request: Request, area_code: str, store: Store = Depends(get_store),
              user: User | None = Depends(can_view)):
    def compute() -> dict:
        area = get_area(store, area_code)
        if area is None:
            raise HTTPException(status_code=404, detail=f"There is no area with the code {area_code}.")
        frame = profile(store, area_code, area["area_type"], protected=v.protected(user))
        return {"area_code": area_code, "area_type": area["area_type"], "rows": _rows(frame, SPINE)}
    return _json(request, ("spine", area_code), compute)


@router.get("/indicators/{indicator_id}")
def api_indicator(request: Request, indicator_id: str, store: Store = Depends(get_store)):
    def compute() -> dict:
        indicator = get_indicator(store, indicator_id)
        if indicator is None:
            raise HTTPException(status_code=404, detail=f"There is no indicator {indicator_id}.")
        imports = [{**i, "imported_at": i["imported_at"].isoformat() if i["imported_at"] else None}
                   for i in definition.imports(store, indicator_id)]
        base = f"/indicators/{indicator_id}/data"
        return {"indicator_id": indicator_id, "name": indicator["name"],
                "metadata": [{"label": label, "text": text} for label, text in definition.metadata(indicator)],
                "imports": imports, "downloads": {"csv": f"{base}.csv", "parquet": f"{base}.parquet"}}
    return _json(request, ("indicator", indicator_id), compute)


@router.get("/population")
def api_population(request: Request, area: str | None = None, store: Store = Depends(get_store),
                   record: Record = Depends(get_record), user: User | None = Depends(can_view)):
    def compute() -> dict:
        view = population_view(store, record, area, v.protected(user))
        indicator = view["indicator"]
        return {"area_code": view["place"]["area_code"], "indicator_id": indicator and indicator["indicator_id"],
                "period": view["period"], "rows": _rows(view["frame"], POPULATION)}
    return _json(request, ("population", area), compute)


def _operation(summary: str, path_params: list[str], query: list[str]) -> dict:
    parameters = [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}} for p in path_params]
    parameters += [{"name": p, "in": "query", "required": False, "schema": {"type": "string"}} for p in query]
    return {"get": {"summary": summary, "parameters": parameters, "responses": {
        "200": {"description": "The data, as JSON. Counts from 1 to 5, and what would give them back, read "
                               "\"suppressed\" for visitors not allowed to see small numbers.",
                "content": {"application/json": {"schema": {"type": "object"}}}},
        "404": {"description": "No such indicator, area or area type.",
                "content": {"application/json": {"schema": {"type": "object", "properties": {
                    "detail": {"type": "string"}}}}}}}}}


OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "Health and Wellbeing Board dashboard: read API", "version": "1",
             "description": "The data of the analyst pages. The same sign-in and disclosure rules as the pages."},
    "paths": {
        "/api/search": _operation("Indicators matching words, with the latest value for an area", [],
                                  ["q", "topic", "area_type", "area"]),
        "/api/compare/{area_type}": _operation("Latest value and comparison of every indicator for England and "
                                               "the areas of a type", ["area_type"], ["region"]),
        "/api/compare/{area_type}/{indicator_id}": _operation("One indicator for England and every area of a type",
                                                              ["area_type", "indicator_id"], ["sex", "age", "period"]),
        "/api/funnel/{indicator_id}": _operation("Funnel plot points and 95% and 99.8% control limits",
                                                 ["indicator_id"], ["area_type", "sex", "age", "period"]),
        "/api/inequalities/{indicator_id}": _operation("An area's breakdowns and its slope and relative index of "
                                                       "inequality", ["indicator_id"], ["area"]),
        "/api/areas/{area_code}/spine": _operation("An area's latest values against the range of areas of its type",
                                                   ["area_code"], []),
        "/api/indicators/{indicator_id}": _operation("An indicator's definition, method and sources, its imports "
                                                     "and where to download its data", ["indicator_id"], []),
        "/api/population": _operation("An area's and England's population by sex and five-year age band, with "
                                      "each band's share (none when the board holds no population by age)",
                                      [], ["area"]),
    },
}


@router.get("/openapi.json")
def api_description() -> JSONResponse:
    return JSONResponse(OPENAPI)
