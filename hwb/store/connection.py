"""Open the store and run work inside all-or-nothing transactions."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import ibis
import pandas as pd

import duckdb

from hwb.errors import InputError, LocatedError
from hwb.store.migrate import apply_migrations

# DuckDB's own default is 80% of RAM; a bound makes big builds spill to disk instead.
MEMORY_LIMIT_DEFAULT = "4GB"
_SIZE = re.compile(r"^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", re.IGNORECASE)


class StoreBusy(Exception):
    """Another process holds the evidence store; the message says which and what to do."""


def memory_limit() -> str:
    """HWB_MEMORY_LIMIT (for example 4GB or 512MB), checked."""
    value = os.environ.get("HWB_MEMORY_LIMIT", MEMORY_LIMIT_DEFAULT)
    if not _SIZE.match(value):
        raise InputError([LocatedError("HWB_MEMORY_LIMIT", None, None,
                                       f"{value[:40]!r} is not a size; give a number and a unit, for example 4GB")])
    return value.strip()


def _holder(message: str) -> str:
    """'PID 123 (hwb build)' from DuckDB's lock message, reading the command line where it can."""
    found = re.search(r"PID (\d+)", message)
    if not found:
        return "another process"
    pid = found.group(1)
    try:
        argv = [a.decode(errors="replace") for a in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") if a]
        words = [Path(a).name if "/" in a else a for a in argv[:4]]
        if len(words) > 1 and words[0].startswith("python"):
            words = words[1:]
        command = " ".join(" ".join(words).split())[:60]
        return f"process {pid} ({command})"
    except OSError:
        return f"process {pid}"


class Store:
    """An Ibis backend plus the few write operations hwb needs.

    Reads go through `self.con` (any Ibis backend). Writes use DuckDB
    transactions so an import either lands whole or not at all, even if the
    process is killed part-way (DuckDB's write-ahead log drops uncommitted work).
    """

    def __init__(self, con: ibis.BaseBackend, path: str | None = None):
        self.con = con
        self.path = path

    @property
    def duck(self):
        """The raw DuckDB connection (writes, transactions)."""
        return self.con.con

    def table(self, name: str) -> ibis.Table:
        return self.con.table(name)

    def has_table(self, name: str) -> bool:
        return name in self.con.list_tables()

    def sql(self, query: str, params: list | tuple | None = None) -> list[tuple]:
        """Run SQL on the DuckDB connection and return all rows."""
        return self.duck.execute(query, params or []).fetchall()

    def df(self, query: str, params: list | tuple | None = None) -> pd.DataFrame:
        """Run SQL and return a DataFrame; the results' labels come as text like every other text column."""
        return _labels_as_text(self.duck.execute(query, params or []).df())

    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """BEGIN ... COMMIT, or ROLLBACK on any exception."""
        self.duck.execute("BEGIN TRANSACTION")
        try:
            yield self
        except BaseException:
            self.duck.execute("ROLLBACK")
            raise
        else:
            self.duck.execute("COMMIT")

    def upsert(self, table: str, frame: pd.DataFrame) -> int:
        """Insert rows, replacing any with the same primary key. Returns rows written.

        Call inside `transaction()` to make a multi-table load atomic.
        """
        return self._insert(table, frame, "INSERT OR REPLACE")

    def insert(self, table: str, frame: pd.DataFrame) -> int:
        """Insert rows as they are (tables without a key, such as results). Returns rows written."""
        return self._insert(table, frame, "INSERT")

    def replace_all(self, table: str, frame: pd.DataFrame) -> int:
        """Delete every row of `table` and insert `frame` (for derived tables)."""
        self.duck.execute(f'DELETE FROM "{table}"')
        return self._insert(table, frame, "INSERT")

    def _insert(self, table: str, frame: pd.DataFrame, verb: str) -> int:
        if frame.empty:
            return 0
        cols = ", ".join(f'"{c}"' for c in frame.columns)
        self.duck.register("_hwb_frame", frame)
        try:
            self.duck.execute(f'{verb} INTO "{table}" ({cols}) SELECT {cols} FROM _hwb_frame')
        finally:
            self.duck.unregister("_hwb_frame")
        return len(frame)

    def close(self) -> None:
        self.con.disconnect()


def connect(db: str | Path, *, migrate: bool = True, read_only: bool = False) -> Store:
    """Open (and create or upgrade) the DuckDB evidence file at `db` (":memory:" for tests).

    Raises StoreBusy, naming the other process, when another command is writing to it.
    """
    path = str(db)
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    limit = memory_limit()
    try:
        con = ibis.duckdb.connect(
            path, read_only=read_only, memory_limit=limit,
            preserve_insertion_order=False,  # results are keyed, never read in insertion order
        )
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        raise StoreBusy(f"the indicator data ({path}) is in use by {_holder(str(exc))}; "
                        "wait for that command to finish, then run this one again") from None
    store = Store(con, path)
    if migrate and not read_only:
        apply_migrations(store.duck)
    return store


def _labels_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Enumerated columns (the results' labels), which pandas gets as categories, as the text
    columns every other text column is (same dtype, same missing values)."""
    for name in frame.columns[frame.dtypes == "category"]:
        column = frame[name]
        frame[name] = column.astype(column.cat.categories.dtype)
    return frame
