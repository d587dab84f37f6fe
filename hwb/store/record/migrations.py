"""Schema versions of the record.

A new database gets every table of hwb.store.record.schema and is stamped with the
newest version; an older one runs the steps after its version, in order, each in
its own transaction. Add a step here with every change to the schema module.
"""

from __future__ import annotations

from typing import Callable

from sqlalchemy import Connection, insert, inspect, select, text
from sqlalchemy.engine import Engine

from hwb.store.record import schema as t

# (version, name, step). Version 1 is the schema as first released.
def _board_business(conn: Connection) -> None:
    """Version 2: meeting items remember what an import wrote; the board's actions get a table."""
    conn.execute(text("ALTER TABLE meeting_items ADD COLUMN imported_version INTEGER"))
    t.board_actions.create(conn)


STEPS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial record", lambda conn: None),
    (2, "board business", _board_business),
]
HEAD = STEPS[-1][0]


def migrate(engine: Engine) -> list[int]:
    """Bring the database to HEAD; returns the versions applied."""
    with engine.connect() as conn:
        conn.execution_options(hwb_write=True)
        with conn.begin():
            if not inspect(conn).has_table("schema_version"):
                t.metadata.create_all(conn)
                conn.execute(insert(t.schema_version), [{"version": v, "name": n} for v, n, _ in STEPS])
                return [v for v, _, _ in STEPS]
            done = set(conn.execute(select(t.schema_version.c.version)).scalars())
    applied = []
    for version, name, step in STEPS:
        if version in done:
            continue
        with engine.connect() as conn:
            conn.execution_options(hwb_write=True)
            with conn.begin():
                step(conn)
                conn.execute(insert(t.schema_version).values(version=version, name=name))
        applied.append(version)
    return applied
