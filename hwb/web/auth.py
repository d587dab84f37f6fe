"""Accounts, Argon2 password hashes, server-side sessions and sign-in throttling.

Roles are ordered: a viewer may read everything (including unpublished
content), an editor may also change strategy progress and BCF plans, and an
admin may also read the audit trail. The session cookie (signed by Starlette's
SessionMiddleware) holds only a random session id; the `sessions` row is the
authority, so logging out or expiry ends the session for good.

Throttling counts failed sign-ins per (username, client): after 5 within 15
minutes that pair waits 15 minutes. The count is per client, so an attacker
elsewhere cannot lock a named user out; a client failing 20 times across any
names waits too.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, insert, select, update

from hwb.store.record import Record
from hwb.store.record import schema as t
from hwb.store.record.rows import upsert
from hwb.store.record import audit

ROLES = ("viewer", "editor", "admin")
SESSION_HOURS = 8
MIN_PASSWORD = 12
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_CLIENT = 20

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


def add_user(record: Record, username: str, password: str, role: str, *, by: str = "command line") -> User:
    """Create or replace an account (with its audit row). Raises AccountError for bad input."""
    if not USERNAME.match(username):
        raise AccountError("username must be 2-64 letters, digits or . _ @ - (starting with a letter or digit)")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"password must be at least {MIN_PASSWORD} characters")
    with record.write() as conn:
        upsert(conn, t.users, {"username": username},
               {"password_hash": _hasher.hash(password), "role": role, "active": True})
        audit.record(conn, by, "set", "user", username, None, {"username": username, "role": role})
    return User(username, role)


def list_users(record: Record) -> list[tuple[str, str, bool]]:
    u = t.users.c
    with record.read() as conn:
        return [tuple(r) for r in conn.execute(select(u.username, u.role, u.active).order_by(u.username))]


def throttled(record: Record, username: str, client: str, now: datetime | None = None) -> bool:
    """True while this client must wait before trying this username again."""
    now = now or datetime.now()
    f = t.login_failures.c
    since = now - THROTTLE_WINDOW
    with record.read() as conn:
        by_name = conn.execute(select(func.count()).where(
            f.username == username, f.client == client, f.failed_at > since)).scalar_one()
        by_client = conn.execute(select(func.count()).where(f.client == client, f.failed_at > since)).scalar_one()
    return by_name >= MAX_FAILURES_PER_NAME or by_client >= MAX_FAILURES_PER_CLIENT


def authenticate(record: Record, username: str, password: str, client: str = "") -> User | None:
    """The active user with this password, or None (a failure is counted for throttling)."""
    u = t.users.c
    with record.read() as conn:
        row = conn.execute(select(u.password_hash, u.role).where(u.username == username, u.active)).first()
    stored, role = row if row else (_DUMMY_HASH, None)
    try:
        _hasher.verify(stored, password)
        ok = role is not None
    except (VerificationError, InvalidHashError):
        ok = False
    now = datetime.now()
    with record.write() as conn:
        if not ok:
            conn.execute(insert(t.login_failures).values(username=username[:200], client=client[:100], failed_at=now))
            conn.execute(delete(t.login_failures).where(t.login_failures.c.failed_at < now - 4 * THROTTLE_WINDOW))
            return None
        conn.execute(delete(t.login_failures).where(t.login_failures.c.username == username,
                                                    t.login_failures.c.client == client[:100]))
        if _hasher.check_needs_rehash(stored):
            conn.execute(update(t.users).where(u.username == username).values(password_hash=_hasher.hash(password)))
    return User(username, role)


def start_session(record: Record, user: User) -> str:
    """A new session for `user`, recorded with the sign-in in the audit trail."""
    session_id = secrets.token_urlsafe(32)
    now = datetime.now()
    with record.write() as conn:
        conn.execute(delete(t.sessions).where(t.sessions.c.expires_at < now))
        conn.execute(insert(t.sessions).values(session_id=session_id, username=user.username,
                                               expires_at=now + timedelta(hours=SESSION_HOURS)))
        audit.record(conn, user.username, "login", "session", user.username)
    return session_id


def session_user(record: Record, session_id: str | None) -> User | None:
    if not session_id:
        return None
    s, u = t.sessions.c, t.users.c
    with record.read() as conn:
        row = conn.execute(select(u.username, u.role).join_from(t.sessions, t.users, s.username == u.username)
                           .where(s.session_id == session_id, s.expires_at > datetime.now(), u.active)).first()
    return User(*row) if row else None


def end_session(record: Record, session_id: str | None, user: User | None = None) -> None:
    if not session_id:
        return
    with record.write() as conn:
        conn.execute(delete(t.sessions).where(t.sessions.c.session_id == session_id))
        if user is not None:
            audit.record(conn, user.username, "logout", "session", user.username)
