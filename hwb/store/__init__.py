"""The store: a folder with the evidence (DuckDB through Ibis, published as Parquet
snapshots) and the record (SQLAlchemy: SQLite or PostgreSQL)."""

from hwb.store.connection import Store, StoreBusy, connect
from hwb.store.folder import DEFAULT_STORE, StoreFolder

__all__ = ["DEFAULT_STORE", "Store", "StoreBusy", "StoreFolder", "connect"]
