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
from hwb.strategy import model
from hwb.strategy.model import SCHEMA_VERSION, Strategy

_MISSING = dataclasses.MISSING


class _Reader:
    """Turns YAML nodes into dataclass instances, collecting located errors."""

    def __init__(self, file: str, loader: yaml.SafeLoader):
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
            if isinstance(node, yaml.ScalarNode) and self.scalar(node) is None:
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
        value = self.scalar(node)
        if hint is str:
            if value is None:
                return ""
            if isinstance(value, (bool, date)) or not isinstance(value, (str, int, float)):
                self.error(node, path, "expected text; put it in quotes")
                return _MISSING
            return node.value if not isinstance(value, str) else value
        if hint is bool and isinstance(value, bool):
            return value
        if hint is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        if hint is date and isinstance(value, date):
            return value
        expected = {bool: "true or false", int: "a whole number", date: "a date as YYYY-MM-DD"}
        self.error(node, path, f"expected {expected.get(hint, hint.__name__)}, got {node.value!r}")
        return _MISSING

    def scalar(self, node: yaml.ScalarNode):
        return self.loader.construct_object(node, deep=True)


def _field_nodes(root: yaml.Node) -> dict[str, yaml.Node]:
    """Path -> node for every mapping value and list item (to locate semantic errors)."""
    found: dict[str, yaml.Node] = {}

    def walk(node: yaml.Node, path: str) -> None:
        found[path] = node
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
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


def parse_strategy(text: str, file: str = "<strategy>") -> Strategy:
    """Parse strategy YAML text; raise InputError listing every located problem."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputError([LocatedError(file, line, None, f"not valid YAML: {exc.problem or exc}")]) from None
    finally:
        loader.dispose()
    if root is None:
        raise InputError([LocatedError(file, None, None, "the file is empty")])
    reader = _Reader(file, loader)
    version = None
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if k.value == "schema_version":
                version = reader.scalar(v)
                if version != SCHEMA_VERSION:
                    reader.error(v, "schema_version", f"unsupported schema_version {v.value!r}; this hwb reads {SCHEMA_VERSION}")
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
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([LocatedError(str(path), None, None, f"cannot read the file: {exc}")]) from None
    return parse_strategy(text, str(path))
