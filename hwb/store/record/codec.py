"""Dataclass models to JSON-ready dicts and back, following the type hints.

Used for records whose shape is a tree of dataclasses (a BCF plan, a meeting):
dates become ISO strings, NaN becomes None, nested dataclasses and lists of them
are rebuilt from their annotations.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from datetime import date, datetime
from functools import lru_cache


def to_json(value):
    """A JSON-ready copy of a dataclass tree."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@lru_cache(maxsize=None)
def hints(cls) -> dict[str, object]:
    return typing.get_type_hints(cls)


def _unwrap_optional(tp):
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def list_item_type(tp):
    """X for list[X] (optionally | None) where X is a dataclass, else None."""
    tp = _unwrap_optional(tp)
    if typing.get_origin(tp) is list:
        (arg,) = typing.get_args(tp) or (None,)
        if dataclasses.is_dataclass(arg):
            return arg
    return None


def from_json(tp, value):
    """Rebuild a value of type `tp` from `to_json` output."""
    if value is None:
        return None
    tp = _unwrap_optional(tp)
    if dataclasses.is_dataclass(tp):
        fields = {f.name for f in dataclasses.fields(tp) if f.init}
        types_of = hints(tp)
        return tp(**{k: from_json(types_of[k], v) for k, v in value.items() if k in fields})
    origin = typing.get_origin(tp)
    if origin in (list, tuple):
        (arg, *_) = typing.get_args(tp) or (typing.Any,)
        return [from_json(arg, v) for v in value]
    if tp is date and isinstance(value, str):
        return date.fromisoformat(value)
    if tp is datetime and isinstance(value, str):
        return datetime.fromisoformat(value)
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return value  # whole numbers keep their int form (counts), as they were entered
    return value
