"""The home page: the strategy's sections with how their indicators compare and are moving."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Depends, Request

from hwb.reports.judgement import not_compared_reason

from hwb.store.connection import Store
from hwb.store.record import Record
from hwb.web.access import can_view
from hwb.web.auth import User
from hwb.web.db import get_record, get_store
from hwb.web.disclosure import restricted
from hwb.web.queries import records
from hwb.web.queries.areas import get_area
from hwb.web.queries.profile import profile, summarise
from hwb.web.queries.strategy import current, measured_indicators
from hwb.web.settings import home_area
from hwb.web.templating import render_page

router = APIRouter(dependencies=[Depends(can_view)])


@router.get("/")
def home(request: Request, store: Store = Depends(get_store), record: Record = Depends(get_record),
         user: User | None = Depends(can_view)):
    return render_page(request, "home.html", ("home",), lambda: _home(store, record, restricted(user)))


JUDGED = ("Better", "Similar", "Worse")


def counts(rows: list[dict]) -> dict:
    """The tiles' counts: better, similar and worse than England, higher or lower where no
    better or worse is judged, not compared (with why, most common first), and the trends."""
    found = summarise(rows)
    compared = [r["compared_to_england"] for r in rows]
    found["different"] = compared.count("Higher") + compared.count("Lower")
    missing = [r for r in rows if r["compared_to_england"] not in (*JUDGED, "Higher", "Lower")]
    found["not_compared"] = len(missing)
    found["reasons"] = Counter(not_compared_reason(r, None) for r in missing).most_common()
    return found


def _home(store: Store, record: Record, protected: bool) -> dict:
    strategy = current(record)
    code = strategy.area_code if strategy else home_area(record, store)
    area = get_area(store, code) if code else None
    rows = records(profile(store, area["area_code"], area["area_type"], protected=protected)) if area else None
    sections = []
    if strategy and rows is not None:
        measured = measured_indicators(strategy)

        def section(ident: str, name: str, kind: str) -> dict:
            wanted = set(measured.get(ident, []))
            return {"id": ident, "name": name, "kind": kind,
                    "counts": counts([r for r in rows if r["indicator_id"] in wanted])}

        for p in strategy.priorities:
            sections.append({**section(p.id, p.name, "priority"),
                             "children": [section(a.id, a.name, "priority_area") for a in p.priority_areas]})
        for x in strategy.cross_cutting:
            sections.append({**section(x.id, x.name, "cross_cutting"),
                             "children": [section(w.id, w.name, "workstream") for w in x.workstreams]})
    return {"strategy": strategy, "area": area, "sections": sections,
            "overall": counts(rows) if rows is not None else None}
