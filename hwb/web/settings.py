"""Per-deployment settings kept in the store's `settings` table."""

from __future__ import annotations

import secrets

from hwb.store.connection import Store

TRUE_WORDS = ("1", "true", "yes", "on")


def get_setting(store: Store, key: str) -> str | None:
    rows = store.sql("SELECT value FROM settings WHERE key = ?", [key])
    return rows[0][0] if rows else None


def set_setting(store: Store, key: str, value: str) -> None:
    store.sql("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, value])


def secret_key(store: Store) -> str:
    """The key that signs session cookies, created on first use so sessions survive restarts."""
    key = get_setting(store, "secret_key")
    if key is None:
        key = secrets.token_urlsafe(48)
        set_setting(store, "secret_key", key)
    return key


def require_login(store: Store) -> bool:
    """True when the deployment shows nothing to anonymous visitors."""
    return (get_setting(store, "require_login") or "").lower() in TRUE_WORDS


def home_area(store: Store) -> str | None:
    """The board's own area: the `home_area` setting, else the area with nearest neighbours."""
    code = get_setting(store, "home_area")
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
