"""The store: one DuckDB file by default, reached through Ibis."""

from hwb.store.connection import Store, connect

__all__ = ["Store", "connect"]
