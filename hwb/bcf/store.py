"""BCF plans and year-end returns in the record, row by row.

A return's single-valued fields are kept as one JSON header; each list of rows in
the model (schemes, metric points, income lines, ...) as one item per row, so an
edit changes one row in one transaction with its audit row. Any list-of-dataclass
field the model gains is stored the same way, with no schema change.

Importing a workbook replaces the whole return, but only while nobody has edited
it since its last import: otherwise the import is refused (pass replace=True to
overwrite on purpose; the audit trail keeps what was there).
"""

from __future__ import annotations

import dataclasses
from typing import Iterator

from sqlalchemy import Connection, delete, func, insert, select, update

from hwb.bcf.model import Plan, YearEnd
from hwb.store.record import Conflict, Record, audit
from hwb.store.record import schema as t
from hwb.store.record.codec import from_json, hints, list_item_type, to_json

KINDS = {"plan": Plan, "year_end": YearEnd}


class EditedSinceImport(Conflict):
    """The stored return has edits that an import would overwrite."""


def _parts(cls, prefix: str = "") -> Iterator[tuple[str, type]]:
    """(attribute path, row class) of every list of dataclass rows, through nested dataclasses."""
    for f in dataclasses.fields(cls):
        tp = hints(cls)[f.name]
        row = list_item_type(tp)
        if row is not None:
            yield prefix + f.name, row
        elif dataclasses.is_dataclass(tp):
            yield from _parts(tp, f"{prefix}{f.name}.")


def _get(obj, path: str):
    for name in path.split("."):
        obj = getattr(obj, name)
    return obj


def _split(obj) -> tuple[dict, dict[str, list]]:
    """The header (everything but the row lists) and the rows of each part."""
    parts = {path: [to_json(row) for row in _get(obj, path)] for path, _ in _parts(type(obj))}
    header = to_json(obj)
    for path in parts:
        *parents, name = path.split(".")
        node = header
        for p in parents:
            node = node[p]
        del node[name]
    return header, parts


def _join(cls, header: dict, parts: dict[str, list]):
    """The model object from its header and rows."""
    header = {k: (dict(v) if isinstance(v, dict) else v) for k, v in header.items()}
    for path, _ in _parts(cls):
        *parents, name = path.split(".")
        node = header
        for p in parents:
            node = node.setdefault(p, {})
        node[name] = parts.get(path, [])
    return from_json(cls, header)


def _find(conn: Connection, hwb_code: str, year: str, kind: str):
    r = t.bcf_returns.c
    return conn.execute(select(t.bcf_returns).where(r.hwb_code == hwb_code, r.year == year, r.kind == kind)
                        ).mappings().first()


def _save(record: Record, obj, kind: str, *, by: str, source: str, replace: bool) -> int:
    header, parts = _split(obj)
    name = obj.cover.hwb_name if kind == "plan" else obj.hwb_name
    r = t.bcf_returns.c
    entity = f"{obj.hwb_code}/{obj.year}/{kind}"
    with record.write() as conn:
        found = _find(conn, obj.hwb_code, obj.year, kind)
        if found is not None and found["version"] != found["imported_version"] and not replace:
            raise EditedSinceImport(
                f"the {obj.year} {kind.replace('_', '-')} for {name} has been edited since it was imported "
                f"(version {found['version']}); export it first, or import with --replace to overwrite those edits")
        if found is None:
            return_id = conn.execute(insert(t.bcf_returns).values(
                hwb_code=obj.hwb_code, year=obj.year, kind=kind, hwb_name=name, header=header, source=source,
                version=1, imported_version=1).returning(r.return_id)).scalar_one()
            version = 1
        else:
            return_id, version = found["return_id"], found["version"] + 1
            conn.execute(update(t.bcf_returns).where(r.return_id == return_id).values(
                hwb_name=name, header=header, source=source, version=version, imported_version=version,
                saved_at=func.current_timestamp()))
            conn.execute(delete(t.bcf_items).where(t.bcf_items.c.return_id == return_id))
        rows = [{"return_id": return_id, "part": path, "seq": i, "data": data, "version": 1}
                for path, items in parts.items() for i, data in enumerate(items)]
        if rows:
            conn.execute(insert(t.bcf_items), rows)
        audit.record(conn, by, "import", f"bcf_{kind}", entity, None,
                     {"source": source, "rows": len(rows), "version": version})
    record.mark_changed()
    return version


def save_plan(record: Record, plan: Plan, *, by: str = "command line", source: str = "",
              replace: bool = False) -> int:
    """Store `plan` whole (see the module note on edits); returns the stored version."""
    return _save(record, plan, "plan", by=by, source=source, replace=replace)


def save_year_end(record: Record, year_end: YearEnd, *, by: str = "command line", source: str = "",
                  replace: bool = False) -> int:
    return _save(record, year_end, "year_end", by=by, source=source, replace=replace)


def _load(conn: Connection, hwb_code: str, year: str, kind: str):
    found = _find(conn, hwb_code, year, kind)
    if found is None:
        return None
    i = t.bcf_items.c
    parts: dict[str, list] = {}
    for part, data in conn.execute(select(i.part, i.data).where(i.return_id == found["return_id"])
                                   .order_by(i.part, i.seq)):
        parts.setdefault(part, []).append(data)
    return _join(KINDS[kind], found["header"], parts)


def load_plan(record: Record, hwb_code: str, year: str) -> Plan:
    """The stored plan for `hwb_code` and `year` (KeyError if there is none)."""
    with record.read() as conn:
        plan = _load(conn, hwb_code, year, "plan")
    if plan is None:
        raise KeyError(f"no BCF plan stored for {hwb_code} {year}")
    return plan


def load_year_end(record: Record, hwb_code: str, year: str) -> YearEnd | None:
    """The stored year-end return, or None if there is none."""
    with record.read() as conn:
        return _load(conn, hwb_code, year, "year_end")


def list_returns(record: Record, kind: str = "plan") -> list[tuple[str, str, str, int]]:
    """(hwb_code, year, hwb_name, version) of every stored plan (or year-end return)."""
    r = t.bcf_returns.c
    with record.read() as conn:
        return [tuple(row) for row in conn.execute(
            select(r.hwb_code, r.year, r.hwb_name, r.version).where(r.kind == kind).order_by(r.hwb_code, r.year))]


def list_plans(record: Record) -> list[tuple[str, str, str]]:
    """(hwb_code, year, hwb_name) of every stored plan."""
    return [row[:3] for row in list_returns(record, "plan")]


def _lock_return(conn: Connection, hwb_code: str, year: str, kind: str) -> dict:
    """The return's row, locked for this transaction (its version moves with every edit)."""
    found = _find(conn, hwb_code, year, kind)
    if found is None:
        raise KeyError(f"no BCF {kind.replace('_', '-')} stored for {hwb_code} {year}")
    r = t.bcf_returns.c
    conn.execute(update(t.bcf_returns).where(r.return_id == found["return_id"]).values(version=r.version + 1))
    return dict(found)


def upsert_item(record: Record, hwb_code: str, year: str, part: str, match: dict, row, *, by: str,
                kind: str = "plan") -> int:
    """Replace the row of `part` whose fields equal `match`, or add `row` at the end; one row,
    one transaction, one audit row. Returns the row's seq."""
    data = to_json(row)
    i = t.bcf_items.c
    with record.write() as conn:
        found = _lock_return(conn, hwb_code, year, kind)
        rows = conn.execute(select(i.item_id, i.seq, i.data, i.version)
                            .where(i.return_id == found["return_id"], i.part == part)).mappings().all()
        same = next((r for r in rows if all(r["data"].get(k) == v for k, v in match.items())), None)
        if same is None:
            seq = max((r["seq"] for r in rows), default=-1) + 1
            conn.execute(insert(t.bcf_items).values(return_id=found["return_id"], part=part, seq=seq, data=data,
                                                    version=1))
            before = None
        else:
            seq, before = same["seq"], same["data"]
            conn.execute(update(t.bcf_items).where(i.item_id == same["item_id"])
                         .values(data=data, version=i.version + 1))
        audit.record(conn, by, "update", f"bcf_{kind}", f"{hwb_code}/{year}/{part}/{seq}", before, data)
    record.mark_changed()
    return seq


POINT_KEY = ("metric", "kind", "period", "basis", "method")


def upsert_points(record: Record, hwb_code: str, year: str, points: list, *, by: str) -> tuple[int, int]:
    """Add or replace metric figures of a stored plan, matched by metric, kind, period, basis and
    counting method: all in one transaction (all or nothing), one audit row per figure.
    Returns (added, replaced)."""
    i = t.bcf_items.c
    added = replaced = 0
    with record.write() as conn:
        found = _lock_return(conn, hwb_code, year, "plan")
        rows = conn.execute(select(i.item_id, i.seq, i.data)
                            .where(i.return_id == found["return_id"], i.part == "metrics")).mappings().all()
        by_key = {tuple(r["data"].get(k) or "" for k in POINT_KEY): r for r in rows}
        seq = max((r["seq"] for r in rows), default=-1)
        for point in points:
            data = to_json(point)
            same = by_key.get(tuple(data.get(k) or "" for k in POINT_KEY))
            if same is None:
                seq += 1
                conn.execute(insert(t.bcf_items).values(return_id=found["return_id"], part="metrics", seq=seq,
                                                        data=data, version=1))
                where, before = seq, None
                added += 1
            else:
                conn.execute(update(t.bcf_items).where(i.item_id == same["item_id"])
                             .values(data=data, version=i.version + 1))
                where, before = same["seq"], same["data"]
                replaced += 1
            audit.record(conn, by, "update", "bcf_plan", f"{hwb_code}/{year}/metrics/{where}", before, data)
    record.mark_changed()
    return added, replaced


def edit_header(record: Record, hwb_code: str, year: str, section: str, expected: dict, changes: dict, *,
                by: str, kind: str = "plan") -> None:
    """Change fields of one header section (e.g. "cover") if they still hold `expected`.

    Raises Conflict, naming the fields, when someone changed them since the form was opened.
    """
    r = t.bcf_returns.c
    with record.write() as conn:
        found = _lock_return(conn, hwb_code, year, kind)
        header = dict(found["header"])
        node = dict(header.get(section, {}))
        moved = [k for k, v in expected.items() if node.get(k) != v]
        if moved:
            raise Conflict(f"{', '.join(moved)} changed since you opened this page; "
                           "reload it to see the new values, then make your change again")
        node.update(changes)
        header[section] = node
        conn.execute(update(t.bcf_returns).where(r.return_id == found["return_id"]).values(header=header))
        audit.record(conn, by, "update", f"bcf_{kind}", f"{hwb_code}/{year}/{section}", expected, changes)
    record.mark_changed()


def load_demo(record: Record) -> list[str]:
    """Store the Leicestershire demo plan and year-end return, keeping any that users have edited.

    Returns a note for each return left as it was."""
    from hwb.bcf.demo import demo_plan, demo_year_end

    notes = []
    for save, obj in ((save_plan, demo_plan()), (save_year_end, demo_year_end())):
        try:
            save(record, obj, by="demo", source="the Leicestershire board pack of 15 June 2026")
        except EditedSinceImport as exc:
            notes.append(f"Kept the stored return: {exc}.")
    return notes


def find_plan(record: Record, plan_id: str | None) -> tuple[str, str]:
    """(hwb_code, year) of the stored plan named "CODE/YEAR" or "YEAR", or the newest one."""
    plans = list_plans(record)
    if not plans:
        raise LookupError("the store holds no BCF plan; import one with `hwb bcf import PLAN.xlsx`")
    if plan_id is None:
        code, year, _ = max(plans, key=lambda p: (p[1], p[0]))
        return code, year
    for code, year, _ in plans:
        if plan_id in (f"{code}/{year}", year):
            return code, year
    known = ", ".join(f"{c}/{y}" for c, y, _ in plans)
    raise LookupError(f"no stored plan {plan_id!r}; the store holds {known}")


def previous_year(year: str) -> str:
    """'2026-27' -> '2025-26'."""
    start = int(year[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


def load_plan_and_last_year_end(record: Record, hwb_code: str, year: str) -> tuple[Plan, YearEnd | None]:
    """A stored plan with the year-end return of the year before it (what the BCF report shows)."""
    return load_plan(record, hwb_code, year), load_year_end(record, hwb_code, previous_year(year))
