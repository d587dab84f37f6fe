"""Published results: `hwb build` writes an immutable Parquet snapshot; the web and reports read it.

A snapshot is a folder of Parquet files, one per table the readers need, named by
its generation. The `CURRENT` file names the generation in force and is replaced
atomically, so a reader sees the old snapshot or the new one, never half of one,
and a build killed part-way leaves the last snapshot serving. Readers never open
the DuckDB evidence file, so they never hold a lock that stops an import or build.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import ibis

from hwb.store.connection import Store
from hwb.store.migrate import apply_migrations

TABLES = ("results", "indicators", "areas", "neighbours", "published_figures", "imports")
POINTER = "CURRENT"
KEEP = 3  # generations kept besides the current one, for readers still switching over


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def current_generation(folder: Path) -> str | None:
    try:
        name = (folder / POINTER).read_text("utf-8").strip()
    except FileNotFoundError:
        return None
    return name if name and (folder / name).is_dir() else None


def publish(evidence: Store, folder: Path) -> str:
    """Write the evidence tables as a new generation and make it current; returns its name."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"g{time.time_ns():020d}-{os.getpid()}"
    staging = folder / f".staging-{name}"
    staging.mkdir()
    for table in TABLES:
        target = str(staging / f"{table}.parquet").replace("'", "''")
        evidence.duck.execute(f"COPY (SELECT * FROM \"{table}\") TO '{target}' (FORMAT parquet)")
    os.rename(staging, folder / name)
    pointer = folder / f".{POINTER}-{name}"
    with open(pointer, "w", encoding="utf-8") as handle:
        handle.write(name)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(pointer, folder / POINTER)
    _prune(folder, name)
    return name


def _prune(folder: Path, current: str) -> None:
    """Drop old generations and the leftovers of builds that were killed."""
    generations = sorted(p for p in folder.iterdir() if p.is_dir() and p.name.startswith("g") and p.name != current)
    for old in generations[:-KEEP] if KEEP else generations:
        shutil.rmtree(old, ignore_errors=True)
    for leftover in folder.glob(".staging-*"):
        if not _alive(int(leftover.name.rsplit("-", 1)[1])):
            shutil.rmtree(leftover, ignore_errors=True)


class SnapshotReader:
    """Read-only Stores over the current snapshot, switching to a new one within `check_every` seconds.

    Each generation gets its own in-memory DuckDB database with a view per table;
    requests borrow a cursor-backed Store from that generation's pool.
    """

    def __init__(self, folder: Path, check_every: float = 0.5):
        self.folder = Path(folder)
        self.check_every = check_every
        self._lock = threading.Lock()
        self._checked = 0.0
        self._generation: str | None = None
        self._root: Store | None = None
        self._idle: queue.SimpleQueue[Store] = queue.SimpleQueue()

    def _open(self, generation: str | None) -> Store:
        con = ibis.duckdb.connect()
        con.raw_sql("SET enable_object_cache = true")
        if generation is None:  # nothing built yet: the same tables, empty
            apply_migrations(con.con)
        else:
            for table in TABLES:
                path = str(self.folder / generation / f"{table}.parquet").replace("'", "''")
                con.con.execute(f"CREATE VIEW \"{table}\" AS SELECT * FROM read_parquet('{path}')")
        return Store(con, f"snapshot:{generation}")

    def generation(self) -> str | None:
        """The generation in force, switching to a newer one when the pointer has moved."""
        now = time.monotonic()
        with self._lock:
            if self._root is not None and now - self._checked < self.check_every:
                return self._generation
            self._checked = now
            found = current_generation(self.folder)
            if self._root is None or found != self._generation:
                self._root, self._generation = self._open(found), found
                self._idle = queue.SimpleQueue()
            return self._generation

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A read-only Store over the current snapshot, for one thread at a time."""
        self.generation()
        with self._lock:
            root, idle = self._root, self._idle
        try:
            store = idle.get_nowait()
        except queue.Empty:
            store = Store(ibis.duckdb.from_connection(root.duck.cursor()), root.path)
        try:
            yield store
        except BaseException:
            store.duck.close()
            raise
        idle.put(store)
