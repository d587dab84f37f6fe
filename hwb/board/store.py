"""The board's business in the record: import and export, read back, and edits from the web.

Meetings, agenda items, resolutions, papers and actions. An import adds what the record
lacks and refreshes what it last wrote itself; it never deletes, and it leaves alone any
action or paper edited (or entered) in the web since. Every edit checks the version the
editor opened, is one transaction and writes its audit row in it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date

import yaml
from sqlalchemy import Connection, insert, select, update

from hwb.board.loader import SCHEMA_VERSION
from hwb.board.model import ACTION_STATUSES, Action, AgendaItem, BoardBusiness, BoardPaper, Meeting, Resolution
from hwb.errors import InputError, LocatedError
from hwb.store.record import Conflict, Record, audit
from hwb.store.record import schema as t
from hwb.store.record.codec import from_json, to_json

PAPER_TEXTS = ("title", "report_of", "purpose", "recommendations", "policy_framework", "timetable", "background",
               "resource_implications", "equality_implications", "circulation")
ACTION_FIELDS = ("reference", "text", "owner", "due", "status", "due_note")


@dataclass(frozen=True)
class StoredAction:
    """An action with its id and version, for the web's register and edit form."""

    id: int
    version: int
    action: Action


@dataclass(frozen=True)
class StoredPaper:
    id: int
    version: int
    paper: BoardPaper


def _natural(text: str) -> tuple:
    """'6' before '13'; '50(a)' before '50(b)'."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def _resolution_ref(r: Resolution) -> str:
    return f"{r.minute}{r.part}"


def _paper_data(paper: BoardPaper) -> dict:
    data = to_json(paper)
    del data["meeting"], data["actions"]
    return data


def _action_values(a: Action) -> dict:
    return {"reference": a.reference, "text": a.text, "raised_on": a.raised_on, "owner": a.owner, "due": a.due,
            "status": a.status, "due_note": a.due_note}


def _meeting_ids(conn: Connection, meetings: list[Meeting]) -> dict[date, int]:
    """Store each meeting (its details refreshed) and return the id of each, by date."""
    m = t.meetings.c
    ids = {}
    for meeting in meetings:
        found = conn.execute(select(m.meeting_id, m.data).where(m.board == meeting.name,
                                                                m.meeting_date == meeting.date)).first()
        data = to_json(meeting)
        if found is None:
            ids[meeting.date] = conn.execute(insert(t.meetings).values(
                board=meeting.name, meeting_date=meeting.date, data=data, version=1)
                .returning(m.meeting_id)).scalar_one()
        else:
            ids[meeting.date] = found.meeting_id
            if found.data != data:
                conn.execute(update(t.meetings).where(m.meeting_id == found.meeting_id)
                             .values(data=data, version=m.version + 1))
    return ids


def _save_item(conn: Connection, meeting_id: int, kind: str, reference: str, data: dict, counts: dict) -> None:
    """Add the item, refresh it if only an import has written it, else keep it as edited."""
    i = t.meeting_items.c
    found = conn.execute(select(i.item_id, i.data, i.version, i.imported_version).where(
        i.meeting_id == meeting_id, i.kind == kind, i.reference == reference)).first()
    if found is None:
        conn.execute(insert(t.meeting_items).values(meeting_id=meeting_id, kind=kind, reference=reference, data=data,
                                                    version=1, imported_version=1))
        counts["added"] += 1
    elif found.version != found.imported_version:
        counts["kept as edited"] += 1
    elif found.data != data:
        conn.execute(update(t.meeting_items).where(i.item_id == found.item_id)
                     .values(data=data, version=found.version + 1, imported_version=found.version + 1))
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1


def _save_action(conn: Connection, action: Action, by: str, counts: dict) -> None:
    a = t.board_actions.c
    values = _action_values(action)
    found = conn.execute(select(t.board_actions).where(a.import_key == action.reference)).mappings().first()
    if found is None:
        conn.execute(insert(t.board_actions).values(import_key=action.reference, version=1, imported_version=1,
                                                    saved_by=by, **values))
        counts["added"] += 1
    elif found["version"] != found["imported_version"]:
        counts["kept as edited"] += 1
    elif any(found[k] != v for k, v in values.items()):
        conn.execute(update(t.board_actions).where(a.action_id == found["action_id"]).values(
            version=found["version"] + 1, imported_version=found["version"] + 1, saved_by=by, **values))
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1


def save_business(record: Record, business: BoardBusiness, *, by: str = "command line") -> dict[str, int]:
    """Import `business` in one transaction (see the module note); returns counts of items
    added, updated, unchanged and kept as edited."""
    counts = dict.fromkeys(("added", "updated", "unchanged", "kept as edited"), 0)
    with record.write() as conn:
        ids = _meeting_ids(conn, business.meetings)
        for item in business.agenda:
            _save_item(conn, ids[item.meeting_date], "agenda", item.number, to_json(item), counts)
        for r in business.resolutions:
            _save_item(conn, ids[r.meeting_date], "resolution", _resolution_ref(r), to_json(r), counts)
        for paper in business.papers:
            _save_item(conn, ids[paper.meeting.date], "paper", paper.item, _paper_data(paper), counts)
        for action in business.actions:
            _save_action(conn, action, by, counts)
        audit.record(conn, by, "import", "board_business", "meetings", None,
                     {"meetings": len(business.meetings), **counts})
    record.mark_changed()
    return counts


def _meetings(conn: Connection) -> dict[int, Meeting]:
    m = t.meetings.c
    rows = conn.execute(select(m.meeting_id, m.data).order_by(m.meeting_date, m.board))
    return {row.meeting_id: from_json(Meeting, row.data) for row in rows}


def _items(conn: Connection, kind: str) -> list:
    i = t.meeting_items.c
    return conn.execute(select(i.item_id, i.meeting_id, i.reference, i.data, i.version)
                        .where(i.kind == kind)).all()


def _paper(meeting: Meeting, data: dict) -> BoardPaper:
    return from_json(BoardPaper, {**data, "meeting": to_json(meeting)})


def _action(row) -> Action:
    return Action(**{k: row[k] for k in ("reference", "text", "raised_on", "owner", "due", "status", "due_note")})


def _stored_actions(conn: Connection) -> list[StoredAction]:
    rows = conn.execute(select(t.board_actions).order_by(t.board_actions.c.action_id)).mappings()
    return [StoredAction(row["action_id"], row["version"], _action(row)) for row in rows]


def _stored_papers(conn: Connection, meetings: dict[int, Meeting]) -> list[StoredPaper]:
    papers = [StoredPaper(r.item_id, r.version, _paper(meetings[r.meeting_id], r.data)) for r in _items(conn, "paper")]
    return sorted(papers, key=lambda s: (s.paper.meeting.date, _natural(s.paper.item)))


def load_business(record: Record) -> BoardBusiness:
    """Everything stored about the board's meetings, in date and item order."""
    with record.read() as conn:
        meetings = _meetings(conn)
        agenda = [from_json(AgendaItem, r.data) for r in _items(conn, "agenda")]
        resolutions = [from_json(Resolution, r.data) for r in _items(conn, "resolution")]
        actions = [s.action for s in _stored_actions(conn)]
        papers = [s.paper for s in _stored_papers(conn, meetings)]
    agenda.sort(key=lambda a: (a.meeting_date, _natural(a.number)))
    resolutions.sort(key=lambda r: (r.meeting_date, _natural(r.minute), r.part))
    return BoardBusiness(list(meetings.values()), agenda, resolutions, actions, papers)


def stored_actions(record: Record) -> list[StoredAction]:
    with record.read() as conn:
        return _stored_actions(conn)


def stored_papers(record: Record) -> list[StoredPaper]:
    with record.read() as conn:
        return _stored_papers(conn, _meetings(conn))


def export_business(record: Record) -> str:
    """The stored business as YAML in the format the import reads."""
    business = load_business(record)
    papers = []
    for paper in business.papers:
        data = {k: v for k, v in dataclasses.asdict(paper).items() if k not in ("meeting", "actions")}
        papers.append({"meeting_date": paper.meeting.date, **data})
    doc = {"schema_version": SCHEMA_VERSION,
           **{name: [dataclasses.asdict(x) for x in getattr(business, name)]
              for name in ("meetings", "agenda", "resolutions", "actions")},
           "papers": papers}
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def _check_action(action: Action, where: str, meetings: set[date]) -> None:
    errors = []
    if action.status not in ACTION_STATUSES:
        errors.append(LocatedError(where, None, "status", f"expected one of: {', '.join(ACTION_STATUSES)}"))
    if not action.reference.strip():
        errors.append(LocatedError(where, None, "reference", "give a reference, for example the minute number"))
    if not action.text.strip():
        errors.append(LocatedError(where, None, "text", "say what the board asked for"))
    if action.raised_on is not None and action.raised_on not in meetings:
        errors.append(LocatedError(where, None, "raised_on", f"no meeting on {action.raised_on:%-d %B %Y}"))
    if action.due is not None and action.raised_on is not None and action.due < action.raised_on:
        errors.append(LocatedError(where, None, "due", "the due date is before the meeting that raised it"))
    if errors:
        raise InputError(errors)


def _meeting_dates(conn: Connection) -> set[date]:
    return set(conn.execute(select(t.meetings.c.meeting_date)).scalars())


def _action_json(row) -> dict:
    return to_json(_action_values(_action(row)))


def add_action(record: Record, action: Action, *, by: str) -> int:
    """Record an action entered in the web; returns its id."""
    with record.write() as conn:
        _check_action(action, "the new action", _meeting_dates(conn))
        action_id = conn.execute(insert(t.board_actions).values(
            version=1, saved_by=by, **_action_values(action)).returning(t.board_actions.c.action_id)).scalar_one()
        audit.record(conn, by, "create", "board_action", action_id, None, to_json(_action_values(action)))
    record.mark_changed()
    return action_id


def edit_action(record: Record, action_id: int, expected_version: int, changes: dict, *, by: str) -> int:
    """Change an action's reference, text, owner, due date, due note or status if nobody has
    changed it since `expected_version`; returns the new version (Conflict, LookupError, InputError)."""
    a = t.board_actions.c
    allowed = {k: v for k, v in changes.items() if k in ACTION_FIELDS}
    with record.write() as conn:
        before = conn.execute(select(t.board_actions).where(a.action_id == action_id)).mappings().first()
        if before is None:
            raise LookupError(f"there is no action {action_id}")
        merged = dataclasses.replace(_action(before), **allowed)
        _check_action(merged, f"action {action_id}", _meeting_dates(conn))
        done = conn.execute(update(t.board_actions).where(a.action_id == action_id, a.version == expected_version)
                            .values(**allowed, version=a.version + 1, saved_by=by))
        if done.rowcount != 1:
            raise Conflict(f"This action was changed by {before['saved_by']} since you opened it "
                           f"(it is now version {before['version']}, you opened version {expected_version}).")
        audit.record(conn, by, "update", "board_action", action_id, _action_json(before),
                     to_json(_action_values(merged)))
    record.mark_changed()
    return before["version"] + 1


def _paper_row(conn: Connection, meeting_date: date, item: str):
    i, m = t.meeting_items.c, t.meetings.c
    return conn.execute(select(i.item_id, i.data, i.version, m.data.label("meeting"))
                        .join(t.meetings, m.meeting_id == i.meeting_id)
                        .where(m.meeting_date == meeting_date, i.kind == "paper", i.reference == item)).first()


def edit_paper(record: Record, meeting_date: date, item: str, expected_version: int, changes: dict, *,
               by: str) -> int:
    """Change a paper's words (purpose, recommendations, background ...) if nobody has changed
    them since `expected_version`; returns the new version."""
    allowed = {k: v for k, v in changes.items() if k in PAPER_TEXTS}
    i = t.meeting_items.c
    with record.write() as conn:
        found = _paper_row(conn, meeting_date, item)
        if found is None:
            raise LookupError(f"no paper for item {item} of the meeting on {meeting_date:%-d %B %Y}")
        if not str(allowed.get("title", found.data["title"])).strip():
            raise InputError([LocatedError(f"paper {item}", None, "title", "a paper needs a title")])
        after = {**found.data, **allowed}
        done = conn.execute(update(t.meeting_items).where(i.item_id == found.item_id, i.version == expected_version)
                            .values(data=after, version=i.version + 1))
        if done.rowcount != 1:
            raise Conflict(f"This paper was changed by someone else since you opened it "
                           f"(it is now version {found.version}, you opened version {expected_version}).")
        audit.record(conn, by, "update", "board_paper", f"{meeting_date}/{item}", found.data, after)
    record.mark_changed()
    return found.version + 1


def add_resolution(record: Record, resolution: Resolution, *, by: str) -> int:
    """Record a resolution entered in the web; returns its id (InputError when the minute and
    part are already recorded for that meeting, or there is no such meeting)."""
    m, i = t.meetings.c, t.meeting_items.c
    where, reference = "the new resolution", _resolution_ref(resolution)
    with record.write() as conn:
        meeting_id = conn.execute(select(m.meeting_id).where(m.meeting_date == resolution.meeting_date)
                                  .order_by(m.meeting_id)).scalars().first()
        errors = []
        if meeting_id is None:
            errors.append(LocatedError(where, None, "meeting_date",
                                       f"no meeting on {resolution.meeting_date:%-d %B %Y}"))
        elif conn.execute(select(i.item_id).where(i.meeting_id == meeting_id, i.kind == "resolution",
                                                  i.reference == reference)).first():
            errors.append(LocatedError(where, None, "minute", f"minute {reference} of that meeting is already recorded"))
        if not resolution.minute.strip() or not resolution.text.strip():
            errors.append(LocatedError(where, None, "text", "give the minute number and the resolution as printed"))
        if errors:
            raise InputError(errors)
        item_id = conn.execute(insert(t.meeting_items).values(
            meeting_id=meeting_id, kind="resolution", reference=reference, data=to_json(resolution), version=1)
            .returning(i.item_id)).scalar_one()
        audit.record(conn, by, "create", "board_resolution", f"{resolution.meeting_date}/{reference}", None,
                     to_json(resolution))
    record.mark_changed()
    return item_id


__all__ = ["StoredAction", "StoredPaper", "add_action", "add_resolution", "edit_action", "edit_paper",
           "export_business", "load_business", "save_business", "stored_actions", "stored_papers"]
