"""Bounds on whole numbers taken from a URL or a form, so that none reaches the database out of range."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Path

LARGEST_ID = 2**63 - 1  # the largest BIGINT in PostgreSQL and INTEGER in SQLite

RecordId = Annotated[int, Path(ge=1, le=LARGEST_ID)]
Version = Annotated[int, Form(ge=0, le=LARGEST_ID)]
