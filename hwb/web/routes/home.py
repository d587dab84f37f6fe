"""The home page: the strategy's sections with how their indicators compare and are moving."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

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
                    "counts": summarise([r for r in rows if r["indicator_id"] in wanted])}

        for p in strategy.priorities:
            sections.append({**section(p.id, p.name, "priority"),
                             "children": [section(a.id, a.name, "priority_area") for a in p.priority_areas]})
        for x in strategy.cross_cutting:
            sections.append({**section(x.id, x.name, "cross_cutting"),
                             "children": [section(w.id, w.name, "workstream") for w in x.workstreams]})
    return {"strategy": strategy, "area": area, "sections": sections,
            "overall": summarise(rows) if rows is not None else None}
