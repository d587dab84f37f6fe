"""Areas and their types."""

from __future__ import annotations

from hwb.store.connection import Store
from hwb.web.queries import records

TYPE_ORDER = "CASE area_type WHEN 'England' THEN 0 WHEN 'Region' THEN 1 ELSE 2 END"


def get_area(store: Store, area_code: str) -> dict | None:
    rows = store.df("SELECT * FROM areas WHERE area_code = ?", [area_code])
    return None if rows.empty else records(rows)[0]


def areas_with_results(store: Store) -> list[dict]:
    """Every area that has results, England and regions first, then by type and name."""
    frame = store.df(
        "SELECT * FROM (SELECT a.area_code, a.area_name, a.area_type, count(DISTINCT r.indicator_id) AS indicators"
        " FROM areas a JOIN results r ON r.area_code = a.area_code GROUP BY ALL)"
        f" ORDER BY {TYPE_ORDER}, area_type, area_name"
    )
    return records(frame)


def search_areas(store: Store, text: str, limit: int = 50) -> list[dict]:
    """Areas whose name or code contains `text` (case-insensitive)."""
    frame = store.df(
        "SELECT area_code, area_name, area_type FROM areas"
        " WHERE area_name ILIKE ? OR area_code ILIKE ?"
        f" ORDER BY {TYPE_ORDER}, area_name LIMIT ?",
        [f"%{text}%", f"%{text}%", limit],
    )
    return records(frame)
