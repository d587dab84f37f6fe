"""The store folder (`--db`): the evidence, its published snapshots and, by default, the record.

    hwb-store/
      evidence.duckdb   data points, indicators, areas, neighbours, results (written by CLI commands)
      snapshots/        Parquet snapshots of the results that the web and reports read
      record.sqlite     what people enter (unless HWB_DATABASE_URL names a PostgreSQL database)
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

from hwb.store import DEFAULT_STORE
from hwb.store.connection import Store, StoreBusy, connect
from hwb.store.record.database import Record, open_record, sqlite_url
from hwb.store.snapshot import SnapshotReader, publish

DATABASE_URL_ENV = "HWB_DATABASE_URL"


class NotAStore(Exception):
    """The path given as a store is something else."""


class StoreFolder:
    """Where one board's store lives; opens each part on demand."""

    def __init__(self, root: str | Path = DEFAULT_STORE, record_url: str | None = None):
        self.root = Path(root)
        if self.root.exists() and not self.root.is_dir():
            raise NotAStore(f"{self.root} is a file, not a store folder; give a folder (for example hwb-store)")
        self.record_url = record_url or os.environ.get(DATABASE_URL_ENV) or sqlite_url(self.root / "record.sqlite")

    @property
    def evidence_path(self) -> Path:
        return self.root / "evidence.duckdb"

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshots"

    def open_evidence(self, read_only: bool = False) -> Store:
        """The DuckDB evidence store (StoreBusy if another command is writing to it)."""
        self.root.mkdir(parents=True, exist_ok=True)
        return connect(self.evidence_path, read_only=read_only)

    @cached_property
    def record(self) -> Record:
        self.root.mkdir(parents=True, exist_ok=True)
        return open_record(self.record_url)

    def reader(self) -> SnapshotReader:
        return SnapshotReader(self.snapshots)

    def publish(self, evidence: Store) -> str:
        """Publish the evidence's results as the snapshot every reader sees next."""
        return publish(evidence, self.snapshots)

    def close(self) -> None:
        if "record" in self.__dict__:
            self.record.close()


__all__ = ["DEFAULT_STORE", "NotAStore", "StoreBusy", "StoreFolder"]
