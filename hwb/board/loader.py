"""Read the board's business (meetings, agenda, resolutions, actions, papers) from YAML,
reporting every problem by line and field (the strategy reader's rules and limits)."""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from pathlib import Path

from hwb.board import model
from hwb.errors import InputError, LocatedError
from hwb.strategy.loader import MAX_BYTES, _compose, _expanded_size, _field_nodes, _Reader

SCHEMA_VERSION = 1

# A paper as a file holds it: the meeting by its date; actions come from the file's actions.
PaperRecord = dataclasses.make_dataclass(
    "PaperRecord",
    [("meeting_date", date)] + [(f.name, typing.get_type_hints(model.BoardPaper)[f.name], f)
                                for f in dataclasses.fields(model.BoardPaper) if f.name not in ("meeting", "actions")],
    namespace={"__module__": __name__},
)


@dataclasses.dataclass
class BoardFile:
    schema_version: int
    meetings: list[model.Meeting] = dataclasses.field(default_factory=list)
    agenda: list[model.AgendaItem] = dataclasses.field(default_factory=list)
    resolutions: list[model.Resolution] = dataclasses.field(default_factory=list)
    actions: list[model.Action] = dataclasses.field(default_factory=list)
    papers: list[PaperRecord] = dataclasses.field(default_factory=list)


def _check(board: BoardFile, locate) -> None:
    """References to meetings that do not exist, repeated meetings, unknown statuses."""
    days: dict[date, int] = {}
    for i, m in enumerate(board.meetings):
        if m.date in days:
            locate(f"meetings[{i}].date", f"a meeting on {m.date} is already given at meetings[{days[m.date]}]")
        days.setdefault(m.date, i)
    for name in ("agenda", "resolutions", "papers"):
        for i, item in enumerate(getattr(board, name)):
            if item.meeting_date not in days:
                locate(f"{name}[{i}].meeting_date", f"no meeting on {item.meeting_date} in meetings")
    for i, a in enumerate(board.actions):
        if a.status not in model.ACTION_STATUSES:
            locate(f"actions[{i}].status", f"unknown status {a.status!r}; expected one of: {', '.join(model.ACTION_STATUSES)}")
        if a.raised_on is not None and a.raised_on not in days:
            locate(f"actions[{i}].raised_on", f"no meeting on {a.raised_on} in meetings")
        if a.due is not None and a.raised_on is not None and a.due < a.raised_on:
            locate(f"actions[{i}].due", f"due {a.due} is before the meeting that raised it ({a.raised_on})")


def parse_board(text: str, file: str = "<board>") -> model.BoardBusiness:
    """Parse board YAML text; raise InputError listing every located problem."""
    root, loader = _compose(text, file)
    if root is None:
        raise InputError([LocatedError(file, None, None, "the file is empty")])
    _expanded_size(root, file)
    reader = _Reader(file, loader)
    board = reader.build(BoardFile, root, "")
    if board is not None:
        nodes = _field_nodes(root)
        if board.schema_version != SCHEMA_VERSION:
            reader.error(nodes.get("schema_version", root), "schema_version",
                         f"unsupported schema_version {board.schema_version}; expected {SCHEMA_VERSION}")
        _check(board, lambda path, message: reader.error(nodes.get(path, root), path, message))
    if reader.errors or board is None:
        raise InputError(reader.errors)
    meetings = {m.date: m for m in board.meetings}
    papers = []
    for record in board.papers:
        fields = {f.name: getattr(record, f.name) for f in dataclasses.fields(record) if f.name != "meeting_date"}
        papers.append(model.BoardPaper(meeting=meetings[record.meeting_date], **fields))
    return model.BoardBusiness(board.meetings, board.agenda, board.resolutions, board.actions, papers)


def load_board_file(path: str | Path) -> model.BoardBusiness:
    """Read and check a board YAML file."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError([LocatedError(str(path), None, None, f"larger than {MAX_BYTES // 2**20} MB")])
        text = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([LocatedError(str(path), None, None, f"not UTF-8 text (byte 0x{exc.object[exc.start]:02X} "
                                                              f"at position {exc.start}); save it as UTF-8")]) from None
    except OSError as exc:
        raise InputError([LocatedError(str(path), None, None, f"cannot read the file: {exc.strerror or exc}")]) from None
    return parse_board(text, str(path))
