"""Liveness probe."""

from fastapi import APIRouter, Depends
from fastapi.responses import PlainTextResponse

from sqlalchemy import text

from hwb.store.connection import Store
from hwb.store.record import Record
from hwb.web.db import get_record, get_store

router = APIRouter()


@router.get("/healthz", response_class=PlainTextResponse)
def healthz(store: Store = Depends(get_store), record: Record = Depends(get_record)) -> str:
    """200 "ok" when the snapshot and the record answer."""
    store.sql("SELECT 1")
    with record.read() as conn:
        conn.execute(text("SELECT 1"))
    return "ok"
