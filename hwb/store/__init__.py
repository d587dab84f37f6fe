"""The store: a folder with the evidence (DuckDB through Ibis, published as Parquet
snapshots) and the record (SQLAlchemy: SQLite or PostgreSQL).

Names are imported on first use, so that `hwb --help` does not load DuckDB or SQLAlchemy.
"""

from importlib import import_module

DEFAULT_STORE = "hwb-store"
_HOMES = {"Store": "connection", "StoreBusy": "connection", "connect": "connection", "StoreFolder": "folder"}

__all__ = ["DEFAULT_STORE", "Store", "StoreBusy", "StoreFolder", "connect"]


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'hwb.store' has no attribute {name!r}")
    return getattr(import_module(f"hwb.store.{_HOMES[name]}"), name)
