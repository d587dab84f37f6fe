"""The strategy in the record: import and export, read back, and progress updates with history.

The strategy's structure (priorities, commitments, actions, success measures and
report layouts) comes from its YAML file and is replaced when the file is imported
again. Progress updates are never deleted: an import adds the file's updates that
the record does not hold yet, the web adds drafts and published updates, and an
edit keeps every earlier version in `progress_update_versions`.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import yaml
from sqlalchemy import Connection, delete, insert, select, update

from hwb.errors import InputError, LocatedError
from hwb.store.record import Conflict, Record
from hwb.store.record import schema as t
from hwb.strategy.loader import parse_strategy
from hwb.strategy.model import ProgressUpdate, Strategy
from hwb.store.record import audit

UPDATABLE = ("commitment", "action", "workstream", "priority_area", "cross_cutting")
UPDATE_FIELDS = ("update_date", "title", "progress", "next_steps", "challenges")


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


def _update_key(u) -> tuple:
    return (u["target"], u["update_date"], u["title"], u["progress"], u["next_steps"], u["challenges"])


def save_strategy(record: Record, strategy: Strategy, *, by: str = "command line") -> dict[str, int]:
    """Import `strategy` in one transaction: its structure replaced, its updates added where new.

    Returns counts: sections, measures, updates added, updates already held.
    """
    sections, measures = _sections(strategy)
    layout = {key: dataclasses.asdict(getattr(strategy, key)) if getattr(strategy, key) else None
              for key in ("dashboard", "health_protection")}
    head = {"title": strategy.title, "area_code": strategy.area_code, "area_name": strategy.area_name,
            "schema_version": strategy.schema_version, "source": strategy.source, **_plain(layout)}
    s = t.strategies.c
    with record.write() as conn:
        found = conn.execute(select(s.version).where(s.strategy_id == strategy.id)).scalar_one_or_none()
        if found is None:
            conn.execute(insert(t.strategies).values(strategy_id=strategy.id, version=1, **head))
        else:
            conn.execute(update(t.strategies).where(s.strategy_id == strategy.id)
                         .values(version=found + 1, saved_at=datetime.now(), **head))
        for table in (t.strategy_sections, t.success_measures):
            conn.execute(delete(table).where(table.c.strategy_id == strategy.id))
        conn.execute(insert(t.strategy_sections), sections)
        if measures:
            conn.execute(insert(t.success_measures), measures)
        held = {_update_key(r._mapping) for r in conn.execute(
            select(t.progress_updates).where(t.progress_updates.c.strategy_id == strategy.id))}
        new = [{"strategy_id": strategy.id, "target": u.target, "update_date": u.date, "title": u.title,
                "progress": u.progress, "next_steps": u.next_steps, "challenges": u.challenges,
                "source": u.source, "status": "published", "version": 1, "saved_by": by}
               for u in strategy.progress]
        fresh = [u for u in new if _update_key(u) not in held]
        if fresh:
            conn.execute(insert(t.progress_updates), fresh)
        counts = {"sections": len(sections), "measures": len(measures), "updates added": len(fresh),
                  "updates already held": len(new) - len(fresh)}
        audit.record(conn, by, "import", "strategy", strategy.id, None, {"title": strategy.title, **counts})
    record.mark_changed()
    return counts


def _plain(value):
    """Dates in report layouts as ISO strings, so the layout fits a JSON column."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def strategy_ids(record: Record) -> list[str]:
    with record.read() as conn:
        return list(conn.execute(select(t.strategies.c.strategy_id).order_by(t.strategies.c.strategy_id)).scalars())


def strategy_version(record: Record, strategy_id: str) -> int | None:
    with record.read() as conn:
        return conn.execute(select(t.strategies.c.version)
                            .where(t.strategies.c.strategy_id == strategy_id)).scalar_one_or_none()


def _document(conn: Connection, strategy_id: str, include_drafts: bool) -> dict:
    """The strategy as the dict its YAML would parse to."""
    head = conn.execute(select(t.strategies).where(t.strategies.c.strategy_id == strategy_id)).mappings().one()
    sec = conn.execute(select(t.strategy_sections).where(t.strategy_sections.c.strategy_id == strategy_id)
                       .order_by(t.strategy_sections.c.sort_order)).mappings().all()
    sm = conn.execute(select(t.success_measures).where(t.success_measures.c.strategy_id == strategy_id)
                      .order_by(t.success_measures.c.section_id, t.success_measures.c.sort_order)).mappings().all()
    u = t.progress_updates.c
    query = select(t.progress_updates).where(u.strategy_id == strategy_id).order_by(u.update_id)
    if not include_drafts:
        query = query.where(u.status == "published")
    ups = conn.execute(query).mappings().all()
    measures: dict[str, list] = {}
    for m in sm:
        measures.setdefault(m["section_id"], []).append(
            {"description": m["description"], "indicator": m["indicator_id"], "kpi": m["kpi"]})
    children: dict[str, list] = {}
    for row in sec:
        children.setdefault(row["parent_id"], []).append(row)

    def kids(parent: str, kind: str) -> list:
        return [r for r in children.get(parent, []) if r["kind"] == kind]

    doc = {
        "schema_version": head["schema_version"], "id": head["strategy_id"], "title": head["title"],
        "area_code": head["area_code"], "area_name": head["area_name"], "source": head["source"] or "",
        "delivery_groups": [{"id": g["section_id"], "name": g["name"], "text": g["text"]}
                            for g in kids("", "delivery_group")],
        "priorities": [{
            "id": p["section_id"], "name": p["name"], "delivery_group": p["delivery_group"],
            "priority_areas": [{
                "id": a["section_id"], "name": a["name"],
                "commitments": [{
                    "id": c["section_id"], "name": c["name"], "code": c["code"], "text": c["text"],
                    "key_area_of_focus": c["key_area_of_focus"], "delivery_group": c["delivery_group"],
                    "success_measures": measures.get(c["section_id"], []),
                    "actions": [{"code": x["code"], "text": x["text"], "delivery_group": x["delivery_group"],
                                 "success_measures": measures.get(x["section_id"], [])}
                                for x in kids(c["section_id"], "action")],
                } for c in kids(a["section_id"], "commitment")],
            } for a in kids(p["section_id"], "priority_area")],
        } for p in kids("", "priority")],
        "cross_cutting": [{
            "id": x["section_id"], "name": x["name"], "text": x["text"],
            "workstreams": [{"id": w["section_id"], "name": w["name"],
                             "success_measures": measures.get(w["section_id"], [])}
                            for w in kids(x["section_id"], "workstream")],
        } for x in kids("", "cross_cutting")],
        "progress": [{"target": r["target"], "date": r["update_date"], "title": r["title"],
                      "progress": r["progress"], "next_steps": r["next_steps"], "challenges": r["challenges"],
                      "source": r["source"]} for r in ups],
    }
    for key in ("dashboard", "health_protection"):
        if head[key]:
            doc[key] = head[key]
    return doc


def export_strategy(record: Record, strategy_id: str | None = None, *, include_drafts: bool = False) -> str:
    """The stored strategy as YAML text, the format `hwb strategy import` reads."""
    strategy_id = _resolve(record, strategy_id)
    with record.read() as conn:
        doc = _document(conn, strategy_id, include_drafts)
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def _resolve(record: Record, strategy_id: str | None) -> str:
    ids = strategy_ids(record)
    if strategy_id is None:
        if len(ids) != 1:
            raise LookupError("no strategy has been imported; run `hwb strategy import FILE`" if not ids else
                              f"the store holds {len(ids)} strategies ({', '.join(ids)}); name one")
        return ids[0]
    if strategy_id not in ids:
        raise LookupError(f"no strategy {strategy_id!r} in the store")
    return strategy_id


def load_strategy(record: Record, strategy_id: str | None = None, *, include_drafts: bool = False) -> Strategy:
    """The stored strategy (the only one when `strategy_id` is not given), with its published
    progress updates (and drafts when `include_drafts`)."""
    strategy_id = _resolve(record, strategy_id)
    return parse_strategy(export_strategy(record, strategy_id, include_drafts=include_drafts),
                          f"the stored strategy {strategy_id}")


def _check_update(conn: Connection, strategy_id: str, target: str, on, progress: str, next_steps: str,
                  challenges: str) -> None:
    where = f"the stored strategy {strategy_id}"
    ss = t.strategy_sections.c
    known = set(conn.execute(select(ss.section_id).where(ss.strategy_id == strategy_id,
                                                         ss.kind.in_(UPDATABLE))).scalars())
    errors = []
    if target not in known:
        errors.append(LocatedError(where, None, "target", f"no commitment, action or workstream {target!r}"))
    if not isinstance(on, date) or not 2000 <= on.year <= 2100:
        errors.append(LocatedError(where, None, "date", "expected a date between 2000 and 2100"))
    if not (progress or next_steps or challenges).strip():
        errors.append(LocatedError(where, None, "progress", "an update needs progress, next steps or challenges"))
    if errors:
        raise InputError(errors)


def update_row(conn: Connection, update_id: int) -> dict | None:
    """One stored update as a plain dict (for the audit trail and the edit form)."""
    row = conn.execute(select(t.progress_updates).where(t.progress_updates.c.update_id == update_id)).mappings().first()
    if row is None:
        return None
    return {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in row.items()}


def add_progress_update(record: Record, strategy_id: str, target: str, on: date, *, progress: str = "",
                        next_steps: str = "", challenges: str = "", title: str = "", source: str = "",
                        draft: bool = False, by: str = "command line") -> int:
    """Record a dated update on a commitment, action or workstream, with its audit row; returns its id."""
    with record.write() as conn:
        _check_update(conn, strategy_id, target, on, progress, next_steps, challenges)
        update_id = conn.execute(insert(t.progress_updates).values(
            strategy_id=strategy_id, target=target, update_date=on, title=title, progress=progress,
            next_steps=next_steps, challenges=challenges, source=source,
            status="draft" if draft else "published", version=1, saved_by=by,
        ).returning(t.progress_updates.c.update_id)).scalar_one()
        audit.record(conn, by, "create", "progress_update", f"{strategy_id}/{update_id}", None,
                     update_row(conn, update_id))
    record.mark_changed()
    return update_id


def edit_progress_update(record: Record, update_id: int, expected_version: int, changes: dict, *,
                         by: str) -> int:
    """Change an update's text, date or status if nobody changed it since `expected_version` was read.

    The replaced version goes to the history. Raises Conflict when the version has moved on,
    LookupError when there is no such update; returns the new version.
    """
    u = t.progress_updates.c
    allowed = {k: v for k, v in changes.items() if k in (*UPDATE_FIELDS, "status")}
    with record.write() as conn:
        before = conn.execute(select(t.progress_updates).where(u.update_id == update_id)).mappings().first()
        if before is None:
            raise LookupError(f"there is no progress update {update_id}")
        merged = {**before, **allowed}
        _check_update(conn, before["strategy_id"], before["target"], merged["update_date"], merged["progress"],
                      merged["next_steps"], merged["challenges"])
        done = conn.execute(update(t.progress_updates)
                            .where(u.update_id == update_id, u.version == expected_version)
                            .values(**allowed, version=u.version + 1, saved_by=by, saved_at=datetime.now()))
        if done.rowcount != 1:
            raise Conflict(f"This update was changed by {before['saved_by']} since you opened it "
                           f"(it is now version {before['version']}, you opened version {expected_version}).")
        conn.execute(insert(t.progress_update_versions).values(
            update_id=update_id, version=before["version"], saved_by=before["saved_by"], saved_at=before["saved_at"],
            **{k: before[k] for k in (*UPDATE_FIELDS, "status")}))
        after = update_row(conn, update_id)
        old = {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in before.items()}
        action = "publish" if allowed.keys() == {"status"} and allowed["status"] == "published" else "update"
        audit.record(conn, by, action, "progress_update", f"{before['strategy_id']}/{update_id}", old, after)
    record.mark_changed()
    return after["version"]


def update_history(record: Record, update_id: int) -> list[dict]:
    """Earlier versions of an update, newest first."""
    h = t.progress_update_versions.c
    with record.read() as conn:
        rows = conn.execute(select(t.progress_update_versions).where(h.update_id == update_id)
                            .order_by(h.version.desc())).mappings().all()
    return [dict(r) for r in rows]


def progress_updates(record: Record, strategy_id: str, target: str | None = None, *,
                     include_drafts: bool) -> list[dict]:
    """Updates newest first (drafts only when `include_drafts`), as dicts with status and version."""
    u = t.progress_updates.c
    query = select(t.progress_updates).where(u.strategy_id == strategy_id)
    if target is not None:
        query = query.where(u.target == target)
    if not include_drafts:
        query = query.where(u.status == "published")
    with record.read() as conn:
        rows = conn.execute(query.order_by(u.update_date.desc(), u.update_id.desc())).mappings().all()
    return [dict(r) for r in rows]


__all__ = ["ProgressUpdate", "add_progress_update", "edit_progress_update", "export_strategy",
           "load_strategy", "progress_updates", "save_strategy", "strategy_ids", "update_history"]
