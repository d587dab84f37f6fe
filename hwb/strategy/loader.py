"""Read a strategy YAML file into dataclasses, reporting every problem by line and field.

The YAML is composed into nodes (which know their line) and each mapping is
checked against the dataclass it becomes: unknown fields, missing fields, wrong
types, duplicate ids and references to ids that do not exist are all reported
together in one InputError.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from pathlib import Path

import yaml

from hwb.errors import InputError, LocatedError
from hwb.ingest.fields import CellError, check_text
from hwb.strategy import model
from hwb.strategy.model import SCHEMA_VERSION, Strategy

_MISSING = dataclasses.MISSING

MAX_BYTES = 2 * 2**20  # a strategy is tens of kilobytes; the demo's is about 60 KB
MAX_DEPTH = 40  # nesting of mappings and lists (the model needs about 12)
MAX_VALUES = 200_000  # nodes once every alias is expanded (the "billion laughs" stays out)
MAX_TEXT = 20_000  # characters in one text value


class _BoundedLoader(yaml.SafeLoader):
    """A safe loader that refuses nesting deeper than MAX_DEPTH while composing (no deep recursion)."""

    def __init__(self, stream):
        super().__init__(stream)
        self.depth = 0

    def fetch_flow_collection_start(self, token_class):
        """Refuse deep [ or { nesting while scanning, before the scanner slows down on it."""
        if self.flow_level >= MAX_DEPTH:
            raise yaml.scanner.ScannerError(None, None, f"nested more than {MAX_DEPTH} levels deep", self.get_mark())
        super().fetch_flow_collection_start(token_class)

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _expanded_size(root: yaml.Node, file: str) -> None:
    """Refuse a document whose aliases expand beyond MAX_VALUES nodes, or refer to themselves.

    Sizes are memoised per node, so this costs one pass over the composed (shared) nodes.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise InputError([LocatedError(file, node.start_mark.line + 1, None, "an alias refers to a value that contains it")])
        open_nodes.add(key)
        children = node.value if isinstance(node, yaml.SequenceNode) else (
            [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else [])
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_VALUES:
                raise InputError([LocatedError(file, node.start_mark.line + 1, None,
                                               f"anchors and aliases expand this to more than {MAX_VALUES:,} values")])
        open_nodes.discard(key)
        sizes[key] = total
        return total

    size(root)


class _Reader:
    """Turns YAML nodes into dataclass instances, collecting located errors."""

    def __init__(self, file: str, loader: _BoundedLoader):
        self.file = file
        self.loader = loader
        self.errors: list[LocatedError] = []

    def error(self, node: yaml.Node, path: str, message: str) -> None:
        self.errors.append(LocatedError(self.file, node.start_mark.line + 1, path or None, message))

    def build(self, cls, node: yaml.Node, path: str):
        """A `cls` instance from a mapping node (None if it was unusable)."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, f"expected a mapping (field: value lines) for {cls.__name__}")
            return None
        hints = typing.get_type_hints(cls)
        fields = {f.name: f for f in dataclasses.fields(cls)}
        values, seen = {}, set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, path, "expected a field name before ':'")
                continue
            key = key_node.value
            where = f"{path}.{key}" if path else key
            if key not in fields:
                self.error(key_node, where, f"unknown field {key!r}; expected one of: {', '.join(fields)}")
                continue
            if key in seen:
                self.error(key_node, where, f"field {key!r} given twice")
            seen.add(key)
            values[key] = self.convert(hints[key], value_node, where)
        for name, f in fields.items():
            if name not in seen and f.default is _MISSING and f.default_factory is _MISSING:
                self.error(node, f"{path}.{name}" if path else name, f"missing required field {name!r}")
                return None
        if any(v is _MISSING for v in values.values()):
            return None
        return cls(**values)

    def convert(self, hint, node: yaml.Node, path: str):
        """A value of type `hint` from `node`, or _MISSING after recording an error."""
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            inner = [a for a in typing.get_args(hint) if a is not type(None)][0]
            if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
                return None
            return self.convert(inner, node, path)
        if origin is list:
            (item,) = typing.get_args(hint)
            if not isinstance(node, yaml.SequenceNode):
                self.error(node, path, "expected a list (lines starting with '- ')")
                return _MISSING
            items = [self.convert(item, n, f"{path}[{i}]") for i, n in enumerate(node.value)]
            return [i for i in items if i is not _MISSING and i is not None]
        if dataclasses.is_dataclass(hint):
            built = self.build(hint, node, path)
            return _MISSING if built is None else built
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, path, f"expected a single {hint.__name__} value")
            return _MISSING
        value = self.scalar(node, path)
        if value is _MISSING:
            return _MISSING
        if hint is str:
            if value is None:
                return ""
            if isinstance(value, (bool, date)) or not isinstance(value, (str, int, float)):
                self.error(node, path, "expected text; put it in quotes")
                return _MISSING
            return self.text(node, path)
        if hint is bool and isinstance(value, bool):
            return value
        if hint is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        if hint is date and isinstance(value, date):
            return value
        expected = {bool: "true or false", int: "a whole number", date: "a date as YYYY-MM-DD"}
        self.error(node, path, f"expected {expected.get(hint, hint.__name__)}, got {node.value!r}")
        return _MISSING

    def scalar(self, node: yaml.ScalarNode, path: str):
        """The Python value of a scalar, or _MISSING after recording why it has none."""
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:  # e.g. a 4,300-digit number, 2026-02-30
            problem = exc.problem if isinstance(exc, yaml.MarkedYAMLError) else str(exc)
            if "digits" in problem:
                problem = "a number with too many digits"
            self.error(node, path, f"{node.value[:40]!r} cannot be read: {problem}")
            return _MISSING

    def text(self, node: yaml.ScalarNode, path: str):
        """The scalar's text as written, refusing control characters (YAML lets "\\x01" through) and very long text."""
        try:
            return check_text(node.value, MAX_TEXT)
        except CellError as why:
            self.error(node, path, str(why))
            return _MISSING


def _field_nodes(root: yaml.Node) -> dict[str, yaml.Node]:
    """Path -> node for every mapping value and list item (to locate semantic errors)."""
    found: dict[str, yaml.Node] = {}

    def walk(node: yaml.Node, path: str) -> None:
        found[path] = node
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):  # other keys were reported when the mapping was read
                    walk(v, f"{path}.{k.value}" if path else k.value)
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                walk(v, f"{path}[{i}]")

    walk(root, "")
    return found


def _check_references(strategy: Strategy, locate) -> None:
    """Duplicate ids and references to ids that do not exist."""
    seen: dict[str, str] = {}

    def declare(ident: str, path: str) -> None:
        if ident in seen:
            locate(path, f"id {ident!r} is already used at {seen[ident]}")
        else:
            seen[ident] = path

    for i, g in enumerate(strategy.delivery_groups):
        declare(g.id, f"delivery_groups[{i}].id")
    for i, p in enumerate(strategy.priorities):
        declare(p.id, f"priorities[{i}].id")
        for j, area in enumerate(p.priority_areas):
            declare(area.id, f"priorities[{i}].priority_areas[{j}].id")
            for k, c in enumerate(area.commitments):
                cpath = f"priorities[{i}].priority_areas[{j}].commitments[{k}]"
                declare(c.id, f"{cpath}.id")
                for m, a in enumerate(c.actions):
                    declare(a.code, f"{cpath}.actions[{m}].code")
    for i, x in enumerate(strategy.cross_cutting):
        declare(x.id, f"cross_cutting[{i}].id")
        for j, w in enumerate(x.workstreams):
            declare(w.id, f"cross_cutting[{i}].workstreams[{j}].id")

    groups = {g.id for g in strategy.delivery_groups}
    for i, p in enumerate(strategy.priorities):
        if p.delivery_group and p.delivery_group not in groups:
            locate(f"priorities[{i}].delivery_group", f"no delivery group with id {p.delivery_group!r}")
    sections = set(strategy.section_names())
    if strategy.dashboard:
        for i, page in enumerate(strategy.dashboard.pages):
            if page.section not in sections:
                locate(f"dashboard.pages[{i}].section", f"no priority area or cross-cutting priority {page.section!r}")
            for j, row in enumerate(page.rows):
                if row.section and row.section not in sections:
                    locate(f"dashboard.pages[{i}].rows[{j}].section", f"no commitment or workstream {row.section!r}")
    for i, update in enumerate(strategy.progress):
        if update.target not in sections:
            locate(f"progress[{i}].target", f"no commitment, action or workstream {update.target!r}")


def _compose(text: str, file: str) -> tuple[yaml.Node | None, _BoundedLoader]:
    """The document's node graph, or InputError naming the line of the first YAML problem."""
    if len(text) > MAX_BYTES:
        raise InputError([LocatedError(file, None, None, f"larger than {MAX_BYTES // 2**20} MB; a strategy is far smaller")])
    loader = None
    try:
        loader = _BoundedLoader(text)
        return loader.get_single_node(), loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputError([LocatedError(file, line, None, f"not valid YAML: {exc.problem or exc}")]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. a control character
        line = text.count("\n", 0, exc.position) + 1
        raise InputError([LocatedError(file, line, None, f"not valid YAML: character U+{exc.character:04X} "
                                                         "is not allowed")]) from None
    finally:
        if loader is not None:
            loader.dispose()


def parse_strategy(text: str, file: str = "<strategy>") -> Strategy:
    """Parse strategy YAML text; raise InputError listing every located problem.

    Bounded: over MAX_BYTES, nesting over MAX_DEPTH or aliases expanding beyond
    MAX_VALUES are refused before anything is built.
    """
    root, loader = _compose(text, file)
    if root is None:
        raise InputError([LocatedError(file, None, None, "the file is empty")])
    _expanded_size(root, file)
    reader = _Reader(file, loader)
    version = None
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if k.value == "schema_version":
                version = reader.scalar(v, "schema_version") if isinstance(v, yaml.ScalarNode) else _MISSING
                if version != SCHEMA_VERSION:
                    given = repr(v.value[:40]) if isinstance(v, yaml.ScalarNode) else "a list or mapping"
                    reader.error(v, "schema_version", f"unsupported schema_version {given}; this hwb reads {SCHEMA_VERSION}")
                    raise InputError(reader.errors)
    if version is None:
        line = 1
        raise InputError([LocatedError(file, line, "schema_version", f"missing schema_version (expected {SCHEMA_VERSION})")])
    strategy = reader.build(model.Strategy, root, "")
    if strategy is not None:
        nodes = _field_nodes(root)

        def locate(path: str, message: str) -> None:
            reader.error(nodes.get(path, root), path, message)

        _check_references(strategy, locate)
    if reader.errors or strategy is None:
        raise InputError(reader.errors)
    return strategy


def load_strategy_file(path: str | Path) -> Strategy:
    """Read and check a strategy YAML file."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError([LocatedError(str(path), None, None, f"larger than {MAX_BYTES // 2**20} MB; a strategy is far smaller")])
        text = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([LocatedError(str(path), None, None, f"not UTF-8 text (byte 0x{exc.object[exc.start]:02X} "
                                                              f"at position {exc.start}); save it as UTF-8")]) from None
    except OSError as exc:
        raise InputError([LocatedError(str(path), None, None, f"cannot read the file: {exc.strerror or exc}")]) from None
    return parse_strategy(text, str(path))
