"""The stored strategy, what each section measures, and its progress updates with draft status."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from hwb.reports.judgement import not_compared_reason
from hwb.store.record import Record
from hwb.store.record import schema as t
from hwb.strategy.model import Strategy
from hwb.strategy.store import UPDATABLE, load_strategy, progress_updates

_cache: dict[tuple, Strategy] = {}
_cache_lock = threading.Lock()


def current(record: Record) -> Strategy | None:
    """The first stored strategy, or None when none has been imported.

    Rebuilding the model takes a good part of a second, so it is kept per record
    and strategy until the strategy is imported again (its version changes).
    Progress updates are read from the record on every request, not from the model.
    """
    s = t.strategies.c
    with record.read() as conn:
        row = conn.execute(select(s.strategy_id, s.version).order_by(s.strategy_id).limit(1)).first()
    if row is None:
        return None
    key = (record.url, *row)
    with _cache_lock:
        if key not in _cache:
            _cache.clear()
            _cache[key] = load_strategy(record, row[0])
        return _cache[key]


def measured_indicators(strategy: Strategy) -> dict[str, list[str]]:
    """Indicator ids per section id (commitment, action, workstream, priority area,
    cross-cutting priority, priority), from success measures and dashboard rows."""
    found: dict[str, list[str]] = {}

    def add(section: str, indicator: str) -> None:
        if indicator and indicator not in found.setdefault(section, []):
            found[section].append(indicator)

    parents: dict[str, list[str]] = {}
    for p in strategy.priorities:
        for area in p.priority_areas:
            for c in area.commitments:
                parents[c.id] = [area.id, p.id]
                for m in c.success_measures:
                    add(c.id, m.indicator)
                for a in c.actions:
                    parents[a.code] = [c.id, area.id, p.id]
                    for m in a.success_measures:
                        add(a.code, m.indicator)
    for x in strategy.cross_cutting:
        for w in x.workstreams:
            parents[w.id] = [x.id]
            for m in w.success_measures:
                add(w.id, m.indicator)
    if strategy.dashboard:
        for page in strategy.dashboard.pages:
            for row in page.rows:
                add(row.section or page.section, row.indicator)
    for section, indicators in list(found.items()):
        for parent in parents.get(section, []):
            for indicator in indicators:
                add(parent, indicator)
    return found


def indicator_rows(rows: list[dict]) -> list[dict]:
    """The section page's indicator rows, each not compared with England given why (`why`,
    in the home page's words, for example 'the source gives no confidence interval')."""
    return [{**r, "why": not_compared_reason(r, None) if r.get("compared_to_england") in (None, "", "Not compared")
             else ""} for r in rows]


@dataclass(frozen=True)
class Update:
    update_id: int
    target: str
    date: date
    title: str
    progress: str
    next_steps: str
    challenges: str
    source: str
    draft: bool
    version: int
    saved_by: str


def updates(record: Record, strategy_id: str, target: str | None = None, *, include_drafts: bool) -> list[Update]:
    """Progress updates, newest first; drafts only when `include_drafts`."""
    return [Update(r["update_id"], r["target"], r["update_date"], r["title"], r["progress"], r["next_steps"],
                   r["challenges"], r["source"], r["status"] == "draft", r["version"], r["saved_by"])
            for r in progress_updates(record, strategy_id, target, include_drafts=include_drafts)]


def section(record: Record, strategy_id: str, section_id: str) -> dict | None:
    ss = t.strategy_sections.c
    with record.read() as conn:
        row = conn.execute(select(t.strategy_sections).where(ss.strategy_id == strategy_id,
                                                             ss.section_id == section_id)).mappings().first()
    return dict(row) if row else None


def children(record: Record, strategy_id: str, section_id: str) -> list[dict]:
    ss = t.strategy_sections.c
    with record.read() as conn:
        return [dict(r) for r in conn.execute(select(t.strategy_sections).where(
            ss.strategy_id == strategy_id, ss.parent_id == section_id).order_by(ss.sort_order)).mappings()]


def success_measures(record: Record, strategy_id: str, section_id: str) -> list[dict]:
    m = t.success_measures.c
    with record.read() as conn:
        return [dict(r) for r in conn.execute(select(m.description, m.indicator_id, m.kpi).where(
            m.strategy_id == strategy_id, m.section_id == section_id).order_by(m.sort_order)).mappings()]


def latest_updates(record: Record, strategy_id: str, *, include_drafts: bool) -> dict[str, Update]:
    """The newest update per target."""
    latest: dict[str, Update] = {}
    for update in updates(record, strategy_id, include_drafts=include_drafts):
        latest.setdefault(update.target, update)
    return latest


__all__ = ["UPDATABLE", "Update", "children", "current", "indicator_rows", "latest_updates", "measured_indicators",
           "section", "success_measures", "updates"]
