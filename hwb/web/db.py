"""One store per server process, and a pool of cursor-backed Stores for requests.

DuckDB allows one read-write connection to a file per process, so the server
runs as one process; its worker threads each need their own cursor (a cursor is
a separate connection to the same database). A request borrows a Store from
the pool for its lifetime and gives it back, so the cost of wrapping a cursor
in Ibis is paid once per concurrent request rather than on every request.
"""

from __future__ import annotations

import queue
from contextlib import contextmanager
from pathlib import Path
from typing import AsyncIterator, Iterator

import ibis
from fastapi import Request

from hwb.store import connect
from hwb.store.connection import Store


class Database:
    """Opens (and migrates) the store once; lends Stores to requests."""

    def __init__(self, path: str | Path):
        self.root = connect(path)
        self._idle: queue.SimpleQueue[Store] = queue.SimpleQueue()

    def _new(self) -> Store:
        return Store(ibis.duckdb.from_connection(self.root.duck.cursor()), self.root.path)

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A Store for one thread at a time; back to the pool afterwards (closed if the work failed)."""
        try:
            store = self._idle.get_nowait()
        except queue.Empty:
            store = self._new()
        try:
            yield store
        except BaseException:
            store.duck.close()
            raise
        self._idle.put(store)

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get_nowait().duck.close()
        self.root.close()


async def get_store(request: Request) -> AsyncIterator[Store]:
    """FastAPI dependency: the request's Store (shared by every dependency of one request)."""
    with request.app.state.db.store() as store:
        yield store
