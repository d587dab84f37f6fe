"""One store per server process, and one cursor-backed Store per request.

DuckDB connections must not be shared between threads; a cursor is a
separate connection to the same database, so each request gets its own.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import ibis
from fastapi import Request

from hwb.store import connect
from hwb.store.connection import Store


class Database:
    """Opens (and migrates) the store once; hands out per-request Stores."""

    def __init__(self, path: str | Path):
        self.root = connect(path)

    @contextmanager
    def store(self) -> Iterator[Store]:
        cursor = self.root.duck.cursor()
        try:
            yield Store(ibis.duckdb.from_connection(cursor), self.root.path)
        finally:
            cursor.close()

    def close(self) -> None:
        self.root.close()


def get_store(request: Request) -> Iterator[Store]:
    """FastAPI dependency: the request's Store (shared by every dependency of one request)."""
    with request.app.state.db.store() as store:
        yield store
