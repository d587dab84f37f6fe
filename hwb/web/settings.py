"""Per-deployment settings kept in the record's `settings` table."""

from __future__ import annotations

import secrets

from sqlalchemy import Connection, select

from hwb.store.connection import Store
from hwb.store.record import Record
from hwb.store.record import schema as t
from hwb.store.record.rows import insert_absent, upsert

TRUE_WORDS = ("1", "true", "yes", "on")


def get_setting(conn: Connection, key: str) -> str | None:
    return conn.execute(select(t.settings.c.value).where(t.settings.c.key == key)).scalar_one_or_none()


def set_setting(conn: Connection, key: str, value: str) -> None:
    upsert(conn, t.settings, {"key": key}, {"value": value})


def secret_key(record: Record) -> str:
    """The key that signs session cookies, created once (by whichever process comes first)."""
    with record.write() as conn:
        insert_absent(conn, t.settings, {"key": "secret_key"}, {"value": secrets.token_urlsafe(48)})
        return get_setting(conn, "secret_key")


def require_login(record: Record) -> bool:
    """True when the deployment shows nothing to anonymous visitors."""
    with record.read() as conn:
        return (get_setting(conn, "require_login") or "").lower() in TRUE_WORDS


def home_area(record: Record, store: Store) -> str | None:
    """The board's own area: the `home_area` setting, else the area with most nearest neighbours."""
    with record.read() as conn:
        code = get_setting(conn, "home_area")
    if code:
        return code
    rows = store.sql(
        "SELECT area_code FROM neighbours GROUP BY area_code ORDER BY count(*) DESC, area_code LIMIT 1"
    )
    if rows:
        return rows[0][0]
    rows = store.sql(
        "SELECT a.area_code FROM areas a WHERE a.area_type NOT IN ('England', 'Region')"
        " AND EXISTS (SELECT 1 FROM results r WHERE r.area_code = a.area_code)"
        " ORDER BY a.area_code LIMIT 1"
    )
    return rows[0][0] if rows else None
