"""The audit trail: who changed what, when, with the entity before and after as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select

from hwb.store.record import schema as t


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=str, sort_keys=True, ensure_ascii=False)


def record(conn: Connection, username: str, action: str, entity_type: str, entity_id: str,
           before: Any = None, after: Any = None) -> None:
    """Write one audit row, inside the transaction of the change it records."""
    conn.execute(insert(t.audit_log).values(
        username=username, action=action, entity_type=entity_type, entity_id=str(entity_id)[:300],
        before_json=_json(before), after_json=_json(after)))


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


def _filtered(query, entity_type: str | None):
    return query.where(t.audit_log.c.entity_type == entity_type) if entity_type else query


def entries(conn: Connection, *, entity_type: str | None = None, limit: int = 100, offset: int = 0) -> list[Entry]:
    """Newest first, optionally for one kind of entity."""
    a = t.audit_log.c
    query = select(a.audit_id, a.changed_at, a.username, a.action, a.entity_type, a.entity_id,
                   a.before_json, a.after_json).order_by(a.audit_id.desc()).limit(limit).offset(offset)
    return [Entry(*row) for row in conn.execute(_filtered(query, entity_type))]


def count(conn: Connection, *, entity_type: str | None = None) -> int:
    return conn.execute(_filtered(select(func.count()).select_from(t.audit_log), entity_type)).scalar_one()


def entity_types(conn: Connection) -> list[str]:
    c = t.audit_log.c.entity_type
    return list(conn.execute(select(c).distinct().order_by(c)).scalars())
