"""Accounts, Argon2 password hashes and server-side sessions.

Roles are ordered: a viewer may read everything (including unpublished
content), an editor may also change strategy progress and BCF plans, and an
admin may also read the audit trail. The session cookie (signed by Starlette's
SessionMiddleware) holds only a random session id; the `sessions` row is the
authority, so logging out or expiry ends the session for good.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hwb.store.connection import Store

ROLES = ("viewer", "editor", "admin")
SESSION_HOURS = 8
MIN_PASSWORD = 12
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")

_hasher = PasswordHasher()
# Verified against when the user does not exist, so timing does not reveal names.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class User:
    username: str
    role: str

    def has_role(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


class AccountError(ValueError):
    """A username, password or role that cannot be accepted."""


def add_user(store: Store, username: str, password: str, role: str) -> User:
    """Create or replace an account. Raises AccountError for bad input."""
    if not USERNAME.match(username):
        raise AccountError("username must be 2-64 letters, digits or . _ @ - (starting with a letter or digit)")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"password must be at least {MIN_PASSWORD} characters")
    store.sql(
        "INSERT OR REPLACE INTO users (username, password_hash, role, active) VALUES (?, ?, ?, TRUE)",
        [username, _hasher.hash(password), role],
    )
    return User(username, role)


def list_users(store: Store) -> list[tuple[str, str, bool]]:
    return store.sql("SELECT username, role, active FROM users ORDER BY username")


def authenticate(store: Store, username: str, password: str) -> User | None:
    """The active user with this password, or None."""
    rows = store.sql("SELECT password_hash, role FROM users WHERE username = ? AND active", [username])
    stored, role = rows[0] if rows else (_DUMMY_HASH, None)
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if role is None:
        return None
    if _hasher.check_needs_rehash(stored):
        store.sql("UPDATE users SET password_hash = ? WHERE username = ?", [_hasher.hash(password), username])
    return User(username, role)


def start_session(store: Store, user: User) -> str:
    session_id = secrets.token_urlsafe(32)
    expires = datetime.now() + timedelta(hours=SESSION_HOURS)
    store.sql("DELETE FROM sessions WHERE expires_at < ?", [datetime.now()])
    store.sql(
        "INSERT INTO sessions (session_id, username, expires_at) VALUES (?, ?, ?)",
        [session_id, user.username, expires],
    )
    return session_id


def session_user(store: Store, session_id: str | None) -> User | None:
    if not session_id:
        return None
    rows = store.sql(
        "SELECT u.username, u.role FROM sessions s JOIN users u ON u.username = s.username"
        " WHERE s.session_id = ? AND s.expires_at > ? AND u.active",
        [session_id, datetime.now()],
    )
    return User(*rows[0]) if rows else None


def end_session(store: Store, session_id: str | None) -> None:
    if session_id:
        store.sql("DELETE FROM sessions WHERE session_id = ?", [session_id])
