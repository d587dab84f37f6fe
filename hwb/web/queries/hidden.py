"""Which results are hidden from visitors who may not see small numbers (hwb.web.disclosure).

A result is hidden when its count is from 1 to 5 (primary suppression), or to
protect one (complementary suppression). Counts add up: persons are male plus
female, a parent area is the sum of its child areas, and an area's total is the
sum of its categories of one type. In each such sum (an "equation") the hidden
cells must not be recoverable from the shown ones: so never exactly one hidden
cell, and never a shown total whose shown parts leave no more than one per
hidden cell (they would all be 1). While an equation breaks that, its smallest
shown non-zero part is hidden too (or the total, when no part can be). Hidden
cells are never zero, so the bounds a reader can infer stay loose.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict

import pandas as pd

from hwb.store.connection import Store
from hwb.web.disclosure import KEY, SMALL_MAX, SMALL_MIN, is_small

SEX_PARTS = ("Male", "Female")
_memo: dict[str, frozenset] = {}
_lock = threading.Lock()


def hidden_keys(store: Store) -> frozenset[tuple]:
    """KEY tuples of every hidden result, computed once per published snapshot."""
    path = store.path or ""
    if not path.startswith("snapshot:"):
        return _compute(store)
    with _lock:
        if path in _memo:
            return _memo[path]
    keys = _compute(store)
    with _lock:
        if len(_memo) > 4:
            _memo.clear()
        _memo[path] = keys
    return keys


def _compute(store: Store) -> frozenset[tuple]:
    columns = ", ".join(f"r.{c}" for c in KEY)
    rows = store.df(
        f"SELECT {columns}, r.count, a.parent_code FROM results r LEFT JOIN areas a USING (area_code)"
        " JOIN (SELECT DISTINCT indicator_id, period FROM results WHERE count BETWEEN ? AND ?) s"
        " USING (indicator_id, period)",
        [SMALL_MIN, SMALL_MAX],
    )
    keys = list(zip(*(rows[c] for c in KEY)))
    counts = [None if pd.isna(c) else float(c) for c in rows["count"]]
    hidden = {i for i, c in enumerate(counts) if is_small(c)}
    equations = _equations(keys, list(rows["parent_code"]))
    changed = True
    while changed:
        changed = False
        for total, parts in equations:
            if _unsafe(total, parts, hidden, counts):
                extra = _second_cell(total, parts, hidden, counts)
                if extra is not None:
                    hidden.add(extra)
                    changed = True
    return frozenset(keys[i] for i in hidden)


def _equations(keys: list[tuple], parents: list) -> list[tuple[int, list[int]]]:
    """(total, parts) row numbers of every sum among the rows."""
    index = {k: i for i, k in enumerate(keys)}
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, (ind, area, period, sex, age, ctype, cat) in enumerate(keys):
        if sex == "Persons":
            groups[(ind, area, period, sex, age, ctype, cat)] += [
                index[p] for p in ((ind, area, period, s, age, ctype, cat) for s in SEX_PARTS) if p in index]
        if ctype:
            groups[(ind, area, period, sex, age, "", "", "category", ctype)].append(i)
        parent = parents[i]
        if isinstance(parent, str) and parent:
            groups[(ind, parent, period, sex, age, ctype, cat, "area")].append(i)
    equations = []
    for group, parts in groups.items():
        total = index.get(group[:7])
        if total is not None and parts:
            equations.append((total, parts))
    return equations


def _unsafe(total: int, parts: list[int], hidden: set[int], counts: list) -> bool:
    cells = [c for c in (total, *parts) if c in hidden]
    if len(cells) == 1:
        return True
    if not cells or total in hidden:
        return False
    shown = [counts[p] for p in parts if p not in hidden]
    if counts[total] is None or any(c is None for c in shown):
        return False
    return counts[total] - sum(shown) <= len(cells)


def _second_cell(total: int, parts: list[int], hidden: set[int], counts: list) -> int | None:
    """The smallest shown non-zero part, else the total when shown; None when neither exists."""
    candidates = [p for p in parts if p not in hidden and counts[p] and not math.isnan(counts[p])]
    if candidates:
        return min(candidates, key=lambda p: counts[p])
    if total not in hidden and counts[total]:
        return total
    return None
