"""`hwb backup` and `hwb restore`: a consistent copy of the whole store, and loading one back.

A backup is a folder: `record/` holds every table of the record as Parquet, read in
one transaction (so edits made meanwhile are wholly in or wholly out), and
`evidence/` the DuckDB tables as Parquet. The dashboard keeps serving throughout:
it holds no lock on either. Restoring first backs up what the store holds, then
replaces the record in one transaction and the evidence file in one rename, and
publishes the restored results.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pandas as pd
from sqlalchemy import delete, insert, select, text

from hwb.errors import InputError, LocatedError
from hwb.store.connection import connect
from hwb.store.folder import StoreFolder
from hwb.store.record import schema as t

EVIDENCE_TABLES = ("indicators", "areas", "neighbours", "data_points", "published_figures", "results", "imports")
MANIFEST = "backup.json"


def _record_tables():
    return [table for table in t.metadata.sorted_tables if table.name != "schema_version"]


def make_backup(folder: StoreFolder, target: Path) -> dict[str, int]:
    """Write the backup folder; returns rows per table."""
    target = Path(target)
    if target.exists():
        raise FileExistsError(f"{target} already exists; give a new folder for the backup")
    (target / "record").mkdir(parents=True)
    (target / "evidence").mkdir()
    counts: dict[str, int] = {}
    with folder.record.read() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        for table in _record_tables():
            frame = pd.DataFrame([dict(r) for r in conn.execute(select(table)).mappings()],
                                 columns=[c.name for c in table.columns])
            for column in table.columns:
                if column.type.__class__.__name__ == "JSON":
                    frame[column.name] = [json.dumps(v) for v in frame[column.name]]
            frame.astype(object).to_parquet(target / "record" / f"{table.name}.parquet", index=False)
            counts[f"record.{table.name}"] = len(frame)
    if folder.evidence_path.exists():
        store = folder.open_evidence(read_only=True)
        try:
            for name in EVIDENCE_TABLES:
                path = str(target / "evidence" / f"{name}.parquet").replace("'", "''")
                store.duck.execute(f"COPY (SELECT * FROM \"{name}\") TO '{path}' (FORMAT parquet)")
                counts[f"evidence.{name}"] = store.sql(f'SELECT count(*) FROM "{name}"')[0][0]
        finally:
            store.close()
    (target / MANIFEST).write_text(json.dumps({"kind": "hwb backup", "tables": counts}, indent=1), "utf-8")
    return counts


def _check(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text("utf-8"))
        assert manifest.get("kind") == "hwb backup"
        return manifest
    except (OSError, ValueError, AssertionError):
        raise InputError([LocatedError(str(source), None, None,
                                       "not a backup folder written by `hwb backup` (no readable backup.json)")])


def restore_backup(folder: StoreFolder, source: Path) -> Path:
    """Replace the store's contents with the backup at `source`; returns where the old contents were kept."""
    source = Path(source)
    manifest = _check(source)
    folder.open_evidence().close()  # StoreBusy now, before anything is touched, if a command is writing
    kept = folder.root / "backups" / f"before-restore-{time.strftime('%Y%m%d-%H%M%S')}"
    make_backup(folder, kept)
    tables = _record_tables()
    frames = {}
    for table in tables:
        path = source / "record" / f"{table.name}.parquet"
        frame = pd.read_parquet(path) if path.exists() else pd.DataFrame(columns=[c.name for c in table.columns])
        for column in table.columns:
            if column.type.__class__.__name__ == "JSON":
                frame[column.name] = [json.loads(v) for v in frame[column.name]]
        frames[table.name] = [{k: (None if v is pd.NaT or (isinstance(v, float) and v != v) else v)
                               for k, v in row.items()} for row in frame.astype(object).to_dict("records")]
    with folder.record.write() as conn:
        for table in reversed(tables):
            conn.execute(delete(table))
        for table in tables:
            if frames[table.name]:
                conn.execute(insert(table), frames[table.name])
        if conn.dialect.name == "postgresql":
            for table in tables:
                for column in table.primary_key.columns:
                    if column.autoincrement is True:
                        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'),"
                                          f" coalesce((SELECT max({column.name}) FROM {table.name}), 0) + 1, false)"))
    folder.record.mark_changed()
    if any(k.startswith("evidence.") for k in manifest["tables"]):
        staging = folder.root / "evidence.restoring.duckdb"
        staging.unlink(missing_ok=True)
        fresh = connect(staging)
        try:
            with fresh.transaction():
                for name in EVIDENCE_TABLES:
                    path = str(source / "evidence" / f"{name}.parquet").replace("'", "''")
                    fresh.duck.execute(f"INSERT INTO \"{name}\" BY NAME SELECT * FROM read_parquet('{path}')")
            fresh.duck.execute("CHECKPOINT")
        finally:
            fresh.close()
        holder = folder.open_evidence()  # waits for no one: fails with StoreBusy if a command is writing
        holder.close()
        os.replace(staging, folder.evidence_path)
        store = folder.open_evidence()
        try:
            folder.publish(store)
        finally:
            store.close()
    return kept
