"""Area list (with search) and the area profile: the Appendix-A table and a spine chart."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request

from hwb.store.connection import Store
from hwb.web import charts
from hwb.web.access import can_view
from hwb.web.auth import User
from hwb.web.cache import cached
from hwb.web.db import get_store
from hwb.web.disclosure import restricted
from hwb.web.downloads import csv_bytes, csv_response
from hwb.web.queries.areas import areas_with_results, get_area, search_areas
from hwb.web.queries import records
from hwb.web.queries.profile import profile
from hwb.web.templating import render_page

router = APIRouter(dependencies=[Depends(can_view)])

PROFILE_CSV = ["indicator_id", "name", "sex", "age", "period", "count", "denominator", "value", "lower_95",
               "upper_95", "rank", "england_value", "compared_to_england", "compared_to_goal", "trend",
               "peer_count", "peer_min", "peer_q25", "peer_q75", "peer_max", "published_source"]


@router.get("/areas")
def area_list(request: Request, q: str = "", store: Store = Depends(get_store)):
    """All areas with results; `q` filters by name or code (htmx swaps just the list)."""
    text = q.strip()
    template = "area_results.html" if request.headers.get("HX-Request") else "areas.html"
    return render_page(request, template, ("areas", q), lambda: {
        "areas": search_areas(store, text) if text else areas_with_results(store), "q": q})


def _area_or_404(store: Store, area_code: str) -> dict:
    area = get_area(store, area_code)
    if area is None:
        raise HTTPException(status_code=404, detail=f"There is no area with the code {area_code}.")
    return area


def _profile_page(store: Store, area_code: str, protected: bool) -> dict:
    area = _area_or_404(store, area_code)
    frame = profile(store, area_code, area["area_type"], protected=protected)
    rows = charts.spine_rows(frame)
    summary = (
        f"Spine chart of {len(rows)} indicators for {area['area_name']}. The centre line is England; the light bar runs "
        f"from the worst to the best {area['area_type']} area, the darker bar covers the middle half of areas, and the "
        f"marker is {area['area_name']}, coloured by how it compares with England (the table gives each comparison in words)."
    )
    return {"area": area, "rows": records(frame), "spine": charts.spine(rows, summary),
            "spine_count": len(rows), "summary": summary}


@router.get("/areas/{area_code}")
def area_profile(request: Request, area_code: str, store: Store = Depends(get_store),
                 user: User | None = Depends(can_view)):
    return render_page(request, "area.html", ("area", area_code),
                       lambda: _profile_page(store, area_code, protected=restricted(user)))


def _profile_csv(store: Store, area_code: str, protected: bool) -> bytes:
    area = _area_or_404(store, area_code)
    return csv_bytes(profile(store, area_code, area["area_type"], protected=protected)[PROFILE_CSV])


@router.get("/areas/{area_code}/profile.csv")
def area_profile_csv(request: Request, area_code: str, store: Store = Depends(get_store),
                     user: User | None = Depends(can_view)):
    body = cached(request, ("area.csv", area_code), lambda: _profile_csv(store, area_code, protected=restricted(user)))
    return csv_response(body, f"{area_code}-profile")
