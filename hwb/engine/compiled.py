"""The pipeline's SQL for DuckDB, compiled once and kept on disk.

Building and compiling the Ibis expression takes seconds, far more than running it on
a council's data. The SQL depends only on the code of the engine and its methods, the
Ibis and DuckDB versions and the input tables' columns, so it is kept in a cache file
named by a hash of those; any change to them compiles afresh.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from importlib import metadata, resources
from pathlib import Path

from hwb.atomic import replacing
from hwb.store import Store

CODE_PACKAGES = ("hwb.engine", "hwb.methods")
# DuckDB's CTE filter pusher spends about a second planning the pipeline's one statement, more
# than a small input takes to compute; without it the results are the same and a million data
# points compute no slower (the filters that matter are on the data points themselves).
FAST_PLANNING = "SET disabled_optimizers = 'cte_filter_pusher'"
# DuckDB's cardinality estimates overflow on the pipeline's numbered keys, and its choice of
# which side of a join to hash then falls on the wide rows (a million rows of every column
# hashed to look up England's few thousand values). The pipeline writes each join with the
# small or narrow side second, so that side is hashed when the choice is left as written.
JOIN_SIDES_AS_WRITTEN = "build_side_probe_side"


@contextmanager
def join_sides_as_written(store: Store):
    """Within the block, DuckDB hashes the second side of each join, as the pipeline writes them."""
    before = store.sql("SELECT current_setting('disabled_optimizers')")[0][0]
    names = ",".join(n for n in (*before.split(","), JOIN_SIDES_AS_WRITTEN) if n)
    store.duck.execute(f"SET disabled_optimizers = '{names}'")
    try:
        yield
    finally:
        store.duck.execute(f"SET disabled_optimizers = '{before}'")


def cache_folder() -> Path:
    """HWB_CACHE, or hwb's folder under the user's cache folder."""
    if os.environ.get("HWB_CACHE"):
        return Path(os.environ["HWB_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hwb"


def _fingerprint(store: Store, tables: tuple[str, ...]) -> str:
    """A hash of everything the compiled SQL depends on."""
    digest = hashlib.sha256()
    for package in CODE_PACKAGES:
        for entry in sorted(resources.files(package).iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".py"):
                digest.update(entry.name.encode() + entry.read_bytes())
    for dist in ("ibis-framework", "duckdb", "sqlglot"):
        digest.update(f"{dist}={metadata.version(dist)}".encode())
    for table in tables:
        digest.update(repr(store.sql(f'DESCRIBE "{table}"')).encode())
    return digest.hexdigest()[:32]


def cached_sql(store: Store, tables: tuple[str, ...], compile_sql) -> str:
    """The SQL from the cache, or from `compile_sql()` (then kept); a cache that cannot be
    written is skipped, never an error."""
    path = cache_folder() / f"pipeline-{_fingerprint(store, tables)}.sql"
    try:
        return path.read_text("utf-8")
    except OSError:
        pass
    sql = compile_sql()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as temp:
            Path(temp).write_text(sql, "utf-8")
    except OSError:
        pass
    return sql
