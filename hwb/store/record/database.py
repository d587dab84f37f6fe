"""Open the record (SQLite in WAL mode, or PostgreSQL by URL) and run edits as transactions."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Connection, create_engine, event, func, select
from sqlalchemy.engine import Engine

from hwb.store.record import schema as t
from hwb.store.record.migrations import migrate

BUSY_TIMEOUT_MS = 30_000


class Conflict(Exception):
    """An edit of a record that someone else changed since it was read."""


def _sqlite_pragmas(engine: Engine) -> None:
    """WAL (readers never wait for writers), a busy timeout, and BEGIN IMMEDIATE for writes
    so that two writers queue instead of failing when one upgrades its lock."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # SQLAlchemy's begin event issues BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        write = connection.get_execution_options().get("hwb_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class Record:
    """The system of record. `write()` gives a connection inside one transaction;
    `read()` a connection for consistent reads."""

    def __init__(self, url: str):
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        options = {"pool_size": 20, "max_overflow": 20, "pool_pre_ping": not self.is_sqlite}
        self.engine = create_engine(url, **options)
        if self.is_sqlite:
            _sqlite_pragmas(self.engine)
        self._seen = (0.0, -1)
        self._seen_lock = threading.Lock()

    def migrate(self) -> list[int]:
        return migrate(self.engine)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        with self.engine.connect() as conn:
            conn.execution_options(hwb_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            with conn.begin():
                yield conn

    def change_mark(self, max_age: float = 0.5) -> int:
        """The newest audit id: it moves with every successful edit, from any process.
        Read at most every `max_age` seconds per process (edits made here call `mark_changed`)."""
        now = time.monotonic()
        with self._seen_lock:
            checked, mark = self._seen
            if now - checked < max_age and mark >= 0:
                return mark
        with self.read() as conn:
            mark = conn.execute(select(func.coalesce(func.max(t.audit_log.c.audit_id), 0))).scalar_one()
        with self._seen_lock:
            self._seen = (now, mark)
        return mark

    def mark_changed(self) -> None:
        """Forget the cached change mark, so this process sees its own edit at once."""
        with self._seen_lock:
            self._seen = (0.0, -1)

    def close(self) -> None:
        self.engine.dispose()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def open_record(url: str, *, migrate_schema: bool = True) -> Record:
    """The record at `url`, created or upgraded to the current schema."""
    record = Record(url)
    if migrate_schema:
        record.migrate()
    return record
