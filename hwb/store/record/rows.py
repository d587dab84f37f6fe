"""Small portable helpers over SQLAlchemy Core for the record's tables."""

from __future__ import annotations

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def upsert(conn: Connection, table: Table, keys: dict, values: dict) -> None:
    """Insert the row, or update `values` on the row with these `keys` (one statement, race-free)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(**keys, **values)
    conn.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=values))


def insert_absent(conn: Connection, table: Table, keys: dict, values: dict) -> None:
    """Insert the row unless one with these `keys` exists."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).values(**keys, **values).on_conflict_do_nothing(index_elements=list(keys)))
