"""Liveness probe."""

from fastapi import APIRouter, Depends
from fastapi.responses import PlainTextResponse

from hwb.store.connection import Store
from hwb.web.db import get_store

router = APIRouter()


@router.get("/healthz", response_class=PlainTextResponse)
def healthz(store: Store = Depends(get_store)) -> str:
    """200 "ok" when the store answers."""
    store.sql("SELECT 1")
    return "ok"
