"""The web's two sources: the record (read and written per request) and the published snapshot
of the evidence (read only). Neither holds a lock that stops a CLI import or build."""

from __future__ import annotations

from typing import AsyncIterator

from fastapi import Request

from hwb.store.connection import Store
from hwb.store.folder import StoreFolder
from hwb.store.record import Record


class Sources:
    """Opened once per server process."""

    def __init__(self, folder: StoreFolder):
        self.folder = folder
        self.record = folder.record
        self.reader = folder.reader()

    def stamp(self) -> tuple:
        """Changes whenever the snapshot or the record changes (from any process)."""
        return self.reader.generation(), self.record.change_mark()

    def close(self) -> None:
        self.record.close()


async def get_store(request: Request) -> AsyncIterator[Store]:
    """FastAPI dependency: a read-only Store over the current snapshot of the evidence."""
    with request.app.state.sources.reader.store() as store:
        yield store


def get_record(request: Request) -> Record:
    """FastAPI dependency: the record."""
    return request.app.state.sources.record
