"""The stored strategy, what each section measures, and its progress updates with draft status."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from hwb.store.connection import Store
from hwb.web.queries import records
from hwb.strategy.model import Strategy
from hwb.strategy.store import load_strategy


_cache: dict[tuple, Strategy] = {}
_cache_lock = threading.Lock()


def current(store: Store) -> Strategy | None:
    """The first stored strategy, or None when none has been loaded.

    Rebuilding the model takes a good part of a second, so it is kept per store
    file and strategy until the strategy is saved again (its `saved_at` changes).
    Progress updates are read from the table on every request, not from the model.
    """
    rows = store.sql("SELECT strategy_id, saved_at FROM strategies ORDER BY strategy_id LIMIT 1")
    if not rows:
        return None
    key = (store.path, *rows[0])
    with _cache_lock:
        if key not in _cache:
            _cache.clear()
            _cache[key] = load_strategy(store, rows[0][0])
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


def updates(store: Store, strategy_id: str, target: str | None = None, *, include_drafts: bool) -> list[Update]:
    """Progress updates, newest first; drafts only when `include_drafts`."""
    where = ["u.strategy_id = ?"]
    params: list = [strategy_id]
    if target is not None:
        where.append("u.target = ?")
        params.append(target)
    if not include_drafts:
        where.append("d.update_id IS NULL")
    rows = store.sql(
        "SELECT u.update_id, u.target, u.update_date, u.title, u.progress, u.next_steps, u.challenges, u.source,"
        " d.update_id IS NOT NULL FROM progress_updates u LEFT JOIN progress_drafts d"
        " ON d.strategy_id = u.strategy_id AND d.update_id = u.update_id"
        f" WHERE {' AND '.join(where)} ORDER BY u.update_date DESC, u.update_id DESC",
        params,
    )
    return [Update(*row) for row in rows]


def update_row(store: Store, strategy_id: str, update_id: int) -> dict | None:
    """One stored update as a dict (for the audit trail)."""
    frame = store.df("SELECT * FROM progress_updates WHERE strategy_id = ? AND update_id = ?", [strategy_id, update_id])
    if frame.empty:
        return None
    row = records(frame)[0]
    row["update_date"] = str(row["update_date"])[:10]
    return row


def section(store: Store, strategy_id: str, section_id: str) -> dict | None:
    rows = store.df("SELECT * FROM strategy_sections WHERE strategy_id = ? AND section_id = ?", [strategy_id, section_id])
    return None if rows.empty else records(rows)[0]


def children(store: Store, strategy_id: str, section_id: str) -> list[dict]:
    return records(store.df("SELECT * FROM strategy_sections WHERE strategy_id = ? AND parent_id = ? ORDER BY sort_order",
                    [strategy_id, section_id]))


def success_measures(store: Store, strategy_id: str, section_id: str) -> list[dict]:
    return records(store.df("SELECT description, indicator_id, kpi FROM success_measures"
                    " WHERE strategy_id = ? AND section_id = ? ORDER BY sort_order",
                    [strategy_id, section_id]))


def latest_updates(store: Store, strategy_id: str, *, include_drafts: bool) -> dict[str, Update]:
    """The newest update per target."""
    latest: dict[str, Update] = {}
    for update in updates(store, strategy_id, include_drafts=include_drafts):
        latest.setdefault(update.target, update)
    return latest


UPDATABLE = ("commitment", "action", "workstream", "priority_area", "cross_cutting")
