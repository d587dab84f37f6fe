"""Load validated frames into the store in one transaction (all-or-nothing, idempotent)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from hwb.ingest import tidy
from hwb.ingest.parquet import is_parquet, parquet_files
from hwb.store import Store


@dataclass
class Batch:
    """Everything one import writes, validated before anything is stored."""

    indicators: pd.DataFrame | None = None
    areas: pd.DataFrame | None = None
    neighbours: pd.DataFrame | None = None
    data_points: pd.DataFrame | None = None
    published_figures: pd.DataFrame | None = None
    files: list[tuple[str, str]] = field(default_factory=list)  # (path, kind)
    file_indicators: dict[str, list[str]] = field(default_factory=dict)  # path -> the indicators it held

    def tables(self) -> list[tuple[str, pd.DataFrame]]:
        order = ["indicators", "areas", "neighbours", "data_points", "published_figures"]
        return [(name, getattr(self, name)) for name in order if getattr(self, name) is not None]


def stored_indicators(store: Store) -> pd.DataFrame:
    return store.df("SELECT indicator_id, value_type FROM indicators")


def _files(path: str | Path, kind: str) -> list[tuple[str, str]]:
    """(file, kind) for each file a tidy argument names: Parquet may name several."""
    return [(str(p), kind) for p in (parquet_files(path) if is_parquet(path) else [path])]


def read_tidy(
    store: Store | None,
    data: str | Path | None = None,
    indicators: str | Path | None = None,
    areas: str | Path | None = None,
    neighbours: str | Path | None = None,
) -> Batch:
    """Read and validate tidy CSV, XLSX or Parquet; DATA is checked against the file's and the store's indicators."""
    batch = Batch()
    known = stored_indicators(store) if store is not None else pd.DataFrame(columns=["indicator_id", "value_type"])
    if indicators:
        batch.indicators = tidy.read_indicators(indicators)
        batch.files.extend(_files(indicators, "indicators"))
        known = pd.concat([known, batch.indicators[["indicator_id", "value_type"]]]).drop_duplicates("indicator_id", keep="last")
    if areas:
        batch.areas = tidy.read_areas(areas)
        batch.files.extend(_files(areas, "areas"))
    if neighbours:
        batch.neighbours = tidy.read_neighbours(neighbours)
        batch.files.extend(_files(neighbours, "neighbours"))
    if data:
        batch.data_points = tidy.read_data(data, known)
        batch.files.extend(_files(data, "data"))
    return batch


def _sha256(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def store_batches(store: Store, *batches: Batch) -> dict[str, int]:
    """Upsert every table of every batch in one transaction; returns rows per table."""
    written: dict[str, int] = {}
    with store.transaction():
        for batch in batches:
            counts = {name: store.upsert(name, frame) for name, frame in batch.tables()}
            for path, kind in batch.files:
                store.duck.execute(
                    "INSERT INTO imports (file, sha256, kind, rows, indicator_ids) VALUES (?, ?, ?, ?, ?)",
                    [path, _sha256(path), kind, counts.get(_TABLE_OF_KIND.get(kind, kind), 0),
                     batch.file_indicators.get(path) or _indicator_ids(batch, kind)],
                )
            for name, count in counts.items():
                written[name] = written.get(name, 0) + count
    return written


_TABLE_OF_KIND = {"data": "data_points", "fingertips": "data_points"}


def _indicator_ids(batch: Batch, kind: str) -> list[str] | None:
    """The indicators an import of `kind` carried (its data's or its indicator file's), sorted."""
    frame = getattr(batch, _TABLE_OF_KIND.get(kind, kind), None)
    if frame is None or "indicator_id" not in frame.columns:
        return None
    return sorted(frame["indicator_id"].dropna().astype(str).unique())
