"""The audit trail: who changed what, when, with the entity before and after as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hwb.store.connection import Store


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=str, sort_keys=True, ensure_ascii=False)


def record(store: Store, username: str, action: str, entity_type: str, entity_id: str,
           before: Any = None, after: Any = None) -> None:
    """Write one audit row (call inside the same transaction as the change)."""
    store.sql(
        "INSERT INTO audit_log (username, action, entity_type, entity_id, before_json, after_json)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [username, action, entity_type, entity_id, _json(before), _json(after)],
    )


@dataclass(frozen=True)
class Entry:
    audit_id: int
    changed_at: datetime
    username: str
    action: str
    entity_type: str
    entity_id: str
    before_json: str | None
    after_json: str | None


def entries(store: Store, *, entity_type: str | None = None, limit: int = 100, offset: int = 0) -> list[Entry]:
    """Newest first, optionally for one kind of entity."""
    where, params = ("WHERE entity_type = ?", [entity_type]) if entity_type else ("", [])
    rows = store.sql(
        "SELECT audit_id, changed_at, username, action, entity_type, entity_id, before_json, after_json"
        f" FROM audit_log {where} ORDER BY audit_id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [Entry(*row) for row in rows]


def count(store: Store, *, entity_type: str | None = None) -> int:
    where, params = ("WHERE entity_type = ?", [entity_type]) if entity_type else ("", [])
    return store.sql(f"SELECT count(*) FROM audit_log {where}", params)[0][0]


def entity_types(store: Store) -> list[str]:
    return [row[0] for row in store.sql("SELECT DISTINCT entity_type FROM audit_log ORDER BY 1")]
