"""The BCF tracker's list of stored plans (the page itself is built by hwb.bcf.tracker from the record)."""

from __future__ import annotations

from hwb.bcf.store import list_plans
from hwb.store.record import Record


def plans(record: Record) -> list[tuple[str, str, str]]:
    return list_plans(record)
