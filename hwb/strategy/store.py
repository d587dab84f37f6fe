"""Save a strategy into the store, read it back, and add progress updates."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pandas as pd
import yaml

from hwb.errors import InputError, LocatedError
from hwb.store.connection import Store
from hwb.strategy.loader import parse_strategy
from hwb.strategy.model import ProgressUpdate, Strategy

_SECTION_COLUMNS = ["strategy_id", "section_id", "kind", "parent_id", "sort_order", "code",
                    "name", "text", "key_area_of_focus", "delivery_group"]


def _sections(s: Strategy) -> tuple[list[dict], list[dict]]:
    """Rows of strategy_sections and success_measures, in strategy order."""
    sections, measures = [], []

    def add(kind: str, ident: str, parent: str, name: str, measures_of=(), **extra) -> None:
        sections.append({"strategy_id": s.id, "section_id": ident, "kind": kind, "parent_id": parent,
                         "sort_order": len(sections), "name": name, "code": extra.get("code", ""),
                         "text": extra.get("text", ""), "key_area_of_focus": extra.get("key_area_of_focus", ""),
                         "delivery_group": extra.get("delivery_group", "")})
        for i, m in enumerate(measures_of):
            measures.append({"strategy_id": s.id, "section_id": ident, "sort_order": i,
                             "description": m.description, "indicator_id": m.indicator, "kpi": m.kpi})

    for g in s.delivery_groups:
        add("delivery_group", g.id, "", g.name, text=g.text)
    for p in s.priorities:
        add("priority", p.id, "", p.name, delivery_group=p.delivery_group)
        for area in p.priority_areas:
            add("priority_area", area.id, p.id, area.name)
            for c in area.commitments:
                add("commitment", c.id, area.id, c.name, c.success_measures, code=c.code, text=c.text,
                    key_area_of_focus=c.key_area_of_focus, delivery_group=c.delivery_group)
                for a in c.actions:
                    add("action", a.code, c.id, a.code, a.success_measures, code=a.code, text=a.text,
                        delivery_group=a.delivery_group)
    for x in s.cross_cutting:
        add("cross_cutting", x.id, "", x.name, text=x.text)
        for w in x.workstreams:
            add("workstream", w.id, x.id, w.name, w.success_measures)
    return sections, measures


def save_strategy(store: Store, strategy: Strategy) -> None:
    """Replace the stored copy of `strategy` (hierarchy, layouts and progress) in one transaction."""
    sections, measures = _sections(strategy)
    updates = [{"strategy_id": strategy.id, "update_id": i + 1, "target": u.target, "update_date": u.date,
                "title": u.title, "progress": u.progress, "next_steps": u.next_steps,
                "challenges": u.challenges, "source": u.source} for i, u in enumerate(strategy.progress)]
    layout = {
        "dashboard": json.dumps(dataclasses.asdict(strategy.dashboard)) if strategy.dashboard else None,
        "health_protection": json.dumps(dataclasses.asdict(strategy.health_protection))
        if strategy.health_protection else None,
    }
    with store.transaction():
        for table in ("strategies", "strategy_sections", "success_measures", "progress_updates"):
            store.duck.execute(f"DELETE FROM {table} WHERE strategy_id = ?", [strategy.id])
        store.duck.execute(
            "INSERT INTO strategies (strategy_id, title, area_code, area_name, schema_version, source,"
            " dashboard, health_protection) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [strategy.id, strategy.title, strategy.area_code, strategy.area_name, strategy.schema_version,
             strategy.source, layout["dashboard"], layout["health_protection"]])
        store.upsert("strategy_sections", pd.DataFrame(sections, columns=_SECTION_COLUMNS))
        store.upsert("success_measures", pd.DataFrame(measures))
        store.upsert("progress_updates", pd.DataFrame(updates))


def _measures(rows: pd.DataFrame) -> list[dict]:
    return [{"description": r.description, "indicator": r.indicator_id, "kpi": r.kpi}
            for r in rows.itertuples()]


def _document(store: Store, strategy_id: str) -> dict:
    """The strategy as the dict its YAML would parse to."""
    head = store.df("SELECT * FROM strategies WHERE strategy_id = ?", [strategy_id]).iloc[0]
    sec = store.df("SELECT * FROM strategy_sections WHERE strategy_id = ? ORDER BY sort_order", [strategy_id])
    sm = store.df("SELECT * FROM success_measures WHERE strategy_id = ? ORDER BY section_id, sort_order",
                  [strategy_id])
    ups = store.df("SELECT * FROM progress_updates WHERE strategy_id = ? ORDER BY update_id", [strategy_id])
    measures = {k: _measures(g) for k, g in sm.groupby("section_id")}
    children = {k: g for k, g in sec.groupby("parent_id", sort=False)}

    def kids(parent: str, kind: str) -> list:
        group = children.get(parent)
        return [] if group is None else [r for r in group.itertuples() if r.kind == kind]

    doc = {
        "schema_version": int(head.schema_version), "id": head.strategy_id, "title": head.title,
        "area_code": head.area_code, "area_name": head.area_name, "source": head.source or "",
        "delivery_groups": [{"id": g.section_id, "name": g.name, "text": g.text} for g in kids("", "delivery_group")],
        "priorities": [{
            "id": p.section_id, "name": p.name, "delivery_group": p.delivery_group,
            "priority_areas": [{
                "id": a.section_id, "name": a.name,
                "commitments": [{
                    "id": c.section_id, "name": c.name, "code": c.code, "text": c.text,
                    "key_area_of_focus": c.key_area_of_focus, "delivery_group": c.delivery_group,
                    "success_measures": measures.get(c.section_id, []),
                    "actions": [{"code": x.code, "text": x.text, "delivery_group": x.delivery_group,
                                 "success_measures": measures.get(x.section_id, [])}
                                for x in kids(c.section_id, "action")],
                } for c in kids(a.section_id, "commitment")],
            } for a in kids(p.section_id, "priority_area")],
        } for p in kids("", "priority")],
        "cross_cutting": [{
            "id": x.section_id, "name": x.name, "text": x.text,
            "workstreams": [{"id": w.section_id, "name": w.name, "success_measures": measures.get(w.section_id, [])}
                            for w in kids(x.section_id, "workstream")],
        } for x in kids("", "cross_cutting")],
        "progress": [{"target": u.target, "date": pd.Timestamp(u.update_date).date(), "title": u.title,
                      "progress": u.progress, "next_steps": u.next_steps, "challenges": u.challenges,
                      "source": u.source} for u in ups.itertuples()],
    }
    for key in ("dashboard", "health_protection"):
        if isinstance(head[key], str):
            doc[key] = json.loads(head[key])
    return doc


def strategy_ids(store: Store) -> list[str]:
    return [r[0] for r in store.sql("SELECT strategy_id FROM strategies ORDER BY strategy_id")]


def load_strategy(store: Store, strategy_id: str | None = None) -> Strategy:
    """The stored strategy (the only one when `strategy_id` is not given)."""
    ids = strategy_ids(store)
    if strategy_id is None:
        if len(ids) != 1:
            raise LookupError(f"the store holds {len(ids)} strategies ({', '.join(ids)}); name one")
        strategy_id = ids[0]
    elif strategy_id not in ids:
        raise LookupError(f"no strategy {strategy_id!r} in the store")
    text = yaml.safe_dump(_document(store, strategy_id), sort_keys=False, allow_unicode=True)
    return parse_strategy(text, f"store:{strategy_id}")


def add_progress_update(store: Store, strategy_id: str, target: str, on: date, *, progress: str = "",
                        next_steps: str = "", challenges: str = "", title: str = "",
                        source: str = "") -> ProgressUpdate:
    """Record a dated update on a commitment, action or workstream; returns it."""
    where = f"store:{strategy_id}"
    known = {r[0] for r in store.sql(
        "SELECT section_id FROM strategy_sections WHERE strategy_id = ?"
        " AND kind IN ('commitment', 'action', 'workstream', 'priority_area', 'cross_cutting')", [strategy_id])}
    errors = []
    if target not in known:
        errors.append(LocatedError(where, None, "target", f"no commitment, action or workstream {target!r}"))
    if not isinstance(on, date):
        errors.append(LocatedError(where, None, "date", "expected a date"))
    if not (progress or next_steps or challenges).strip():
        errors.append(LocatedError(where, None, "progress", "an update needs progress, next steps or challenges"))
    if errors:
        raise InputError(errors)
    update = ProgressUpdate(target=target, date=on, title=title, progress=progress, next_steps=next_steps,
                            challenges=challenges, source=source)
    with store.transaction():
        (next_id,) = store.sql("SELECT coalesce(max(update_id), 0) + 1 FROM progress_updates WHERE strategy_id = ?",
                               [strategy_id])[0]
        store.duck.execute(
            "INSERT INTO progress_updates (strategy_id, update_id, target, update_date, title, progress,"
            " next_steps, challenges, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [strategy_id, next_id, target, on, title, progress, next_steps, challenges, source])
    return update
