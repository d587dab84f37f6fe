"""Versioned schema migrations: numbered SQL files applied once each, in order."""

from __future__ import annotations

from importlib import resources

MIGRATIONS_PACKAGE = "hwb.store.migrations"


def migration_files() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every `NNNN_name.sql` in the migrations package."""
    found = []
    for entry in resources.files(MIGRATIONS_PACKAGE).iterdir():
        if entry.name.endswith(".sql") and entry.name[:4].isdigit():
            found.append((int(entry.name[:4]), entry.name[5:-4], entry.read_text("utf-8")))
    return sorted(found)


def apply_migrations(duck) -> list[int]:
    """Apply pending migrations, each in its own transaction. Returns versions applied."""
    duck.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    done = {row[0] for row in duck.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, name, sql in migration_files():
        if version in done:
            continue
        duck.execute("BEGIN TRANSACTION")
        try:
            duck.execute(sql)
            duck.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        except BaseException:
            duck.execute("ROLLBACK")
            raise
        duck.execute("COMMIT")
        applied.append(version)
    return applied
